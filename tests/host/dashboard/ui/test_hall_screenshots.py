"""Screenshots of the hall in the dashboard with a real room, for a person to look at:
artifacts/screenshots/hall_<size>_*.png (the table with the hands queue, the announcements
with who has not acknowledged, the roster with who never came, the wall of screens, the live
view). The size is the screen's (run under xvfb-run at 1366x768 and 1920x1080, with a window
manager) or 1366x768 offscreen."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QWidget

from proctor.student.ui.screens import encode_thumbnail
from proctor.ui.style import apply_style
from tests.helpers.dashboard import Heartbeats, StudentClient, dashboard_for, wait_closed
from tests.helpers.hosts import HostThread

pytestmark = [pytest.mark.gui, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"
NAMES = [
    "Amara Okafor", "Bruno Costa", "Chen Wei", "Dagny Holm", "Emeka Eze", "Farah Haddad",
    "Gustav Lind", "Hana Suzuki", "Ivan Petrov", "Julia Nowak", "Kofi Mensah", "Lea Roth",
    "Mateo Silva", "Nadia Rahman", "Oskar Berg", "Priya Nair", "Quentin Moreau", "Rosa Díaz",
]  # fmt: skip
CODE = [
    "def word_counts(text):",
    "    counts = {}",
    "    for word in text.split():",
    "        word = word.lower().strip('.,;')",
    "        counts[word] = counts.get(word, 0) + 1",
    "    return counts",
    "",
    "def top(counts, n=10):",
    "    return sorted(counts.items(), key=lambda kv: -kv[1])[:n]",
]


def size_name() -> str:
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return "1366x768"
    geometry = screen.geometry()
    return f"{geometry.width()}x{geometry.height()}"


def save(widget: QWidget, name: str) -> Path:
    """The whole screen on a real display (what the proctor sees), else the widget."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"hall_{size_name()}_{name}.png"
    screen = QGuiApplication.primaryScreen()
    if QGuiApplication.platformName() == "xcb" and screen is not None:
        QGuiApplication.processEvents()
        assert screen.grabWindow(0).save(str(path))
    else:
        assert widget.grab().save(str(path))
    return path


def exam_window_picture(name: str, lines: int, warning: bool) -> bytes:
    """A thumbnail like the app's: its top bar, the instructions and the editor."""
    image = QImage(1366, 768, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f6f9"))
    painter = QPainter(image)
    painter.fillRect(QRect(0, 0, 1366, 56), QColor("#1e3a5f"))
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 16, QFont.Weight.Bold))
    painter.drawText(
        QRect(16, 0, 900, 56), Qt.AlignmentFlag.AlignVCenter, f"Algorithms final · {name}"
    )
    painter.fillRect(QRect(0, 56, 380, 712), QColor("#ffffff"))
    painter.setPen(QColor("#222222"))
    painter.setFont(QFont("DejaVu Sans", 13))
    painter.drawText(QRect(16, 70, 350, 200), Qt.TextFlag.TextWordWrap,
                     "Word frequencies\n\nWrite word_counts(text) and top(counts, n).")  # fmt: skip
    painter.setFont(QFont("DejaVu Sans Mono", 14))
    for n, line in enumerate(CODE[:lines]):
        painter.setPen(QColor("#999999"))
        painter.drawText(QPoint(400, 100 + n * 28), f"{n + 1:>2}")
        painter.setPen(QColor("#1f2937"))
        painter.drawText(QPoint(440, 100 + n * 28), line)
    if warning:
        painter.fillRect(QRect(380, 600, 986, 168), QColor("#fde68a"))
        painter.setPen(QColor("#5a3100"))
        painter.drawText(QPoint(400, 680), "Browser window open: chat.openai.com")
    painter.end()
    return encode_thumbnail(image)


def put_screen(student: StudentClient, data: bytes) -> None:
    request = urllib.request.Request(
        f"{student.room_url}/screen", data=data, method="PUT",
        headers={"Authorization": f"Bearer {student.token}", "Content-Type": "image/jpeg"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10, context=student.context):
        pass


@pytest.fixture
def styled(qapp):
    """The application's own look for the pictures; the session's look is restored after."""
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_hall_screenshots(styled, qtbot, tmp_path, bridge) -> None:
    host = HostThread(tmp_path / "host", name="Algorithms final", duration_s=5400).start()
    beats = None
    d = dashboard_for(host, bridge)
    try:
        qtbot.addWidget(d.window)
        d.window.showMaximized()
        qtbot.waitUntil(lambda: d.window.room is not None, timeout=15_000)
        policy = host.admin("GET", "room")["policy"]
        host.admin("PUT", "policy", policy | {"screens": "thumbnail"})
        roster = "".join(
            f"CS/{n:03d},{name},{'AB'[n % 2]}{n + 1}\n" for n, name in enumerate(NAMES)
        )
        roster += "CS/100,Sven Olsen,C1\nCS/101,Tariq Aziz,C2\n"
        host.admin("PUT", "roster", {"csv": roster, "unknown": "flag"})
        students = [StudentClient(host, name, f"CS/{n:03d}") for n, name in enumerate(NAMES)]
        students.append(StudentClient(host, "Walk In", "ZZ/999"))
        beats = Heartbeats(students[:-2])
        host.admin("POST", "start")
        students[1].report("process_blacklisted", name="discord", pid=4242, rule="Discord")
        students[1].report("external_paste", length=310, lines=9, preview="def top(counts")
        for s in students[3:6]:
            s.report("focus_lost", lost_ms=1)
            s.report("focus_regained", lost_ms=1, duration_ms=41_000)
        students[7].report(
            "second_screen", name="HDMI-1", message="A second screen", suspected=False
        )
        host.admin("POST", f"students/{students[4].student_id}/flag", {"reason": "talking"})
        sent = host.admin("POST", "announce", {"text": "Question 2: n is at most 100."})
        for s in students[:13]:
            s.call("POST", f"announcements/{sent['id']}/ack")
        students[2].call("POST", "hand", {"text": "My compiler crashed"})
        students[9].call("POST", "hand", {"text": "May I have more paper?"})
        students[12].call("POST", "hand", {})
        for n, s in enumerate(students[:-2]):
            put_screen(s, exam_window_picture(s.name, 3 + n % 7, warning=(n == 1)))
        desk = d.hall
        assert desk is not None
        qtbot.waitUntil(lambda: desk.panel.hands.table.rowCount() == 3, timeout=15_000)
        qtbot.waitUntil(lambda: bool(desk.roster and desk.roster.never_came), timeout=15_000)
        qtbot.wait(1500)
        save(d.window, "table_hands")
        desk.panel.setCurrentWidget(desk.panel.announcements)
        qtbot.wait(300)
        save(d.window, "announcements")
        desk.panel.setCurrentWidget(desk.panel.roster)
        qtbot.wait(300)
        save(d.window, "roster")
        desk.panel.setCurrentWidget(desk.panel.hands)
        desk.show_wall(True)
        qtbot.waitUntil(lambda: desk.wall_desk.fetched >= 12, timeout=20_000)
        qtbot.wait(800)
        save(d.window, "wall")
        desk.wall_desk.open_live(students[1].student_id)
        live = desk.wall_desk.live
        assert live is not None
        qtbot.waitUntil(lambda: not live.picture.pixmap().isNull(), timeout=15_000)
        qtbot.wait(500)
        save(live, "live_view")
        live.close()
    finally:
        if beats is not None:
            beats.stop()
        d.window.allow_close = True
        d.window.close()
        wait_closed(d.service.shutdown())
        host.stop()
