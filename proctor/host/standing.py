"""Where each student stands, and the room's counts: one definition for every screen and file.

A student's wire `status` (PROTOCOL.md) says what the host lets the student do; the proctor
needs a slightly different question answered: has this student handed in, is still writing,
was removed? `standing()` derives that from the status, the hand-in time and the connection,
so a hand-in stays "handed in" after the exam ends, whoever ended it. The dashboard's tiles
and filters and the export's counts all come from `counts()` and `FILTERS` below (no Qt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Protocol


class Standing(StrEnum):
    WAITING = "waiting"  # in the lobby
    WRITING = "writing"
    PAUSED = "paused"
    HANDED_IN = "handed_in"  # a hand-in was received (and stands, also after the end)
    NOT_HANDED_IN = "not_handed_in"  # the exam is over for them and nothing was handed in
    REMOVED = "removed"  # removed by the proctor


# Standings of a student who should be at a computer now: offline then is a problem.
EXPECTED_ONLINE = frozenset({Standing.WAITING, Standing.WRITING, Standing.PAUSED})


class StudentFacts(Protocol):
    """What a standing is derived from: a StudentRow and the host's StudentState both have it."""

    @property
    def status(self) -> str: ...
    @property
    def submitted_ms(self) -> int | None: ...
    @property
    def online(self) -> bool: ...
    @property
    def flagged(self) -> bool: ...


def standing(student: StudentFacts) -> Standing:
    status = student.status
    if status == "kicked":
        return Standing.REMOVED
    if student.submitted_ms is not None or status == "submitted":
        return Standing.HANDED_IN
    if status == "waiting":
        return Standing.WAITING
    if status == "paused":
        return Standing.PAUSED
    if status == "active":
        return Standing.WRITING
    return Standing.NOT_HANDED_IN  # ended


def in_room(student: StudentFacts) -> bool:
    return student.status != "kicked"


def is_online(student: StudentFacts) -> bool:
    return in_room(student) and student.online


def is_missing(student: StudentFacts) -> bool:
    """Offline while the student should be connected (not after handing in or the end)."""
    return not student.online and standing(student) in EXPECTED_ONLINE


def is_flagged(student: StudentFacts) -> bool:
    return in_room(student) and student.flagged


def is_handed_in(student: StudentFacts) -> bool:
    return standing(student) == Standing.HANDED_IN


def is_not_handed_in(student: StudentFacts) -> bool:
    """Still in the room and nothing handed in yet (writing now, or never after the end)."""
    return in_room(student) and standing(student) != Standing.HANDED_IN


def is_removed(student: StudentFacts) -> bool:
    return not in_room(student)


# Each count and filter, by key; the filters are the counts a proctor can list.
COUNT_TESTS: dict[str, Callable[[StudentFacts], bool]] = {
    "total": lambda _s: True,
    "online": is_online,
    "offline": is_missing,
    "flagged": is_flagged,
    "handed_in": is_handed_in,
    "not_handed_in": is_not_handed_in,
    "removed": is_removed,
}
FILTERS = ("total", "flagged", "offline", "not_handed_in", "removed")


def counts(students: Iterable[StudentFacts]) -> dict[str, int]:
    """Every count of COUNT_TESTS over `students`."""
    result = dict.fromkeys(COUNT_TESTS, 0)
    for student in students:
        for key, test in COUNT_TESTS.items():
            if test(student):
                result[key] += 1
    return result
