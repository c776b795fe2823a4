"""The exam window with a paper of questions, against a real host serving the sample mixed
paper: every kind of question answered with the real widgets, a code question's file opened
in the editor and checked, the summary before Submit (a click goes back to a question, then
Submit hands in), the host holding exactly those answers; the answers shown again after the
app is closed and opened on the same computer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from proctor.common.protocol import canonical_work
from proctor.ui.questions.answers import ChoiceAnswer, MultiAnswer, ShortAnswer
from proctor.ui.questions.code import CodeAnswer
from tests.helpers.constants import ROOT
from tests.helpers.student_ui import close_student, join_and_start, make_student, start_host

pytestmark = [pytest.mark.gui, pytest.mark.slow]

MIXED = ROOT / "assets" / "sample_mixed_paper"
SOLUTIONS = MIXED / "solutions"
WAIT_MS = 15_000


@pytest.fixture
def mixed_host(tmp_path: Path) -> Any:
    running = start_host(tmp_path / "host", paper_dir=MIXED)
    yield running
    running.stop()


def answer_everything(qtbot: Any, exam: Any) -> dict[str, Any]:
    """Answer each question with its widget, as a student would; the answers expected."""
    view = exam.questions_view
    expected: dict[str, Any] = {}
    for index, page in enumerate(view.pages):
        view.show_question(index, focus=True)
        question, answer = page.question, page.answer
        if isinstance(answer, ChoiceAnswer):
            qtbot.mouseClick(answer.buttons[1], Qt.MouseButton.LeftButton)
            expected[question.id] = question.options[1]
        elif isinstance(answer, MultiAnswer):
            for button in answer.buttons[:2]:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            expected[question.id] = question.options[:2]
        elif isinstance(answer, ShortAnswer):
            qtbot.keyClicks(answer.editor, f"answer {index + 1}")
            expected[question.id] = f"answer {index + 1}"
        else:
            assert isinstance(answer, CodeAnswer)
            qtbot.mouseClick(answer.open_button, Qt.MouseButton.LeftButton)
            main = question.main or question.files[0]
            assert exam.current_file() == main and exam.work_split.isVisible()
            editor = exam.editors[main]
            editor.set_text((SOLUTIONS / main).read_text())
            editor.focus_text()  # and a keystroke, as a student's edit is
            qtbot.keyClick(editor.scintilla, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(editor.scintilla, Qt.Key.Key_Return)
            qtbot.keyClicks(editor.scintilla, "# done")
            expected[question.id] = None
        if question.type != "code":
            assert exam.work_split.isHidden()  # a choice or short question has the width
    return expected


def test_every_kind_of_question_is_answered_checked_summarised_and_handed_in(
    qtbot: Any, mixed_host: Any, tmp_path: Path
) -> None:
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, mixed_host, "Ada Lovelace", "2023CS0042")
        qtbot.waitUntil(lambda: exam.questions_view is not None, timeout=WAIT_MS)
        view = exam.questions_view
        kinds = {page.question.type for page in view.pages}
        assert kinds == {"choice", "multi", "short", "code"}
        assert exam.left_tabs is not None and exam.left_tabs.count() == 2  # and instructions
        expected = answer_everything(qtbot, exam)
        model = app.controller.answering.model
        assert model is not None
        qtbot.waitUntil(lambda: not model.summary().unanswered, timeout=WAIT_MS)

        # Check a code question: the solution passes every visible example and case.
        code_index = next(i for i, p in enumerate(view.pages) if p.question.type == "code")
        view.show_question(code_index)
        panel = view.pages[code_index].answer.check
        with qtbot.waitSignal(view.checkFinished, timeout=60_000) as finished:
            qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
        results = finished.args[1]
        assert results and all(result.passed for result in results)
        assert panel.texts().count("✓ passed") == len(results)

        # Autosaved on the host: the snapshot holds these very answers.
        sid = app.controller.me.student_id

        def host_answers() -> Any:
            snapshot = mixed_host.admin("GET", f"students/{sid}/work")["snapshot"] or {}
            return snapshot.get("answers")

        qtbot.waitUntil(lambda: host_answers() == expected, timeout=WAIT_MS)

        # Mark one for review: the summary lists it; choosing it goes back to it.
        view.show_question(0)
        view.pages[0].review.setChecked(True)
        view.show_question(len(view.pages) - 1)
        flow = app.controller.submission
        qtbot.mouseClick(exam.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.summary_box is not None, timeout=WAIT_MS)
        dialog = flow.summary_box
        assert dialog.panel.lines() == ["1 marked for review"]
        dialog.panel.list.setCurrentRow(0)
        qtbot.mouseClick(dialog.panel.go_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.summary_box is None, timeout=WAIT_MS)
        assert view.current_index() == 0
        assert mixed_host.admin("GET", f"students/{sid}/work")["submission"] is None

        # Submit from the summary: handed in, with a receipt over answers and files.
        qtbot.mouseClick(exam.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.summary_box is not None, timeout=WAIT_MS)
        qtbot.mouseClick(flow.summary_box.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.receipt_box is not None, timeout=WAIT_MS)
        flow.receipt_box.done(0)
        submission = mixed_host.admin("GET", f"students/{sid}/work")["submission"]
        assert submission["answers"] == expected
        assert submission["sha256"] == canonical_work(exam.files(), expected)[1]
        assert app.controller.last_receipt.sha256 == submission["sha256"]
    finally:
        close_student(app)


def test_the_answers_are_shown_again_when_the_app_opens_again(
    qtbot: Any, mixed_host: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "student"
    first = make_student(data_dir)
    qtbot.addWidget(first.window)
    first.start()
    try:
        exam = join_and_start(qtbot, first, mixed_host, "Grace Hopper", "2023CS0043")
        qtbot.waitUntil(lambda: exam.questions_view is not None, timeout=WAIT_MS)
        expected = answer_everything(qtbot, exam)
        exam.questions_view.pages[1].review.setChecked(True)
        marked = [exam.questions_view.pages[1].question.id]
        session = first.controller.session
        qtbot.waitUntil(lambda: session.local_answers() == (expected, marked), timeout=WAIT_MS)
    finally:
        close_student(first)
    QApplication.processEvents()

    again = make_student(data_dir)
    qtbot.addWidget(again.window)
    again.start()
    try:
        exam = again.window.exam_page
        qtbot.waitUntil(lambda: exam.questions_view is not None, timeout=WAIT_MS)
        model = again.controller.answering.model
        assert model is not None
        qtbot.waitUntil(lambda: model.answers() == expected, timeout=WAIT_MS)
        assert model.marked() == marked
        for page in exam.questions_view.pages:
            answer = page.answer
            if isinstance(answer, ShortAnswer):
                assert answer.text() == expected[page.question.id]  # on screen, not only kept
            elif isinstance(answer, ChoiceAnswer | MultiAnswer):
                assert answer.chosen() == (
                    [expected[page.question.id]]
                    if page.question.type == "choice"
                    else expected[page.question.id]
                )
        assert exam.questions_view.pages[1].review.isChecked()
    finally:
        close_student(again)
