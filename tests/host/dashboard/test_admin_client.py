"""The dashboard's admin client against a real in-process room server."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from pathlib import Path

import aiohttp
import pytest
from aiohttp import TCPConnector

from proctor.common.protocol import (
    AdminIncidentMessage,
    AdminRoomMessage,
    AdminSnapshotMessage,
    AdminStudentMessage,
    Policy,
)
from proctor.common.timeutil import now_ms
from proctor.common.tls import pin
from proctor.host.dashboard.admin_client import AdminApiError, AdminClient, parse_stream_message
from proctor.host.dashboard.supervisor import LaunchOptions, ServerProcess
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.hosts import running_host
from tests.helpers.waiting import wait_until_async


async def student_post(host, token: str, path: str, body: dict) -> dict:
    async with (
        host.http() as http,
        http.request(
            "PUT" if path == "work" else "POST",
            f"{host.room_url}/{path}",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        ) as resp,
    ):
        assert resp.status < 400, await resp.text()
        return await resp.json()


async def test_login_with_a_wrong_key_is_refused(tmp_path: Path) -> None:
    async with running_host(tmp_path) as host:
        async with AdminClient(
            host.base_url, host.room_id, "not the key at all", fingerprint=host.fingerprint
        ) as client:
            with pytest.raises(AdminApiError) as caught:
                await client.students()
        assert caught.value.status == 403
        assert caught.value.code == "bad_admin_key"


async def test_unreachable_server_is_status_zero(tmp_path: Path) -> None:
    async with running_host(tmp_path) as host:
        port = host.port
    async with AdminClient(f"http://127.0.0.1:{port}", "ABCDEF", ADMIN_KEY) as client:
        with pytest.raises(AdminApiError) as caught:
            await client.hello()
    assert caught.value.unreachable


async def test_every_action_reaches_the_room(tmp_path: Path) -> None:
    async with running_host(tmp_path, name="Algebra") as host:
        a = await host.join("Ada Lovelace", "R001")
        b = await host.join("Alan Turing", "R002")
        async with AdminClient(
            host.base_url, host.room_id, ADMIN_KEY, fingerprint=host.fingerprint
        ) as client:
            assert (await client.hello()).app == "proctor"
            room = await client.room()
            assert room.room.name == "Algebra" and room.room.status == "lobby"
            assert {s.reg_no for s in await client.students()} == {"R001", "R002"}

            started = await client.start()
            assert started.status == "active" and started.ends_ms is not None
            with pytest.raises(AdminApiError) as again:
                await client.start()
            assert again.value.status == 409

            sid = a["student_id"]
            assert (await client.student_action(sid, "pause")).status == "paused"
            assert (await client.student_action(sid, "resume")).status == "active"
            flagged = await client.student_action(sid, "flag", "phone on the desk")
            assert flagged.flagged and flagged.manual_flag
            assert "phone on the desk" in flagged.flag_reasons
            assert not (await client.student_action(sid, "unflag")).flagged
            assert (await client.student_action(sid, "kick", "left the room")).status == "kicked"
            assert (await client.student_action(sid, "readmit")).status == "active"
            moved = await client.move(sid, "laptop died")
            assert moved.move_pending and not moved.online and moved.status == "active"
            spare = await host.join("Ada on the spare PC", "R001")
            assert spare["student_id"] == sid

            before = {s.student_id: s.ends_ms for s in await client.students()}
            one = await client.extra_time(300, b["student_id"])
            after_one = {s.student_id: s.ends_ms for s in one.students}
            assert after_one[b["student_id"]] == before[b["student_id"]] + 300_000
            everyone = await client.extra_time(60)
            assert everyone.room.ends_ms == started.ends_ms + 60_000

            with pytest.raises(AdminApiError) as wrong:
                await client.end("definitely wrong")
            assert wrong.value.status == 403
            assert (await client.room()).room.status == "active"
            ended = await client.end(ADMIN_KEY)
            assert ended.status == "ended"
            log = await client.session_log()
            actions = [entry["action"] for entry in log["actions"]]
            assert "kick" in actions and "move" in actions and "end" in actions


async def test_policy_work_and_incidents(tmp_path: Path) -> None:
    async with running_host(tmp_path) as host:
        joined = await host.join("Grace Hopper", "R010")
        token, sid = joined["token"], joined["student_id"]
        async with AdminClient(
            host.base_url, host.room_id, ADMIN_KEY, fingerprint=host.fingerprint
        ) as client:
            policy = Policy(blacklist=[{"name": "Chess", "match": ["chess*"]}], paste="block")
            saved = await client.set_policy(policy)
            assert saved.paste == "block" and [r.name for r in saved.blacklist] == ["Chess"]
            await client.start()
            event = {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": now_ms()}
            await student_post(host, token, "events", {"events": [event]})
            await student_post(host, token, "work", {"seq": 3, "files": {"main.py": "x = 1\n"}})
            incidents = await client.incidents(sid)
            assert [i.kind for i in incidents if i.kind == "focus_lost"] == ["focus_lost"]
            work = await client.work(sid)
            assert work.snapshot is not None and work.snapshot.files == {"main.py": "x = 1\n"}
            assert work.submission is None
            receipt = await student_post(host, token, "submit", {"files": {"main.py": "x = 2\n"}})
            work = await client.work(sid)
            assert work.submission is not None and work.submission.sha256 == receipt["sha256"]


async def test_an_expired_token_is_renewed(tmp_path: Path) -> None:
    async with running_host(tmp_path) as host:
        async with AdminClient(
            host.base_url, host.room_id, ADMIN_KEY, fingerprint=host.fingerprint
        ) as client:
            await client.login()
            client._token = "stale-token-from-an-earlier-server"
            assert await client.students() == []
            assert client._token != "stale-token-from-an-earlier-server"


def test_stream_messages_parse_to_models() -> None:
    room = {
        "id": "ABCDEF",
        "name": "n",
        "status": "lobby",
        "duration_s": 60,
        "started_ms": None,
        "ends_ms": None,
        "server_time_ms": 1,
    }
    assert isinstance(
        parse_stream_message({"type": "snapshot", "room": room, "students": []}),
        AdminSnapshotMessage,
    )
    assert isinstance(parse_stream_message({"type": "room", "room": room}), AdminRoomMessage)
    assert parse_stream_message({"type": "something_new"}) is None
    assert parse_stream_message(["not", "a", "message"]) is None


@pytest.mark.slow
async def test_stream_follows_the_room_and_comes_back_after_a_crash(tmp_path: Path) -> None:
    received: list[object] = []
    states: list[bool] = []

    def on_message(msg: object) -> None:
        received.append(msg)

    def snapshots() -> list[AdminSnapshotMessage]:
        return [m for m in received if isinstance(m, AdminSnapshotMessage)]

    options = LaunchOptions(name="Stream", duration_min=30, port=0, bind="127.0.0.1")
    server = ServerProcess(tmp_path, ADMIN_KEY, options)
    info = await server.launch()
    client = AdminClient(info.base_url, info.room_id, ADMIN_KEY, fingerprint=info.fingerprint)
    task = asyncio.create_task(client.stream(on_message, lambda up, _why: states.append(up)))
    try:
        await wait_until_async(lambda: len(snapshots()) == 1)
        room_url = f"{info.base_url}/api/v1/rooms/{info.room_id}"
        assert info.fingerprint is not None
        async with aiohttp.ClientSession(connector=TCPConnector(ssl=pin(info.fingerprint))) as http:
            async with http.post(
                f"{room_url}/join", json={"name": "Katherine Johnson", "reg_no": "R020"}
            ) as resp:
                token = (await resp.json())["token"]
            await wait_until_async(
                lambda: any(
                    isinstance(m, AdminStudentMessage) and m.student.reg_no == "R020"
                    for m in received
                )
            )
            await client.start()
            await wait_until_async(
                lambda: any(
                    isinstance(m, AdminRoomMessage) and m.room.status == "active" for m in received
                )
            )
            event = {"id": str(uuid.uuid4()), "kind": "external_paste", "at_ms": now_ms()}
            async with http.post(
                f"{room_url}/events",
                json={"events": [event]},
                headers={"Authorization": f"Bearer {token}"},
            ) as resp:
                assert resp.status == 200
        await wait_until_async(
            lambda: any(
                isinstance(m, AdminIncidentMessage) and m.incident.kind == "external_paste"
                for m in received
            )
        )

        # The server crashes: the stream says so and keeps trying until it is back.
        os.kill(info.pid, signal.SIGKILL)
        await wait_until_async(lambda: states[-1] is False)
        assert not server.process_alive()
        again = await server.restart()
        assert (again.room_id, again.port) == (info.room_id, info.port)
        await wait_until_async(lambda: len(snapshots()) == 2)
        latest = snapshots()[-1]
        assert [s.reg_no for s in latest.students] == ["R020"]
        assert latest.room.status == "active"
        assert states[-1] is True
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await client.close()
        await server.stop()


async def test_the_token_is_renewed_before_it_runs_out_and_ends_with_the_client(
    tmp_path: Path,
) -> None:
    async def works(host, token: str) -> bool:  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {token}"}
        async with host.http() as http:
            async with http.get(f"{host.room_url}/admin/students", headers=headers) as resp:
                return resp.status == 200

    async with running_host(tmp_path) as host:
        client = AdminClient(host.base_url, host.room_id, ADMIN_KEY, fingerprint=host.fingerprint)
        first = await client.login()
        assert client.token_expires_ms > now_ms() + 11 * 3600_000
        await client.students()
        assert client._token == first  # far from its end: kept
        client._renew_at = 0.0  # as if nine hours had passed
        await client.students()
        second = client._token
        assert second is not None and second != first
        assert await works(host, second)
        assert not await works(host, first)  # the old one was logged out
        await client.close()
        assert not await works(host, second)  # closing the dashboard logs out


async def test_a_following_stream_renews_its_token_when_due(tmp_path: Path) -> None:
    async with running_host(tmp_path) as host:
        async with AdminClient(
            host.base_url, host.room_id, ADMIN_KEY, fingerprint=host.fingerprint
        ) as client:
            snapshots: list[AdminSnapshotMessage] = []

            def on_message(msg: object) -> None:
                if isinstance(msg, AdminSnapshotMessage):
                    snapshots.append(msg)

            following = asyncio.create_task(client.stream(on_message))
            for _ in range(100):
                if snapshots:
                    break
                await asyncio.sleep(0.05)
            first = client._token
            client._renew_at = asyncio.get_running_loop().time()  # due now, nothing asked
            for _ in range(100):
                if len(snapshots) >= 2:
                    break
                await asyncio.sleep(0.05)
            following.cancel()
            assert client._token != first and len(snapshots) >= 2  # renewed, and reconnected
