"""The wall of screens on real widgets against a real room server: tiles with the latest
thumbnail, flagged and offline first, and the live view of one student."""

from __future__ import annotations

import urllib.request

import cv2
import numpy as np
import pytest

from proctor.host.dashboard.ui.hall_wall import wall_order
from tests.helpers.dashboard import Dashboard, StudentClient

pytestmark = pytest.mark.gui


def jpeg(shade: int) -> bytes:
    picture = np.full((180, 320, 3), shade, dtype=np.uint8)
    cv2.putText(picture, f"screen {shade}", (20, 90), cv2.FONT_HERSHEY_SIMPLEX, 1, (255, 255, 255))
    ok, encoded = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    return bytes(encoded.tobytes())


def send_screen(student: StudentClient, data: bytes) -> int:
    request = urllib.request.Request(
        f"{student.room_url}/screen",
        data=data,
        method="PUT",
        headers={"Authorization": f"Bearer {student.token}", "Content-Type": "image/jpeg"},
    )
    with urllib.request.urlopen(request, timeout=10, context=student.context) as resp:
        return int(resp.status)


def test_the_wall_shows_each_students_screen_flagged_first(qtbot, dashboard: Dashboard) -> None:
    host = dashboard.host
    policy = host.admin("GET", "room")["policy"]
    host.admin("PUT", "policy", policy | {"screens": "thumbnail"})
    ada = StudentClient(host, "Ada Lovelace", "CS-1")
    zoe = StudentClient(host, "Zoe Zimmer", "CS-2")
    host.admin("POST", "start")
    desk = dashboard.hall
    assert desk is not None
    desk.show_wall(True)
    wall = desk.wall
    qtbot.waitUntil(lambda: set(wall.tiles) == {ada.student_id, zoe.student_id}, timeout=10_000)
    qtbot.waitUntil(lambda: desk.wall_desk.policy is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not wall.note.isVisible(), timeout=10_000)  # screens are on
    assert wall.order == [ada.student_id, zoe.student_id]  # by name
    host.admin("POST", f"students/{zoe.student_id}/flag", {"reason": "phone on the desk"})
    qtbot.waitUntil(lambda: wall.order == [zoe.student_id, ada.student_id], timeout=10_000)
    assert "phone on the desk" in wall.tiles[zoe.student_id].flags.text()

    assert send_screen(ada, jpeg(40)) == 200
    assert send_screen(zoe, jpeg(90)) == 200
    qtbot.waitUntil(lambda: desk.wall_desk.fetched >= 2, timeout=10_000)
    picture = wall.tiles[ada.student_id].picture.pixmap()
    assert picture is not None and not picture.isNull() and picture.width() > 100

    desk.wall_desk.open_live(ada.student_id)
    live = desk.wall_desk.live
    assert live is not None
    qtbot.waitUntil(lambda: not live.picture.pixmap().isNull(), timeout=10_000)
    assert "Ada Lovelace" in live.windowTitle()
    live.close()
    desk.show_wall(False)
    assert desk.stack.currentWidget() is dashboard.window.table


def test_the_wall_order_puts_flagged_then_offline_first() -> None:
    from proctor.common.protocol import StudentRow

    def row(name: str, flagged: bool, online: bool) -> StudentRow:
        return StudentRow(
            student_id=name, name=name, reg_no=name, status="active", ends_ms=None,
            online=online, flagged=flagged, flag_reasons=[], last_seen_ms=None, violations=0,
            address="", joined_ms=0,
        )  # fmt: skip

    rows = [row("a", False, True), row("b", False, False), row("c", True, True)]
    assert [r.name for r in sorted(rows, key=wall_order)] == ["c", "b", "a"]


def test_the_wall_is_turned_on_from_the_dashboard_in_the_lobby(qtbot, dashboard: Dashboard) -> None:
    desk = dashboard.hall
    assert desk is not None
    desk.show_wall(True)
    wall = desk.wall
    qtbot.waitUntil(lambda: wall.turn_on.isVisible(), timeout=10_000)
    assert "off" in wall.note.text()
    wall.turn_on.click()
    qtbot.waitUntil(
        lambda: dashboard.host.admin("GET", "room")["policy"]["screens"] == "thumbnail",
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: not wall.note.isVisible(), timeout=10_000)
    assert not wall.turn_on.isVisible()
