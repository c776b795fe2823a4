"""How the proctor reaches the Results window: the dashboard's "Results…" button, shown once
the exam runs and after it ends, opens one window that reads the room server's admin API;
marking progress from the admin stream reaches it."""

from __future__ import annotations

from typing import Any

import pytest

from proctor.common.protocol import AdminGradingMessage
from proctor.host.dashboard.admin_client import parse_stream_message
from proctor.host.dashboard.ui.results_service import AdminResultsService
from proctor.host.dashboard.ui.results_view import ResultsWindow
from proctor.host.dashboard.ui.service import StreamBatch

pytestmark = pytest.mark.gui
WAIT_MS = 10_000


def test_the_results_button_opens_one_window(dashboard: Any, qtbot: Any) -> None:
    d = dashboard
    assert d.window.results_button.isHidden()  # the lobby: nothing to mark yet
    d.host.join("Ada Lovelace", "CS/2021/001")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 1, timeout=WAIT_MS)
    d.host.admin("POST", "start")
    qtbot.waitUntil(lambda: d.window.room.status == "active", timeout=WAIT_MS)
    assert not d.window.results_button.isHidden() and d.window.results_button.isEnabled()
    d.window.results_button.click()
    window = d.actions.results_window
    assert isinstance(window, ResultsWindow) and isinstance(window.service, AdminResultsService)
    assert window.isVisible()
    # The window asked the room server (its admin results endpoint) and says what it got.
    qtbot.waitUntil(
        lambda: window.results is not None or window.status.property("level") == "error",
        timeout=WAIT_MS,
    )
    d.window.results_button.click()
    assert d.actions.results_window is window  # one window, raised again
    d.service.gradingProgressed.emit(3, 10)
    assert window.status.text() == "Marking: 3 of 10 marks done…"
    window.close()


def test_grading_messages_reach_the_service(dashboard: Any, qtbot: Any) -> None:
    message = parse_stream_message({"type": "grading", "done": 4, "total": 9})
    assert isinstance(message, AdminGradingMessage)
    batch = StreamBatch()
    batch.add(AdminGradingMessage(done=1, total=9))
    batch.add(message)  # coalesced: the latest progress only
    with qtbot.waitSignal(dashboard.service.gradingProgressed, timeout=WAIT_MS) as signal:
        dashboard.service._deliver(batch)
    assert signal.args == [4, 9]
