"""Taking a seat: joining a room (with the seat key this computer keeps for it), or sitting
again in the saved seat, the host's copy of the work a seat taken again starts from, and what
each failure means for the student (a `JoinError` with a code and a sentence)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from proctor.common.ids import normalize_room_id
from proctor.common.protocol import (
    APP_NAME,
    PROTOCOL_VERSION,
    JoinRequest,
    JoinResponse,
    LatestWork,
    StateResponse,
)
from proctor.student.autosave import WorkStore
from proctor.student.errors import KICKED, SEAT_MOVED, JoinError, input_problem
from proctor.student.host_client import (
    BadAnswer,
    HostClient,
    HostRefused,
    HostUnreachable,
    client_info,
)
from proctor.student.seat import (
    Credentials,
    keep_seat_key,
    new_seat_key,
    retire_seat_key,
    seat_key_to_offer,
)

log = logging.getLogger(__name__)


async def join_seat(
    client: HostClient, data_dir: Path, room_id: str, name: str, reg_no: str
) -> tuple[str, JoinResponse, LatestWork | None]:
    """`join_room` with the key this computer keeps for the room and registration number
    (a new one the first time, kept before it is sent); the key the host answers is kept."""
    room = room_id_of(room_id)
    try:
        key = await asyncio.to_thread(seat_key_to_offer, data_dir, room, reg_no)
    except OSError as exc:  # the seat key cannot be kept: join all the same
        log.error("cannot keep the seat key: %s", exc)
        key = new_seat_key()
    try:
        room, answer, host_work = await join_room(client, room, name, reg_no, key)
    except JoinError as exc:
        if exc.code == "seat_moved":  # that key is dead: a later join offers a new one
            await asyncio.to_thread(quietly, retire_seat_key, data_dir, room, reg_no)
        raise
    if answer.seat_key != key:
        await asyncio.to_thread(quietly, keep_seat_key, data_dir, room, reg_no, answer.seat_key)
    return room, answer, host_work


def quietly(keep: Callable[..., None], *args: Path | str) -> None:
    """Keep a seat key; a failure (disk full) is logged, the seat goes on."""
    try:
        keep(*args)
    except OSError as exc:
        log.error("cannot keep the seat key: %s", exc)


async def host_work_for_resume(
    client: HostClient, credentials: Credentials, data_dir: Path
) -> tuple[LatestWork | None, bool]:
    """The host's copy for a seat resumed with its token: (the copy, whether the host was
    asked). While the token is valid nobody else wrote to the seat, so only a computer
    without work of its own (a lost folder) needs it."""
    folder = credentials.folder(data_dir)
    if await asyncio.to_thread(WorkStore(folder).load) is not None:
        return None, False
    try:
        return await client.latest_work(credentials.room_id), True
    except (HostUnreachable, BadAnswer, HostRefused) as exc:
        log.info("the host's copy of the work is not available: %s", exc)
        return None, False


def room_id_of(room_id: str) -> str:
    """The canonical room ID; JoinError when it cannot be one."""
    room = normalize_room_id(room_id)
    if room is None:
        raise JoinError("invalid_input", "A room ID is 6 letters and digits, like 7KQ4MZ.")
    return room


async def join_room(
    client: HostClient, room_id: str, name: str, reg_no: str, seat_key: str
) -> tuple[str, JoinResponse, LatestWork | None]:
    """Check the host speaks our protocol, join with `seat_key`, then fetch the host's copy
    of the seat's work (a resumed or moved seat starts from it, before anything is saved):
    (canonical room ID, the answer, the host's work). The client is closed when it fails;
    joining again with the same key is harmless."""
    room = room_id_of(room_id)
    try:
        request = JoinRequest(name=name, reg_no=reg_no, client=client_info(), seat_key=seat_key)
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
        answer = await client.join(room, request)
        client.token = answer.token
        return room, answer, await client.latest_work(room)
    except (HostUnreachable, BadAnswer, HostRefused, JoinError) as exc:
        await client.close()
        if isinstance(exc, HostUnreachable):
            raise unreachable(host, port, str(exc)) from None
        if isinstance(exc, BadAnswer):
            raise not_proctor(host, port) from None
        if isinstance(exc, HostRefused):
            raise join_refusal(exc, room, reg_no) from None
        raise


async def seat_state(
    client: HostClient, credentials: Credentials, data_dir: Path
) -> StateResponse | None:
    """The saved seat's state from the host; None if the host no longer knows the seat.
    Raises HostUnreachable / BadAnswer for the caller to decide about working offline."""
    try:
        return await client.state(credentials.room_id)
    except HostRefused as exc:
        await client.close()
        if exc.code == "seat_moved":  # that key is dead: a later join offers a new one
            where = (data_dir, credentials.room_id, credentials.reg_no)
            await asyncio.to_thread(quietly, retire_seat_key, *where)
            raise JoinError("seat_moved", SEAT_MOVED) from None
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
    if exc.code == "seat_taken":
        return JoinError(
            "seat_taken",
            f"Registration number {reg_no} already has a seat in this exam on another "
            "computer. If you moved to this computer, ask the proctor to move your seat here, "
            "then press Join again.",
        )
    if exc.code == "seat_moved":
        return JoinError("seat_moved", SEAT_MOVED)
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
