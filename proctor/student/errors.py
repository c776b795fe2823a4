"""Errors of the student session: a code for the program and a sentence for a person."""

from __future__ import annotations

from pydantic import ValidationError

from proctor.student.host_client import HostRefused


class SessionError(Exception):
    """A request the session could not complete; `message` is written for the student."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class JoinError(SessionError):
    """Joining or resuming failed. Codes: invalid_address, host_unreachable, not_proctor,
    unknown_room, seat_taken, seat_moved, kicked, invalid_input, exam_over, protocol_mismatch,
    too_many_attempts."""


EXAM_OVER = (
    "The exam is over and the host no longer accepts hand-ins. "
    "The last snapshot of your work saved on the host stands."
)

SEAT_FORGOTTEN = (
    "The host no longer recognises this computer's seat in the exam. Join again with your "
    "details; your work on this computer is kept."
)
SEAT_MOVED = (
    "The proctor moved your exam to another computer, so this computer can no longer send "
    "work to it. What you wrote here is kept on this computer. If you should carry on here, "
    "ask the proctor to move your seat back to this computer, then join again."
)
ROOM_GONE = (
    "The host no longer serves this room. Ask the proctor; your work on this computer is kept."
)
NOT_HANDED_IN = (
    "The host cannot be reached, so your work is not handed in yet. "
    "It is saved on this computer; try again in a moment."
)
KICKED = (
    "You were removed from the exam by the proctor. Your work is kept on this computer; "
    "ask the proctor if you think this is a mistake."
)


def submit_refusal(exc: HostRefused) -> SessionError:
    if exc.code == "exam_over":
        return SessionError("exam_over", EXAM_OVER)
    if exc.status == 413:
        return SessionError(
            "too_large",
            "Your work is too large for the host to accept. Make the files smaller "
            "and hand in again.",
        )
    if exc.code == "kicked":
        return SessionError("kicked", KICKED)
    if exc.status == 401:
        return SessionError("token_invalid", "The host no longer recognises this seat.")
    if exc.status >= 500:
        return SessionError("host_error", "The host had a problem; trying again shortly.")
    return SessionError(exc.code, exc.message)


def input_problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    names = {"name": "Full name", "reg_no": "Registration number", "files": "Files"}
    label = names.get(field.split(".")[0], field or "Input")
    return f"{label}: {first.get('msg', 'invalid value')}."
