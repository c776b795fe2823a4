"""Lean student streams (`?lean=1`) on a real room server on a real port, pinned: every frame
carries `policy_rev`; the policy comes once per revision per connection, again after a change
of the policy and on every new connection; a stream without `lean` still gets it in every
frame, as before; `GET /state?policy_rev=` leaves it out while it is current."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from proctor.common.protocol import StateMessage
from proctor.host.server.headless import default_policy
from tests.helpers.hosts import AsyncHost, running_host

RECEIVE_S = 5.0


@pytest.fixture
async def host(tmp_path: Path) -> AsyncIterator[AsyncHost]:
    policy = default_policy(paste="block")  # the blacklist a room starts with: 5.7 KB
    async with running_host(tmp_path / "host", policy=policy) as running:
        yield running


class Stream:
    """One student's stream; every text frame it got, as sent."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http, self.ws = http, ws
        self.raw: list[str] = []

    async def state(self) -> dict[str, Any]:
        """The next state frame (heartbeat replies skipped)."""
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), RECEIVE_S)
            assert msg.type == aiohttp.WSMsgType.TEXT, msg
            frame: dict[str, Any] = json.loads(msg.data)
            if frame["type"] == "state":
                self.raw.append(msg.data)
                StateMessage.model_validate(frame)  # a frame every client can read
                return frame

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()


async def open_stream(host: AsyncHost, token: str, query: str = "?lean=1") -> Stream:
    http = host.http()
    ws = await http.ws_connect(
        f"{host.room_url}/stream{query}", headers={"Authorization": f"Bearer {token}"}
    )
    return Stream(http, ws)


async def test_the_policy_comes_once_per_revision_per_connection(host: AsyncHost) -> None:
    joined = await host.join("Ada", "R-1")
    sid, token = joined["student_id"], joined["token"]
    assert joined["me"]["policy_rev"] == 1
    stream = await open_stream(host, token)
    try:
        first = await stream.state()  # in the lobby: the policy comes now, not with the start
        assert first["me"]["policy_rev"] == 1 and first["me"]["policy"]["paste"] == "block"
        # A new revision: sent once, with the policy, to a stream that had the old one.
        await host.admin("PUT", "policy", {"paste": "allow", "camera": "report"})
        changed = await stream.state()
        assert changed["me"]["policy_rev"] == 2
        assert changed["me"]["policy"]["paste"] == "allow"
        # The same policy again is no new revision.
        await host.admin("PUT", "policy", {"paste": "allow", "camera": "report"})
        same = await stream.state()
        assert same["me"]["policy_rev"] == 2 and same["me"]["policy"] is None
        await host.admin("POST", "start")
        started = await stream.state()
        assert started["me"]["status"] == "active" and started["me"]["policy_rev"] == 2
        assert started["me"]["policy"] is None  # this connection holds revision 2
        assert len(stream.raw[-1].encode()) < 600  # the start, as sent: no policy in it
        await host.admin("POST", f"students/{sid}/pause")
        await host.admin("POST", f"students/{sid}/resume")
        for _ in range(2):
            later = await stream.state()
            assert later["me"]["policy_rev"] == 2 and later["me"]["policy"] is None
    finally:
        await stream.close()
    # A new connection has seen nothing: its first frame has the policy again.
    again = await open_stream(host, token)
    try:
        frame = await again.state()
        assert frame["me"]["status"] == "active" and frame["me"]["policy_rev"] == 2
        assert frame["me"]["policy"]["camera"] == "report"
    finally:
        await again.close()


async def test_without_lean_every_frame_has_the_policy_as_before(host: AsyncHost) -> None:
    joined = await host.join("Ada", "R-1")
    sid = joined["student_id"]
    stream = await open_stream(host, joined["token"], query="")
    try:
        lobby = await stream.state()
        assert "policy_rev" not in lobby["me"] and lobby["me"]["policy"] is None
        await host.admin("POST", "start")
        await host.admin("POST", f"students/{sid}/pause")
        for _ in range(2):
            frame = await stream.state()
            assert "policy_rev" not in frame["me"]
            assert frame["me"]["policy"]["paste"] == "block"
            assert len(stream.raw[-1].encode()) > 5000  # the whole policy, every time
    finally:
        await stream.close()


async def test_a_kicked_or_ended_students_lean_frames(host: AsyncHost) -> None:
    ada, bob = await host.join("Ada", "R-1"), await host.join("Bob", "R-2")
    kicked_stream = await open_stream(host, bob["token"])
    try:
        assert (await kicked_stream.state())["me"]["policy"] is not None
        # A policy change and a kick at once: the kicked state frame never has the policy.
        await host.admin("PUT", "policy", {"paste": "allow"})
        await host.admin("POST", f"students/{bob['student_id']}/kick", {"reason": "phone"})
        while (frame := await kicked_stream.state())["me"]["status"] != "kicked":
            assert frame["me"]["policy_rev"] == 2
        assert frame["me"]["policy"] is None and frame["me"]["policy_rev"] == 2
    finally:
        await kicked_stream.close()
    await host.admin("POST", "start")
    stream = await open_stream(host, ada["token"])
    try:
        assert (await stream.state())["me"]["policy"]["paste"] == "allow"
        await host.admin("POST", "end", {"admin_key": host.admin_key})
        ended = await stream.state()
        assert ended["me"]["status"] == "ended" and ended["me"]["policy"] is None
    finally:
        await stream.close()


async def test_get_state_leaves_out_the_policy_the_client_holds(host: AsyncHost) -> None:
    joined = await host.join("Ada", "R-1")
    await host.admin("POST", "start")
    headers = {"Authorization": f"Bearer {joined['token']}"}
    async with host.http() as http:

        async def state(query: str) -> tuple[int, dict[str, Any]]:
            async with http.get(f"{host.room_url}/state{query}", headers=headers) as resp:
                return resp.status, await resp.json()

        status, full = await state("")
        assert status == 200 and full["me"]["policy"]["paste"] == "block"
        assert full["me"]["policy_rev"] == 1
        status, held = await state("?policy_rev=1")
        assert status == 200 and held["me"]["policy"] is None and held["me"]["policy_rev"] == 1
        status, stale = await state("?policy_rev=0")
        assert status == 200 and stale["me"]["policy"]["paste"] == "block"
        for bad in ("?policy_rev=x", "?policy_rev=-1", "?policy_rev=99999999999999999"):
            status, body = await state(bad)
            assert status == 400 and body["error"]["code"] == "bad_request", bad
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{host.room_url}/stream?lean=maybe", headers=headers)
        assert refused.value.status == 400


async def test_the_revision_is_kept_across_a_restart(tmp_path: Path) -> None:
    async with running_host(tmp_path / "host") as first:
        joined = await first.join("Ada", "R-1")
        await first.admin("PUT", "policy", {"paste": "block"})
        await first.admin("PUT", "policy", {"paste": "allow"})
    async with running_host(tmp_path / "host") as again:
        stream = await open_stream(again, joined["token"])
        try:
            frame = await stream.state()
            assert frame["me"]["policy_rev"] == 3 and frame["me"]["policy"]["paste"] == "allow"
        finally:
            await stream.close()
