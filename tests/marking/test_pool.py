"""The worker pool with real spawned workers and real sandboxes: results reach asyncio
without blocking it, progress counts, re-marking and cancelling, a killed worker is replaced
and its job retried (then reported as an error), priority and the switch to all cores."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from proctor.marking.pool import EXAM_NICE, MarkingPool, available_cores
from proctor.marking.specs import ChoiceSpec, CodeSpec
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the zygote sandbox needs fork")

TESTS = "from solution import double\n\ndef test_two():\n    assert double(2) == 4\n"
SPEC = CodeSpec(id="q", files=("solution.py",), tests=TESTS, time_limit_s=1, points=2)
GOOD = {"solution.py": "def double(x):\n    return 2 * x\n"}
BAD = {"solution.py": "def double(x):\n    return x\n"}
SLEEPER = {"solution.py": "import time\ntime.sleep(30)\ndef double(x):\n    return 2 * x\n"}


@pytest.fixture
def pool(work_dir: Path) -> Iterator[MarkingPool]:
    with MarkingPool(workers=1, work_dir=work_dir / "pool") as p:
        yield p


async def test_marks_arrive_in_asyncio_with_progress(pool: MarkingPool) -> None:
    loop = asyncio.get_running_loop()
    seen: list[tuple[int, int]] = []
    pool.add_progress_listener(lambda done, total: seen.append((done, total)), loop)
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    beat = asyncio.create_task(heartbeat())
    results = await asyncio.gather(
        *[pool.mark((f"s{i}", "q"), SPEC, files=GOOD if i % 2 else BAD) for i in range(8)],
        pool.mark(("s9", "choice"), ChoiceSpec("c", ("a", "b"), "a"), "a"),
    )
    beat.cancel()
    await asyncio.sleep(0)
    assert [r.status for r in results] == ["wrong", "correct"] * 4 + ["correct"]
    assert results[0].cases[0].message.startswith("tests.py line 4: assert double(2) == 4")
    assert pool.progress() == (9, 9)
    assert seen[-1] == (9, 9)
    assert ticks > 5  # the loop kept running while the workers marked


def test_re_marking_replaces_and_cancel_drops(pool: MarkingPool) -> None:
    blocker = pool.submit("busy", SPEC, files=SLEEPER)
    wait_until(lambda: "busy" in pool.running(), timeout=20)
    first = pool.submit("s1", SPEC, files=BAD)
    second = pool.submit("s1", SPEC, files=GOOD)  # the fixed test / a re-mark
    dropped = pool.submit("s2", SPEC, files=GOOD)
    assert pool.cancel("s2") and not pool.cancel("nobody")
    assert first.cancelled() and dropped.cancelled()
    assert second.result(timeout=60).status == "correct"
    assert blocker.result(timeout=60).status == "wrong"
    assert pool.progress() == (2, 2)


def test_a_killed_worker_is_replaced_and_its_job_retried(pool: MarkingPool) -> None:
    future = pool.submit("s1", SPEC, files=SLEEPER)
    wait_until(lambda: "s1" in pool.running(), timeout=20)
    os.kill(pool.running()["s1"], signal.SIGKILL)
    result = future.result(timeout=90)  # the retry ran to the wall-clock limit
    assert result.status == "wrong" and "wall clock" in result.cases[0].message
    assert pool.replaced_workers == 1
    after = pool.submit("s2", SPEC, files=GOOD).result(timeout=60)
    assert after.status == "correct"


def test_a_job_that_kills_its_worker_twice_is_an_error(pool: MarkingPool) -> None:
    future = pool.submit("s1", SPEC, files=SLEEPER)
    for _ in range(2):
        wait_until(lambda: "s1" in pool.running(), timeout=20)
        pid = pool.running()["s1"]
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda pid=pid: pool.running().get("s1") != pid, timeout=20)
    result = future.result(timeout=60)
    assert result.status == "error" and result.message == "marking crashed 2 times"


def test_workers_are_niced_and_can_use_all_cores(work_dir: Path) -> None:
    with MarkingPool(work_dir=work_dir / "pool2") as pool:
        assert pool.worker_count == max(1, available_cores() - 1)
        assert pool.submit("s1", SPEC, files=GOOD).result(timeout=60).status == "correct"
        for pid in pool.worker_pids().values():
            assert psutil.Process(pid).nice() == EXAM_NICE
        pool.use_all_cores()
        assert pool.worker_count == available_cores()
        futures = [pool.submit(f"t{i}", SPEC, files=GOOD) for i in range(4)]
        assert all(f.result(timeout=60).status == "correct" for f in futures)
        pool.use_all_cores(False)
        wait_until(lambda: len(pool.worker_pids()) == max(1, available_cores() - 1), timeout=20)
