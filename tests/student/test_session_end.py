"""The end of an exam for one student: hand-in by hand and by itself, exam over, kicked."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from proctor.student.autosave import WorkStore
from proctor.student.errors import SessionError
from proctor.student.session import files_digest
from tests.helpers.hosts import AsyncHost
from tests.helpers.session import (
    SessionPool,
    TcpRelay,
    host_for,
    seated,
)
from tests.helpers.waiting import wait_until_async


async def submission(host: AsyncHost, sid: str) -> dict[str, Any] | None:
    return (await host.admin("GET", f"students/{sid}/work"))["submission"]


async def test_the_proctor_ending_the_exam_hands_in_the_work(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, listener, sid = await seated(host, pool)
        work = {"main.py": "def answer():\n    return 42\n"}
        session.work_changed(work)
        await host.admin("POST", "end", {"admin_key": host.admin_key})
        await wait_until_async(lambda: listener.receipts, what="the automatic receipt")
        receipt, automatic = listener.receipts[0]
        assert automatic is True
        assert receipt.sha256 == files_digest(work)
        handed = await submission(host, sid)
        assert handed is not None and handed["files"] == work
        assert session.last_receipt() == receipt
        await asyncio.sleep(0.8)  # more state pushes must not hand in twice
        assert len(listener.receipts) == 1


async def test_time_running_out_hands_in_by_itself(tmp_path: Path, pool: SessionPool) -> None:
    async with host_for(pool, tmp_path / "host", duration_s=2) as host:
        session, listener, sid = await seated(host, pool)
        session.work_changed({"main.py": "print('done in time')\n"})
        await wait_until_async(lambda: listener.status == "ended", timeout=6, what="time up")
        await wait_until_async(lambda: listener.receipts, what="the automatic receipt")
        assert listener.receipts[0][1] is True
        handed = await submission(host, sid)
        assert handed is not None and "done in time" in handed["files"]["main.py"]


async def test_a_manual_hand_in_is_not_repeated_at_the_end(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, listener, sid = await seated(host, pool)
        receipt = await session.submit({"main.py": "final = True\n"})
        assert listener.receipts == [(receipt, False)]
        await wait_until_async(lambda: listener.status == "submitted")
        first = await submission(host, sid)
        await host.admin("POST", "end", {"admin_key": host.admin_key})
        await wait_until_async(lambda: listener.states[-1][0].status == "ended", what="room ended")
        await wait_until_async(lambda: len(listener.receipts) == 2, what="the receipt, shown again")
        assert listener.receipts[1] == (receipt, True)
        assert await submission(host, sid) == first  # not handed in twice


async def test_the_hand_in_waits_for_the_host_and_retries(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        relay = await TcpRelay(host.port).start()
        try:
            session, listener, sid = await seated(host, pool, port=relay.port)
            session.work_changed({"main.py": "late = 'but safe'\n"})
            await asyncio.sleep(1.0)
            await wait_until_async(lambda: listener.connection == "online")
            await relay.cut("refuse")
            await host.admin("POST", "end", {"admin_key": host.admin_key})
            await asyncio.sleep(1.0)
            assert not listener.receipts
            await relay.restore()
            await wait_until_async(
                lambda: listener.receipts, timeout=15, what="a receipt after retrying"
            )
            handed = await submission(host, sid)
            assert handed is not None and "but safe" in handed["files"]["main.py"]
        finally:
            await relay.close()


async def test_after_the_grace_period_the_last_snapshot_stands(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host", grace_s=0) as host:
        relay = await TcpRelay(host.port).start()
        try:
            session, listener, sid = await seated(host, pool, port=relay.port)
            session.work_changed({"main.py": "v = 1\n"})
            await asyncio.sleep(1.0)  # the snapshot reaches the host
            await relay.cut("refuse")
            session.work_changed({"main.py": "v = 2  # never reached the host\n"})
            await host.admin("POST", "end", {"admin_key": host.admin_key})
            await asyncio.sleep(0.3)
            await relay.restore()
            await wait_until_async(lambda: "exam_over" in listener.error_codes(), timeout=15)
            message = dict(listener.errors)["exam_over"]
            assert "last snapshot" in message
            assert not listener.receipts
            assert session.local_work() == {"main.py": "v = 2  # never reached the host\n"}
            view = await host.admin("GET", f"students/{sid}/work")
            assert view["submission"] is None and view["snapshot"]["files"] == {
                "main.py": "v = 1\n"
            }
            with pytest.raises(SessionError) as caught:
                await session.submit()
            assert caught.value.code == "exam_over"
        finally:
            await relay.close()


async def test_a_kicked_student_keeps_the_work_but_sends_nothing(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, listener, sid = await seated(host, pool)
        session.work_changed({"main.py": "before = 1\n"})
        await asyncio.sleep(1.0)
        await host.admin("POST", f"students/{sid}/kick", {"reason": "phone on the desk"})
        await wait_until_async(lambda: "kicked" in listener.error_codes(), what="kicked")
        assert "removed from the exam" in dict(listener.errors)["kicked"]
        assert listener.error_codes().count("kicked") == 1

        session.work_changed({"main.py": "after = 2\n"})
        await asyncio.sleep(1.5)
        snapshot = (await host.admin("GET", f"students/{sid}/work"))["snapshot"]
        assert snapshot["files"] == {"main.py": "before = 1\n"}
        assert session.local_work() == {"main.py": "after = 2\n"}
        assert session.credentials is not None
        on_disk = WorkStore(session.credentials.folder(session.data_dir)).load()
        assert on_disk == {"main.py": "after = 2\n"}

        await host.admin("POST", f"students/{sid}/readmit")
        await wait_until_async(lambda: listener.status == "active", timeout=15, what="readmitted")

        async def host_has_later_work() -> bool:
            view = (await host.admin("GET", f"students/{sid}/work"))["snapshot"]
            return view["files"] == {"main.py": "after = 2\n"}

        for _ in range(100):
            if await host_has_later_work():
                break
            await asyncio.sleep(0.1)
        assert await host_has_later_work()
