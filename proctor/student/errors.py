"""Errors of the student session: a code for the program and a sentence for a person."""

from __future__ import annotations


class SessionError(Exception):
    """A request the session could not complete; `message` is written for the student."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class JoinError(SessionError):
    """Joining or resuming failed. Codes: invalid_address, host_unreachable, not_proctor,
    unknown_room, already_connected, kicked, invalid_input, exam_over, protocol_mismatch."""
