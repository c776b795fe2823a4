"""The one bridge between Qt and asyncio.

The asyncio loop runs in its own daemon thread. The UI hands coroutines to it with
`submit` (run_coroutine_threadsafe); results and core callbacks come back to the GUI
thread through a queued Qt signal (`to_gui`). Because the loop never runs on the GUI
thread, heartbeats keep beating while a modal dialog is open.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class AsyncBridge(QObject):
    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver.connect(self._run_delivered, Qt.ConnectionType.QueuedConnection)
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run_loop, name="asyncio-bridge", daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._ready.set)
        self.loop.run_forever()
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()

    def submit(
        self,
        coro: Coroutine[Any, Any, Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> concurrent.futures.Future[Any]:
        """Run `coro` on the loop; `on_done`/`on_error` are called later on the GUI thread."""
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        if on_done or on_error:

            def finished(fut: concurrent.futures.Future[Any]) -> None:
                if fut.cancelled():
                    return
                exc = fut.exception()
                if exc is not None:
                    if on_error:
                        self.to_gui(on_error, exc)
                elif on_done:
                    self.to_gui(on_done, fut.result())

            future.add_done_callback(finished)
        return future

    def to_gui(self, fn: Callable[..., Any], *args: Any) -> None:
        """Call `fn(*args)` on the GUI thread. Safe from any thread."""
        self._deliver.emit((fn, args))

    @Slot(object)
    def _run_delivered(self, item: tuple[Callable[..., Any], tuple[Any, ...]]) -> None:
        fn, args = item
        fn(*args)

    def stop(self, timeout: float = 5.0) -> None:
        if self.loop.is_closed() or not self._thread.is_alive():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)
