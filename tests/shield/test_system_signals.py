"""The computer-wide signals monitor on this machine: its own thread, the once-only checks at
the start, and a real listening server reported on the next cycle and cleared when it stops."""

from __future__ import annotations

import threading
import time

from proctor.shield.remote_session import detect_remote_session
from proctor.shield.system_signals import SystemSignalsMonitor
from proctor.shield.virtual_machine import detect_virtual_machine


class Events:
    def __init__(self) -> None:
        self.items: list[tuple[str, dict]] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, kind: str, detail: dict) -> None:
        with self.lock:
            self.items.append((kind, detail))
            self.threads.add(threading.current_thread().name)

    def kinds(self) -> list[str]:
        with self.lock:
            return [k for k, _ in self.items]

    def wait_for(self, condition, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if condition(list(self.items)):
                    return True
            time.sleep(0.05)
        return False


def test_the_first_cycle_reports_what_this_machine_is() -> None:
    events = Events()
    monitor = SystemSignalsMonitor(events, listeners=False)
    monitor.cycle()
    vm = detect_virtual_machine()
    remote = detect_remote_session()
    expected = []
    if vm is not None:
        expected.append("virtual_machine_suspected" if vm.suspected else "virtual_machine")
    if remote is not None:
        expected.append("remote_session_suspected" if remote.suspected else "remote_session")
    assert events.kinds() == expected
    monitor.cycle()  # the once-only checks are not repeated
    assert events.kinds() == expected
    assert monitor.cycles == 2 and monitor.first_cycle_ms is not None


def test_a_server_started_during_the_exam_is_reported_from_the_monitor_thread(serve) -> None:
    events = Events()
    monitor = SystemSignalsMonitor(events, interval_s=1, virtual_machine=False)
    monitor.start()
    try:
        assert events.wait_for(lambda items: monitor.cycles >= 1, 10)
        server = serve(port=0, name="ollama")

        def reported(kind: str):
            return lambda items: any(
                k == kind and server.pid in d.get("pids", []) for k, d in items
            )

        assert events.wait_for(reported("local_ai_server"))
        server.proc.kill()
        server.proc.wait(10)
        assert events.wait_for(reported("local_ai_server_cleared"))
        assert events.threads == {"system-signals"}
    finally:
        monitor.stop()
    assert not monitor.running
    assert monitor.failures == 0
