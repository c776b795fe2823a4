"""What the host refuses, in one vocabulary: a `ProctorError` (an `ErrorCode` and a sentence)
with the HTTP status it is answered with.

`EngineError` is a command the room's state does not allow (raised by the pure engine);
`ApiError` a request refused before it reaches the engine (a token, a body, a limit). The error
middleware answers both the same way (`plumbing.error_response`). Refusals that more than one
place raises are made here once, and so is the refusal of every command `transitions` does not
allow in a status.
"""

from __future__ import annotations

from collections.abc import Mapping

from proctor.common.errors import ErrorCode, ProctorError
from proctor.common.protocol import RoomStatus, StudentStatus
from proctor.host.transitions import StudentCommand

KICKED_MESSAGE = "You were removed from this exam by the proctor."


class Refusal(ProctorError):
    """A refusal: `status` (HTTP), `code`, `message`, and headers for the answer."""

    code: ErrorCode

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(code, message)
        self.status = status
        self.headers = dict(headers or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.code!r}, {self.message!r})"


class EngineError(Refusal):
    """A command the room's state does not allow; nothing changed."""


class ApiError(Refusal):
    """A request refused before the engine saw it: a token, a body, a limit."""


def kicked() -> EngineError:
    """A removed student asks for anything (a join, a request with their token)."""
    return EngineError(403, ErrorCode.KICKED, KICKED_MESSAGE)


def too_many_attempts(message: str, retry_after_s: int) -> ApiError:
    """429 after too many failures from one address (`security.RateLimiter`)."""
    return ApiError(429, ErrorCode.TOO_MANY_ATTEMPTS, message, {"Retry-After": str(retry_after_s)})


_STUDENTS_OWN = frozenset(
    {
        StudentCommand.REPORT,
        StudentCommand.SAVE_WORK,
        StudentCommand.SUBMIT,
        StudentCommand.READ_PAPER,
    }
)
_ROOM_REFUSALS = {
    RoomStatus.LOBBY: (ErrorCode.NOT_STARTED, "The exam has not started yet."),
    RoomStatus.ACTIVE: (ErrorCode.ALREADY_STARTED, "The exam is already running."),
    RoomStatus.ENDED: (ErrorCode.EXAM_OVER, "The exam has ended."),
}


def student_refusal(command: StudentCommand, status: StudentStatus) -> EngineError:
    """Why `command` is refused for a student in `status` (one `transitions` does not allow)."""
    if status == StudentStatus.KICKED:
        if command in _STUDENTS_OWN:
            return kicked()
        if command is StudentCommand.KICK:
            message = "This student has already been removed."
            return EngineError(409, ErrorCode.ALREADY_KICKED, message)
        if command is StudentCommand.MOVE:
            message = "Readmit this student before moving them to another computer."
            return EngineError(409, ErrorCode.WRONG_STATE, message)
    if status == StudentStatus.WAITING and command is StudentCommand.READ_PAPER:
        message = "The paper is available once the exam starts."
        return EngineError(403, ErrorCode.NOT_STARTED, message)
    if status == StudentStatus.WAITING and command in _STUDENTS_OWN:
        return EngineError(409, ErrorCode.NOT_STARTED, "The exam has not started yet.")
    if status == StudentStatus.PAUSED and command is StudentCommand.SUBMIT:
        return EngineError(409, ErrorCode.PAUSED, "Your session is paused by the proctor.")
    if command is StudentCommand.EXTRA_TIME:
        message = f"No extra time for a student who is {status}."
        return EngineError(409, ErrorCode.WRONG_STATE, message)
    if command is StudentCommand.ACCOMMODATE:
        message = f"No accommodations for a student who is {status}."
        return EngineError(409, ErrorCode.WRONG_STATE, message)
    return EngineError(409, ErrorCode.WRONG_STATE, f"Cannot {command} a student who is {status}.")


def room_refusal(status: RoomStatus) -> EngineError:
    """Why a command the room's `status` does not allow is refused."""
    return EngineError(409, *_ROOM_REFUSALS[status])
