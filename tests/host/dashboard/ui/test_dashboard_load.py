"""500 students joining at once: the grid fills, and the window keeps answering meanwhile;
and a room whose time runs out ends by itself and the dashboard says so."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from proctor.host.dashboard.supervisor import LaunchOptions, ServerProcess
from proctor.host.dashboard.ui.actions import DashboardActions
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.window import DashboardWindow
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.dashboard import dashboard_for, wait_closed
from tests.helpers.hosts import HostThread

pytestmark = [pytest.mark.gui, pytest.mark.slow]
STUDENTS = 500


JOIN_BURST = """
import asyncio, sys
import aiohttp
from proctor.common.tls import pin

async def main(room_url, n, fingerprint):
    limit = asyncio.Semaphore(50)
    connector = aiohttp.TCPConnector(ssl=pin(fingerprint))
    async with aiohttp.ClientSession(connector=connector) as http:
        async def one(i):
            async with limit:
                body = {"name": f"Student {i:03d}", "reg_no": f"B{i:04d}"}
                async with http.post(f"{room_url}/join", json=body) as resp:
                    return resp.status
        statuses = await asyncio.gather(*(one(i) for i in range(n)))
    print(sum(s == 201 for s in statuses))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
"""


def test_500_joins_in_a_burst_keep_the_window_responsive(
    qtbot: Any, tmp_path: Path, bridge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    handling_ms: list[float] = []
    deliver = DashboardService._deliver

    def timed_deliver(self: DashboardService, batch: Any) -> None:
        t0 = time.perf_counter()
        deliver(self, batch)
        handling_ms.append((time.perf_counter() - t0) * 1000)

    monkeypatch.setattr(DashboardService, "_deliver", timed_deliver)
    # As in an exam hall: the server in its own process, the students in another.
    server = ServerProcess(
        tmp_path / "room",
        ADMIN_KEY,
        LaunchOptions(name="Burst", duration_min=60, port=0, bind="127.0.0.1"),
    )
    bridge.submit(server.launch()).result(60)
    assert server.info is not None
    service = DashboardService(bridge, server, ADMIN_KEY)
    window = DashboardWindow(service, ["127.0.0.1"], "Burst")
    DashboardActions(window, service)
    service.start_stream()
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.room is not None, timeout=10_000)
        gaps: list[float] = []
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        pulse = QTimer()
        pulse.setInterval(20)
        pulse.timeout.connect(beat)
        pulse.start()
        room_url = f"{server.info.base_url}/api/v1/rooms/{server.info.room_id}"
        fingerprint = server.info.fingerprint
        assert fingerprint is not None  # served over TLS, pinned by the students
        started = time.perf_counter()
        burst = subprocess.Popen(
            [sys.executable, "-c", JOIN_BURST, room_url, str(STUDENTS), fingerprint],
            stdout=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: window.model.rowCount() == STUDENTS, timeout=60_000)
        filled_s = time.perf_counter() - started
        out, _ = burst.communicate(timeout=60)
        pulse.stop()
        assert out.strip() == str(STUDENTS)
        assert window.counts.values["total"].text() == str(STUDENTS)
        worst_ms = max(gaps) * 1000
        print(
            f"\n{STUDENTS} joins shown in {filled_s:.2f} s in {len(handling_ms)} batches; "
            f"slowest batch {max(handling_ms):.0f} ms on the GUI thread; "
            f"longest pause between 20 ms ticks {worst_ms:.0f} ms"
        )
        # The GUI thread's own work per batch stays small; the wall-clock pause also
        # includes waiting for a CPU on a busy machine, so its bound is loose.
        assert max(handling_ms) < 150
        assert worst_ms < 1500
    finally:
        window.allow_close = True
        window.close()
        wait_closed(service.shutdown())
        bridge.submit(server.stop()).result(30)


def test_the_room_ends_by_itself_at_zero(qtbot: Any, tmp_path: Path, bridge: Any) -> None:
    host = HostThread(tmp_path / "room", name="Short quiz", duration_s=3).start()
    d = dashboard_for(host, bridge)
    qtbot.addWidget(d.window)
    d.window.show()
    try:
        host.join("Ada Lovelace", "R001")
        qtbot.waitUntil(lambda: d.window.model.rowCount() == 1, timeout=10_000)
        ups: list[bool] = []
        d.window.timer.timeUp.connect(lambda: ups.append(True))
        host.admin("POST", "start")
        qtbot.waitUntil(lambda: d.window.timer.look == "critical", timeout=10_000)
        qtbot.waitUntil(lambda: bool(ups), timeout=15_000)
        assert d.window.timer.clock.text() == "00:00"
        assert d.window.timer.caption.text() == "Exam over"
        assert "exam is over" in d.window.banner.text()
        assert d.window.export_button.objectName() == "primary"  # the one way to export
        qtbot.waitUntil(lambda: d.window.model.students()[0].status == "ended", timeout=10_000)
        assert not d.window.end_button.isEnabled()
    finally:
        d.window.allow_close = True
        d.window.close()
        wait_closed(d.service.shutdown())
        host.stop()
