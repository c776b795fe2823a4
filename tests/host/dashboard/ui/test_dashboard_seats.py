"""Seats on the dashboard: a refused claim on a seat is shown (who, from where, the name
typed), and "Move to another computer…" asks first, then moves, from the action bar and from
the student's detail dialog. Against a real room server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from proctor.host.dashboard.ui.dialogs import ConfirmDialog
from proctor.host.dashboard.ui.student_model import Column
from tests.helpers.dashboard import Dashboard, StudentClient, dashboard_for, trusting_only

pytestmark = pytest.mark.gui
WAIT_MS = 10_000


def claim_seat(d: Dashboard, reg_no: str, name: str) -> int:
    """Someone on the network joins with another student's registration number."""
    body = json.dumps({"name": name, "reg_no": reg_no}).encode()
    request = urllib.request.Request(
        f"{d.host.room_url}/join",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10, context=trusting_only(d.host)) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        with exc:  # the answer's connection is closed with it
            return exc.code


def row_text(d: Dashboard, student_id: str, column: Column) -> str:
    row = d.window.model.row_of(student_id)
    assert row is not None
    return str(d.window.model.index(row, column).data())


def test_a_refused_claim_is_shown_with_the_student_the_address_and_the_typed_name(
    dashboard: Dashboard, qtbot: Any, bridge: Any
) -> None:
    d = dashboard
    ada = StudentClient(d.host, "Ada Lovelace", "R001")
    StudentClient(d.host, "Alan Turing", "R002")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 2, timeout=WAIT_MS)

    assert claim_seat(d, "R001", "Mallory") == 409

    alert = d.window.claim_alert
    qtbot.waitUntil(alert.isVisible, timeout=WAIT_MS)
    shown = alert.text.text()
    for part in ("Ada Lovelace", "R001", "127.0.0.1", "Mallory"):
        assert part in shown, (part, shown)
    qtbot.waitUntil(lambda: "Mallory" in row_text(d, ada.student_id, Column.FLAG), timeout=WAIT_MS)
    assert "Claim refused" in row_text(d, ada.student_id, Column.FLAG)
    assert row_text(d, ada.student_id, Column.LATEST) == "Seat claim refused"
    assert "127.0.0.1" in row_text(d, ada.student_id, Column.FLAG)

    alert.show_button.click()
    assert d.window.selected_ids() == [ada.student_id]
    assert claim_seat(d, "R001", "Eve") == 409
    qtbot.waitUntil(lambda: "Eve" in alert.text.text(), timeout=WAIT_MS)
    assert "2 refused" in alert.text.text()
    alert.dismiss_button.click()
    assert not alert.isVisible()

    # A dashboard opened later still marks the row (the claim is part of the student's row).
    later = dashboard_for(d.host, bridge)
    qtbot.addWidget(later.window)
    later.window.show()
    qtbot.waitUntil(lambda: later.window.model.rowCount() == 2, timeout=WAIT_MS)
    assert "Eve" in row_text(later, ada.student_id, Column.FLAG)
    later.window.allow_close = True
    later.window.close()
    later.service.shutdown()


def test_move_to_another_computer_asks_first_then_lets_the_next_join_take_the_seat(
    dashboard: Dashboard, qtbot: Any
) -> None:
    d = dashboard
    ada = StudentClient(d.host, "Ada Lovelace", "R001")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 1, timeout=WAIT_MS)
    button = d.window.student_buttons["move"]
    assert button.text() == "Move to another computer…" and not button.isEnabled()
    d.window.select_ids([ada.student_id])
    assert button.isEnabled()

    button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ConfirmDialog)
    explained = dialog.text.text()
    for part in ("Ada Lovelace", "R001", "next computer", "latest work", "can no longer"):
        assert part in explained, (part, explained)
    dialog.reject()
    qtbot.wait(300)
    assert d.students()[ada.student_id]["move_pending"] is False

    button.click()
    d.actions.dialog.ok_button.click()
    qtbot.waitUntil(lambda: d.students()[ada.student_id]["move_pending"], timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: "new computer" in row_text(d, ada.student_id, Column.CONNECTION), timeout=WAIT_MS
    )
    spare = StudentClient(d.host, "Ada Lovelace", "R001")
    assert spare.student_id == ada.student_id
    qtbot.waitUntil(
        lambda: "new computer" not in row_text(d, ada.student_id, Column.CONNECTION),
        timeout=WAIT_MS,
    )


def test_the_detail_dialog_offers_the_move_as_well(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    ada = StudentClient(d.host, "Ada Lovelace", "R001")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 1, timeout=WAIT_MS)
    assert claim_seat(d, "R001", "Mallory") == 409
    detail = d.actions.open_detail(ada.student_id)
    assert detail is not None
    qtbot.addWidget(detail)
    qtbot.waitUntil(lambda: "Mallory" in detail.claim_label.text(), timeout=WAIT_MS)
    assert detail.claim_label.isVisible()
    timeline = [detail.timeline.item(i).text() for i in range(detail.timeline.count())]
    assert any("Seat claim refused" in t and "typed “Mallory”" in t for t in timeline)

    detail.move_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ConfirmDialog) and "Ada Lovelace" in dialog.text.text()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: d.students()[ada.student_id]["move_pending"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "new computer" in detail.state_label.text(), timeout=WAIT_MS)
    detail.close()


def test_a_removed_student_cannot_be_moved(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    ada = StudentClient(d.host, "Ada Lovelace", "R001")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 1, timeout=WAIT_MS)
    d.host.admin("POST", f"students/{ada.student_id}/kick", {"reason": "phone"})
    qtbot.waitUntil(
        lambda: d.window.model.student_by_id(ada.student_id).status == "kicked", timeout=WAIT_MS
    )
    d.window.select_ids([ada.student_id])
    assert not d.window.student_buttons["move"].isEnabled()
