"""A student's integrity summary in one line a proctor reads at a glance:
"2 × app, 1 × paste, 40 s unfocused".

The host counts each student's incidents by kind as they come (`tally_incident`, kept in the
student's row as `tally`, with the seconds out of the exam window as `unfocused_s`); the
dashboard's grid, the session log and the export all write the line with `integrity_line`.
Only kinds that say something about the student are counted: the ends of a signal (`_cleared`,
`face_ok`, `focus_regained`) and the host's own notes of a connection are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# kind -> the short word of the line; kinds sharing a word are added up, in this order.
SUMMARY_WORDS: dict[str, str] = {
    "process_blacklisted": "app",
    "external_paste": "paste",
    "paste_blocked": "paste",
    "focus_lost": "left",
    "no_face": "no face",
    "multiple_faces": "2+ faces",
    "camera_covered": "camera",
    "camera_frozen": "camera",
    "camera_unavailable": "camera",
    "looking_away": "looking away",
    "second_screen": "2nd screen",
    "virtual_machine": "VM",
    "virtual_machine_suspected": "VM?",
    "remote_session": "remote",
    "remote_session_suspected": "remote?",
    "remote_control_port": "remote",
    "remote_control_port_suspected": "remote?",
    "local_ai_server": "AI server",
    "local_ai_server_suspected": "AI server?",
    "went_offline": "offline",
    "hand_raised": "hand",
    "off_roster_join": "not on list",
}
_ORDER = list(dict.fromkeys(SUMMARY_WORDS.values()))
MAX_UNFOCUSED_MS = 24 * 3600_000


def tally_incident(tally: dict[str, int], kind: str, detail: Mapping[str, Any]) -> int:
    """Count `kind` in `tally` if it is one the summary shows; the milliseconds it adds out
    of the exam window (a `focus_regained` carries how long the window was left)."""
    if kind in SUMMARY_WORDS:
        tally[kind] = tally.get(kind, 0) + 1
    if kind == "focus_regained":
        duration = detail.get("duration_ms")
        if isinstance(duration, int | float) and not isinstance(duration, bool):
            return int(min(max(duration, 0), MAX_UNFOCUSED_MS))
    return 0


def tally_of(incidents: Iterable[Mapping[str, Any]]) -> tuple[dict[str, int], int]:
    """The tally and unfocused milliseconds of a list of incidents (the export's, offline)."""
    tally: dict[str, int] = {}
    unfocused = 0
    for incident in incidents:
        unfocused += tally_incident(tally, str(incident["kind"]), incident.get("detail") or {})
    return tally, unfocused


def duration_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def integrity_line(tally: Mapping[str, int], unfocused_s: int) -> str:
    """ "2 × app, 1 × paste, 40 s unfocused"; "" when there is nothing to say."""
    by_word: dict[str, int] = {}
    for kind, count in tally.items():
        word = SUMMARY_WORDS.get(kind)
        if word is not None and count > 0:
            by_word[word] = by_word.get(word, 0) + count
    parts = [f"{by_word[word]} × {word}" for word in _ORDER if word in by_word]
    if unfocused_s > 0:
        parts.append(f"{duration_words(unfocused_s)} unfocused")
    return ", ".join(parts)
