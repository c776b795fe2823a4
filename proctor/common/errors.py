"""The error vocabulary both roles share: a code for programs and a sentence for a person.

On the wire an error is `{"error": {"code": ..., "message": ...}}` (PROTOCOL.md, `ErrorDetail`
in `protocol`). `ErrorCode` lists every code the protocol and this host send (a test reads the
server's refusals and checks each is here); `ProctorError` is the one base of every error that
carries that pair, whichever side raises it: the host's refusals (`host/server/refusals.py`),
the dashboard's `AdminApiError`, and on the student's side `HostRefused` (what the host
answered) and `SessionError` (what the session tells the student). A subclass adds only what
its side needs (an HTTP status, say); `code` stays a plain `str` on the receiving side, so a
side may also use codes of its own (the student app's `SessionCode`), and a code this version
does not know still passes through.

Imports nothing but the standard library; no Qt.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """The protocol's error codes (values are the wire's strings), by the status they come with."""

    # 400: the request is malformed or invalid
    BAD_REQUEST = "bad_request"
    INVALID_BODY = "invalid_body"
    MALFORMED_JSON = "malformed_json"
    NOT_ON_PAPER = "not_on_paper"  # an override of a question not on the student's paper
    # answers of the right shape that do not fit the student's variant (PAPER.md): an option
    # not theirs, a value of another type, a question not in their paper
    INVALID_ANSWERS = "invalid_answers"
    # 401: missing or bad token
    UNAUTHORIZED = "unauthorized"
    MISSING_TOKEN = "missing_token"
    INVALID_TOKEN = "invalid_token"
    TOKEN_EXPIRED = "token_expired"  # an admin token past its lifetime: log in again
    SEAT_MOVED = "seat_moved"  # also 409 on a join with the key of a seat that moved away
    # 403: not allowed
    FORBIDDEN = "forbidden"
    WRONG_ROLE = "wrong_role"
    KICKED = "kicked"
    BAD_ADMIN_KEY = "bad_admin_key"
    BAD_ORIGIN = "bad_origin"
    NOT_STARTED = "not_started"  # 403 on the paper; 409 on other commands before the start
    NOT_ON_ROSTER = "not_on_roster"  # a join whose reg_no the proctor's class list lacks
    PIN_REQUIRED = "pin_required"  # the roster gives this student a PIN; the join had none
    WRONG_PIN = "wrong_pin"
    # 404: unknown room, student or thing
    NOT_FOUND = "not_found"
    UNKNOWN_ROOM = "unknown_room"
    UNKNOWN_STUDENT = "unknown_student"
    UNKNOWN_ACTION = "unknown_action"
    NO_WORK = "no_work"
    UNKNOWN_QUESTION = "unknown_question"
    NO_CODE = "no_code"  # a similar pair asked of a student without code for the question
    UNKNOWN_ANNOUNCEMENT = "unknown_announcement"
    NO_HAND = "no_hand"  # no raised hand to answer, dismiss or lower
    NO_SCREEN = "no_screen"  # no thumbnail from this student yet
    # 405
    METHOD_NOT_ALLOWED = "method_not_allowed"
    # 408: a request (its headers or its body) that did not arrive in time
    REQUEST_TIMEOUT = "request_timeout"
    # 409: wrong state or conflict
    WRONG_STATE = "wrong_state"
    ALREADY_STARTED = "already_started"
    EXAM_OVER = "exam_over"
    PAUSED = "paused"
    SEAT_TAKEN = "seat_taken"
    NOT_FLAGGED = "not_flagged"
    ALREADY_KICKED = "already_kicked"
    END_TOO_SOON = "end_too_soon"  # time taken away would end an exam within a minute
    BASE_MISMATCH = "base_mismatch"  # a snapshot of changes on a copy the host does not hold
    NO_QUESTIONS = "no_questions"  # results asked of a paper without questions
    NOT_RELEASED = "not_released"  # a student's result before the proctor released them
    PAPER_CHANGED = "paper_changed"  # a re-mark: the paper's folder no longer fits the room
    TOO_MANY_ANNOUNCEMENTS = "too_many_announcements"
    HAND_ALREADY_RAISED = "hand_already_raised"
    SCREENS_OFF = "screens_off"  # a thumbnail sent while the policy's screens are off
    # 413
    BODY_TOO_LARGE = "body_too_large"
    # 415
    UNSUPPORTED_ENCODING = "unsupported_encoding"  # a compressed request body
    NOT_A_JPEG = "not_a_jpeg"  # a thumbnail that is not image/jpeg
    # 422: a body its schema allows whose content cannot be used
    ROSTER_INVALID = "roster_invalid"  # a class list that cannot be read
    REMOVED_WITHOUT_BASE = "removed_without_base"  # `removed` names files of no base copy
    # 429 (with Retry-After)
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    TOO_MANY_CONNECTIONS = "too_many_connections"
    TOO_FAST = "too_fast"  # a hand raised, or a thumbnail sent, too often
    # 503 (with Retry-After): the host could not save; nothing changed, try again
    NOT_SAVED = "not_saved"
    # any other 5xx: always a bug
    INTERNAL_ERROR = "internal_error"
    HTTP_ERROR = "http_error"  # another HTTP error status, with the framework's reason


class ProctorError(Exception):
    """An error with the protocol's two fields: `code` (snake_case, for programs: an
    `ErrorCode`, or a code of the side that raised it) and `message` (a whole sentence for a
    person). `str(error)` is the message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"
