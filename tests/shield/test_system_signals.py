"""The computer-wide signals monitor on this machine: its own thread, the once-only checks at
the start, and a real listening server reported on the next cycle and cleared when it stops."""

from __future__ import annotations

import threading

from proctor.shield.remote_session import detect_remote_session
from proctor.shield.system_signals import SystemSignalsMonitor
from proctor.shield.virtual_machine import detect_virtual_machine
from tests.helpers.waiting import wait_until


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

    def reported(self, kind: str, pid: int) -> bool:
        with self.lock:
            return any(k == kind and pid in d.get("pids", []) for k, d in self.items)


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
        wait_until(lambda: monitor.cycles >= 1, 10, "a first cycle")
        server = serve(port=0, name="ollama")
        wait_until(lambda: events.reported("local_ai_server", server.pid), what="the server")
        server.proc.kill()
        server.proc.wait(10)
        wait_until(lambda: events.reported("local_ai_server_cleared", server.pid), what="cleared")
        assert events.threads == {"system-signals"}
    finally:
        monitor.stop()
    assert not monitor.running
    assert monitor.failures == 0
