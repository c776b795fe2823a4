"""The student app when the proctor's computer goes away: time runs out while the host is
down (the app says it keeps trying, then shows the receipt once the host is back), and
starting the app while the host is down (it keeps trying, then resumes the student)."""

from __future__ import annotations

import pytest

from proctor.common.receipt import receipt_code
from proctor.common.tls import CERTIFICATE_CHANGED
from proctor.student.ui.messages import MOVED_TITLE, RECEIVED_TITLE, TIME_UP_TITLE
from tests.helpers.hosts import copy_certificate
from tests.helpers.student_ui import (
    close_student,
    free_port,
    join_and_start,
    join_lobby,
    join_via_form,
    make_student,
    start_host,
)

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_time_up_while_the_host_is_down_then_handed_in_when_it_returns(qtbot, tmp_path):
    port = free_port()
    host_dir = tmp_path / "host"
    host = start_host(host_dir, port=port, duration_s=10)
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        editor = exam.editors["solution.py"]
        editor.focus_text()
        qtbot.keyClicks(editor.scintilla, "# last words")
        qtbot.waitUntil(
            lambda: (
                "# last words" in (app.controller.session.local_work() or {}).get("solution.py", "")
            ),
            timeout=10_000,
        )
        assert exam.countdown.remaining_s() > 2  # the host goes away before the time is up
        host.stop()

        # The clock runs out with nobody to hand in to: editing stops, the app keeps trying.
        qtbot.waitUntil(lambda: exam.overlay.kind == "time_up", timeout=20_000)
        assert exam.overlay.title.text() == TIME_UP_TITLE
        assert editor.is_read_only()
        qtbot.waitUntil(lambda: "cannot be reached" in exam.overlay.body.text(), timeout=15_000)
        assert app.controller.close_refusal()  # cannot close before the receipt

        host = start_host(host_dir, port=port, duration_s=10)
        qtbot.waitUntil(lambda: app.controller.final_receipt is not None, timeout=40_000)
        qtbot.waitUntil(lambda: exam.overlay.title.text() == RECEIVED_TITLE, timeout=10_000)
        receipt = app.controller.final_receipt
        assert receipt_code(receipt.sha256) in exam.overlay.body.text()
        assert receipt.sha256 in exam.overlay.receipt.text()
        work = host.admin("GET", f"students/{app.controller.me.student_id}/work")
        assert work["submission"]["sha256"] == receipt.sha256
        assert "# last words" in work["submission"]["files"]["solution.py"]
        assert app.controller.close_refusal() == ""
    finally:
        close_student(app)
        host.stop()


def seat_then_stop_host(qtbot, host_dir, data_dir):
    """Join a lobby through the form, close the app, stop the host: (port, student_id)."""
    port = free_port()
    host = start_host(host_dir, port=port)
    first = make_student(data_dir)
    qtbot.addWidget(first.window)
    first.start()
    join_lobby(qtbot, first, host, "Grace Hopper", "2023CS0007")
    student_id = first.controller.me.student_id
    close_student(first)
    host.stop()
    return port, student_id


def test_starting_while_the_host_is_down_resumes_offline_then_reconnects(qtbot, tmp_path):
    host_dir, data_dir = tmp_path / "host", tmp_path / "student"
    port, student_id = seat_then_stop_host(qtbot, host_dir, data_dir)

    second = make_student(data_dir)
    qtbot.addWidget(second.window)
    second.start()
    session = second.controller.session
    try:
        # The host is down: the student is back in the seat kept on disk, shown as offline.
        qtbot.waitUntil(
            lambda: second.window.current_page() is second.window.lobby_page, timeout=15_000
        )
        assert second.controller.me.student_id == student_id
        assert session.connection is None or session.connection[0] != "online"
        host = start_host(host_dir, port=port)
        qtbot.waitUntil(
            lambda: session.connection is not None and session.connection[0] == "online",
            timeout=20_000,
        )
    finally:
        close_student(second)
        host.stop()


def test_an_unreachable_host_with_no_kept_state_keeps_trying_then_resumes(qtbot, tmp_path):
    host_dir, data_dir = tmp_path / "host", tmp_path / "student"
    port, student_id = seat_then_stop_host(qtbot, host_dir, data_dir)
    for kept in data_dir.rglob("state.json"):
        kept.unlink()

    second = make_student(data_dir)
    qtbot.addWidget(second.window)
    second.start()
    try:
        page = second.window.resume_page
        qtbot.waitUntil(lambda: "Cannot reach" in page.headline.text(), timeout=15_000)
        assert "Your work is safe on this computer" in page.detail.text()
        host = start_host(host_dir, port=port)
        qtbot.waitUntil(
            lambda: second.window.current_page() is second.window.lobby_page, timeout=20_000
        )
        assert second.controller.me.student_id == student_id
    finally:
        close_student(second)
        host.stop()


def test_hand_in_refused_after_the_grace_period_is_explained(qtbot, tmp_path):
    host = start_host(tmp_path / "host", grace_s=0)
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        host.admin("POST", "end", {"admin_key": host.admin_key})
        qtbot.waitUntil(lambda: bool(app.controller.hand_in_refused), timeout=20_000)
        assert exam.overlay.isVisible()
        assert "no longer accepts hand-ins" in exam.overlay.body.text()
        assert exam.overlay.action.isVisible()
        assert app.controller.final_receipt is None
        assert app.controller.close_refusal() == ""
    finally:
        close_student(app)
        host.stop()


def test_a_host_that_forgot_the_room_asks_to_join_again(qtbot, tmp_path):
    port = free_port()
    host = start_host(tmp_path / "host-a", port=port)
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        host.stop()
        # A new room on the same address, with the same certificate (its data folder's copy):
        copy_certificate(tmp_path / "host-a", tmp_path / "host-b")
        host = start_host(tmp_path / "host-b", port=port)
        qtbot.waitUntil(lambda: exam.overlay.kind == "seat_lost", timeout=30_000)
        assert exam.overlay.action.text() == "&Join again"
        assert not exam.is_editable()
        exam.overlay.action.click()
        page = app.window.join_page
        assert app.window.current_page() is page
        assert page.name.edit.text() == "Ada Lovelace"
        assert "your work on this computer is kept" in page.error.text()
    finally:
        close_student(app)
        host.stop()


def test_another_certificate_at_the_address_is_refused_and_said_until_the_host_is_back(
    qtbot, tmp_path
):
    port = free_port()
    host = start_host(tmp_path / "host-a", port=port)
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        fingerprint = host.fingerprint
        host.stop()
        host = start_host(tmp_path / "new-data-folder", port=port)  # another certificate
        assert host.fingerprint != fingerprint
        session = app.controller.session
        qtbot.waitUntil(lambda: exam.banner.text().startswith(CERTIFICATE_CHANGED), timeout=30_000)
        assert exam.banner.property("level") == "error"
        assert exam.connection.status == "untrusted"
        assert "not the computer you joined" in exam.connection.label.text()
        assert session.connection is not None and session.connection[0] == "untrusted"
        assert exam.is_editable()  # the student keeps writing; it is kept on this computer
        assert host.admin("GET", "students")["students"] == []  # nothing reached that host
        host.stop()
        host = start_host(tmp_path / "host-a", port=port)  # the proctor's computer is back
        qtbot.waitUntil(lambda: exam.connection.status == "online", timeout=30_000)
        assert not exam.banner.text()
    finally:
        close_student(app)
        host.stop()


def test_a_seat_moved_away_stops_this_computer_and_says_so(qtbot, tmp_path):
    host = start_host(tmp_path / "host")
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        assert app.controller.me is not None
        host.admin("POST", f"students/{app.controller.me.student_id}/move")
        qtbot.waitUntil(lambda: exam.overlay.kind == "seat_moved", timeout=20_000)
        assert exam.overlay.title.text() == MOVED_TITLE
        assert "moved your exam to another computer" in exam.overlay.body.text()
        assert "kept on this computer" in exam.overlay.body.text()
        assert not exam.is_editable()
        assert app.controller.close_refusal() == ""  # the student may close the app
        assert exam.overlay.action.text() == "&Close Proctor"
    finally:
        close_student(app)
        host.stop()


def test_on_a_spare_computer_the_editor_shows_the_work_from_the_host(qtbot, tmp_path):
    host = start_host(tmp_path / "host")
    laptop = make_student(tmp_path / "laptop")
    qtbot.addWidget(laptop.window)
    laptop.start()
    spare = None
    try:
        exam = join_and_start(qtbot, laptop, host, "Ada Lovelace", "2023CS0042")
        editor = exam.editors["solution.py"]
        editor.focus_text()
        qtbot.keyClicks(editor.scintilla, "# written on the laptop")
        assert laptop.controller.me is not None
        sid = laptop.controller.me.student_id
        qtbot.waitUntil(
            lambda: (
                "# written on the laptop"
                in (
                    (host.admin("GET", f"students/{sid}/work")["snapshot"] or {}).get("files") or {}
                ).get("solution.py", "")
            ),
            timeout=20_000,
        )
        close_student(laptop)  # the laptop dies
        host.admin("POST", f"students/{sid}/move")

        spare = make_student(tmp_path / "spare")
        qtbot.addWidget(spare.window)
        spare.start()
        join_via_form(qtbot, spare, host, "Ada Lovelace", "2023CS0042")
        spare_exam = spare.window.exam_page
        qtbot.waitUntil(spare_exam.is_editable, timeout=20_000)
        assert "# written on the laptop" in spare_exam.editors["solution.py"].text()
    finally:
        if spare is not None:
            close_student(spare)
        host.stop()
