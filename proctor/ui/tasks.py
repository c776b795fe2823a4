"""Blocking work off the GUI thread, with the result back on it: the one interface widgets
and their services use (`TaskRunner.run_task(fn, on_done, on_error)`), over the asyncio
bridge of the app (`BridgeTasks`) or over a small thread pool of its own (`ThreadTasks`, for a
window that has no bridge: the paper editor run on its own, tests)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from proctor.ui.bridge import AsyncBridge

log = logging.getLogger(__name__)

T = TypeVar("T")
Done = Callable[[T], object]  # Done[T]: called with the result
Failed = Callable[[BaseException], object]


class TaskRunner(Protocol):
    def run_task(
        self, fn: Callable[[], T], on_done: Callable[[T], object], on_error: Failed
    ) -> None:
        """Run the blocking `fn()` off the GUI thread; then `on_done(result)` or
        `on_error(exception)` on the GUI thread."""


class ThreadTasks(QObject):
    """A few worker threads; results are handed to the GUI thread by a queued signal."""

    _deliver = Signal(object)

    def __init__(self, workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = concurrent.futures.ThreadPoolExecutor(workers, "ui-task")
        self._deliver.connect(self._run_delivered, Qt.ConnectionType.QueuedConnection)

    def run_task(
        self, fn: Callable[[], T], on_done: Callable[[T], object], on_error: Failed
    ) -> None:
        future = self._pool.submit(fn)

        def finished(fut: concurrent.futures.Future[T]) -> None:  # a worker thread
            if fut.cancelled():
                return
            error = fut.exception()
            try:
                if error is not None:
                    self._deliver.emit((on_error, error))
                else:
                    self._deliver.emit((on_done, fut.result()))
            except RuntimeError:  # this object is gone: the window closed
                pass

        future.add_done_callback(finished)

    @Slot(object)
    def _run_delivered(self, item: tuple[Callable[[Any], object], object]) -> None:
        callback, value = item
        try:
            callback(value)
        except Exception:
            log.exception("a GUI callback failed")

    def stop(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class BridgeTasks:
    """The app's bridge as a TaskRunner: its worker pool (`run_task`) where it has one, else
    a thread of the asyncio loop's default executor."""

    def __init__(self, bridge: AsyncBridge) -> None:
        self.bridge = bridge

    def run_task(
        self, fn: Callable[[], T], on_done: Callable[[T], object], on_error: Failed
    ) -> None:
        run_task = getattr(self.bridge, "run_task", None)
        if run_task is not None:
            run_task(fn, on_done=on_done, on_error=on_error)
            return

        async def in_thread() -> T:
            return await asyncio.to_thread(fn)

        self.bridge.submit(in_thread(), on_done, on_error)
