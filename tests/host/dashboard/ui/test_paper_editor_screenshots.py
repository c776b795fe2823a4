"""Pictures of the paper editor at 1366x700 (a 1366x768 screen less its title bar and panel)
with a copy of the sample mixed paper, for a person to look at:
artifacts/screenshots/paper_editor_*.png (a choice question, a code question, the problems
of a broken edit, settings and pools, the preview of a sample student)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from proctor.host.dashboard.ui.paper_editor import PaperEditor
from proctor.host.dashboard.ui.paper_editor_service import PaperEditorService
from proctor.ui.style import apply_style
from proctor.ui.tasks import ThreadTasks

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[4]
SHOTS = ROOT / "artifacts" / "screenshots"
SAMPLE = ROOT / "assets" / "sample_mixed_paper"
WAIT_MS = 10_000


def save(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"paper_editor_{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def styled(qapp: Any) -> Any:
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_screenshots(qtbot: Any, styled: Any, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "paper"))
    tasks = ThreadTasks()
    window = PaperEditor(PaperEditorService(tasks))
    window.confirm_discard = False
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    try:
        with qtbot.waitSignal(window.service.opened, timeout=WAIT_MS):
            window.open_folder(folder)
        qtbot.waitUntil(lambda: window.form.id_edit.text() == "lookup", timeout=WAIT_MS)
        qtbot.wait(100)
        assert save(window, "choice").stat().st_size > 20_000

        window.select_question("word_counts")
        qtbot.waitUntil(lambda: window.form.id_edit.text() == "word_counts", timeout=WAIT_MS)
        qtbot.wait(100)
        top = window.form.cases.mapTo(window.form, QPoint(0, 0)).y()
        window.form_scroll.verticalScrollBar().setValue(top - 330)
        qtbot.wait(100)
        save(window, "code")

        window.select_question("lookup")
        qtbot.waitUntil(lambda: window.form.id_edit.text() == "lookup", timeout=WAIT_MS)
        window.form.options.table.item(0, 1).setText("dict")
        with qtbot.waitSignal(window.service.checked, timeout=WAIT_MS):
            window.apply_form()
        with qtbot.waitSignal(window.service.saved, timeout=WAIT_MS):
            window.save()
        qtbot.wait(100)
        save(window, "refused")
        window.form.options.table.item(0, 1).setText("list")
        with qtbot.waitSignal(window.service.checked, timeout=WAIT_MS):
            window.apply_form()

        window.tabs.setCurrentWidget(window.settings)
        window.questions.filter_edit.setText("concept=")
        qtbot.wait(100)
        save(window, "settings_filtered")
        window.questions.filter_edit.clear()

        window.tabs.setCurrentWidget(window.preview)
        qtbot.waitUntil(lambda: window.preview.view is not None, timeout=WAIT_MS)
        qtbot.wait(100)
        save(window, "preview")
    finally:
        tasks.stop()
