"""The dashboard's layout as a proctor meets it on a laptop: it fits 1366x768 in every phase
(also with a larger system font), buttons do not move under the mouse, a message does not
push the grid, the compact view shows more students, and warnings arrive where they are seen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect

from proctor.common.protocol import Incident, Room, StudentRow
from proctor.common.timeutil import now_ms
from proctor.host.dashboard.ui.dialogs import ReasonDialog
from proctor.host.dashboard.ui.student_model import Column
from proctor.ui import geometry
from proctor.ui.style import apply_style
from tests.helpers.dashboard import Dashboard, StudentClient, trusting_only

pytestmark = pytest.mark.gui
LAPTOP = QRect(0, 0, 1366, 768)
WAIT_MS = 10_000


@pytest.fixture
def styled(qapp: Any) -> Iterator[Any]:
    """The application's own look and font; the session's are restored after."""
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def room(status: str) -> Room:
    return Room(
        id="7KQ4MZ",
        name="Programming 1: final exam",
        status=status,
        duration_s=7200,
        started_ms=now_ms(),
        ends_ms=now_ms() + 7_200_000,
        server_time_ms=now_ms(),
    )


def x_of(widget: Any, window: Any) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


@pytest.mark.parametrize("point_size", [11, 13])
def test_it_fits_a_1366x768_laptop_in_every_phase(
    dashboard: Dashboard, styled: Any, qtbot: Any, point_size: int
) -> None:
    font = styled.font()
    font.setPointSize(point_size)
    styled.setFont(font)
    qtbot.wait(10)
    w = dashboard.window
    for status in ("lobby", "active", "ended"):
        w.on_room(room(status))
        qtbot.wait(10)
        hint = w.minimumSizeHint()
        assert hint.width() <= LAPTOP.width() - geometry.FRAME_ALLOWANCE.width(), (status, hint)
        assert hint.height() <= LAPTOP.height() - geometry.FRAME_ALLOWANCE.height(), (status, hint)
    geometry.place(w, 210, 54, area=LAPTOP)
    assert w.width() <= 1366 and w.height() <= 768 - geometry.FRAME_ALLOWANCE.height()
    wanted = geometry.text_size(w, 210, 54)
    font.setPointSize(point_size + 4)
    styled.setFont(font)
    qtbot.wait(10)  # the new font reaches the window
    assert geometry.text_size(w, 210, 54).width() > wanted.width()  # grows with the font


def test_the_action_buttons_stay_put_whatever_is_selected(dashboard: Dashboard, qtbot: Any) -> None:
    d = dashboard
    for n in range(3):
        StudentClient(d.host, f"Student {n}", f"R{n}")
    qtbot.waitUntil(lambda: d.window.model.rowCount() == 3, timeout=WAIT_MS)
    w = d.window

    def positions() -> dict[str, int]:
        qtbot.wait(20)
        return {key: x_of(button, w) for key, button in w.student_buttons.items()}

    nothing = positions()
    w.select_ids([r.student_id for r in w.model.students()[:1]])
    one = positions()
    w.select_ids([r.student_id for r in w.model.students()])
    several = positions()
    assert nothing == one == several
    assert w.selection_label.text() == "3 selected:"


def test_a_message_does_not_push_the_grid_down(dashboard: Dashboard, qtbot: Any) -> None:
    w = dashboard.window
    qtbot.wait(20)
    top = w.table.mapTo(w, QPoint(0, 0)).y()
    w.show_banner("warning", "Reconnecting to the room server… Students are not affected.")
    qtbot.wait(20)
    assert w.banner_shown() and w.table.mapTo(w, QPoint(0, 0)).y() == top
    w.hide_banner()
    qtbot.wait(20)
    assert not w.banner_shown() and w.table.mapTo(w, QPoint(0, 0)).y() == top


def test_the_compact_view_shows_more_students(
    dashboard: Dashboard, styled: Any, qtbot: Any
) -> None:
    w = dashboard.window
    rows = [
        StudentRow(
            student_id=f"s_{i:03d}",
            name=f"Student {i:03d}",
            reg_no=f"CS/2024/{i:03d}",
            status="active",
            ends_ms=now_ms() + 3_600_000,
            online=True,
            flagged=False,
            flag_reasons=[],
            last_seen_ms=now_ms(),
            violations=0,
            address="10.0.0.1",
            joined_ms=now_ms(),
        )
        for i in range(100)
    ]
    w.on_students(rows)
    geometry.place(w, 210, 54, area=LAPTOP)
    w.resize(1366 - 16, 768 - 48)

    def visible_rows() -> int:
        qtbot.wait(50)
        return w.table.viewport().height() // w.table.verticalHeader().defaultSectionSize()

    normal = visible_rows()
    w.compact_check.setChecked(True)
    compact = visible_rows()
    assert compact >= 20 and compact >= normal + 6, (normal, compact)
    assert w.strip.isVisible() and not w.top.isVisible()
    assert "Join code " in w.strip.join.text() and "Online 100" in w.strip.counts.text()
    w.compact_check.setChecked(False)
    assert w.top.isVisible() and not w.strip.isVisible()


def test_many_going_offline_at_once_asks_about_the_network(
    dashboard: Dashboard, qtbot: Any
) -> None:
    w = dashboard.window
    t = now_ms()

    def row(i: int, online: bool) -> StudentRow:
        return StudentRow(
            student_id=f"s_{i:03d}",
            name=f"Student {i:03d}",
            reg_no=f"R{i}",
            status="active",
            ends_ms=t + 3_600_000,
            online=online,
            flagged=False,
            flag_reasons=[],
            last_seen_ms=t,
            violations=0,
            address="10.0.0.1",
            joined_ms=t,
            offline_since_ms=None if online else t + i * 50,
        )

    w.on_students([row(i, True) for i in range(100)])
    w.on_students([row(0, False)])
    assert w.banner.property("kind") != "offline_burst"  # one student leaving: no alarm
    w.on_students([row(i, False) for i in range(1, 38)])
    assert w.banner.property("kind") == "offline_burst"
    assert w.banner.text().startswith("38 students went offline within 5 seconds.")
    assert "Is the network down?" in w.banner.text()
    w.on_students([row(i, True) for i in range(0, 38)])
    assert not w.banner_shown()  # they are back: the warning goes by itself


def test_a_wrong_admin_key_is_shown_with_its_address(dashboard: Dashboard, qtbot: Any) -> None:
    w = dashboard.window
    at = now_ms()
    wrong = Incident(
        id=9,
        at_ms=at,
        student_id="",
        reg_no="",
        kind="admin_key_refused",
        source="network",
        detail={"address": "10.0.0.77", "where": "login"},
    )
    w.on_incidents([wrong])
    assert w.banner.property("level") == "warning"
    assert "Someone at 10.0.0.77 typed a wrong admin key at" in w.banner.text()
    # And for real: a wrong key on the room's login reaches the dashboard over the stream.
    w.hide_banner()
    dashboard.host.join("Ada", "R1")
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"{dashboard.host.room_url}/admin/login",
        data=b'{"admin_key": "not the key!"}',
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10, context=trusting_only(dashboard.host))
    qtbot.waitUntil(lambda: "wrong admin key" in w.banner.text(), timeout=WAIT_MS)
    assert "on this computer" in w.banner.text()
    # It never covers the exam's end: it goes to the status bar instead.
    w.show_banner("info", "The exam is over.", kind="over")
    w.on_incidents([wrong.model_copy(update={"id": 10})])
    assert w.banner.text() == "The exam is over."
    assert "10.0.0.77" in w.statusBar().currentMessage()


def test_window_titles_leave_the_app_name_to_the_system(dashboard: Dashboard) -> None:
    w = dashboard.window
    w.on_room(room("active"))
    assert w.windowTitle() == "Programming 1: final exam · room 7KQ4MZ"
    assert "Proctor" not in w.windowTitle()  # the system adds " — Proctor" once


def test_dialog_buttons_are_words_without_icons(styled: Any, qtbot: Any) -> None:
    dialog = ReasonDialog("Remove from the exam", "Remove Ada?", "Remove", required=True)
    qtbot.addWidget(dialog)
    buttons = dialog.buttons.buttons()
    assert {b.text() for b in buttons} == {"Remove", "Cancel"}
    assert all(b.icon().isNull() for b in buttons)  # no red cross, no green tick


def test_on_a_laptop_the_grid_shows_who_what_and_time_left_without_scrolling(
    dashboard: Dashboard, styled: Any, qtbot: Any
) -> None:
    w = dashboard.window
    w.on_room(room("active"))
    w.resize(1366 - geometry.FRAME_ALLOWANCE.width(), 768 - geometry.FRAME_ALLOWANCE.height())
    qtbot.wait(50)
    header = w.table.horizontalHeader()
    in_view = w.table.viewport().width()
    for column in (Column.NAME, Column.REG_NO, Column.STATUS, Column.TIME_LEFT, Column.CONNECTION):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= in_view, (column.name, right, in_view)
    # The model keeps its order (exports and the other views read it); only the view moves.
    assert header.visualIndex(Column.TIME_LEFT) == header.visualIndex(Column.STATUS) + 1
