"""Every text the proctor's windows show goes through translation: under a pseudo-language
that marks each translated text, the setup form, the dashboard with students in it, a
student's detail window and the paper editor show no word outside the marks (names,
addresses and the room's own values aside)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from proctor.common.paths import assets_dir
from proctor.common.tls import fingerprint_groups
from proctor.host.dashboard.setup_checks import gather_environment
from proctor.host.dashboard.ui.paper_editor import PaperEditor
from proctor.host.dashboard.ui.paper_editor_service import PaperEditorService
from proctor.host.dashboard.ui.setup_form import LOOPBACK, SetupForm
from proctor.host.dashboard.ui.setup_probe import SetupProbe
from proctor.ui.tasks import ThreadTasks
from tests.helpers.dashboard import StudentClient, dashboard_for, wait_closed
from tests.helpers.pseudo import assert_translated, pseudo_language

pytestmark = pytest.mark.gui

# The paper's own vocabulary, as paper.toml spells it, and its file names: the editor's
# choices show the words a teacher types in the file.
PAPER_WORDS = [
    *("none", "score", "full", "choice", "multi", "short", "code", "exact", "nocase"),
    *("regex", "number", "proportional", "all_or_nothing", "warmup", "python"),
    *("instructions.md", "paper.toml", "bank/dsa_basics.toml", "word_counts.py"),
]
STUDENTS = [("Ada Lovelace", "2023CS0042"), ("Alan Turing", "2023CS0043")]


def test_setup_form_is_translated(qtbot: Any, bridge: Any) -> None:
    with pseudo_language():
        form = SetupForm(SetupProbe(bridge), gather_environment())
        qtbot.addWidget(form)
        form.show()
        form.address_box.setCurrentIndex(form.address_box.findData(LOOPBACK))
        qtbot.waitUntil(lambda: not form.checking(), timeout=10_000)
        addresses = [form.address_box.itemText(i) for i in range(form.address_box.count())]
        assert_translated(form, ["Proctor", *addresses])


def test_dashboard_and_detail_are_translated(qtbot: Any, host_thread: Any, bridge: Any) -> None:
    for name, reg_no in STUDENTS:
        host_thread.join(name, reg_no)
    with pseudo_language():
        d = dashboard_for(host_thread, bridge)
        qtbot.addWidget(d.window)
        d.window.show()
        try:
            qtbot.waitUntil(lambda: d.window.room is not None, timeout=10_000)
            qtbot.waitUntil(lambda: d.window.model.rowCount() == 2, timeout=10_000)
            data = [n for pair in STUDENTS for n in pair]
            data += ["Data structures", host_thread.room_id, "127.0.0.1", "Proctor"]
            data += [host_thread.join_code or "", *fingerprint_groups(host_thread.fingerprint)]
            assert_translated(d.window, data)
            host_thread.admin("POST", "start")
            qtbot.wait(500)
            assert_translated(d.window, data)
            d.actions.open_detail(d.window.model._rows[0].student_id)
            qtbot.waitUntil(lambda: bool(d.actions.details), timeout=10_000)
            for detail in d.actions.details.values():
                qtbot.wait(500)
                assert_translated(detail, data)
        finally:
            for detail in list(d.actions.details.values()):
                detail.close()
            d.window.allow_close = True
            d.window.close()
            wait_closed(d.service.shutdown())


def test_paper_editor_is_translated(qtbot: Any, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(assets_dir() / "sample_mixed_paper", tmp_path / "paper"))
    tasks = ThreadTasks()
    with pseudo_language():
        editor = PaperEditor(PaperEditorService(tasks))
        editor.confirm_discard = False
        qtbot.addWidget(editor)
        editor.show()
        try:
            with qtbot.waitSignal(editor.service.opened, timeout=10_000):
                editor.open_folder(folder)
            qtbot.waitUntil(editor.form.isEnabled, timeout=10_000)
            qtbot.wait(500)
            ids = [editor.table.item(r, 0).text() for r in range(editor.table.rowCount())]
            assert_translated(editor, ["Proctor", "paper", str(folder), *ids, *PAPER_WORDS])
        finally:
            tasks.stop()


def test_the_hall_is_translated(qtbot: Any, host_thread: Any, bridge: Any, tmp_path: Path) -> None:
    """The hall panel with a raised hand and an announcement, the roster dialog with a class
    list read, the roster's summary and the wall of screens, off and on."""
    listed = tmp_path / "class.csv"
    listed.write_text("reg_no,name\n2023CS0042,Ada Lovelace\nCS/9,Grace Hopper\n", "utf-8")
    with pseudo_language():
        d = dashboard_for(host_thread, bridge)
        qtbot.addWidget(d.window)
        d.window.show()
        try:
            qtbot.waitUntil(lambda: d.window.room is not None, timeout=10_000)
            desk = d.hall
            assert desk is not None
            ada = StudentClient(host_thread, *STUDENTS[0])
            ada.call("POST", "hand", {"text": "My PC froze"})
            desk.announce("Ten minutes left.")
            qtbot.waitUntil(lambda: desk.panel.hands.table.rowCount() == 1, timeout=10_000)
            qtbot.waitUntil(lambda: len(desk.panel.announcements.items) == 1, timeout=10_000)
            data = [*STUDENTS[0], "Grace Hopper", "CS/9", "My PC froze", "Ten minutes left."]
            data += ["Data structures", host_thread.room_id, "127.0.0.1", "Proctor"]
            data += [host_thread.join_code or "", *fingerprint_groups(host_thread.fingerprint)]
            for tab in range(desk.panel.count()):
                desk.panel.setCurrentIndex(tab)
                qtbot.wait(100)
                assert_translated(d.window, data)
            actions = desk.roster_actions
            actions.open_dialog()
            dialog = actions.dialog
            assert dialog is not None
            assert_translated(dialog, data)
            actions.load(listed)
            qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
            assert_translated(dialog, [*data, listed.name])
            dialog.flag.setChecked(True)
            dialog.accept()
            qtbot.waitUntil(lambda: desk.roster is not None, timeout=10_000)
            qtbot.wait(300)
            assert_translated(d.window, data)
            desk.show_wall(True)
            qtbot.waitUntil(lambda: desk.wall.turn_on.isVisible(), timeout=10_000)
            assert_translated(d.window, data)
            desk.wall.turn_on.click()
            qtbot.waitUntil(lambda: not desk.wall.note.isVisible(), timeout=10_000)
            qtbot.wait(300)
            assert_translated(d.window, data)
        finally:
            d.window.allow_close = True
            d.window.close()
            wait_closed(d.service.shutdown())
