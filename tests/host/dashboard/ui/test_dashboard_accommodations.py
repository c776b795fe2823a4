"""The proctor grants one student larger text and the plain-text editor from the student's
detail (PROTOCOL.md "Accommodations"): the dialog starts from what is granted now, the host
stores it, the detail and the timeline say it; an ended exam leaves the button off."""

from __future__ import annotations

from typing import Any

from proctor.host.dashboard.ui.dialogs import AccommodationsDialog
from tests.helpers.dashboard import Dashboard, StudentClient
from tests.helpers.screenshots import save_screenshot

WAIT_MS = 10_000


def test_accommodations_are_granted_from_the_detail(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    ada = StudentClient(d.host, "Ada Lovelace", "R001")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 1, timeout=WAIT_MS)
    detail = d.actions.open_detail(ada.student_id)
    assert detail is not None
    qtbot.addWidget(detail)
    assert detail.accommodate_button.isEnabled()
    assert detail.accommodate_button.text() == "Accommodations…"

    detail.accommodate_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, AccommodationsDialog)
    assert "Ada Lovelace (R001)" in dialog.text.text()
    assert (dialog.font_scale.value(), dialog.plain_editor.isChecked()) == (100, False)
    assert (dialog.font_scale.minimum(), dialog.font_scale.maximum()) == (100, 200)
    dialog.font_scale.setValue(150)
    dialog.plain_editor.setChecked(True)
    save_screenshot(dialog, "accommodations_{size}_dialog")
    dialog.ok_button.click()
    qtbot.waitUntil(
        lambda: (
            d.students()[ada.student_id]["accommodations"]
            == {"font_scale": 150, "plain_editor": True}
        ),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(
        lambda: "text 150 %, plain-text editor" in detail.state_label.text(), timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: any(
            "Accommodations: text 150 %, plain-text editor" in detail.timeline.item(i).text()
            for i in range(detail.timeline.count())
        ),
        timeout=WAIT_MS,
    )

    # Opened again, it starts from the grant; the defaults take it back.
    detail.accommodate_button.click()
    again = d.actions.dialog
    assert isinstance(again, AccommodationsDialog)
    assert (again.font_scale.value(), again.plain_editor.isChecked()) == (150, True)
    again.font_scale.setValue(100)
    again.plain_editor.setChecked(False)
    again.ok_button.click()
    qtbot.waitUntil(lambda: d.students()[ada.student_id]["accommodations"] is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "text 150" not in detail.state_label.text(), timeout=WAIT_MS)

    d.host.admin("POST", "start")
    d.host.admin("POST", "end", {"admin_key": d.host.admin_key})
    qtbot.waitUntil(lambda: not detail.accommodate_button.isEnabled(), timeout=WAIT_MS)
    detail.close()
