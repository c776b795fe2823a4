"""The one bridge between Qt and asyncio, and the way blocking work leaves the GUI thread.

The asyncio loop runs in its own daemon thread. The UI hands it coroutines with `submit`
(run_coroutine_threadsafe) and blocking functions (file reads, port probes, psutil and
netifaces queries) with `run_task`, which runs them on a small worker pool. Either way the
result comes back on the GUI thread through a queued Qt signal (`to_gui`), and a failure with
no `on_error` is logged, never swallowed (Picard's `run_task` / `to_main`). Because the loop
never runs on the GUI thread, heartbeats keep beating while a modal dialog is open.

Widgets never touch the loop itself: code running on it uses `asyncio.get_running_loop()`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, TypeVarTuple

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

TASK_WORKERS = 4

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class AsyncBridge(QObject):
    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver.connect(self._run_delivered, Qt.ConnectionType.QueuedConnection)
        self._loop = asyncio.new_event_loop()
        self._tasks = concurrent.futures.ThreadPoolExecutor(TASK_WORKERS, "bridge-task")
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run_loop, name="asyncio-bridge", daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run_loop(self) -> None:
        loop = self._loop
        asyncio.set_event_loop(loop)
        loop.call_soon(self._ready.set)
        loop.run_forever()
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    @property
    def running(self) -> bool:
        return not self._loop.is_closed() and self._thread.is_alive()

    def on_loop_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def submit(
        self,
        coro: Coroutine[Any, Any, T],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> concurrent.futures.Future[T]:
        """Run `coro` on the loop; `on_done(result)` / `on_error(exc)` are called later on the
        GUI thread. Without `on_error` a failure is logged with its traceback. Once the loop
        is stopped (the window is closing) nothing runs and the future is cancelled."""
        try:
            if not self.running:
                raise RuntimeError("the loop is stopped")
            future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        except RuntimeError:  # stopped, or closed between the check and the call
            coro.close()
            gone: concurrent.futures.Future[T] = concurrent.futures.Future()
            gone.cancel()
            return gone
        future.add_done_callback(lambda fut: self._finished(fut, on_done, on_error, coro))
        return future

    def run_task(
        self,
        fn: Callable[[*Ts], T],
        *args: *Ts,
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> concurrent.futures.Future[T]:
        """Run the blocking `fn(*args)` on a worker thread; the callbacks as for `submit`."""
        future = self._tasks.submit(fn, *args)
        future.add_done_callback(lambda fut: self._finished(fut, on_done, on_error, fn))
        return future

    def _finished(
        self,
        fut: concurrent.futures.Future[T],
        on_done: Callable[[T], object] | None,
        on_error: Callable[[BaseException], object] | None,
        what: object,
    ) -> None:  # any thread
        if fut.cancelled():
            return
        exc = fut.exception()
        if exc is not None:
            if on_error is not None:
                self.to_gui(on_error, exc)
            else:
                log.error("background work %s failed", _name_of(what), exc_info=exc)
        elif on_done is not None:
            self.to_gui(on_done, fut.result())

    def to_gui(self, fn: Callable[[*Ts], object], *args: *Ts) -> None:
        """Call `fn(*args)` on the GUI thread. Safe from any thread."""
        try:
            self._deliver.emit((fn, args))
        except RuntimeError:  # the bridge object is gone (the app is quitting)
            pass

    @Slot(object)
    def _run_delivered(self, item: tuple[Callable[..., object], tuple[object, ...]]) -> None:
        fn, args = item
        try:
            fn(*args)
        except Exception:
            log.exception("a GUI callback failed")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the loop (cancelling what still runs on it) and the worker pool."""
        self._tasks.shutdown(wait=False, cancel_futures=True)
        if not self.running:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)


def _name_of(what: object) -> str:
    name = getattr(what, "__qualname__", None)
    return str(name) if name else repr(what)
