"""Errors of the student session: a code for the program and a sentence for a person.

`SessionError` and `JoinError` are `ProctorError`s (`proctor.common.errors`), as the host's
refusal `HostRefused` is: the same two fields, `code` and `message`. A code is one of the
protocol's (`ErrorCode`, passed on from the host) or one of `SessionCode` (what went wrong on
this side); the sentences come from `wording`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import ValidationError

from proctor.common.errors import ErrorCode, ProctorError
from proctor.student import wording
from proctor.student.host_client import HostRefused


class SessionCode(StrEnum):
    """The session's own codes, beside the protocol's `ErrorCode`s it passes on (kicked,
    seat_moved, seat_taken, exam_over, unknown_room, not_started, paused, too_many_attempts)."""

    INVALID_ADDRESS = "invalid_address"  # what was typed cannot be a host address
    INVALID_INPUT = "invalid_input"  # a name, number or file this app (or the host) refuses
    HOST_UNREACHABLE = "host_unreachable"  # no answer at all
    NOT_PROCTOR = "not_proctor"  # something answers, but not a Proctor host
    PROTOCOL_MISMATCH = "protocol_mismatch"  # a Proctor host of another protocol version
    HOST_ERROR = "host_error"  # the host answered, but with a fault of its own
    TOO_LARGE = "too_large"  # the host refuses work this large
    TOKEN_INVALID = "token_invalid"  # the host no longer knows this seat's token
    ROOM_GONE = "room_gone"  # the host no longer serves the room
    NO_SEAT = "no_seat"  # asked for before joining
    RECEIPT_MISMATCH = "receipt_mismatch"  # the host's receipt is not for the work sent
    # The host's certificate (see `pinning`):
    CERTIFICATE_CHANGED = "certificate_changed"  # not the pinned certificate, or no TLS now
    WRONG_CERTIFICATE = "wrong_certificate"  # first contact: not the room of the code/advert
    NOT_ENCRYPTED = "not_encrypted"  # a join code was given, but that host has no TLS
    JOIN_CODE_NEEDED = "join_code_needed"  # a room ID alone cannot say which host to trust
    INVALID_JOIN_CODE = "invalid_join_code"  # what was typed is neither room ID nor join code
    ROOM_NOT_HEARD = "room_not_heard"  # no address typed, and no such room heard


class SessionError(ProctorError):
    """A request the session could not complete; `message` is written for the student."""


class JoinError(SessionError):
    """Joining or resuming failed. Codes: invalid_address, host_unreachable, not_proctor,
    unknown_room, seat_taken, seat_moved, kicked, invalid_input, exam_over, protocol_mismatch,
    too_many_attempts, and for the host's certificate certificate_changed, wrong_certificate,
    not_encrypted, join_code_needed, invalid_join_code, room_not_heard."""


def submit_refusal(exc: HostRefused) -> SessionError:
    """What a refused hand-in means for the student."""
    if exc.code == ErrorCode.EXAM_OVER:
        return SessionError(ErrorCode.EXAM_OVER, wording.EXAM_OVER)
    if exc.status == 413:
        return SessionError(SessionCode.TOO_LARGE, wording.TOO_LARGE_TO_HAND_IN)
    if exc.code == ErrorCode.KICKED:
        return SessionError(ErrorCode.KICKED, wording.KICKED)
    if exc.status == 401:
        return SessionError(SessionCode.TOKEN_INVALID, wording.TOKEN_INVALID)
    if exc.status >= 500:
        return SessionError(SessionCode.HOST_ERROR, wording.HOST_ERROR_RETRYING)
    if exc.status == 400:  # the host's final word on this work (an answer it refuses)
        return SessionError(SessionCode.INVALID_INPUT, exc.message)
    return SessionError(exc.code, exc.message)


def first_problem(exc: ValidationError) -> tuple[str, str]:
    """The first thing wrong in a request this app would send: (what the field is called,
    what is wrong with it). The one reading of a validation error on the student's side."""
    first = exc.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    label = wording.FIELD_NAMES.get(field.split(".")[0], field or wording.ANY_FIELD)
    return label, str(first.get("msg", wording.INVALID_VALUE))


def input_problem(exc: ValidationError) -> str:
    """The first thing wrong in what was typed, named by its field."""
    field, problem = first_problem(exc)
    return wording.INPUT_PROBLEM.format(field=field, problem=problem)
