"""Errors of the student session: a code for the program and a sentence for a person."""

from __future__ import annotations

from pydantic import ValidationError

from proctor.common.protocol import PROTOCOL_VERSION
from proctor.student.http import HostClient, HostRefused


class SessionError(Exception):
    """A request the session could not complete; `message` is written for the student."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class JoinError(SessionError):
    """Joining or resuming failed. Codes: invalid_address, host_unreachable, not_proctor,
    unknown_room, already_connected, kicked, invalid_input, exam_over, protocol_mismatch,
    too_many_attempts."""


EXAM_OVER = (
    "The exam is over and the host no longer accepts hand-ins. "
    "The last snapshot of your work saved on the host stands."
)

SEAT_FORGOTTEN = (
    "The host no longer recognises this computer's seat in the exam. Join again with your "
    "details; your work on this computer is kept."
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


async def check_host(client: HostClient) -> None:
    hello = await client.hello()
    if hello.app != "proctor":
        raise not_proctor(client.host, client.port)
    if hello.protocol != PROTOCOL_VERSION:
        raise JoinError(
            "protocol_mismatch",
            f"This host speaks version {hello.protocol} of the exam protocol and this app "
            f"speaks version {PROTOCOL_VERSION}. Ask the proctor which app version to use.",
        )


def unreachable(host: str, port: int, reason: str) -> JoinError:
    return JoinError(
        "host_unreachable",
        f"No answer from {host}:{port} ({reason}). Check the address and that this computer "
        "is on the exam network.",
    )


def not_proctor(host: str, port: int) -> JoinError:
    return JoinError(
        "not_proctor",
        f"{host}:{port} answers, but it is not a Proctor exam host. Check the address and port.",
    )


def join_refusal(exc: HostRefused, room: str, reg_no: str) -> JoinError:
    if exc.status == 404:
        return JoinError(
            "unknown_room", f"There is no room {room} on this host. Check the room ID."
        )
    if exc.code == "already_connected":
        return JoinError(
            "already_connected",
            f"Registration number {reg_no} is already connected to this room. If the app just "
            "closed on this computer, wait ten seconds and try again; otherwise close it on the "
            "other computer, or ask the proctor.",
        )
    if exc.code == "kicked":
        return JoinError("kicked", "You were removed from this exam by the proctor.")
    if exc.code == "exam_over":
        return JoinError("exam_over", "This exam has ended; the room no longer takes students.")
    if exc.status == 400:
        return JoinError("invalid_input", exc.message)
    if exc.status == 429:
        return JoinError(
            "too_many_attempts", "Too many attempts to join. Wait a minute, then retry."
        )
    if exc.status >= 500 or not exc.code.isidentifier():
        return JoinError("not_proctor", f"The host could not take you in: {exc.message}")
    return JoinError(exc.code, exc.message)


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
