"""The hall panel of the dashboard on real widgets, against a real room server in a thread:
who acknowledged an announcement, the queue of raised hands with their waiting time, answering
and dismissing."""

from __future__ import annotations

import pytest

from proctor.host.dashboard.ui.labels_hall import HALL
from tests.helpers.dashboard import Dashboard, StudentClient

pytestmark = pytest.mark.gui


def test_the_panel_shows_who_acknowledged_an_announcement(qtbot, dashboard: Dashboard) -> None:
    desk = dashboard.hall
    assert desk is not None
    ada = StudentClient(dashboard.host, "Ada Lovelace", "CS-1")
    alan = StudentClient(dashboard.host, "Alan Turing", "CS-2")
    qtbot.waitUntil(lambda: len(desk.rows) == 2, timeout=10_000)
    desk.announce("Question 3: read n as 10.")
    view = desk.panel.announcements
    qtbot.waitUntil(lambda: len(view.items) == 1, timeout=10_000)
    assert HALL["acked"].format(n=0, m=2) in view.list.item(0).text()
    assert "Ada Lovelace (CS-1)" in view.pending.text()
    announcement_id = view.items[0].id
    ada.call("POST", f"announcements/{announcement_id}/ack")
    qtbot.waitUntil(
        lambda: HALL["acked"].format(n=1, m=2) in view.list.item(0).text(), timeout=10_000
    )
    assert "Ada" not in view.pending.text() and "Alan Turing (CS-2)" in view.pending.text()
    alan.call("POST", f"announcements/{announcement_id}/ack")
    qtbot.waitUntil(
        lambda: HALL["acked_all"].format(m=2) in view.list.item(0).text(), timeout=10_000
    )
    assert view.pending.text() == HALL["not_acked_none"]
    assert desk.panel.tabText(1) == HALL["announcements_tab"].format(n=1)


def test_the_queue_of_hands_is_answered_and_dismissed(qtbot, dashboard: Dashboard) -> None:
    desk = dashboard.hall
    assert desk is not None
    ada = StudentClient(dashboard.host, "Ada Lovelace", "CS-1")
    alan = StudentClient(dashboard.host, "Alan Turing", "CS-2")
    ada.call("POST", "hand", {"text": "My PC froze"})
    alan.call("POST", "hand", {})
    hands = desk.panel.hands
    qtbot.waitUntil(lambda: hands.table.rowCount() == 2, timeout=10_000)
    assert hands.student_ids == [ada.student_id, alan.student_id]  # longest waiting first
    assert hands.table.item(0, 0).text() == "Ada Lovelace"
    assert hands.table.item(0, 3).text() == "My PC froze"
    assert hands.table.item(0, 2).text().startswith("0:0")
    assert desk.panel.tabText(0) == "☝ " + HALL["hands_tab"].format(n=2)

    desk.answer(ada.student_id, "Coming to you.")
    qtbot.waitUntil(lambda: hands.student_ids == [alan.student_id], timeout=10_000)
    assert ada.call("GET", "hand")["answer"] == "Coming to you."
    hands.table.selectRow(0)
    hands.dismiss_button.click()
    qtbot.waitUntil(lambda: hands.table.rowCount() == 0, timeout=10_000)
    assert hands.empty.isVisible()
    assert alan.call("GET", "hand")["status"] == "dismissed"
    log = dashboard.host.admin("GET", "log")
    assert [a["action"] for a in log["actions"]] == ["hand_answered", "hand_dismissed"]


def test_a_class_list_is_imported_and_pin_slips_are_printed(
    qtbot, dashboard: Dashboard, tmp_path
) -> None:
    desk = dashboard.hall
    assert desk is not None
    listed = tmp_path / "class.csv"
    listed.write_text(
        "reg_no,name,seat\nCS/1,Ada Lovelace,A1\nCS/2,Alan Turing,A2\nCS/3,Grace Hopper,B1\n",
        encoding="utf-8",
    )
    actions = desk.roster_actions
    actions.open_dialog()
    dialog = actions.dialog
    assert dialog is not None and not dialog.import_button.isEnabled()
    actions.load(listed)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    dialog.flag.setChecked(True)
    dialog.pins.setChecked(True)
    dialog.accept()
    view = desk.panel.roster
    qtbot.waitUntil(lambda: desk.roster is not None and desk.roster.pins, timeout=10_000)
    assert view.summary.text() == HALL["roster_summary"].format(n=3, came=0, never=3, off=0)
    assert view.slips_button.isEnabled()

    pin = {e.reg_no: e.pin for e in desk.roster.entries}["CS/1"]
    ada = dashboard.host.join("Ada Lovelace", "CS/1", pin=pin)
    assert ada["me"]["reg_no"] == "CS/1"
    dashboard.host.join("Zed Unknown", "ZZ/9", pin=None)
    qtbot.waitUntil(
        lambda: view.summary.text() == HALL["roster_summary"].format(n=3, came=1, never=2, off=1),
        timeout=10_000,
    )
    assert "Alan Turing (CS/2)" in view.never.text() and "ZZ/9" in view.off.text()

    pdf = tmp_path / "slips.pdf"
    actions.write_slips(pdf)
    qtbot.waitUntil(lambda: pdf.exists() and pdf.stat().st_size > 1000, timeout=10_000)
    assert pdf.read_bytes().startswith(b"%PDF")
