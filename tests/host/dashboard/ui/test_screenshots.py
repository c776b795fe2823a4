"""Screenshots of the dashboard with a real room, for a person to look at:
artifacts/screenshots/dashboard_*.png (the setup form, the lobby, the running exam with a
flagged and an offline student, a student's detail, a refused claim on a seat, the move
confirmation, the projector's join card)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from proctor.host.dashboard.setup_checks import gather_environment
from proctor.host.dashboard.ui.connection_card import JoinCard
from proctor.host.dashboard.ui.setup_form import SetupForm
from proctor.host.dashboard.ui.setup_probe import SetupProbe
from proctor.host.dashboard.ui.student_model import Column
from proctor.ui.style import apply_style
from tests.helpers.dashboard import (
    Heartbeats,
    StudentClient,
    dashboard_for,
    trusting_only,
    wait_closed,
)
from tests.helpers.hosts import HostThread

pytestmark = [pytest.mark.gui, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"
WAIT_MS = 15_000
NAMES = [
    "Amara Okafor",
    "Bruno Costa",
    "Chen Wei",
    "Dagny Holm",
    "Emeka Eze",
    "Farah Haddad",
    "Gustav Lind",
    "Hana Suzuki",
    "Ivan Petrov",
    "Julia Nowak",
    "Kofi Mensah",
    "Lea Roth",
]


def save(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"dashboard_{name}.png"
    assert widget.grab().save(str(path))
    return path


def save_with_dialog(window: QWidget, dialog: QWidget, name: str) -> Path:
    """The window with a dialog drawn over its middle, as the proctor sees it."""
    image = window.grab().toImage()
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 60))
    shot = dialog.grab()
    at = QPoint((image.width() - shot.width()) // 2, (image.height() - shot.height()) // 3)
    painter.drawPixmap(at, shot)
    painter.end()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"dashboard_{name}.png"
    assert image.save(str(path))
    return path


def post_json(url: str, body: dict[str, Any], context: Any = None) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10, context=context) as resp:
        return json.loads(resp.read())


def camera_picture() -> str:
    image = QImage(160, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("#5b6b7a"))
    painter = QPainter(image)
    painter.fillRect(20, 70, 120, 50, QColor("#8a6d55"))
    painter.setPen(QColor("#ffffff"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "empty chair")
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return base64.b64encode(bytes(buffer.data())).decode()


@pytest.fixture
def styled(qapp: Any) -> Any:
    """The application's own look for the pictures; the session's look is restored after."""
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_screenshots(qtbot: Any, styled: Any, tmp_path: Path, bridge: Any) -> None:
    form = SetupForm(SetupProbe(bridge), gather_environment())
    qtbot.addWidget(form)
    form.name_edit.setText("Programming 1: final exam")
    form.duration.setValue(120)
    form.key_edit.setText("correct horse battery")
    form.key_again.setText("correct horse battery")
    form.blacklist.add_name("chess*")
    form.show()
    qtbot.wait(100)
    assert save(form, "setup_form").stat().st_size > 10_000

    host = HostThread(tmp_path / "room", name="Programming 1: final exam", duration_s=7200)
    host.start()
    d = dashboard_for(host, bridge)
    window = d.window
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    beats: Heartbeats | None = None
    try:
        students = [StudentClient(host, n, f"2024{i:04d}") for i, n in enumerate(NAMES, 11)]
        online = [s for s in students if s.name != "Dagny Holm"]
        beats = Heartbeats(online)
        qtbot.waitUntil(lambda: window.model.rowCount() == len(NAMES), timeout=WAIT_MS)
        qtbot.wait(300)
        save(window, "lobby")

        window.start_button.click()
        d.actions.dialog.ok_button.click()
        qtbot.waitUntil(lambda: d.room()["status"] == "active", timeout=WAIT_MS)
        by_name = {s.name: s for s in students}
        chen, farah, ivan = by_name["Chen Wei"], by_name["Farah Haddad"], by_name["Ivan Petrov"]
        chen.report("focus_lost", lost_ms=0)
        chen.report("focus_regained", duration_ms=14_000)
        chen.report("external_paste", length=412, lines=14, preview="def quicksort(xs):")
        chen.report(
            "process_blacklisted",
            rule="Discord",
            name="Discord",
            exe="/usr/bin/discord",
            pid=4242,
            category="chat",
        )
        chen.report(
            "no_face",
            message="No face seen in the last 3 checks.",
            thumbnail_jpeg_b64=camera_picture(),
        )
        chen.save({"solution.py": SOLUTION, "notes.txt": "try a heap next\n"}, seq=7)
        host.admin("POST", f"students/{farah.student_id}/flag", {"reason": "phone under desk"})
        host.admin("POST", f"students/{ivan.student_id}/pause", {"reason": "toilet break"})
        by_name["Lea Roth"].submit({"solution.py": "print('done')\n"})
        # Dagny has no heartbeat: the room marks her offline after a few seconds.
        qtbot.waitUntil(
            lambda: not window.model.student_by_id(by_name["Dagny Holm"].student_id).online,
            timeout=WAIT_MS,
        )
        qtbot.waitUntil(
            lambda: "Discord" in window.model.student_by_id(chen.student_id).shield_processes,
            timeout=WAIT_MS,
        )
        window.table.sortByColumn(Column.FLAG, Qt.SortOrder.AscendingOrder)
        window.select_ids([chen.student_id])
        qtbot.wait(1200)
        save(window, "running")

        detail = d.actions.open_detail(chen.student_id)
        qtbot.addWidget(detail)
        qtbot.waitUntil(lambda: detail.incident_count() >= 5, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "solution.py" in detail.editor_texts(), timeout=WAIT_MS)
        camera = next(
            detail.timeline.item(i)
            for i in range(detail.timeline.count())
            if "No face" in detail.timeline.item(i).text()
        )
        detail.timeline.setCurrentItem(camera)
        qtbot.wait(200)
        save(detail, "student_detail")
        detail.close()

        # Someone at another computer types Bruno's registration number: refused, and shown.
        bruno = by_name["Bruno Costa"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            post_json(
                f"{host.room_url}/join",
                {"name": "Bruno C.", "reg_no": "20240012"},
                trusting_only(host),
            )
        assert refused.value.code == 409
        refused.value.close()
        qtbot.waitUntil(window.claim_alert.isVisible, timeout=WAIT_MS)
        window.table.clearSelection()
        qtbot.wait(1200)
        save(window, "refused_claim")
        window.claim_alert.show_button.click()

        window.student_buttons["move"].click()
        move_dialog = d.actions.dialog
        assert "Bruno Costa" in move_dialog.text.text()
        qtbot.wait(200)
        save_with_dialog(window, move_dialog, "move_confirmation")
        move_dialog.reject()
        assert bruno.student_id in window.selected_ids()
        claimed = d.actions.open_detail(bruno.student_id)
        qtbot.addWidget(claimed)
        qtbot.waitUntil(lambda: "Bruno C." in claimed.claim_label.text(), timeout=WAIT_MS)
        qtbot.wait(200)
        save(claimed, "student_detail_claim")
        claimed.close()

        window.end_button.click()
        end_dialog = d.actions.dialog
        end_dialog.key_edit.setText("wrong key!")
        end_dialog.ok_button.click()
        qtbot.waitUntil(lambda: "not the admin key" in end_dialog.error.text(), timeout=WAIT_MS)
        save_with_dialog(window, end_dialog, "end_wrong_key")
        end_dialog.reject()

        card = JoinCard()
        qtbot.addWidget(card)
        card.set_room("Programming 1: final exam", host.room_id, host.port, ["192.168.1.20"])
        card.resize(1920, 1080)
        card.show()
        qtbot.wait(100)
        save(card, "join_card")
    finally:
        if beats is not None:
            beats.stop()
        window.allow_close = True
        window.close()
        wait_closed(d.service.shutdown())
        host.stop()
    shots = (
        "setup_form",
        "lobby",
        "running",
        "student_detail",
        "refused_claim",
        "move_confirmation",
        "student_detail_claim",
        "join_card",
    )
    for name in shots:
        assert (SHOTS / f"dashboard_{name}.png").is_file()


SOLUTION = '''"""Sort a list of numbers without sorted()."""


def insertion_sort(items: list[int]) -> list[int]:
    result: list[int] = []
    for item in items:
        i = len(result)
        while i > 0 and result[i - 1] > item:
            i -= 1
        result.insert(i, item)
    return result


if __name__ == "__main__":
    print(insertion_sort([5, 2, 9, 1]))
'''
