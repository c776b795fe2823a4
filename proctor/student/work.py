"""The student's work as the session holds it in memory: the files and, on a paper with
questions, the answers ({qid: value}, PAPER.md's shape) and the questions marked for review;
a version that grows with every change, how far the host has them, and the paper they
started from.

The GUI thread changes the work (`change`, `change_answers`), the loop and the disk thread
read it (`latest`, `snapshot`), so every access takes one small lock and nothing blocks under
it. Writing the work to disk is the autosaver's, sending it the delivery's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from proctor.common.protocol import Paper, canonical_work


@dataclass(frozen=True)
class Work:
    """One state of the student's work. `answers` is None for a paper without questions
    (the wire then carries no `answers` and the receipt is over the files alone); `marked`
    (for review) stays on this computer."""

    files: dict[str, str]
    answers: dict[str, Any] | None = None
    marked: tuple[str, ...] = field(default=())

    def digest(self) -> str:
        """The sha256 a host's receipt for this work carries (PAPER.md)."""
        return canonical_work(self.files, self.answers)[1]

    def same_on_host(self, files: Mapping[str, str], answers: Mapping[str, Any] | None) -> bool:
        """Is `files` + `answers` (a host's copy) this work, marks aside?"""
        return dict(files) == self.files and _answers_or_none(answers) == _answers_or_none(
            self.answers
        )


def _answers_or_none(answers: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if answers is None else dict(answers)


class WorkState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, str] | None = None
        self._answers: dict[str, Any] | None = None
        self._marked: tuple[str, ...] = ()
        self._version = 0
        self._host_version = 0  # the newest version the host acknowledged
        self._paper: Paper | None = None

    def change(self, files: dict[str, str]) -> int:
        """The student's files changed: the new version."""
        with self._lock:
            self._files = dict(files)
            self._version += 1
            return self._version

    def change_answers(self, answers: Mapping[str, Any], marked: Iterable[str] = ()) -> int:
        """The student's answers (or marks for review) changed: the new version. Before any
        change of the files, the work is the paper's starting files and these answers."""
        with self._lock:
            if self._files is None:
                self._files = dict(self._paper.files) if self._paper is not None else {}
            self._answers = dict(answers)
            self._marked = tuple(marked)
            self._version += 1
            return self._version

    def latest(self) -> tuple[int, dict[str, str] | None]:
        """(version, files); files None before the first change."""
        with self._lock:
            return self._version, self._files

    def snapshot(self) -> tuple[int, Work | None]:
        """(version, the whole work); None before the first change."""
        with self._lock:
            return self._version, self._work()

    def _work(self) -> Work | None:
        if self._files is None:
            return None
        return Work(dict(self._files), self._answers_to_send(), self._marked)

    def _answers_to_send(self) -> dict[str, Any] | None:
        """The answers as the wire carries them: None for a paper without questions, else
        every answer given ({} before the first)."""
        if self._answers is not None:
            return dict(self._answers)
        if self._paper is not None and self._paper.questions:
            return {}
        return None

    def copy(self) -> dict[str, str] | None:
        with self._lock:
            return None if self._files is None else dict(self._files)

    def answers(self) -> tuple[dict[str, Any] | None, list[str]]:
        """The answers kept (None: none yet) and the questions marked for review."""
        with self._lock:
            answers = None if self._answers is None else dict(self._answers)
            return answers, list(self._marked)

    def take_seat(self, restored: Work | None, paper: Paper | None, *, keep: bool) -> int:
        """A seat was taken: carry on from `restored` (the seat folder's work), unless `keep`
        (the same seat again, with no newer copy from the host) and there is work already.
        The version of the restored work (it is on disk already), or 0."""
        with self._lock:
            self._paper = paper
            if not keep:
                self._files = None  # another exam's work stays in its own folder
                self._answers = None
                self._marked = ()
                self._host_version = 0
            if self._files is None and restored is not None:
                self._files = dict(restored.files)
                self._answers = None if restored.answers is None else dict(restored.answers)
                self._marked = tuple(restored.marked)
                self._version += 1
                return self._version
            return 0

    @property
    def paper(self) -> Paper | None:
        with self._lock:
            return self._paper

    def set_paper(self, paper: Paper) -> None:
        with self._lock:
            self._paper = paper

    def to_hand_in(self) -> Work:
        """The latest work; before any change, the paper's starting files."""
        with self._lock:
            work = self._work()
            if work is not None:
                return work
            files = dict(self._paper.files) if self._paper is not None else {}
            return Work(files, self._answers_to_send())

    def host_saved(self, version: int | None) -> bool:
        """The host acknowledged `version` (None: a snapshot from before a restart, of unknown
        version). True when that means the host has the newest work, as far as is known."""
        with self._lock:
            if version is None:
                return True
            self._host_version = max(self._host_version, version)
            return self._host_has_latest()

    def host_has_latest(self) -> bool:
        with self._lock:
            return self._host_has_latest()

    def _host_has_latest(self) -> bool:
        return self._version > 0 and self._host_version >= self._version
