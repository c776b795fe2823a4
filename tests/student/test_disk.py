"""The session's one disk thread: jobs in the order they were queued, on that thread only, none
lost to a cancelled waiter or a close; blocking file work refused on the loop; a report that
returns at once and is on disk when its future says so."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from proctor.common.protocol import Me, Paper, Room
from proctor.student.autosave import atomic_write_bytes
from proctor.student.disk import DiskThread
from proctor.student.outbox import Outbox
from proctor.student.reports import EventReports
from proctor.student.seat import SeatFolder, kept_state


def room(n: int) -> Room:
    return Room(
        id="ABC234",
        name=f"Room {n}",
        status="active",
        duration_s=60,
        started_ms=1,
        ends_ms=None,
        server_time_ms=n,
    )


def me(n: int) -> Me:
    return Me(student_id="s_1", name=f"Ada {n}", reg_no="R-1", status="active", ends_ms=None)


async def test_jobs_run_one_at_a_time_on_the_disk_thread_in_the_order_queued() -> None:
    disk = DiskThread()
    ran: list[tuple[int, int]] = []
    inside = {"now": 0, "most": 0}
    threads_seen: set[str] = set()

    def job(source: int, n: int) -> None:
        inside["now"] += 1
        inside["most"] = max(inside["most"], inside["now"])
        threads_seen.add(threading.current_thread().name)
        ran.append((source, n))
        inside["now"] -= 1

    def queue_from(source: int) -> None:
        for n in range(200):
            disk.submit(job, source, n)

    callers = [threading.Thread(target=queue_from, args=(i,)) for i in range(4)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    await disk.close()  # runs everything queued first
    assert len(ran) == 800 and inside["most"] == 1
    assert threads_seen == {disk.name}
    for source in range(4):
        assert [n for s, n in ran if s == source] == list(range(200))


async def test_state_writes_land_in_the_order_they_were_made(tmp_path: Path) -> None:
    disk = DiskThread()
    folder = await disk.run(SeatFolder, tmp_path / "seat")
    for n in range(40):
        disk.post(folder.save_state, room(n), me(n))
    await disk.run(folder.close)
    await disk.close()
    kept = kept_state(tmp_path / "seat")
    assert kept is not None and kept.me.name == "Ada 39" and kept.room.server_time_ms == 39


async def test_a_cancelled_waiter_does_not_cancel_the_write(tmp_path: Path) -> None:
    disk = DiskThread()
    gate = threading.Event()
    disk.submit(gate.wait, 10)  # the disk is busy with an earlier write
    target = tmp_path / "work.json"
    waiter = asyncio.create_task(disk.run(atomic_write_bytes, target, b"kept"))
    await asyncio.sleep(0.05)
    waiter.cancel()  # the session closes while the write waits its turn
    gate.set()
    await disk.close()
    assert waiter.cancelled()
    assert target.read_bytes() == b"kept"


async def test_a_failed_write_nobody_waits_for_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    disk = DiskThread()

    def disk_full() -> None:
        raise OSError(28, "No space left on device")

    disk.post(disk_full)
    await disk.close()
    assert any("failed" in r.getMessage() and r.exc_info for r in caplog.records)


async def test_close_runs_what_is_queued_then_takes_no_more(tmp_path: Path) -> None:
    disk = DiskThread()
    target = tmp_path / "last.json"
    disk.post(atomic_write_bytes, target, b"last words")
    await disk.close()
    assert target.read_bytes() == b"last words"
    with pytest.raises(RuntimeError):
        disk.submit(print, "too late")


async def test_blocking_file_work_is_refused_on_the_loop(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="disk thread"):
        atomic_write_bytes(tmp_path / "state.json", b"{}")
    assert not (tmp_path / "state.json").exists()


async def test_a_seat_folder_is_used_on_the_thread_that_opened_it_only(tmp_path: Path) -> None:
    disk = DiskThread()
    folder = await disk.run(SeatFolder, tmp_path / "seat")
    paper = Paper(title="T", instructions="", files={"main.py": ""})
    with pytest.raises(AssertionError, match="thread"):
        folder.load_paper()  # the loop reading paper.json
    with pytest.raises(AssertionError, match="thread"):
        await asyncio.to_thread(folder.save_paper, paper)  # some other thread writing it
    await disk.run(folder.save_paper, paper)
    assert await disk.run(folder.load_paper) == paper
    await disk.run(folder.close)
    await disk.close()


async def test_a_report_returns_at_once_and_is_on_disk_when_its_future_is_done(
    tmp_path: Path,
) -> None:
    disk = DiskThread()
    path = tmp_path / Outbox.FILE_NAME
    outbox = await disk.run(Outbox, path)
    woken: list[str] = []
    wake = lambda: woken.append(threading.current_thread().name)  # noqa: E731
    reports = EventReports(disk, lambda: 1234, wake)
    reports.attach(outbox)
    gate = threading.Event()
    disk.submit(gate.wait, 10)  # a slow disk: the write waits its turn

    futures = []

    def gui_thread() -> None:  # the focus and paste watches report from the GUI thread
        for n in range(3):
            futures.append(reports.report("focus_lost", {"n": n}))

    reporter = threading.Thread(target=gui_thread, name="gui")
    reporter.start()
    reporter.join(5)
    assert not reporter.is_alive()  # returned without waiting for the disk
    assert len(futures) == 3 and not any(f.done() for f in futures)
    assert woken == ["gui"] * 3  # the delivery was woken at once
    gate.set()
    for future in futures:
        await asyncio.wrap_future(future)
    with sqlite3.connect(path) as db:  # another connection: it is committed
        rows = db.execute("SELECT kind, at_ms, detail FROM events ORDER BY position").fetchall()
    assert rows == [("focus_lost", 1234, f'{{"n": {n}}}') for n in range(3)]
    assert await reports.pending_count() == 3
    await disk.run(outbox.close)
    await disk.close()


async def test_reports_made_before_a_seat_go_into_its_outbox_first(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    disk = DiskThread()
    reports = EventReports(disk, lambda: 1, lambda: None)
    reports.report("camera_unavailable", {})
    assert reports.report("Not a kind", {}).exception() is not None  # a bug: logged, not sent
    assert "not an event kind" in caplog.text
    assert await reports.pending_count() == 1
    outbox = await disk.run(Outbox, tmp_path / Outbox.FILE_NAME)
    reports.attach(outbox)
    reports.report("focus_lost", {})
    events = await disk.run(outbox.pending_events, 10)
    assert [event.kind for event in events] == ["camera_unavailable", "focus_lost"]
    await disk.run(outbox.close)
    await disk.close()
