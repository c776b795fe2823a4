"""Taking a seat: joining a room, or sitting again in the saved seat, and what each failure
means for the student (a `JoinError` with a code and a sentence)."""

from __future__ import annotations

from pydantic import ValidationError

from proctor.common.ids import normalize_room_id
from proctor.common.protocol import (
    APP_NAME,
    PROTOCOL_VERSION,
    JoinRequest,
    JoinResponse,
    StateResponse,
)
from proctor.student.errors import KICKED, JoinError, input_problem
from proctor.student.host_client import (
    BadAnswer,
    HostClient,
    HostRefused,
    HostUnreachable,
    client_info,
)
from proctor.student.seat import Credentials


async def join_room(
    client: HostClient, room_id: str, name: str, reg_no: str
) -> tuple[str, JoinResponse]:
    """Check the host speaks our protocol, then join; (canonical room ID, the answer).
    The client is closed when joining fails."""
    room = normalize_room_id(room_id)
    if room is None:
        raise JoinError("invalid_input", "A room ID is 6 letters and digits, like 7KQ4MZ.")
    try:
        request = JoinRequest(name=name, reg_no=reg_no, client=client_info())
    except ValidationError as exc:
        raise JoinError("invalid_input", input_problem(exc)) from None
    host, port = client.host, client.port
    try:
        try:
            await check_host(client)
        except (BadAnswer, HostRefused):
            # Something answers there, but not as a Proctor host (a web server on that port):
            # the address is wrong, whatever the room ID.
            raise not_proctor(host, port) from None
        return room, await client.join(room, request)
    except (HostUnreachable, BadAnswer, HostRefused, JoinError) as exc:
        await client.close()
        if isinstance(exc, HostUnreachable):
            raise unreachable(host, port, str(exc)) from None
        if isinstance(exc, BadAnswer):
            raise not_proctor(host, port) from None
        if isinstance(exc, HostRefused):
            raise join_refusal(exc, room, reg_no) from None
        raise


async def seat_state(client: HostClient, credentials: Credentials) -> StateResponse | None:
    """The saved seat's state from the host; None if the host no longer knows the seat.
    Raises HostUnreachable / BadAnswer for the caller to decide about working offline."""
    try:
        return await client.state(credentials.room_id)
    except HostRefused as exc:
        await client.close()
        if exc.status in (401, 404):
            return None
        if exc.code == "kicked":
            raise JoinError("kicked", KICKED) from None
        raise JoinError(exc.code, exc.message) from None


def cannot_resume(credentials: Credentials, exc: Exception) -> JoinError:
    if isinstance(exc, BadAnswer):
        return not_proctor(credentials.host, credentials.port)
    return unreachable(credentials.host, credentials.port, str(exc))


async def check_host(client: HostClient) -> None:
    hello = await client.hello()
    if hello.app != APP_NAME:
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
