"""Paste watch logic: was the pasted text copied inside the exam, and what does the policy say?

Pure: the Qt side tells it what was copied inside the exam (`note_internal_copy`) and asks
`judge(text, t_ms)` before a paste goes through, in any text field of the exam window. Text
counts as internal when it equals something copied inside the exam, ignoring line-ending
differences, and that copy did not carry text from outside.

Provenance: outside text let in (policy `report`) is remembered, and a copy made inside the
exam that holds a run of it (any 23 characters in a row, or all of a shorter paste) stays
outside: pasting it again is judged and reported like the first time, with
`copied_inside: True`. Copying outside text from the program's input box into the editor
launders nothing. Memory is bounded (`remembered_outside_chars`, newest kept).

`policy.paste`:
- `allow`  — every paste goes through, nothing is reported;
- `report` — external pastes go through and are reported as `external_paste`;
- `block`  — external pastes are refused and reported as `paste_blocked`.
Detail: {length, lines, preview} with the first 80 characters. The same text pasted again into
the same field within `repeat_window_ms` (a held-down Ctrl+V) is decided the same way but
reported once.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

K = TypeVar("K")
PastePolicy = Literal["allow", "report", "block"]
PASTE_POLICIES: tuple[PastePolicy, ...] = ("allow", "report", "block")

PREVIEW_CHARS = 80
REMEMBERED_COPIES = 200
REPEAT_WINDOW_MS = 2000
REMEMBERED_OUTSIDE_CHARS = 400_000
# Outside text is traced in windows of WINDOW characters taken every STEP characters, so a
# copy holding WINDOW + STEP - 1 characters of it in a row (23) always shows.
WINDOW = 16
STEP = 8


@dataclass(frozen=True)
class PasteVerdict:
    allowed: bool
    external: bool
    report_kind: str | None = None  # "external_paste" | "paste_blocked" | None
    detail: dict[str, Any] = field(default_factory=dict)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fingerprint(text: str) -> str:
    return hashlib.sha256(_normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def paste_detail(text: str) -> dict[str, Any]:
    text = _normalise(text)
    return {
        "length": len(text),
        "lines": text.count("\n") + 1 if text else 0,
        "preview": text[:PREVIEW_CHARS],
    }


class OutsideText:
    """What came in from outside the exam, kept as hashed windows for tracing copies."""

    def __init__(self, max_chars: int = REMEMBERED_OUTSIDE_CHARS) -> None:
        self._max_chars = max_chars
        self._pastes: deque[tuple[str, tuple[int, ...], int]] = deque()  # (key, windows, chars)
        self._keys: dict[str, int] = {}  # fingerprint -> pastes holding it
        self._windows: dict[int, int] = {}  # window hash -> pastes holding it
        self._chars = 0

    @property
    def chars(self) -> int:
        return self._chars

    def add(self, text: str) -> None:
        text = _normalise(text)
        if not text:
            return
        last = len(text) - WINDOW
        starts = set(range(0, last + 1, STEP)) | ({last} if last >= 0 else set())
        windows = tuple({hash(text[i : i + WINDOW]) for i in starts})
        entry = (_fingerprint(text), windows, len(text))
        self._pastes.append(entry)
        self._count(entry, +1)
        while self._chars > self._max_chars and len(self._pastes) > 1:
            self._count(self._pastes.popleft(), -1)

    def _count(self, entry: tuple[str, tuple[int, ...], int], step: int) -> None:
        key, windows, chars = entry
        self._chars += step * chars
        _bump(self._keys, key, step)
        for window in windows:
            _bump(self._windows, window, step)

    def carried_by(self, text: str) -> bool:
        """Does `text` hold outside text: all of one paste, or a run of one?"""
        if not self._pastes:
            return False
        text = _normalise(text)
        if _fingerprint(text) in self._keys:
            return True
        windows = self._windows
        return any(hash(text[i : i + WINDOW]) in windows for i in range(len(text) - WINDOW + 1))


def _bump(table: dict[K, int], item: K, step: int) -> None:
    left = table.get(item, 0) + step
    if left > 0:
        table[item] = left
    else:
        table.pop(item, None)


class PasteJudge:
    def __init__(
        self,
        policy: str = "report",
        *,
        remembered: int = REMEMBERED_COPIES,
        repeat_window_ms: int = REPEAT_WINDOW_MS,
        remembered_outside_chars: int = REMEMBERED_OUTSIDE_CHARS,
    ) -> None:
        self.policy: PastePolicy = "report"
        self.set_policy(policy)
        self._internal: OrderedDict[str, None] = OrderedDict()
        self._laundered: OrderedDict[str, None] = OrderedDict()  # copies carrying outside text
        self._outside = OutsideText(remembered_outside_chars)
        self._remembered = remembered
        self._repeat_window_ms = repeat_window_ms
        # ((text, kind, field, laundered), t_ms) of the last report
        self._last_report: tuple[tuple[str, str, str, bool], int] | None = None

    def set_policy(self, policy: str) -> None:
        if policy not in PASTE_POLICIES:
            raise ValueError(f"paste policy must be one of {', '.join(PASTE_POLICIES)}")
        self.policy = policy

    def note_internal_copy(self, text: str) -> None:
        """Remember text copied or cut inside the exam (a field, the paper): internal,
        unless it carries text that came from outside."""
        if not text:
            return
        key = _fingerprint(text)
        keep, drop = (self._internal, self._laundered)
        if self._outside.carried_by(text):
            keep, drop = drop, keep
        drop.pop(key, None)
        keep[key] = None
        keep.move_to_end(key)
        while len(keep) > self._remembered:
            keep.popitem(last=False)

    def is_internal(self, text: str) -> bool:
        return _fingerprint(text) in self._internal

    def outside_chars(self) -> int:
        """How much outside text is remembered for tracing copies."""
        return self._outside.chars

    def judge(self, text: str, t_ms: int, field: str = "") -> PasteVerdict:
        """May `text` be pasted (into `field`, a name for the repeat rule)?"""
        if not text or self.policy == "allow":
            return PasteVerdict(allowed=True, external=False)
        key = _fingerprint(text)
        if key in self._internal:
            return PasteVerdict(allowed=True, external=False)
        allowed = self.policy != "block"
        if allowed:
            self._outside.add(text)  # now inside the exam, and still from outside
        kind = "external_paste" if allowed else "paste_blocked"
        laundered = key in self._laundered
        last = self._last_report
        repeat = (key, kind, field, laundered)
        if last is not None and last[0] == repeat and t_ms - last[1] < self._repeat_window_ms:
            self._last_report = (repeat, t_ms)
            return PasteVerdict(allowed=allowed, external=True)
        self._last_report = (repeat, t_ms)
        detail = paste_detail(text)
        if laundered:
            detail["copied_inside"] = True
        return PasteVerdict(allowed=allowed, external=True, report_kind=kind, detail=detail)
