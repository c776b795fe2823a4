"""Every dashboard action, from its button through the admin API of a real room server."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from proctor.host.dashboard.ui.dialogs import (
    AdminKeyDialog,
    CloseDialog,
    ConfirmDialog,
    ExtraTimeDialog,
    ReasonDialog,
)
from proctor.host.dashboard.ui.student_model import GREY, Column
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.dashboard import Dashboard, StudentClient

pytestmark = pytest.mark.gui
WAIT_MS = 10_000


def join(d: Dashboard, qtbot: Any, *names: str) -> list[StudentClient]:
    students = [StudentClient(d.host, name, f"R{i:03d}") for i, name in enumerate(names, 1)]
    qtbot.waitUntil(lambda: d.window.model.rowCount() == len(names), timeout=WAIT_MS)
    return students


def start_exam(d: Dashboard, qtbot: Any) -> None:
    d.window.start_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ConfirmDialog)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: d.room()["status"] == "active", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: d.window.room.status == "active", timeout=WAIT_MS)


def row_text(d: Dashboard, student_id: str, column: Column) -> str:
    row = d.window.model.row_of(student_id)
    assert row is not None
    return str(d.window.model.index(row, column).data())


def test_start_needs_a_student_and_a_confirmation(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    assert not d.window.start_button.isEnabled()
    assert d.window.empty_label.isVisibleTo(d.window)
    join(d, qtbot, "Ada Lovelace")
    assert d.window.start_button.isEnabled()
    assert not d.window.empty_label.isVisibleTo(d.window)

    d.window.start_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ConfirmDialog) and "1 student" in dialog.text.text()
    dialog.reject()
    qtbot.wait(300)
    assert d.room()["status"] == "lobby"

    start_exam(d, qtbot)
    assert d.window.timer.look in ("normal", "warning")
    assert not d.window.start_button.isVisible()


def test_pause_resume_flag_unflag_for_several(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    ada, alan, grace = join(d, qtbot, "Ada Lovelace", "Alan Turing", "Grace Hopper")
    start_exam(d, qtbot)
    pair = [ada.student_id, alan.student_id]

    d.window.select_ids(pair)
    assert d.window.selected_ids() and set(d.window.selected_ids()) == set(pair)
    d.window.student_buttons["pause"].click()
    qtbot.waitUntil(
        lambda: [d.students()[s]["status"] for s in pair] == ["paused", "paused"], timeout=WAIT_MS
    )
    assert d.students()[grace.student_id]["status"] == "active"
    qtbot.waitUntil(lambda: row_text(d, ada.student_id, Column.STATUS) == "Paused", timeout=WAIT_MS)
    paused_cell = d.window.model.index(d.window.model.row_of(ada.student_id), Column.TIME_LEFT)
    assert paused_cell.data(Qt.ItemDataRole.ForegroundRole).color() == GREY

    d.window.select_ids(pair)
    qtbot.waitUntil(lambda: d.window.student_buttons["resume"].isEnabled(), timeout=WAIT_MS)
    d.window.student_buttons["resume"].click()
    qtbot.waitUntil(
        lambda: [d.students()[s]["status"] for s in pair] == ["active", "active"], timeout=WAIT_MS
    )

    d.window.select_ids([grace.student_id])
    d.window.student_buttons["flag"].click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ReasonDialog)
    dialog.reason_edit.setText("looking at a phone")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: d.students()[grace.student_id]["manual_flag"], timeout=WAIT_MS)
    assert d.students()[grace.student_id]["flag_reasons"] == ["looking at a phone"]
    qtbot.waitUntil(
        lambda: row_text(d, grace.student_id, Column.FLAG) == "⚑ looking at a phone",
        timeout=WAIT_MS,
    )

    d.window.select_ids([grace.student_id])
    qtbot.waitUntil(lambda: d.window.student_buttons["unflag"].isEnabled(), timeout=WAIT_MS)
    d.window.student_buttons["unflag"].click()
    qtbot.waitUntil(lambda: not d.students()[grace.student_id]["flagged"], timeout=WAIT_MS)


def test_kick_needs_a_reason_and_readmit_brings_back(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    (ada,) = join(d, qtbot, "Ada Lovelace")
    start_exam(d, qtbot)
    d.window.select_ids([ada.student_id])
    d.window.student_buttons["kick"].click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.required
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason yet
    assert dialog.isVisible() and "reason" in dialog.error.text()
    # Typing clears the error; Enter removes (Cancel did not become the default on the way).
    qtbot.keyClicks(dialog.reason_edit, "copying from a neighbour")
    assert not dialog.error.isVisibleTo(dialog)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.students()[ada.student_id]["status"] == "kicked", timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: row_text(d, ada.student_id, Column.STATUS) == "Removed: copying from a neighbour",
        timeout=WAIT_MS,
    )
    assert row_text(d, ada.student_id, Column.CONNECTION).startswith("● Online")

    def kicks() -> list[dict[str, Any]]:
        return [a for a in d.host.admin("GET", "log")["actions"] if a["action"] == "kick"]

    qtbot.waitUntil(lambda: bool(kicks()), timeout=WAIT_MS)
    assert kicks()[0]["reason"] == "copying from a neighbour"

    d.window.select_ids([ada.student_id])
    qtbot.waitUntil(lambda: d.window.student_buttons["readmit"].isEnabled(), timeout=WAIT_MS)
    d.window.student_buttons["readmit"].click()
    qtbot.waitUntil(lambda: d.students()[ada.student_id]["status"] == "active", timeout=WAIT_MS)


def test_extra_time_for_some_and_for_everyone(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    ada, alan = join(d, qtbot, "Ada Lovelace", "Alan Turing")
    start_exam(d, qtbot)
    before = {sid: s["ends_ms"] for sid, s in d.students().items()}
    room_end = d.room()["ends_ms"]

    d.window.select_ids([ada.student_id])
    d.window.student_buttons["time"].click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ExtraTimeDialog)
    dialog.minutes.setValue(0)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.error.isVisibleTo(dialog)
    dialog.minutes.setValue(10)
    dialog.ok_button.click()
    qtbot.waitUntil(
        lambda: d.students()[ada.student_id]["ends_ms"] == before[ada.student_id] + 600_000,
        timeout=WAIT_MS,
    )
    assert d.students()[alan.student_id]["ends_ms"] == before[alan.student_id]

    d.window.all_time_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ExtraTimeDialog)
    dialog.minutes.setValue(5)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: d.room()["ends_ms"] == room_end + 300_000, timeout=WAIT_MS)
    assert d.students()[alan.student_id]["ends_ms"] == before[alan.student_id] + 300_000
    qtbot.waitUntil(lambda: d.window.room.ends_ms == room_end + 300_000, timeout=WAIT_MS)


def test_taking_time_away_asks_first_and_never_ends_an_exam_outright(
    dashboard: Dashboard, qtbot: Any
) -> None:
    d = dashboard
    ada, alan = join(d, qtbot, "Ada Lovelace", "Alan Turing")
    start_exam(d, qtbot)
    before = {sid: s["ends_ms"] for sid, s in d.students().items()}

    d.window.select_ids([ada.student_id])
    d.window.student_buttons["time"].click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ExtraTimeDialog)
    dialog.minutes.setValue(-100)  # more than the hour that is left
    dialog.ok_button.click()
    assert dialog.isVisible() and "within a minute" in dialog.error.text()
    dialog.minutes.setValue(-20)
    dialog.ok_button.click()
    confirm = d.actions.dialog
    assert isinstance(confirm, ConfirmDialog) and confirm is not dialog
    assert "Ada Lovelace" in confirm.text.text() and "earlier" in confirm.text.text()
    assert d.students()[ada.student_id]["ends_ms"] == before[ada.student_id]  # not yet
    confirm.reject()
    qtbot.wait(200)
    assert d.students()[ada.student_id]["ends_ms"] == before[ada.student_id]

    d.window.all_time_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, ExtraTimeDialog)
    dialog.minutes.setValue(-20)
    dialog.ok_button.click()
    confirm = d.actions.dialog
    assert isinstance(confirm, ConfirmDialog)
    confirm.ok_button.click()
    qtbot.waitUntil(
        lambda: d.students()[alan.student_id]["ends_ms"] == before[alan.student_id] - 1_200_000,
        timeout=WAIT_MS,
    )
    assert d.students()[ada.student_id]["ends_ms"] == before[ada.student_id] - 1_200_000


def test_end_for_all_asks_for_the_admin_key(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    join(d, qtbot, "Ada Lovelace", "Alan Turing")
    start_exam(d, qtbot)
    d.window.end_button.click()
    dialog = d.actions.dialog
    assert isinstance(dialog, AdminKeyDialog)

    dialog.key_edit.setText("short")
    dialog.ok_button.click()
    assert "at least 8" in dialog.error.text()

    dialog.key_edit.setText("this is not the admin key")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "not the admin key" in dialog.error.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and "Nothing was changed" in dialog.error.text()
    assert d.room()["status"] == "active"
    assert {s["status"] for s in d.students().values()} == {"active"}

    dialog.key_edit.setText(ADMIN_KEY)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: d.room()["status"] == "ended", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: d.actions.dialog is None, timeout=WAIT_MS)
    assert {s["status"] for s in d.students().values()} == {"ended"}
    qtbot.waitUntil(lambda: d.window.timer.look == "over", timeout=WAIT_MS)
    # After the end: what matters then. One export button (the main one now), the room's
    # end and every action on students gone or off, only Details left.
    assert d.window.banner_shown() and "exam is over" in d.window.banner.text()
    assert not d.window.banner_button.isVisibleTo(d.window)
    assert d.window.export_button.isVisibleTo(d.window)
    assert d.window.export_button.objectName() == "primary"
    assert not d.window.end_button.isVisibleTo(d.window)
    assert not d.window.all_time_button.isVisibleTo(d.window)
    d.window.select_ids([s for s in d.students()][:1])
    enabled = {k for k, b in d.window.student_buttons.items() if b.isEnabled()}
    assert enabled == {"details"}
    qtbot.waitUntil(  # not "Time up": the proctor ended it
        lambda: {row_text(d, sid, Column.STATUS) for sid in d.students()} == {"Not handed in"},
        timeout=WAIT_MS,
    )


def jpeg_b64(color: str) -> str:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return base64.b64encode(bytes(buffer.data())).decode()


def test_student_detail_shows_timeline_work_and_receipt(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    (ada,) = join(d, qtbot, "Ada Lovelace")
    start_exam(d, qtbot)
    ada.report("focus_lost", duration_ms=12_000)
    ada.report("no_face", thumbnail_jpeg_b64=jpeg_b64("#336699"))
    ada.save({"main.py": "def mean(xs):\n    return sum(xs) / len(xs)\n"}, seq=4)

    detail = d.actions.open_detail(ada.student_id)
    assert detail is not None
    qtbot.waitUntil(lambda: detail.incident_count() >= 2, timeout=WAIT_MS)
    items = [detail.timeline.item(i) for i in range(detail.timeline.count())]
    texts = [item.text() for item in items]
    assert any("Left the exam window" in t for t in texts)
    camera = next(item for item in items if "No face on camera" in item.text())
    assert not camera.icon().isNull()
    detail.timeline.setCurrentItem(camera)
    assert detail.picture.isVisibleTo(detail) and not detail.picture.pixmap().isNull()

    qtbot.waitUntil(lambda: "main.py" in detail.editor_texts(), timeout=WAIT_MS)
    assert detail.editor_texts()["main.py"].startswith("def mean(xs):")
    editor = detail.files.widget(0)
    assert editor.is_read_only()
    assert "Not handed in" in detail.receipt_label.text()
    # The proctor's own actions are in the timeline too.
    d.window.select_ids([ada.student_id])
    d.window.student_buttons["pause"].click()
    qtbot.waitUntil(
        lambda: any(
            "You paused this student" in detail.timeline.item(i).text()
            for i in range(detail.timeline.count())
        ),
        timeout=WAIT_MS,
    )
    assert any(
        "Exam started" in detail.timeline.item(i).text() for i in range(detail.timeline.count())
    )
    d.window.select_ids([ada.student_id])
    qtbot.waitUntil(lambda: d.window.student_buttons["resume"].isEnabled(), timeout=WAIT_MS)
    d.window.student_buttons["resume"].click()
    qtbot.waitUntil(lambda: d.students()[ada.student_id]["status"] == "active", timeout=WAIT_MS)

    # New incidents and the hand-in arrive while the detail is open.
    ada.report("external_paste", length=250, lines=9, preview="import numpy as np")
    receipt = ada.submit({"main.py": "def mean(xs):\n    return sum(xs) / max(len(xs), 1)\n"})
    qtbot.waitUntil(
        lambda: any(
            "Pasted text" in detail.timeline.item(i).text() for i in range(detail.timeline.count())
        ),
        timeout=WAIT_MS,
    )
    code = f"{receipt['sha256'][:4]}-{receipt['sha256'][4:8]}".upper()
    qtbot.waitUntil(lambda: f"receipt {code}" in detail.receipt_label.text(), timeout=WAIT_MS)
    assert receipt["sha256"] in detail.receipt_label.toolTip()
    qtbot.waitUntil(lambda: "max(len(xs), 1)" in detail.editor_texts()["main.py"], timeout=WAIT_MS)
    assert detail.version_box.currentData() == "submission"
    # The version selector is as wide as its longest entry: nothing clipped.
    box = detail.version_box
    widest = max(box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count()))
    assert box.sizeHint().width() >= widest + 16
    texts = [detail.timeline.item(i).text() for i in range(detail.timeline.count())]
    times = [t.split()[0] for t in texts]
    assert times == sorted(times)  # one timeline, in time order


def test_export_writes_the_results_folder(dashboard: Dashboard, qtbot: Any, tmp_path: Path) -> None:
    d = dashboard
    (ada,) = join(d, qtbot, "Ada Lovelace")
    start_exam(d, qtbot)
    ada.submit({"main.py": "print('done')\n"})
    out = tmp_path / "results"
    with qtbot.waitSignal(d.actions.exported, timeout=WAIT_MS):
        d.actions.export_to(out)
    log = json.loads((out / "session_log.json").read_text(encoding="utf-8"))
    assert [a["reg_no"] for a in log["attendance"]] == ["R001"]
    assert (out / "attendance.csv").is_file() and (out / "incidents.csv").is_file()
    assert (out / "submissions" / "R001" / "main.py").read_text() == "print('done')\n"
    assert str(out) in d.window.banner.text()


def test_closing_during_the_exam_can_keep_the_room_running(
    dashboard: Dashboard, qtbot: Any
) -> None:
    d = dashboard
    (ada,) = join(d, qtbot, "Ada Lovelace")
    start_exam(d, qtbot)
    d.window.close()
    dialog = d.actions.dialog
    assert isinstance(dialog, CloseDialog) and "exam is running" in dialog.text.text()
    assert d.window.isVisible()
    dialog.reject()
    assert d.window.isVisible()

    d.window.close()
    dialog = d.actions.dialog
    assert isinstance(dialog, CloseDialog)
    with qtbot.waitSignal(d.actions.finished, timeout=WAIT_MS):
        dialog.keep_button.click()
    assert not d.window.isVisible()
    assert ada.state()["me"]["status"] == "active"


def test_connection_card_copies_and_shows_the_join_card(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    card = d.window.connection
    assert card.room_label.text() == d.host.join_code
    card.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert d.host.join_code in copied and f"127.0.0.1:{d.host.port}" in copied
    card.fullscreen_button.click()
    join_card = card._join_card
    assert join_card is not None and join_card.isVisible()
    assert join_card.room.text() == d.host.join_code
    assert join_card.address.text() == f"127.0.0.1:{d.host.port}"
    qtbot.keyClick(join_card, Qt.Key.Key_Escape)
    assert not join_card.isVisible()
