"""Blocking work off the GUI thread: both task runners run the function on another thread
and call back on the GUI thread, with the result or the exception."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from proctor.ui.bridge import AsyncBridge
from proctor.ui.tasks import BridgeTasks, TaskRunner, ThreadTasks

pytestmark = pytest.mark.gui


@pytest.fixture(params=["threads", "bridge"])
def tasks(request: pytest.FixtureRequest, qapp: Any) -> Iterator[TaskRunner]:
    if request.param == "threads":
        runner = ThreadTasks()
        yield runner
        runner.stop()
    else:
        bridge = AsyncBridge()
        yield BridgeTasks(bridge)
        bridge.stop()


def test_the_work_runs_elsewhere_and_the_answer_comes_back_on_the_gui_thread(qtbot, tasks):
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"], seen["callback"] = value, threading.get_ident()

    tasks.run_task(work, done, lambda exc: seen.setdefault("error", exc))
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42 and seen["worker"] != gui and seen["callback"] == gui
    assert "error" not in seen


def test_a_failure_comes_back_as_the_exception(qtbot, tasks):
    errors: list[BaseException] = []

    def work() -> None:
        raise OSError("disk full")

    tasks.run_task(work, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], OSError) and str(errors[0]) == "disk full"
