"""The on-disk outbox: events and the newest snapshot survive restarts and kills."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import Future
from pathlib import Path

from proctor.student.disk import DiskThread
from proctor.student.outbox import Outbox


def new_id() -> str:
    return str(uuid.uuid4())


def test_events_come_out_in_order_and_leave_when_sent(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    ids = [new_id() for _ in range(5)]
    for n, event_id in enumerate(ids):
        outbox.add_event(event_id, "focus_lost", 1000 + n, {"n": n, "name": "Zoë"})
    batch = outbox.pending_events(3)
    assert [event.id for event in batch] == ids[:3]
    assert batch[0].detail == {"n": 0, "name": "Zoë"}
    assert batch[1].wire() == {
        "id": ids[1],
        "kind": "focus_lost",
        "at_ms": 1001,
        "detail": {"n": 1, "name": "Zoë"},
    }
    outbox.remove_events(ids[:3])
    assert [event.id for event in outbox.pending_events(10)] == ids[3:]
    assert outbox.event_count() == 2
    outbox.close()


def test_the_same_event_id_is_queued_once(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    event_id = new_id()
    outbox.add_event(event_id, "no_face", 1, {})
    outbox.add_event(event_id, "no_face", 1, {})
    assert outbox.event_count() == 1
    outbox.close()


def test_everything_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / Outbox.FILE_NAME
    outbox = Outbox(path)
    event_id = new_id()
    outbox.add_event(event_id, "external_paste", 5, {"chars": 300})
    assert [outbox.next_seq() for _ in range(3)] == [1, 2, 3]
    outbox.set_snapshot(3, {"main.py": "print('hi')\n"})
    outbox.close()

    again = Outbox(path)
    assert [event.id for event in again.pending_events(10)] == [event_id]
    assert again.next_seq() == 4
    snapshot = again.pending_snapshot()
    assert snapshot is not None and snapshot.seq == 3
    assert snapshot.files == {"main.py": "print('hi')\n"}
    again.close()


def test_only_the_newest_snapshot_waits(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    assert outbox.pending_snapshot() is None
    outbox.set_snapshot(1, {"a.py": "1"})
    outbox.set_snapshot(2, {"a.py": "2"})
    outbox.clear_snapshot(1)  # an older send finishing must not drop the newer snapshot
    pending = outbox.pending_snapshot()
    assert pending is not None and pending.seq == 2 and pending.files == {"a.py": "2"}
    outbox.clear_snapshot(2)
    assert outbox.pending_snapshot() is None
    outbox.close()


def test_seq_jumps_past_what_the_host_holds(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    assert outbox.next_seq() == 1
    outbox.raise_seq(57)
    assert outbox.next_seq() == 58
    outbox.raise_seq(10)  # never goes back
    assert outbox.next_seq() == 59
    outbox.close()


def test_the_counter_follows_a_host_that_stored_under_a_smaller_number(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    assert outbox.acked_seq() is None
    outbox.raise_seq(2**53 - 2)  # a counter that ran ahead (or was tampered with)
    sent = outbox.next_seq()
    outbox.record_ack(sent, 1000)  # the host stores a small step past its last one
    assert outbox.acked_seq() == 1000
    assert outbox.next_seq() == 1001  # so the counter never reaches the end of the order
    outbox.record_ack(1001, 1001)
    ahead = outbox.next_seq()
    outbox.next_seq()  # handed out while the answer was on its way
    outbox.record_ack(ahead, 5)
    assert outbox.next_seq() == ahead + 2  # numbers handed out meanwhile are not reused
    outbox.close()


def test_any_pending_snapshot_can_be_dropped(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    outbox.set_snapshot(4, {"main.py": "stale"})
    outbox.clear_snapshot(3)
    assert outbox.pending_snapshot() is not None
    outbox.clear_snapshot()
    assert outbox.pending_snapshot() is None
    outbox.close()


def test_many_threads_report_at_once_through_the_disk_thread(tmp_path: Path) -> None:
    disk = DiskThread()
    outbox = disk.submit(Outbox, tmp_path / Outbox.FILE_NAME).result(10)
    written: list[Future[None]] = []

    def add_many() -> None:
        for _ in range(50):
            written.append(disk.submit(outbox.add_event, new_id(), "focus_lost", 1, {}))

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for future in written:
        future.result(10)
    assert disk.submit(outbox.event_count).result(10) == 200
    disk.submit(outbox.close).result(10)
    asyncio.run(disk.close())


def test_the_outbox_refuses_any_thread_but_its_own(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / Outbox.FILE_NAME)
    failures: list[BaseException] = []

    def add_from_another_thread() -> None:
        try:
            outbox.add_event(new_id(), "focus_lost", 1, {})
        except sqlite3.ProgrammingError as exc:
            failures.append(exc)

    thread = threading.Thread(target=add_from_another_thread)
    thread.start()
    thread.join()
    assert len(failures) == 1 and "thread" in str(failures[0])
    assert outbox.event_count() == 0  # nothing was written
    outbox.close()


WRITER = """
import sys, uuid
from pathlib import Path
from proctor.student.outbox import Outbox
outbox = Outbox(Path(sys.argv[1]))
n = 0
while True:
    event_id = str(uuid.uuid4())
    outbox.add_event(event_id, "focus_lost", n, {"pad": "x" * 2000})
    seq = outbox.next_seq()
    outbox.set_snapshot(seq, {"main.py": "y" * 5000 + str(seq)})
    print(event_id, seq, flush=True)
    n += 1
"""


def test_a_killed_process_loses_nothing_it_was_told_is_queued(tmp_path: Path) -> None:
    path = tmp_path / Outbox.FILE_NAME
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None
    confirmed: list[tuple[str, int]] = []
    deadline = time.monotonic() + 30
    while len(confirmed) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        event_id, seq = line.split()
        confirmed.append((event_id, int(seq)))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert len(confirmed) >= 40

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    outbox = Outbox(path)
    queued = {event.id for event in outbox.pending_events(10_000)}
    assert {event_id for event_id, _ in confirmed} <= queued
    snapshot = outbox.pending_snapshot()
    assert snapshot is not None and snapshot.seq >= confirmed[-1][1]
    assert snapshot.files["main.py"].endswith(str(snapshot.seq))
    assert outbox.next_seq() > snapshot.seq
    outbox.close()


def test_a_snapshot_keeps_its_answers_and_an_old_outbox_gains_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE snapshot (slot INTEGER PRIMARY KEY CHECK (slot = 1), seq INTEGER NOT NULL,"
        " files TEXT NOT NULL);"
        'INSERT INTO snapshot VALUES (1, 7, \'{"main.py": "old"}\');'
    )
    old.commit()
    old.close()
    outbox = Outbox(path)
    pending = outbox.pending_snapshot()
    assert pending is not None and (pending.seq, pending.answers) == (7, None)
    answers = {"q1": "dict", "q2": ["a", "b"], "q3": None, "q4": "ünï ✓"}
    outbox.set_snapshot(8, {"main.py": "new"}, answers)
    outbox.close()
    again = Outbox(path)
    pending = again.pending_snapshot()
    assert pending is not None and pending.answers == answers and pending.files["main.py"] == "new"
    again.close()
