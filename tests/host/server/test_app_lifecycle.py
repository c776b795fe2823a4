"""The app owns the room's life: it opens the room as the server starts, closes every stream
once as it stops, then closes the room; a room that cannot be opened fails the start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from proctor.host.server.app import make_app, serve
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from tests.helpers.api import Api, receive


async def test_the_room_opens_with_the_server_and_its_streams_close_once(
    aiohttp_client: Any, make_live: Callable[..., LiveRoom]
) -> None:
    opened: list[LiveRoom] = []

    def open_room() -> LiveRoom:
        opened.append(make_live())
        return opened[-1]

    app = make_app(open_room)
    assert opened == []  # nothing before the server starts
    client = await aiohttp_client(app)
    (live,) = opened
    assert client.app[LIVE_ROOM] is live
    closes: list[int] = []
    close_all = live.hub.close_all

    async def counted() -> None:
        closes.append(1)
        await close_all()

    live.hub.close_all = counted  # type: ignore[method-assign]  # the real one, counted
    api = Api(client, live)
    student = await api.join("L-1")
    ws = await api.ws("stream", student["token"])
    admin = await api.ws("admin/stream", await api.admin_token())
    await receive(ws)
    await receive(admin)

    await client.server.close()

    assert closes == [1]
    for stream in (ws, admin):
        msg = await stream.receive(timeout=3)
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.extra == "server shutting down"
    assert not live.store._thread.is_alive()  # the room was closed after its streams
    assert live._ticker is not None and live._ticker.done()
    await client.close()


async def test_a_room_that_cannot_be_opened_fails_the_start() -> None:
    class Refused(Exception):
        """The room's own refusal (here: a wrong admin key), which the start passes on."""

    def open_room() -> LiveRoom:
        raise Refused("the admin key does not match")

    with pytest.raises(Refused):
        await serve(make_app(open_room), "127.0.0.1", 0)


async def test_the_port_served_is_the_one_listening(make_live: Callable[..., LiveRoom]) -> None:
    runner, port = await serve(make_app(make_live, start_ticker=False), "127.0.0.1", 0)
    try:
        assert port > 0 and port == runner.addresses[0][1]
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/api/v1/hello") as resp,
        ):
            assert resp.status == 200
    finally:
        await runner.cleanup()
