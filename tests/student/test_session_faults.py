"""Faults the session must ride out: a host restart, a pulled cable, blocked WebSockets, garbage."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import WSMsgType, web

from proctor.student.session import files_digest
from tests.helpers.hosts import AsyncHost, running_host
from tests.helpers.session import (
    NoWebSocketProxy,
    SessionPool,
    TcpRelay,
    host_for,
    seated,
)
from tests.helpers.waiting import wait_until_async


async def host_snapshot(host: AsyncHost, student_id: str) -> dict[str, Any] | None:
    return (await host.admin("GET", f"students/{student_id}/work"))["snapshot"]


async def host_event_ids(host: AsyncHost, student_id: str) -> list[str]:
    answer = await host.admin("GET", f"incidents?student_id={student_id}")
    return [i["detail"].get("n") for i in answer["incidents"] if i["kind"] == "focus_lost"]


async def test_a_host_restart_mid_exam_loses_nothing(tmp_path: Path, pool: SessionPool) -> None:
    host_dir = tmp_path / "host"
    session, listener = pool.make()
    async with running_host(host_dir) as host:
        port = host.port
        joined = await session.join(host.host, port, host.join_code, "Ada", "R-100")
        sid = joined.student_id
        await session.start()
        await host.admin("POST", "start")
        await wait_until_async(lambda: listener.status == "active")
        session.work_changed({"main.py": "v = 1\n"})
        await wait_until_async(lambda: host_snapshot(host, sid), what="the first snapshot")

    # The host is down: the student keeps working; everything waits on disk.
    await wait_until_async(lambda: listener.connection == "reconnecting", what="reconnecting")
    session.work_changed({"main.py": "v = 2  # written while the host was down\n"})
    for n in range(5):
        session.report("focus_lost", {"n": n})
    await wait_until_async(lambda: "host_pending" in listener.save_kinds(), what="host_pending")
    assert await session.pending_event_count() == 5
    await asyncio.sleep(1.0)

    async with host_for(pool, host_dir, port=port) as again:
        assert again.port == port and again.room_id == joined.room.id
        await wait_until_async(lambda: listener.connection == "online", what="online again")
        snapshot = await wait_until_async(
            lambda: _snapshot_with(again, sid, "v = 2"), what="the work written while down"
        )
        assert snapshot["sha256"] == files_digest(snapshot["files"])
        ids = await wait_until_async(
            lambda: _all_events(again, sid, 5), what="the events reported while down"
        )
        assert sorted(ids) == [0, 1, 2, 3, 4]
        # and pushes flow again on the new connection
        await again.admin("POST", f"students/{sid}/pause")
        await wait_until_async(lambda: listener.status == "paused", what="a push after the restart")
    assert not listener.error_codes()


async def _snapshot_with(host: AsyncHost, sid: str, text: str) -> dict[str, Any] | None:
    snapshot = await host_snapshot(host, sid)
    return snapshot if snapshot and text in snapshot["files"]["main.py"] else None


async def _all_events(host: AsyncHost, sid: str, count: int) -> list[int] | None:
    ids = await host_event_ids(host, sid)
    return ids if len(ids) >= count else None


async def test_a_pulled_cable_then_everything_is_flushed_once(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        relay = await TcpRelay(host.port).start()
        try:
            session, listener, sid = await seated(host, pool, relay.port, "R-200")

            await relay.cut("blackhole")  # the cable is pulled: nothing passes, nothing closes
            for n in range(12):
                session.report("focus_lost", {"n": n})
            session.work_changed({"main.py": "offline = True\n"})
            await wait_until_async(
                lambda: listener.connection in ("reconnecting", "offline"),
                timeout=20,
                what="the session noticing the dead link",
            )
            assert (await host_event_ids(host, sid)) == []

            await relay.cut("refuse")
            await relay.restore()
            await wait_until_async(
                lambda: listener.connection == "online", timeout=20, what="online"
            )
            ids = await wait_until_async(lambda: _all_events(host, sid, 12), what="all events")
            assert sorted(ids) == list(range(12))  # each exactly once
            await wait_until_async(lambda: _snapshot_with(host, sid, "offline = True"), what="work")
            await asyncio.sleep(0.5)
            assert len(await host_event_ids(host, sid)) == 12
        finally:
            await relay.close()


async def test_blocked_websockets_fall_back_to_polling(tmp_path: Path, pool: SessionPool) -> None:
    # Plain HTTP on purpose: a proxy can refuse WebSocket upgrades only where it reads the
    # requests, which TLS prevents (a host started with --insecure-http, behind a school proxy).
    async with host_for(pool, tmp_path / "host", tls=False) as host:
        proxy = await NoWebSocketProxy(host.base_url).start()
        try:
            session, listener = pool.make()
            joined = await session.join("127.0.0.1", proxy.port, host.room_id, "Cy", "R-300")
            sid = joined.student_id
            await session.start()
            await wait_until_async(lambda: listener.connection == "polling", what="polling")
            assert proxy.refused_upgrades >= 1
            assert "blocked" in listener.connections[-1][1]

            await host.admin("POST", "start")
            await wait_until_async(
                lambda: listener.status == "active", timeout=3, what="state by polling"
            )
            session.work_changed({"main.py": "polled = 1\n"})
            await wait_until_async(
                lambda: _snapshot_with(host, sid, "polled"), what="work by polling"
            )
            assert session.clock.synced
            students = (await host.admin("GET", "students"))["students"]
            assert students[0]["online"] is True  # the polls count as heartbeats
        finally:
            await proxy.close()


async def test_a_snapshot_too_large_for_the_host_is_explained(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, listener, sid = await seated(host, pool, reg_no="R-400")
        session.work_changed({"main.py": "x" * (5 * 1024 * 1024)})
        await wait_until_async(lambda: "too_large" in listener.save_kinds(), what="too_large")
        message = dict(listener.saves)["too_large"]
        assert "too large" in message and "this computer" in message
        await wait_until_async(lambda: "local_ok" in listener.save_kinds(), what="kept locally")
        assert (await host_snapshot(host, sid)) is None
        # a smaller version goes through again
        session.work_changed({"main.py": "x = 1\n"})
        await wait_until_async(lambda: _snapshot_with(host, sid, "x = 1"), what="retry")


@pytest.fixture
async def garbage_host(unused_tcp_port: int) -> AsyncIterator[dict[str, Any]]:
    """A host that speaks just enough to be joined, then sends junk and drops connections."""
    seen = {"streams": 0, "polls": 0, "hello": 0}
    room = {
        "id": "ABCDEF",
        "name": "Junk",
        "status": "active",
        "duration_s": 60,
        "started_ms": 1,
        "ends_ms": 10**13,
        "server_time_ms": 1,
    }
    me = {
        "student_id": "s_1",
        "name": "Eve",
        "reg_no": "R-1",
        "status": "active",
        "ends_ms": 10**13,
    }

    async def hello(_: web.Request) -> web.Response:
        seen["hello"] += 1
        if seen["hello"] % 2 == 0:
            return web.Response(body=b"{]")
        return web.json_response(
            {"app": "proctor", "protocol": 1, "version": "1", "server_time_ms": 5}
        )

    async def join(_: web.Request) -> web.Response:
        answer = {"student_id": "s_1", "token": "t", "seat_key": "k" * 43, "room": room, "me": me}
        return web.json_response(answer, status=201)

    async def no_work(_: web.Request) -> web.Response:
        error = {"code": "no_work", "message": "The host has no work from this seat yet."}
        return web.json_response({"error": error}, status=404)

    async def state(_: web.Request) -> web.Response:
        seen["polls"] += 1
        if seen["polls"] % 2:
            return web.Response(body=b"\xff\x00", status=200)
        return web.Response(status=500, text="<h1>oops</h1>")

    async def stream(request: web.Request) -> web.WebSocketResponse:
        seen["streams"] += 1
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        for junk in ("not json", "[1,2]", '{"type": "state", "room": 5}', '{"type": 7}', "{}"):
            await ws.send_str(junk)
        await ws.send_bytes(b"\x00\x01")
        if seen["streams"] >= 3:
            good = dict(me, status="paused")
            await ws.send_str(json.dumps({"type": "state", "room": room, "me": good}))
            async for msg in ws:
                if msg.type == WSMsgType.CLOSE:
                    break
        else:
            await ws.close()
        return ws

    async def anything(_: web.Request) -> web.Response:
        return web.Response(body=b"\x00garbage", status=200)

    app = web.Application()
    app.router.add_get("/api/v1/hello", hello)
    app.router.add_post("/api/v1/rooms/{room}/join", join)
    app.router.add_get("/api/v1/rooms/{room}/state", state)
    app.router.add_get("/api/v1/rooms/{room}/stream", stream)
    app.router.add_get("/api/v1/rooms/{room}/work", no_work)
    app.router.add_route("*", "/{tail:.*}", anything)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    yield {"port": unused_tcp_port, "seen": seen}
    await runner.cleanup()


async def test_garbage_and_dropped_connections_never_crash_the_session(
    garbage_host: dict[str, Any], pool: SessionPool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="proctor.student.aio")
    session, listener = pool.make()
    await session.join("127.0.0.1", garbage_host["port"], "ABCDEF", "Eve", "R-1")
    await session.start()
    session.work_changed({"main.py": "still = 'safe'\n"})
    session.report("focus_lost", {"n": 1})
    await wait_until_async(
        lambda: listener.status == "paused", timeout=20, what="the one good message"
    )
    assert garbage_host["seen"]["streams"] >= 3
    await wait_until_async(lambda: "local_ok" in listener.save_kinds())
    assert session.local_work() == {"main.py": "still = 'safe'\n"}
    assert await session.pending_event_count() == 1  # not lost
    # keep_running restarts a crashed task, so look for its log record instead
    crashes = [r for r in caplog.records if r.name == "proctor.student.aio"]
    assert not crashes, [r.getMessage() for r in crashes]


async def test_an_oversized_report_is_sent_without_its_bulk(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, listener, sid = await seated(host, pool, reg_no="R-500")
        session.report("focus_lost", {"n": 1})
        session.report("no_face", {"thumbnail": "A" * (3 * 1024 * 1024), "faces": 0})
        session.report("focus_lost", {"n": 2})

        async def all_sent() -> bool:
            return await session.pending_event_count() == 0

        await wait_until_async(all_sent, timeout=15, what="all sent")
        answer = await host.admin("GET", f"incidents?student_id={sid}")
        by_kind = {i["kind"]: i["detail"] for i in answer["incidents"] if i["kind"] != "rejoined"}
        assert by_kind["no_face"] == {"faces": 0, "detail_omitted": True}
        assert len([i for i in answer["incidents"] if i["kind"] == "focus_lost"]) == 2


async def test_a_stream_replaced_by_another_connection_says_so(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, listener = pool.make()
        joined = await session.join(host.host, host.port, host.join_code, "Di", "R-400")
        await session.start()
        await wait_until_async(lambda: listener.connection == "online", what="the stream")
        async with host.http() as http:
            url = f"{host.room_url}/stream"
            async with http.ws_connect(url, params={"token": joined.token}) as other:
                assert (await other.receive_json(timeout=5))["type"] == "state"
                await wait_until_async(lambda: listener.connection == "replaced", what="the close")
                assert "another connection" in listener.connections[-1][1]
                await asyncio.sleep(1.0)  # no tug of war: the copy keeps its stream a while
                assert not other.closed
