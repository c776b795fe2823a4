"""Which command a student in which status may be given, and a room in which status: the one
table the room engine checks and the dashboard offers its buttons by (no Qt; imports `common`).

Transitions as data, after python-statemachine: each command names the statuses it may start
from. Where it leads is the engine's to work out (a readmit goes back to wherever the exam is
now), and so are the refusals' sentences. A rule that is not about a status alone is a
function here too (`has_flag_to_clear`), so both sides read it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from proctor.common.protocol import RoomStatus, StudentRow, StudentStatus


class StudentCommand(StrEnum):
    """A command on one student. The proctor's are the URL's `{action}` of
    `POST admin/students/{sid}/{action}` (and `time`: `POST admin/time` with a student); the
    student's own are named after their endpoints."""

    PAUSE = "pause"
    RESUME = "resume"
    FLAG = "flag"
    UNFLAG = "unflag"  # also needs a flag to clear: `has_flag_to_clear`
    KICK = "kick"
    READMIT = "readmit"
    MOVE = "move"
    EXTRA_TIME = "time"
    REPORT = "events"  # the student's client reports incidents
    SAVE_WORK = "work"  # an autosave; once ended, within the grace period only
    SUBMIT = "submit"  # a hand-in; once ended, within the grace period only
    READ_PAPER = "paper"
    RAISE_HAND = "hand"  # the student asks the proctor to come (PROTOCOL.md "Hall")
    ACCOMMODATE = "accommodations"  # larger fonts, the plain-text editor


class RoomCommand(StrEnum):
    START = "start"
    END = "end"
    SET_POLICY = "policy"
    EXTRA_TIME = "time"  # for everyone


_S = StudentStatus
_EVERY_STATUS = frozenset(StudentStatus)

# The statuses each command may be given in.
STUDENT_FROM: dict[StudentCommand, frozenset[StudentStatus]] = {
    StudentCommand.PAUSE: frozenset({_S.ACTIVE}),
    StudentCommand.RESUME: frozenset({_S.PAUSED}),
    StudentCommand.FLAG: _EVERY_STATUS,
    StudentCommand.UNFLAG: _EVERY_STATUS,
    StudentCommand.KICK: _EVERY_STATUS - {_S.KICKED},
    StudentCommand.READMIT: frozenset({_S.KICKED}),
    StudentCommand.MOVE: _EVERY_STATUS - {_S.KICKED},
    StudentCommand.EXTRA_TIME: _EVERY_STATUS - {_S.ENDED},
    StudentCommand.REPORT: _EVERY_STATUS - {_S.KICKED},
    StudentCommand.SAVE_WORK: _EVERY_STATUS - {_S.WAITING, _S.KICKED},
    StudentCommand.SUBMIT: _EVERY_STATUS - {_S.WAITING, _S.KICKED, _S.PAUSED},
    StudentCommand.READ_PAPER: _EVERY_STATUS - {_S.WAITING, _S.KICKED},
    StudentCommand.RAISE_HAND: _EVERY_STATUS - {_S.KICKED, _S.ENDED},
    StudentCommand.ACCOMMODATE: _EVERY_STATUS - {_S.ENDED},
}

OPEN_ROOM = frozenset({RoomStatus.LOBBY, RoomStatus.ACTIVE})  # not ended yet
ROOM_FROM: dict[RoomCommand, frozenset[RoomStatus]] = {
    RoomCommand.START: frozenset({RoomStatus.LOBBY}),
    RoomCommand.END: OPEN_ROOM,
    RoomCommand.SET_POLICY: frozenset({RoomStatus.LOBBY}),
    RoomCommand.EXTRA_TIME: OPEN_ROOM,
}

# The proctor's commands on one student, as `POST admin/students/{sid}/{action}` names them.
PROCTOR_ACTIONS = (
    StudentCommand.PAUSE,
    StudentCommand.RESUME,
    StudentCommand.FLAG,
    StudentCommand.UNFLAG,
    StudentCommand.KICK,
    StudentCommand.READMIT,
    StudentCommand.MOVE,
)


def student_may(command: StudentCommand, status: str) -> bool:
    return status in STUDENT_FROM[command]


def room_may(command: RoomCommand, status: str) -> bool:
    return status in ROOM_FROM[command]


def has_flag_to_clear(manual_flag: bool, seen: Iterable[str], running: Iterable[str]) -> bool:
    """Unflag clears the proctor's flag and the apps seen that are closed now; an app still
    running stays flagged until it closes. Is there anything it would clear?"""
    still_running = set(running)
    return manual_flag or any(name not in still_running for name in seen)


def may_act_on(command: StudentCommand, row: StudentRow) -> bool:
    """Would the host take `command` for the student of this row (as the dashboard sees it)?"""
    if not student_may(command, row.status):
        return False
    if command is StudentCommand.UNFLAG:
        return has_flag_to_clear(row.manual_flag, row.shield_seen, row.shield_processes)
    return True
