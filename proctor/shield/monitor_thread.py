"""The daemon thread the shield's monitors run on (processes, computer-wide signals, camera):
`start`, `stop` and `running` in one place; each monitor writes its own `_run`, which loops
until `_stop` is set."""

from __future__ import annotations

import threading


class MonitorThread:
    THREAD_NAME = "monitor"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.THREAD_NAME, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        raise NotImplementedError
