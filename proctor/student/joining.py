"""Taking a seat: joining a room (with the seat key this computer keeps for it), or sitting
again in the saved seat, the host's copy of the work a seat taken again starts from, and what
each failure means for the student (a `JoinError` with a code and a sentence from `wording`).
The seat files are read and written on the session's disk thread."""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from proctor.common.errors import ErrorCode
from proctor.common.ids import normalize_room_id
from proctor.common.protocol import (
    APP_NAME,
    PROTOCOL_VERSION,
    JoinRequest,
    JoinResponse,
    LatestWork,
    StateResponse,
)
from proctor.student import wording
from proctor.student.autosave import WorkStore
from proctor.student.disk import DiskThread
from proctor.student.errors import JoinError, SessionCode, input_problem
from proctor.student.host_client import (
    BadAnswer,
    HostClient,
    HostNotTrusted,
    HostRefused,
    HostUnreachable,
    client_info,
)
from proctor.student.seat import (
    Credentials,
    keep_seat_key,
    kept_state,
    new_seat_key,
    quietly,
    retire_seat_key,
    seat_key_to_offer,
)

log = logging.getLogger(__name__)


async def join_seat(
    client: HostClient,
    disk: DiskThread,
    data_dir: Path,
    room_id: str,
    name: str,
    reg_no: str,
    pin: str | None = None,
) -> tuple[str, JoinResponse, LatestWork | None]:
    """`join_room` with the key this computer keeps for the room and registration number
    (a new one the first time, kept before it is sent); the key the host answers is kept."""
    room = room_id_of(room_id)
    try:
        key = await disk.run(seat_key_to_offer, data_dir, room, reg_no)
    except OSError as exc:  # the seat key cannot be kept: join all the same
        log.error("cannot keep the seat key: %s", exc)
        key = new_seat_key()
    try:
        room, answer, host_work = await join_room(client, room, name, reg_no, key, pin)
    except JoinError as exc:
        if exc.code == ErrorCode.SEAT_MOVED:  # that key is dead: a later join offers a new one
            await disk.run(quietly, retire_seat_key, data_dir, room, reg_no)
        raise
    if answer.seat_key != key:
        await disk.run(quietly, keep_seat_key, data_dir, room, reg_no, answer.seat_key)
    return room, answer, host_work


async def host_work_for_resume(
    client: HostClient, credentials: Credentials, disk: DiskThread, data_dir: Path
) -> LatestWork | None:
    """The host's copy for a seat resumed with its token (None: none, or the host was not
    asked). While the token is valid nobody else wrote to the seat, so only a computer
    without work of its own (a lost folder) needs it."""
    folder = credentials.folder(data_dir)
    if await disk.run(WorkStore(folder).load) is not None:
        return None
    try:
        return await client.latest_work(credentials.room_id)
    except (HostUnreachable, BadAnswer, HostRefused) as exc:
        log.info("the host's copy of the work is not available: %s", exc)
        return None


def room_id_of(room_id: str) -> str:
    """The canonical room ID; JoinError when it cannot be one."""
    room = normalize_room_id(room_id)
    if room is None:
        raise JoinError(SessionCode.INVALID_INPUT, wording.INVALID_ROOM_ID)
    return room


async def join_room(
    client: HostClient,
    room_id: str,
    name: str,
    reg_no: str,
    seat_key: str,
    pin: str | None = None,
) -> tuple[str, JoinResponse, LatestWork | None]:
    """Check the host speaks our protocol, join with `seat_key`, then fetch the host's copy
    of the seat's work (a resumed or moved seat starts from it, before anything is saved):
    (canonical room ID, the answer, the host's work). The client is closed when it fails;
    joining again with the same key is harmless."""
    room = room_id_of(room_id)
    try:
        request = JoinRequest(
            name=name, reg_no=reg_no, client=client_info(), seat_key=seat_key, pin=pin or None
        )
    except ValidationError as exc:
        raise JoinError(SessionCode.INVALID_INPUT, input_problem(exc)) from None
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
        if isinstance(exc, HostNotTrusted):  # another certificate since it was settled
            raise JoinError(SessionCode.WRONG_CERTIFICATE, str(exc)) from None
        if isinstance(exc, HostUnreachable):
            raise unreachable(host, port, str(exc)) from None
        if isinstance(exc, BadAnswer):
            raise not_proctor(host, port) from None
        if isinstance(exc, HostRefused):
            raise join_refusal(exc, room, reg_no) from None
        raise


async def resume_state(
    client: HostClient, credentials: Credentials, disk: DiskThread, data_dir: Path, offline_ok: bool
) -> StateResponse | None:
    """The saved seat's state from the host; None if the host no longer knows the seat. With
    `offline_ok`, an unreachable host means the state last kept in the seat's folder, if any.
    The client is closed unless a state is returned."""
    try:
        state = await seat_state(client, credentials, disk, data_dir)
    except (HostUnreachable, BadAnswer) as exc:
        kept = await disk.run(kept_state, credentials.folder(data_dir)) if offline_ok else None
        if kept is None:
            await client.close()
            raise cannot_resume(credentials, exc) from None
        return kept
    except BaseException:
        await client.close()
        raise
    if state is None:
        await client.close()
    return state


async def seat_state(
    client: HostClient, credentials: Credentials, disk: DiskThread, data_dir: Path
) -> StateResponse | None:
    """The saved seat's state from the host; None if the host no longer knows the seat.
    Raises HostUnreachable / BadAnswer for the caller to decide about working offline."""
    try:
        return await client.state(credentials.room_id)
    except HostRefused as exc:
        await client.close()
        if exc.code == ErrorCode.SEAT_MOVED:  # that key is dead: a later join offers a new one
            where = (data_dir, credentials.room_id, credentials.reg_no)
            await disk.run(quietly, retire_seat_key, *where)
            raise JoinError(ErrorCode.SEAT_MOVED, wording.SEAT_MOVED) from None
        if exc.status in (401, 404):
            return None
        if exc.code == ErrorCode.KICKED:
            raise JoinError(ErrorCode.KICKED, wording.KICKED) from None
        raise JoinError(exc.code, exc.message) from None


def cannot_resume(credentials: Credentials, exc: Exception) -> JoinError:
    if isinstance(exc, HostNotTrusted):  # the saved seat's host presents another certificate
        return JoinError(SessionCode.CERTIFICATE_CHANGED, str(exc))
    if isinstance(exc, BadAnswer):
        return not_proctor(credentials.host, credentials.port)
    return unreachable(credentials.host, credentials.port, str(exc))


async def check_host(client: HostClient) -> None:
    hello = await client.hello()
    if hello.app != APP_NAME:
        raise not_proctor(client.host, client.port)
    if hello.protocol != PROTOCOL_VERSION:
        message = wording.PROTOCOL_MISMATCH.format(
            host_version=hello.protocol, our_version=PROTOCOL_VERSION
        )
        raise JoinError(SessionCode.PROTOCOL_MISMATCH, message)


def unreachable(host: str, port: int, reason: str) -> JoinError:
    message = wording.UNREACHABLE.format(host=host, port=port, reason=reason)
    return JoinError(SessionCode.HOST_UNREACHABLE, message)


def not_proctor(host: str, port: int) -> JoinError:
    return JoinError(SessionCode.NOT_PROCTOR, wording.NOT_PROCTOR.format(host=host, port=port))


def join_refusal(exc: HostRefused, room: str, reg_no: str) -> JoinError:
    """What a refused join means for the student."""
    if exc.status == 404:
        return JoinError(ErrorCode.UNKNOWN_ROOM, wording.UNKNOWN_ROOM.format(room=room))
    if exc.code == ErrorCode.SEAT_TAKEN:
        return JoinError(ErrorCode.SEAT_TAKEN, wording.SEAT_TAKEN.format(reg_no=reg_no))
    if exc.code == ErrorCode.SEAT_MOVED:
        return JoinError(ErrorCode.SEAT_MOVED, wording.SEAT_MOVED)
    if exc.code == ErrorCode.KICKED:
        return JoinError(ErrorCode.KICKED, wording.JOIN_KICKED)
    if exc.code == ErrorCode.EXAM_OVER:
        return JoinError(ErrorCode.EXAM_OVER, wording.JOIN_EXAM_OVER)
    if exc.status == 400:
        return JoinError(SessionCode.INVALID_INPUT, exc.message)
    if exc.status == 429:
        return JoinError(ErrorCode.TOO_MANY_ATTEMPTS, wording.TOO_MANY_ATTEMPTS)
    if exc.status >= 500 or not exc.code.isidentifier():
        return JoinError(SessionCode.NOT_PROCTOR, wording.NOT_TAKEN_IN.format(reason=exc.message))
    return JoinError(exc.code, exc.message)
