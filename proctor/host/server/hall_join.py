"""A join checked against the roster (`hall_roster.Roster`): before the engine takes the seat,
the roster may refuse it (`not_on_roster`, `pin_required`, `wrong_pin`); once taken, the seat
gets its place from the list, or, off the list and admitted, the flag and an incident
`off_roster_join` the proctor sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from proctor.common.errors import ErrorCode
from proctor.common.protocol import JoinRequest
from proctor.host.server.events import Event, StudentChanged
from proctor.host.server.room import LiveRoom
from proctor.host.server.states import StudentState

# Refusals that count towards the join rate limit (someone may be guessing numbers or PINs).
ROSTER_REFUSALS = frozenset({ErrorCode.NOT_ON_ROSTER, ErrorCode.WRONG_PIN})
OFF_ROSTER_REASON = "not on the class list"


@dataclass(frozen=True)
class RosterVerdict:
    checked: bool  # a roster was there, and this join takes a new (or moved) seat
    entry: dict[str, Any] | None  # the student's line of the list (None: off the list)


def check_join(live: LiveRoom, body: JoinRequest) -> RosterVerdict:
    """The roster's word on a join; raises its refusal. A seat taken again with its key is
    the owner coming back: neither list nor PIN is asked for again."""
    roster = live.hall.roster
    if not roster.active:
        return RosterVerdict(False, None)
    existing = live.engine.by_reg_no.get(body.reg_no.casefold())
    if existing is not None and not live.engine.students[existing].move_pending:
        return RosterVerdict(False, None)
    entry = roster.check_join(body.reg_no, body.pin, new_seat=True)
    return RosterVerdict(True, entry)


def admitted(
    live: LiveRoom, student: StudentState, verdict: RosterVerdict, address: str, now: int
) -> list[Event]:
    """What the roster changes on a seat just taken."""
    if not verdict.checked:
        return []
    if verdict.entry is not None:
        student.seat = str(verdict.entry.get("seat") or "")
        student.off_roster = False
        return [StudentChanged(student.student_id)]
    return flag_off_roster(live, student, {"address": address, "name_given": student.name}, now)


def flag_off_roster(
    live: LiveRoom, student: StudentState, detail: dict[str, Any], now: int
) -> list[Event]:
    if student.off_roster:
        return []
    student.off_roster = True
    student.manual_flag = True
    student.manual_reasons.append(OFF_ROSTER_REASON)
    return live.engine.hall_incident(student, "off_roster_join", "network", detail, now)


def apply_roster_to_seated(live: LiveRoom, now: int) -> list[Event]:
    """A list imported with students already seated: each gets their place, and those the
    list lacks are flagged (they stay; the proctor decides)."""
    events: list[Event] = []
    roster = live.hall.roster
    for student in live.engine.students.values():
        entry = roster.entry(student.reg_no) if roster.active else None
        if entry is not None or not roster.active:
            seat = "" if entry is None else str(entry.get("seat") or "")
            if student.seat != seat or student.off_roster:
                student.seat, student.off_roster = seat, False
                events.append(StudentChanged(student.student_id))
        else:
            events += flag_off_roster(live, student, {"imported_after_join": True}, now)
    return events
