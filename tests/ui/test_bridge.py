"""The Qt/asyncio bridge: blocking work off the GUI thread, answers back on it, and no failure
lost when nobody handles it."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from proctor.ui.bridge import AsyncBridge


@pytest.fixture
def bridge(qapp: Any) -> Iterator[AsyncBridge]:
    b = AsyncBridge()
    yield b
    b.stop()


def test_run_task_runs_off_the_gui_thread_and_answers_on_it(bridge: AsyncBridge, qtbot: Any):
    gui = threading.current_thread()
    seen: dict[str, Any] = {}

    def blocking(x: int) -> int:
        seen["worker"] = threading.current_thread()
        return x * 2

    def done(result: int) -> None:
        seen["result"], seen["answered_on"] = result, threading.current_thread()

    bridge.run_task(blocking, 21, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["worker"] is not gui and seen["answered_on"] is gui


def test_a_failure_goes_to_on_error_on_the_gui_thread(bridge: AsyncBridge, qtbot: Any) -> None:
    errors: list[tuple[BaseException, threading.Thread]] = []

    def broken() -> None:
        raise ValueError("no such folder")

    bridge.run_task(broken, on_error=lambda exc: errors.append((exc, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0][0], ValueError)
    assert errors[0][1] is threading.current_thread()


def test_an_unhandled_failure_is_logged_not_swallowed(
    bridge: AsyncBridge, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken_coroutine() -> None:
        raise RuntimeError("the room server fell over")

    def broken_task() -> None:
        raise OSError("disk full")

    with caplog.at_level(logging.ERROR, logger="proctor.ui.bridge"):
        bridge.submit(broken_coroutine())
        bridge.run_task(broken_task)
        qtbot.waitUntil(lambda: len(caplog.records) >= 2, timeout=5000)
    messages = {r.getMessage() for r in caplog.records}
    assert any("broken_coroutine" in m for m in messages)
    assert any("broken_task" in m for m in messages)
    errors = {type(r.exc_info[1]) for r in caplog.records if r.exc_info}
    assert errors == {RuntimeError, OSError}


def test_coroutines_run_on_the_loop_thread_and_callers_never_touch_the_loop(
    bridge: AsyncBridge, qtbot: Any
) -> None:
    assert not hasattr(bridge, "loop")  # no reaching in: submit, run_task and to_gui only
    got: list[bool] = []

    async def where() -> bool:
        asyncio.get_running_loop()
        return bridge.on_loop_thread()

    bridge.submit(where(), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [True] and not bridge.on_loop_thread()


def test_to_gui_from_another_thread(bridge: AsyncBridge, qtbot: Any) -> None:
    calls: list[threading.Thread] = []
    worker = threading.Thread(
        target=lambda: bridge.to_gui(lambda: calls.append(threading.current_thread()))
    )
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    assert calls == [threading.current_thread()]


def test_work_submitted_after_the_loop_stopped_is_cancelled_not_raised(
    bridge: AsyncBridge, qtbot: Any
) -> None:
    # A late timer or stream callback while the window closes: nothing runs, nothing raises.
    bridge.stop()
    assert not bridge.running
    ran: list[str] = []

    async def work() -> str:
        ran.append("ran")
        return "done"

    coro = work()
    future = bridge.submit(coro, on_done=ran.append, on_error=lambda e: ran.append(repr(e)))
    assert future.cancelled()
    assert coro.cr_frame is None  # closed: no "never awaited" warning later
    qtbot.wait(100)
    assert ran == []
