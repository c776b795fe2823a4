"""The computer-wide signals, checked on a slow cadence on their own daemon thread.

    monitor = SystemSignalsMonitor(session.report)
    monitor.start()   # returns at once
    ...
    monitor.stop()

When it starts: a virtual machine (`virtual_machine` or `virtual_machine_suspected`) and a remote
session (`remote_session` or `remote_session_suspected`), each reported once. Then every
`interval_s` (15 s): listening servers (`local_ai_server`, `remote_control_port`, their
`_suspected` forms and `_cleared` when they stop) and, on Windows, the remote session again
(`remote_session_cleared` when it ends). Everything is reported, nothing is blocked; `emit` is
called on the monitor's thread and a failing check never stops the others.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from proctor.shield.listeners import ListenerWatch
from proctor.shield.monitor_thread import MonitorThread
from proctor.shield.remote_session import RemoteFinding, detect_remote_session
from proctor.shield.reporting import Emit
from proctor.shield.virtual_machine import detect_virtual_machine

log = logging.getLogger(__name__)


DEFAULT_INTERVAL_S = 15.0
MIN_INTERVAL_S = 1.0


class SystemSignalsMonitor(MonitorThread):
    THREAD_NAME = "system-signals"

    def __init__(
        self,
        emit: Emit,
        interval_s: float = DEFAULT_INTERVAL_S,
        *,
        virtual_machine: bool = True,
        remote_session: bool = True,
        listeners: bool = True,
    ) -> None:
        super().__init__()
        self._emit = emit
        self.interval_s = max(MIN_INTERVAL_S, float(interval_s))
        self._checks = {
            "virtual_machine": virtual_machine,
            "remote_session": remote_session,
            "listeners": listeners,
        }
        self.listeners = ListenerWatch()
        self._remote: RemoteFinding | None = None
        self._remote_since = 0.0
        self.cycles = 0
        self.failures = 0
        self.last_cycle_ms: float | None = None
        self.first_cycle_ms: float | None = None

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            self.cycle()
            elapsed = time.perf_counter() - started
            self._stop.wait(max(0.0, self.interval_s - elapsed))

    def cycle(self) -> None:
        """One round of checks (the first one includes the once-only ones). Never raises."""
        started = time.perf_counter()
        first = self.cycles == 0
        if first and self._checks["virtual_machine"]:
            self._guard("virtual machine", self._check_virtual_machine)
        if self._checks["remote_session"] and (first or sys.platform == "win32"):
            self._guard("remote session", self._check_remote_session)
        if self._checks["listeners"]:
            self._guard("listening servers", self._check_listeners)
        self.cycles += 1
        self.last_cycle_ms = (time.perf_counter() - started) * 1000
        if first:
            self.first_cycle_ms = self.last_cycle_ms

    # -- the checks ---------------------------------------------------------------------------

    def _check_virtual_machine(self) -> None:
        finding = detect_virtual_machine()
        if finding is not None:
            kind = "virtual_machine_suspected" if finding.suspected else "virtual_machine"
            self._send(kind, finding.detail())

    def _check_remote_session(self) -> None:
        finding = detect_remote_session()
        previous = self._remote
        if finding is not None and (previous is None or previous.suspected != finding.suspected):
            self._remote, self._remote_since = finding, time.time()
            kind = "remote_session_suspected" if finding.suspected else "remote_session"
            self._send(kind, finding.detail())
        elif finding is None and previous is not None:
            self._remote = None
            detail = previous.detail()
            detail["message"] = "The remote session has ended."
            detail["duration_s"] = round(time.time() - self._remote_since, 1)
            self._send("remote_session_cleared", detail)

    def _check_listeners(self) -> None:
        for kind, detail in self.listeners.check():
            self._send(kind, detail)

    def _guard(self, what: str, check: Callable[[], None]) -> None:
        try:
            check()
        except Exception:
            self.failures += 1
            if self.failures <= 3 or self.failures % 100 == 0:
                log.exception("checking for a %s failed (%d so far)", what, self.failures)

    def _send(self, kind: str, detail: dict[str, Any]) -> None:
        try:
            self._emit(kind, detail)
        except Exception:
            log.exception("reporting %s failed", kind)
