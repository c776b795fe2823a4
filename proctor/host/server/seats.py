"""Seats are owned: who may take a known registration number's seat again, and what a
resumption, a refused claim and the proctor's move change on the student. Pure; the engine
wraps these in its commands and events.

A seat is taken again with its seat key (the owner coming back, also while the old
connection still looks online), or once after the proctor's move by any other computer. The
move retires the old computer's token and key, so that computer is told it moved away.
"""

from __future__ import annotations

import hmac
from typing import Any, Literal

from proctor.common.errors import ErrorCode
from proctor.host.server.refusals import EngineError
from proctor.host.server.states import StudentState

ClaimReason = Literal["no_key", "wrong_key", "moved"]

SEAT_TAKEN = (
    "This registration number already has a seat in this exam on another computer. If you "
    "moved to this computer, ask the proctor to move your seat here, then join again."
)
SEAT_MOVED = (
    "The proctor moved this seat to another computer, so this computer can no longer take "
    "part in the exam. Your work on it is kept; ask the proctor if this is a mistake."
)


class SeatClaimRefused(EngineError):
    """A join for a seat that is someone else's: without its key, or from the computer the
    seat was moved away from. The engine records it with `refuse_claim`."""

    def __init__(self, student_id: str, reason: ClaimReason) -> None:
        if reason == "moved":
            super().__init__(409, ErrorCode.SEAT_MOVED, SEAT_MOVED)
        else:
            super().__init__(409, ErrorCode.SEAT_TAKEN, SEAT_TAKEN)
        self.student_id = student_id
        self.reason: ClaimReason = reason


def claim_refusal(
    student: StudentState, seat_key_hash: str, key_presented: bool
) -> ClaimReason | None:
    """Why a join may not take `student`'s seat, or None when it may."""
    if (
        key_presented
        and student.seat_key_hash
        and hmac.compare_digest(seat_key_hash, student.seat_key_hash)
    ):
        return None
    if key_presented and student.is_retired(seat_key_hash):
        return "moved"
    if student.move_pending:
        return None
    return "wrong_key" if key_presented else "no_key"


def take_again(
    student: StudentState,
    *,
    name: str,
    address: str,
    client: dict[str, Any],
    token_hash: str,
    seat_key_hash: str,
    now: int,
) -> tuple[str, dict[str, Any]]:
    """The owner resumes (same key) or a new computer takes a moved seat (with its key);
    the incident kind and detail to record."""
    detail: dict[str, Any] = {"address": address, "name_given": name}
    if student.move_pending:
        kind = "seat_moved"
        detail["previous_address"] = student.address
    else:
        kind = "rejoined"
        detail["replaced_connection"] = student.online
    student.token_hash = token_hash
    student.seat_key_hash = seat_key_hash
    student.move_pending = False
    student.online = True
    student.last_seen_ms = now
    student.offline_since_ms = None
    student.address = address
    student.client = client
    return kind, detail


def note_refused_claim(
    student: StudentState, *, name: str, address: str, reason: ClaimReason, now: int
) -> dict[str, Any]:
    """Keep the latest refused claim on the seat; the incident detail to record."""
    student.refused_claims += 1
    student.last_refused_claim = {
        "at_ms": now,
        "address": address,
        "name_given": name,
        "reason": reason,
    }
    return {
        "address": address,
        "name_given": name,
        "reason": reason,
        "owner_online": student.online,
    }


def move_away(student: StudentState, now: int) -> None:
    """Retire this computer's token and seat key; the next join takes the seat, once."""
    student.retire(student.token_hash, student.seat_key_hash)
    student.token_hash = ""
    student.seat_key_hash = ""
    student.move_pending = True
    if student.online:
        student.online = False
        student.offline_since_ms = now
