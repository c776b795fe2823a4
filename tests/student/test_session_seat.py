"""The seat on this computer: resuming offline, a lost local folder, reports before joining,
the countdown running out with no host, and a listener that misbehaves."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import Me, Room
from proctor.student.seat import CREDENTIALS_FILE
from proctor.student.session import JoinError, StudentSession
from tests.helpers.hosts import AsyncHost, running_host
from tests.helpers.session import (
    FAST,
    RecordingListener,
    SessionPool,
    TcpRelay,
    host_for,
)
from tests.helpers.waiting import wait_until_async


async def host_work(host: AsyncHost, sid: str) -> dict[str, Any]:
    answer: dict[str, Any] = await host.admin("GET", f"students/{sid}/work")
    return answer


async def until_host_work(host: AsyncHost, sid: str, text: str, timeout: float = 10) -> None:
    for _ in range(int(timeout * 10)):
        snapshot = (await host_work(host, sid))["snapshot"]
        if snapshot and text in snapshot["files"].get("main.py", ""):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the host never got work containing {text!r}")


async def test_resume_offline_carries_on_from_the_kept_state(
    tmp_path: Path, pool: SessionPool
) -> None:
    host_dir, data_dir = tmp_path / "host", tmp_path / "student"
    async with running_host(host_dir) as host:
        port = host.port
        first, listener = pool.make(data_dir)
        joined = await first.join(host.host, port, host.join_code, "Ada", "R-1")
        await first.start()
        await host.admin("POST", "start")
        await wait_until_async(lambda: listener.status == "active")
        first.work_changed({"main.py": "x = 1\n"})
        await until_host_work(host, joined.student_id, "x = 1")
        await first.close()

    # The machine restarts while the host is down too.
    second, listener = pool.make(data_dir)
    with pytest.raises(JoinError) as caught:
        await second.resume()
    assert caught.value.code == "host_unreachable"
    state = await second.resume(offline_ok=True)
    assert state is not None and state.me.status == "active"
    assert second.local_work() == {"main.py": "x = 1\n"}
    await second.start()
    second.work_changed({"main.py": "x = 2  # written offline after a restart\n"})
    await wait_until_async(lambda: "local_ok" in listener.save_kinds(), what="saved locally")

    async with host_for(pool, host_dir, port=port) as again:
        await wait_until_async(lambda: listener.connection == "online", timeout=15, what="online")
        await until_host_work(again, joined.student_id, "written offline")


async def test_a_lost_local_folder_does_not_hide_new_work_from_the_host(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        first, listener = pool.make(tmp_path / "a")
        joined = await first.join(host.host, host.port, host.join_code, "Bo", "R-2")
        await first.start()
        await host.admin("POST", "start")
        await wait_until_async(lambda: listener.status == "active")
        for n in range(3):
            first.work_changed({"main.py": f"n = {n}\n"})
            await until_host_work(host, joined.student_id, f"n = {n}")
        held_seq = (await host_work(host, joined.student_id))["snapshot"]["seq"]
        assert held_seq >= 3
        await first.close()

        # Same seat on a fresh folder: it starts from the host's copy, not from nothing, and
        # its snapshot numbers go on after the host's.
        (tmp_path / "b").mkdir()
        shutil.copy(tmp_path / "a" / CREDENTIALS_FILE, tmp_path / "b" / CREDENTIALS_FILE)
        second, _ = pool.make(tmp_path / "b")
        assert await second.resume() is not None
        assert second.local_work() == {"main.py": "n = 2\n"}
        await second.start()
        second.work_changed({"main.py": "fresh = True\n"})
        await until_host_work(host, joined.student_id, "fresh = True")
        assert (await host_work(host, joined.student_id))["snapshot"]["seq"] > held_seq


@pytest.mark.logs_errors
async def test_reports_made_before_joining_are_kept_and_sent(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, _ = pool.make()
        session.report("camera_unavailable", {"reason": "no camera found"})
        session.report("Not A Kind!", {})  # a programming error: logged, never sent
        assert await session.pending_event_count() == 1
        joined = await session.join(host.host, host.port, host.join_code, "Cy", "R-3")
        await session.start()

        async def sent() -> bool:
            return await session.pending_event_count() == 0

        await wait_until_async(sent, what="sent")
        answer = await host.admin("GET", f"incidents?student_id={joined.student_id}")
        assert "camera_unavailable" in [i["kind"] for i in answer["incidents"]]


async def test_time_up_with_no_host_hands_in_as_soon_as_it_returns(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host", duration_s=3) as host:
        relay = await TcpRelay(host.port).start()
        try:
            session, listener = pool.make()
            joined = await session.join("127.0.0.1", relay.port, host.join_code, "Di", "R-4")
            await session.start()
            await host.admin("POST", "start")
            await wait_until_async(lambda: listener.status == "active")
            session.work_changed({"main.py": "answer = 42\n"})
            await asyncio.sleep(0.8)
            await relay.cut("refuse")
            # The host cannot say the time is up; the session's own countdown does.
            await wait_until_async(
                lambda: any(
                    "exam has ended" in m for k, m in listener.saves if k == "host_pending"
                ),
                timeout=10,
                what="the hand-in starting on its own",
            )
            assert listener.status == "active"  # the host never said so
            assert not listener.receipts
            await relay.restore()
            await wait_until_async(lambda: listener.receipts, timeout=20, what="the receipt")
            assert listener.receipts[0][1] is True
            handed = (await host_work(host, joined.student_id))["submission"]
            assert handed["files"] == {"main.py": "answer = 42\n"}
        finally:
            await relay.close()


class BrokenListener(RecordingListener):
    def on_state(self, room: Room, me: Me) -> None:
        super().on_state(room, me)
        raise RuntimeError("a bug in the window")

    def on_save_status(self, kind: str, message: str) -> None:
        super().on_save_status(kind, message)
        raise ValueError("another bug")


@pytest.mark.logs_errors
async def test_a_failing_listener_does_not_stop_the_session(tmp_path: Path) -> None:
    listener = BrokenListener()
    session = StudentSession(tmp_path / "student", listener, **FAST)
    async with running_host(tmp_path / "host") as host:
        try:
            joined = await session.join(host.host, host.port, host.join_code, "Ed", "R-5")
            await session.start()
            await host.admin("POST", "start")
            await wait_until_async(lambda: listener.status == "active")
            session.work_changed({"main.py": "ok = 1\n"})
            await until_host_work(host, joined.student_id, "ok = 1")
            await host.admin("POST", f"students/{joined.student_id}/pause")
            await wait_until_async(lambda: listener.status == "paused")
        finally:
            await session.close()


async def test_joining_another_room_moves_the_running_session_there(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with (
        host_for(pool, tmp_path / "host-a") as first,
        running_host(tmp_path / "host-b") as second,
    ):
        session, listener = pool.make()
        await session.join(first.host, first.port, first.join_code, "Fa", "R-6")
        await session.start()
        await first.admin("POST", "start")
        await wait_until_async(lambda: listener.status == "active")
        session.work_changed({"main.py": "room_a = 1\n"})
        await wait_until_async(lambda: {"local_ok", "host_ok"} & set(listener.save_kinds()))

        joined_b = await session.join(second.host, second.port, second.join_code, "Fa", "R-6")
        assert session.local_work() is None  # room A's work stays in room A's folder
        await wait_until_async(
            lambda: listener.states[-1][0].id == second.room_id, what="room B state"
        )
        await second.admin("POST", "start")
        await wait_until_async(lambda: listener.states[-1][1].status == "active", what="B started")
        session.work_changed({"main.py": "room_b = 2\n"})
        await until_host_work(second, joined_b.student_id, "room_b = 2")
        await session.close()
