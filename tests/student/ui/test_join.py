"""The landing window and the join form: validation as typed, and a clear message for each way
joining can fail, each against a real server on loopback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from proctor.landing import Landing
from proctor.student.ui.app import build_parser
from proctor.student.ui.controller import Prefill
from proctor.student.ui.join import check_host, check_name, check_reg_no, check_room
from tests.helpers.student_ui import (
    close_student,
    free_port,
    join_via_form,
    make_student,
    other_server,
)

pytestmark = pytest.mark.gui


def _join(qtbot, student, host_text, room, name="Ada Lovelace", reg_no="2023CS0042"):
    page = student.window.join_page
    page.host.edit.setText(host_text)
    page.room.edit.setText(room)
    page.name.edit.setText(name)
    page.reg_no.edit.setText(reg_no)
    page._validate()
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=15_000)
    return page


def test_landing_offers_both_roles_and_opens_the_join_form(qtbot, tmp_path):
    landing = Landing(student_data_dir=tmp_path / "student")
    qtbot.addWidget(landing.window)
    landing.window.show()
    assert landing.window.proctor_button.text() == "I am the &proctor"
    assert landing.window.student_button.text() == "I am a &student"
    assert landing.window.focusWidget() is landing.window.student_button
    qtbot.mouseClick(landing.window.student_button, Qt.MouseButton.LeftButton)
    student = landing.opened
    assert student is not None
    qtbot.addWidget(student.window)
    assert student.window.isVisible()
    assert student.window.current_page() is student.window.join_page
    assert not landing.window.isVisible()
    close_student(student)


def test_field_checks():
    assert check_host("192.168.1.20")[1] == ("192.168.1.20", 8080)
    assert check_host("192.168.1.20:9000")[1] == ("192.168.1.20", 9000)
    assert check_host("192.168.1.")[1] is None
    assert check_host("10.0.0.1:99999")[1] is None
    assert check_host("")[0]
    assert check_room("abc234") == ""
    assert "no '0'" in check_room("ABC0O4") or "'0'" in check_room("ABC0O4")
    assert check_room("ABC") == "A room ID has 6 characters; this one has 3."
    # The join code, as people type it: any case, spaces, a dash or none, O for 0.
    for typed in ("K7M2QX-9F3A", "k7m2qx-9f3a", "K7M2 QX – 9F3A", "K7M2QX9F3A", "K7M2QX-9FOA"):
        assert check_room(typed) == "", typed
    assert "0-9 and A-F" in check_room("K7M2QX-9F3G")
    assert "is not a join code" in check_room("K7M2QX-9F")
    assert check_host("", may_be_empty=True) == ("", None)  # a heard room says where
    assert check_name("  Ada   Lovelace ") == ""
    assert check_name("   ")
    assert check_name("a" * 81) == (
        "A name can have at most 80 characters; this one has 81. Shorten it, for example "
        "with initials for middle names."
    )
    # The formats registrars use: slashes, dots, dashes, single spaces.
    for reg_no in ("2023CS0042", "CS/2021/045", "U-21.045", "ENG 2021 045", " CS/1  2 "):
        assert check_reg_no(reg_no) == "", reg_no
    assert "backslash" in check_reg_no("CS\\2021")
    assert "at most 40" in check_reg_no("R" * 41)


def test_join_button_follows_validation_as_typed(qtbot, student):
    page = student.window.join_page
    assert not page.join_button.isEnabled()
    qtbot.keyClicks(page.host.edit, "127.0.0.1:8080")
    qtbot.keyClicks(page.room.edit, "abc234")
    assert page.room.edit.text() == "ABC234"  # upper-cased while typing
    qtbot.keyClicks(page.name.edit, "Ada Lovelace")
    assert not page.join_button.isEnabled()
    qtbot.keyClicks(page.reg_no.edit, "CS\\2021")
    page.reg_no.edit.editingFinished.emit()
    assert not page.join_button.isEnabled()
    assert page.reg_no.message.text().startswith("A registration number has no backslash")
    assert page.reg_no.edit.property("invalid") == "true"
    page.reg_no.edit.clear()
    qtbot.keyClicks(page.reg_no.edit, "CS/2021/045")
    assert page.join_button.isEnabled()
    assert page.reg_no.edit.property("invalid") == "false"
    assert page.details().reg_no == "CS/2021/045"
    # Keyboard only: Tab walks host → room → name → registration number → Join, and Enter joins.
    window = student.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.host.edit.setFocus()
    visited = []
    for _ in range(4):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        visited.append(window.focusWidget())
    assert visited == [page.room.edit, page.name.edit, page.reg_no.edit, page.join_button]


def test_unreachable_host(qtbot, student):
    port = free_port()  # nothing listens here
    page = _join(qtbot, student, f"127.0.0.1:{port}", "ABC234")
    assert "Cannot reach the proctor's computer" in page.error.text()
    assert student.window.focusWidget() is page.host.edit
    assert page.join_button.isEnabled()  # may try again


def test_not_a_proctor_host(qtbot, student):
    with other_server() as port:
        page = _join(qtbot, student, f"127.0.0.1:{port}", "ABC234")
    assert "not a Proctor exam room, so the address or the port is wrong" in page.error.text()


def test_unknown_room(qtbot, student, host_thread):
    wrong = "222222" if host_thread.room_id != "222222" else "333333"
    fp4 = host_thread.join_code.split("-")[1]
    page = _join(qtbot, student, f"127.0.0.1:{host_thread.port}", f"{wrong}-{fp4}")
    assert f"There is no exam room {wrong}" in page.error.text()
    assert student.window.focusWidget() is page.room.edit


def test_a_seat_taken_on_another_computer_then_moved_here_by_the_proctor(
    qtbot, student, host_thread
):
    other = host_thread.join("Ada Lovelace", "2023CS0042")  # the same reg. no on another computer
    page = _join(qtbot, student, f"127.0.0.1:{host_thread.port}", host_thread.join_code)
    assert "already has a seat in this exam on another computer" in page.error.text()
    assert "ask the proctor to move your seat here" in page.error.text()
    assert student.window.focusWidget() is page.reg_no.edit

    host_thread.admin("POST", f"students/{other['student_id']}/move")
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: student.window.current_page() is student.window.lobby_page, timeout=10_000
    )
    assert student.controller.me is not None
    assert student.controller.me.student_id == other["student_id"]


def test_removed_by_the_proctor(qtbot, student, host_thread):
    joined = host_thread.join("Ada Lovelace", "2023CS0042")
    host_thread.admin("POST", f"students/{joined['student_id']}/kick")
    page = _join(qtbot, student, f"127.0.0.1:{host_thread.port}", host_thread.join_code)
    assert "The proctor has removed you from this exam" in page.error.text()


def test_command_line_details_join_at_once(qtbot, tmp_path, host_thread):
    args = build_parser().parse_args(
        [
            "--host",
            f"127.0.0.1:{host_thread.port}",
            "--room",
            host_thread.join_code.lower(),
            "--name",
            "Ada Lovelace",
            "--reg-no",
            "2023CS0042",
        ]
    )
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start(Prefill(args.host, args.room, args.name, args.reg_no))
    qtbot.waitUntil(lambda: app.window.current_page() is app.window.lobby_page, timeout=10_000)
    assert app.controller.me is not None and app.controller.me.reg_no == "2023CS0042"
    close_student(app)


def test_partial_command_line_only_fills_the_form(qtbot, tmp_path, host_thread):
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start(Prefill(f"127.0.0.1:{host_thread.port}", host_thread.join_code, "", ""))
    page = app.window.join_page
    assert app.window.current_page() is page
    # The saved seat is looked for off the GUI thread; then the form is filled.
    qtbot.waitUntil(
        lambda: page.host.edit.text() == f"127.0.0.1:{host_thread.port}", timeout=10_000
    )
    assert app.window.focusWidget() is page.name.edit
    join_via_form(qtbot, app, host_thread, "Ada Lovelace", "2023CS0042")
    qtbot.waitUntil(lambda: app.window.current_page() is app.window.lobby_page, timeout=10_000)
    close_student(app)
