"""A screen reader can name every control of the dashboard, with students in the room and
the exam running, and of a student's detail window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.accessible import controls, unnamed
from tests.helpers.dashboard import Dashboard, StudentClient

pytestmark = pytest.mark.gui


def test_every_control_of_the_dashboard_has_a_name(qtbot: Any, dashboard: Dashboard) -> None:
    students = [StudentClient(dashboard.host, f"Student {n}", f"R-{n:03d}") for n in range(3)]
    window = dashboard.window
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
    lobby = controls(window)
    assert len(lobby) >= 15 and unnamed(lobby) == []
    dashboard.host.admin("POST", "start")
    qtbot.waitUntil(lambda: dashboard.room()["status"] == "active", timeout=10_000)
    qtbot.wait(300)
    window.table.selectRow(0)
    running = controls(window)
    assert len(running) >= 15 and unnamed(running) == []
    dashboard.actions.open_detail(students[0].student_id)
    detail = dashboard.actions.details[students[0].student_id]
    qtbot.waitUntil(detail.isVisible, timeout=10_000)
    assert unnamed(controls(detail)) == []
