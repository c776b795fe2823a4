"""Pictures of the question widgets with the sample mixed paper, for a person to look at:
artifacts/screenshots/questions_*.png (a page of each type, the navigator with every state,
Check's results on the starter file, the summary before Submit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from proctor.paper.load import load_paper
from proctor.paper.variants import make_variant
from proctor.paper.view import student_paper
from proctor.student.check import PythonChecker
from proctor.ui.questions import AnswerModel, BackgroundCheck, QuestionsView, SummaryDialog
from proctor.ui.questions.code import CodeAnswer
from proctor.ui.style import apply_style
from proctor.ui.tasks import ThreadTasks
from tests.helpers.constants import ROOT

pytestmark = [pytest.mark.gui, pytest.mark.slow]
SHOTS = ROOT / "artifacts" / "screenshots"
SAMPLE = ROOT / "assets" / "sample_mixed_paper"


def save(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"questions_{name}.png"
    assert widget.grab().save(str(path))
    return path


def save_with_dialog(window: QWidget, dialog: QWidget, name: str) -> Path:
    image = window.grab().toImage()
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 60))
    shot = dialog.grab()
    at = QPoint((image.width() - shot.width()) // 2, (image.height() - shot.height()) // 3)
    painter.drawPixmap(at, shot)
    painter.end()
    path = SHOTS / f"questions_{name}.png"
    assert image.save(str(path))
    return path


@pytest.fixture
def styled(qapp: Any) -> Any:
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_screenshots(qtbot: Any, styled: Any) -> None:
    paper = load_paper(SAMPLE)
    student = student_paper(paper, make_variant(paper, "student-7"))
    tasks = ThreadTasks()
    model = AnswerModel(student.questions, student.files)
    view = QuestionsView(student, model, BackgroundCheck(PythonChecker(student), tasks))
    qtbot.addWidget(view)
    view.resize(1100, 680)
    view.show()
    qtbot.waitExposed(view)
    try:
        by_type: dict[str, str] = {}
        for question in student.questions:
            by_type.setdefault(question.type, question.id)
        choice = model.question(by_type["choice"])
        multi = model.question(by_type["multi"])
        model.set_answer(choice.id, (choice.options or [])[1])
        model.set_answer(multi.id, (multi.options or [])[:2])
        model.set_marked(multi.id, True)
        model.set_answer("table_size", "4096")

        view.show_question(choice.id, focus=True)
        qtbot.wait(100)
        assert save(view, "choice").stat().st_size > 10_000
        view.show_question(multi.id, focus=True)
        qtbot.wait(100)
        save(view, "multi_marked")
        view.show_question("table_size", focus=True)
        qtbot.wait(100)
        save(view, "short")

        code_id = by_type["code"]
        view.show_question(code_id, focus=True)
        answer = view.page(code_id).answer
        assert isinstance(answer, CodeAnswer)
        qtbot.wait(100)
        save(view, "code")
        with qtbot.waitSignal(view.checkFinished, timeout=60_000):
            answer.check.check_button.click()
        qtbot.wait(200)
        save(view, "check_failed")
        solved = (SAMPLE / "solutions" / f"{code_id}.py").read_text(encoding="utf-8")
        view.set_files_source(lambda: {f"{code_id}.py": solved})
        with qtbot.waitSignal(view.checkFinished, timeout=60_000):
            answer.check.check_button.click()
        qtbot.wait(200)
        save(view, "check_passed")

        view.navigator.list.setFocus()
        save(view.navigator, "navigator")
        dialog = SummaryDialog(model, view)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(100)
        save_with_dialog(view, dialog, "summary")
        dialog.close()
    finally:
        tasks.stop()
