"""Local autosave: atomic files, saves within a second, loud and persistent when the disk fails."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from proctor.student.autosave import Autosaver, WorkStore, atomic_write_bytes
from proctor.student.disk import DiskThread

REPO = Path(__file__).resolve().parents[2]


def test_atomic_write_leaves_only_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "work.json"
    atomic_write_bytes(target, b"first")
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["work.json"]


def test_unreadable_work_is_none_not_a_crash(tmp_path: Path) -> None:
    store = WorkStore(tmp_path)
    assert store.load() is None
    store.path.write_bytes(b'{"files": {"a.py": 1')
    assert store.load() is None
    store.path.write_bytes(b"\xff\xfe garbage")
    assert store.load() is None
    store.path.write_text(json.dumps({"files": {"a.py": 3}}))
    assert store.load() is None
    store.save({"a.py": "print('ok')\n", "ü.txt": "naïve"})
    assert store.load() == {"a.py": "print('ok')\n", "ü.txt": "naïve"}


KILLED_WRITER = """
import sys
from pathlib import Path
from proctor.student.autosave import WorkStore
store = WorkStore(Path(sys.argv[1]))
n = int(sys.argv[2])
while True:
    n += 1
    store.save({"main.py": str(n) * 200_000, "n.txt": str(n)})
    print(n, flush=True)
"""


def test_a_process_killed_while_saving_leaves_the_previous_good_file(tmp_path: Path) -> None:
    store = WorkStore(tmp_path)
    store.save({"main.py": "0", "n.txt": "0"})
    last_confirmed = 0
    rng = random.Random(7)
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(tmp_path), str(last_confirmed)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip()  # at least one save went through
        time.sleep(rng.uniform(0.0, 0.3))  # then kill it at a random point of a later write
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        confirmed = [int(line) for line in child.stdout.read().split()]
        child.stdout.close()

        files = store.load()
        assert files is not None, "the work file must always be whole"
        n = int(files["n.txt"])
        assert files["main.py"] == str(n) * 200_000
        assert n >= max(confirmed, default=last_confirmed)
        last_confirmed = n
    assert last_confirmed > 6
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "work.json"]
    # a temp file of the killed write may stay behind; it never replaces good work
    assert all(name.endswith(".tmp") for name in leftovers)


async def test_every_change_is_on_disk_within_a_second(tmp_path: Path) -> None:
    statuses: list[tuple[str, str]] = []
    work: dict[str, object] = {"version": 0, "files": None}

    def latest() -> tuple[int, dict[str, str] | None]:
        return work["version"], work["files"]  # type: ignore[return-value]

    disk = DiskThread()
    saver = Autosaver(WorkStore(tmp_path), latest, lambda *s: statuses.append(s), 0.5, disk=disk)
    task = asyncio.create_task(saver.run())
    try:
        for n in range(1, 4):
            work["version"], work["files"] = n, {"main.py": f"x = {n}\n"}
            changed = time.monotonic()
            saver.notify()
            while WorkStore(tmp_path).load() != {"main.py": f"x = {n}\n"}:
                assert time.monotonic() - changed < 1.0, "not saved within a second"
                await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)
        assert saver.saved_version == 3
        assert statuses[-1][0] == "local_ok"
    finally:
        task.cancel()
        await disk.close()


async def test_a_burst_of_changes_is_one_save(tmp_path: Path) -> None:
    saves: list[str] = []
    work = {"version": 0}

    def latest() -> tuple[int, dict[str, str] | None]:
        return work["version"], {"main.py": str(work["version"])}

    disk = DiskThread()
    record = lambda kind, _: saves.append(kind)  # noqa: E731
    saver = Autosaver(WorkStore(tmp_path), latest, record, 0.3, disk=disk)
    task = asyncio.create_task(saver.run())
    await asyncio.sleep(0.05)
    for _ in range(20):
        work["version"] += 1
        saver.notify()
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.8)
    task.cancel()
    await disk.close()
    assert WorkStore(tmp_path).load() == {"main.py": "20"}
    assert 1 <= len(saves) <= 2


DISK_FULL_CHILD = """
import asyncio, resource, signal, sys
from pathlib import Path
from proctor.student.autosave import Autosaver, WorkStore
from proctor.student.disk import DiskThread

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

async def main():
    files = {"main.py": "print('a long answer')\\n" * 2000}
    saver = Autosaver(WorkStore(Path(sys.argv[1])), lambda: (1, files),
                      lambda kind, message: print(kind, "|", message, flush=True), delay_s=0.1,
                      disk=DiskThread())
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, hard))  # the disk is "full"
    task = asyncio.create_task(saver.run())
    await asyncio.sleep(2.5)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space is freed
    await asyncio.sleep(1.5)
    task.cancel()

asyncio.run(main())
"""


def test_a_full_disk_is_reported_loudly_and_retried_until_it_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL_CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    kinds = [line.split(" | ")[0] for line in result.stdout.splitlines()]
    assert kinds[:2] == ["local_failed", "local_failed"], result.stdout  # retried every second
    assert kinds[-1] == "local_ok"
    assert kinds.count("local_ok") == 1
    failure = result.stdout.splitlines()[0]
    assert "could NOT be saved" in failure and "retried" in failure
    assert WorkStore(tmp_path).load() == {"main.py": "print('a long answer')\n" * 2000}
    assert [p.name for p in tmp_path.iterdir()] == ["work.json"]
