"""The question widgets on real Qt widgets, offscreen, with the sample mixed paper as a
student sees it: the navigator's states and keyboard jumps, each answer widget's keyboard
use and value, restoring answers, the summary before Submit, and Check with the real local
runner on the starter files (fail) and the reference solutions (pass)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit, QRadioButton

from proctor.common.protocol import Paper, Question
from proctor.paper.load import load_paper
from proctor.paper.variants import make_variant
from proctor.paper.view import student_paper
from proctor.student.check import PythonChecker
from proctor.ui.questions import AnswerModel, BackgroundCheck, QuestionsView, SummaryDialog
from proctor.ui.questions.answers import ChoiceAnswer, MultiAnswer, ShortAnswer
from proctor.ui.questions.code import CodeAnswer
from proctor.ui.questions.summary import SummaryPanel
from proctor.ui.tasks import ThreadTasks
from tests.helpers.widget_texts import widget_texts

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "sample_mixed_paper"
CHECK_WAIT_MS = 60_000


@pytest.fixture(scope="module")
def sample() -> Paper:
    paper = load_paper(SAMPLE)
    return student_paper(paper, make_variant(paper, "student-7"))


@pytest.fixture
def tasks() -> Any:
    runner = ThreadTasks()
    yield runner
    runner.stop()


def make_view(qtbot: Any, paper: Paper, runner: Any = None) -> QuestionsView:
    model = AnswerModel(paper.questions, paper.files, debounce_ms=50)
    view = QuestionsView(paper, model, runner)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    return view


@pytest.fixture
def view(qtbot: Any, sample: Paper) -> QuestionsView:
    return make_view(qtbot, sample)


def ids_of(view: QuestionsView, kind: str) -> list[str]:
    return [q.id for q in view.model.questions if q.type == kind]


def key(qtbot: Any, key_: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key_, modifier)


# -- the navigator -----------------------------------------------------------------------


def test_the_navigator_lists_every_question_with_its_state(view: QuestionsView) -> None:
    nav = view.navigator
    total = len(view.model.questions)
    assert nav.list.count() == total == 9
    assert nav.list.accessibleName() == "Questions"
    for index in range(total):
        assert nav.accessible_text(index).startswith(f"Question {index + 1} of {total}, ")
        assert nav.accessible_text(index).endswith(": not answered")
    assert nav.progress.text() == "0 of 9 answered"

    choice = ids_of(view, "choice")[0]
    short = ids_of(view, "short")[0]
    code = ids_of(view, "code")[0]
    view.model.set_answer(choice, view.model.question(choice).options[1])
    view.model.set_marked(short, True)
    index_of = view.model.index_of
    assert nav.accessible_text(index_of(choice)).endswith(": answered")
    assert nav.accessible_text(index_of(short)).endswith(": not answered, marked for review")
    assert "⚑" in nav.item_text(index_of(short)) and "⚑" not in nav.item_text(index_of(choice))
    assert nav.progress.text() == "1 of 9 answered, 1 marked for review"

    question = view.model.question(code)
    starter = {name: view.paper.files[name] for name in question.files}
    view.model.set_code_files(starter)
    assert not view.model.is_answered(code)
    view.model.set_code_files({name: text + "\n# mine\n" for name, text in starter.items()})
    assert nav.accessible_text(index_of(code)).endswith(": answered")
    assert view.model.answers()[code] is None  # a code answer is its files


def test_ctrl_page_keys_and_alt_digits_jump_between_questions(qtbot: Any, view: QuestionsView):
    view.pages[0].focus_answer()
    assert view.current_index() == 0
    key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_index() == 1
    assert view.navigator.current() == 1
    assert view.pages[1].isAncestorOf(QApplication.focusWidget())  # focus went with it
    key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.current_index() == 1
    with qtbot.waitSignal(view.currentChanged) as changed:
        key(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert changed.args == [view.model.questions[4].id]
    assert view.current_index() == 4 and view.navigator.current() == 4
    key(qtbot, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    assert view.current_index() == 8
    key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_index() == 8  # the last stays the last
    key(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert view.current_index() == 0


def test_the_arrow_keys_in_the_navigator_show_questions_and_enter_goes_in(qtbot, view):
    view.navigator.list.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    assert view.current_index() == 2
    assert QApplication.focusWidget() is view.navigator.list  # still browsing
    key(qtbot, Qt.Key.Key_End)
    assert view.current_index() == 8
    key(qtbot, Qt.Key.Key_Home)
    key(qtbot, Qt.Key.Key_Return)
    assert view.current_index() == 0
    assert view.pages[0].isAncestorOf(QApplication.focusWidget())


def test_next_and_previous_buttons_and_the_mark_for_review_box(qtbot, view):
    page = view.pages[0]
    assert not page.previous_button.isEnabled() and view.pages[-1].next_button.isEnabled() is False
    page.next_button.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # Enter presses a focused button
    assert view.current_index() == 1
    second = view.pages[1]
    second.review.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert view.model.is_marked(second.question.id)
    assert view.model.marked() == [second.question.id]
    view.model.set_marked(second.question.id, False)
    assert not second.review.isChecked()


# -- the answer widgets ------------------------------------------------------------------


def test_a_choice_is_made_with_space_arrows_and_enter(qtbot, view):
    qid = ids_of(view, "choice")[0]
    view.show_question(qid, focus=True)
    widget = view.page(qid).answer
    assert isinstance(widget, ChoiceAnswer)
    options = view.model.question(qid).options
    assert [row.label.text() for row in widget.rows] == options
    assert QApplication.focusWidget() is widget.buttons[0]
    assert all(isinstance(b, QRadioButton) for b in widget.buttons)
    key(qtbot, Qt.Key.Key_Space)
    assert view.model.answer(qid) == options[0]
    key(qtbot, Qt.Key.Key_Down)  # moves and chooses, as radio groups do
    assert QApplication.focusWidget() is widget.buttons[1]
    assert view.model.answer(qid) == options[1]
    widget.buttons[3].setFocus()
    key(qtbot, Qt.Key.Key_Return)
    assert view.model.answer(qid) == options[3]
    assert [b.isChecked() for b in widget.buttons] == [False, False, False, True]
    widget.clear_button.click()
    assert view.model.answer(qid) is None
    assert not any(b.isChecked() for b in widget.buttons)
    assert not widget.clear_button.isEnabled()


def test_clicking_an_options_text_chooses_it(qtbot, view):
    qid = ids_of(view, "choice")[0]
    view.show_question(qid)
    widget = view.page(qid).answer
    assert isinstance(widget, ChoiceAnswer)
    qtbot.mouseClick(widget.rows[2].label, Qt.MouseButton.LeftButton)
    assert view.model.answer(qid) == view.model.question(qid).options[2]


def test_multi_ticks_with_space_and_moves_with_arrows_in_the_students_order(qtbot, view):
    qid = ids_of(view, "multi")[0]
    view.show_question(qid, focus=True)
    widget = view.page(qid).answer
    assert isinstance(widget, MultiAnswer)
    assert all(isinstance(b, QCheckBox) for b in widget.buttons)
    options = view.model.question(qid).options
    assert QApplication.focusWidget() is widget.buttons[0]
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    assert view.model.answer(qid) is None  # moving ticks nothing
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Space)
    assert view.model.answer(qid) == [options[0], options[2]]
    key(qtbot, Qt.Key.Key_Space)
    assert view.model.answer(qid) == [options[2]]
    widget.buttons[2].setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert view.model.answer(qid) is None  # nothing ticked: not answered
    assert view.model.answers()[qid] is None


def test_a_short_answer_is_typed_saved_once_typing_settles_and_enter_goes_on(qtbot, view):
    qid = ids_of(view, "short")[0]
    view.show_question(qid, focus=True)
    widget = view.page(qid).answer
    assert isinstance(widget, ShortAnswer) and isinstance(widget.editor, QLineEdit)
    assert QApplication.focusWidget() is widget.editor
    with qtbot.waitSignal(view.model.changed, timeout=2000):
        qtbot.keyClicks(widget.editor, "4096")
    assert view.model.answer(qid) == "4096"
    widget.editor.setCursorPosition(2)
    qtbot.keyClicks(widget.editor, "x")
    assert widget.editor.text() == "40x96" and widget.editor.cursorPosition() == 3
    index = view.current_index()
    key(qtbot, Qt.Key.Key_Return)
    assert view.current_index() == index + 1
    widget.editor.clear()
    qtbot.keyClicks(widget.editor, "   ")
    assert view.model.answer(qid) is None


def test_a_short_answer_with_answer_lines_is_a_text_field(qtbot):
    question = Question(
        id="explain",
        type="short",
        text="Explain in a few lines.",
        points=2,
        tags={"answer_lines": 4, "topic": "heaps"},
    )
    paper = Paper(title="t", instructions="", files={}, questions=[question])
    view = make_view(qtbot, paper)
    widget = view.pages[0].answer
    assert isinstance(widget, ShortAnswer) and isinstance(widget.editor, QPlainTextEdit)
    assert "answer_lines" not in view.pages[0].tags.text()
    assert view.pages[0].tags.text() == "topic: heaps"
    view.pages[0].focus_answer()
    qtbot.keyClicks(widget.editor, "first")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(widget.editor, "second")
    assert view.model.answer("explain") == "first\nsecond"
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not widget.editor
    widget.editor.setPlainText("y" * 2500)
    assert len(view.model.answer("explain")) == 2000


def test_answers_cannot_change_once_editing_is_over(qtbot, view):
    view.set_editable(False)
    choice = view.page(ids_of(view, "choice")[0]).answer
    short = view.page(ids_of(view, "short")[0]).answer
    code = view.page(ids_of(view, "code")[0]).answer
    assert isinstance(choice, ChoiceAnswer) and isinstance(short, ShortAnswer)
    assert isinstance(code, CodeAnswer)
    assert not any(b.isEnabled() for b in choice.buttons)
    assert isinstance(short.editor, QLineEdit) and short.editor.isReadOnly()
    assert not code.check.check_button.isEnabled()
    assert not view.pages[0].review.isEnabled()


def test_bad_answers_are_refused_by_the_model(view):
    model = view.model
    choice, multi = ids_of(view, "choice")[0], ids_of(view, "multi")[0]
    with pytest.raises(ValueError, match="not one of its options"):
        model.set_answer(choice, "hashmap")
    with pytest.raises(ValueError, match="list of option texts"):
        model.set_answer(multi, "merge sort")
    with pytest.raises(ValueError, match="its files"):
        model.set_answer(ids_of(view, "code")[0], "print(1)")
    assert all(value is None for value in model.answers().values())


# -- restoring ---------------------------------------------------------------------------


def test_restoring_answers_sets_every_widget_and_saves_nothing(qtbot, view):
    model = view.model
    choice, multi = ids_of(view, "choice")[0], ids_of(view, "multi")[0]
    short = ids_of(view, "short")[0]
    options = model.question(multi).options
    saved = {
        choice: model.question(choice).options[2],
        multi: [options[3], options[1]],  # any order: shown in the student's order
        short: "bisect",
        "word_counts": None,
        "gone": "x",
    }
    with qtbot.assertNotEmitted(model.changed, wait=200):
        problems = model.restore(saved, marked=[short, "gone"])
    assert problems == ['question "gone": is not a question of this paper']
    choice_widget = view.page(choice).answer
    multi_widget = view.page(multi).answer
    short_widget = view.page(short).answer
    assert isinstance(choice_widget, ChoiceAnswer) and isinstance(multi_widget, MultiAnswer)
    assert isinstance(short_widget, ShortAnswer)
    assert choice_widget.chosen() == [saved[choice]]
    assert multi_widget.chosen() == [options[1], options[3]]
    assert short_widget.text() == "bisect"
    assert view.page(short).review.isChecked()
    assert model.answers()[multi] == [options[1], options[3]]
    assert model.marked() == [short]
    assert view.navigator.accessible_text(model.index_of(short)).endswith(
        ": answered, marked for review"
    )

    problems = model.restore({choice: "not an option", short: 42})
    assert sorted(problems) == sorted(
        [
            f"question \"{choice}\": 'not an option' is not one of its options",
            f'question "{short}": a short answer is text',
        ]
    )
    assert choice_widget.chosen() == [] and multi_widget.chosen() == []
    assert short_widget.text() == "" and not view.page(short).review.isChecked()
    assert all(value is None for value in model.answers().values())


# -- the summary -------------------------------------------------------------------------


def test_the_summary_counts_what_is_left_and_goes_back_to_a_question(qtbot, view):
    model = view.model
    for question in model.questions:
        if question.type in ("choice", "multi"):
            model.set_answer(
                question.id,
                question.options[:1] if question.type == "multi" else question.options[0],
            )
        elif question.type == "short":
            model.set_answer(question.id, "42")
    for question in model.questions:
        if question.type == "code":
            model.set_code_files({question.files[0]: "print('mine')\n"})
            break
    left = [q.id for q in model.questions if q.type == "code"][1]
    shorts = ids_of(view, "short")
    model.set_answer(shorts[0], None)
    model.set_marked(shorts[1], True)
    dialog = SummaryDialog(model, view)
    qtbot.addWidget(dialog)
    panel = dialog.panel
    assert panel.lines() == ["2 questions not answered", "1 marked for review"]
    assert panel.headline.text() == "2 questions not answered\n1 marked for review"
    number = {q.id: model.index_of(q.id) + 1 for q in model.questions}
    assert panel.item_texts() == sorted(
        [
            f"Question {number[shorts[0]]} (short answer): not answered",
            f"Question {number[shorts[1]]} (short answer): answered, marked for review  ⚑",
            f"Question {number[left]} (code): not answered",
        ],
        key=lambda text: int(text.split()[1]),
    )
    dialog.show()
    qtbot.waitExposed(dialog)
    panel.list.setFocus()
    panel.list.setCurrentRow(
        panel.item_texts().index(f"Question {number[left]} (code): not answered")
    )
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert dialog.chosen == left
    view.show_question(dialog.chosen, focus=True)
    assert view.current_id() == left

    model.set_answer(shorts[0], "7")
    model.set_marked(shorts[1], False)
    assert panel.lines() == ["1 question not answered"]


def test_the_summary_when_everything_is_done(qtbot):
    question = Question(id="only", type="short", text="Say hi.", points=1)
    model = AnswerModel([question])
    panel = SummaryPanel(model)
    qtbot.addWidget(panel)
    assert panel.lines() == ["1 question not answered"]
    model.set_answer("only", "hi")
    assert panel.lines() == ["The question is answered."]
    assert panel.item_texts() == []
    dialog = SummaryDialog(model)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit_button.click()
    assert dialog.chosen is None


# -- code questions and Check ------------------------------------------------------------


def test_a_code_question_lists_its_files_examples_and_visible_cases(qtbot, view):
    qid = "word_counts"
    view.show_question(qid, focus=True)
    widget = view.page(qid).answer
    assert isinstance(widget, CodeAnswer)
    assert [widget.file_list.item(i).text() for i in range(widget.file_list.count())] == [
        "word_counts.py"
    ]
    assert QApplication.focusWidget() is widget.file_list
    with qtbot.waitSignal(view.openFileRequested) as opened:
        key(qtbot, Qt.Key.Key_Return)
    assert opened.args == ["word_counts", "word_counts.py"]
    examples = view.model.question(qid).examples
    assert examples is not None
    assert (
        widget.example_boxes["word_counts_examples.py"].toPlainText()
        == (examples["word_counts_examples.py"])
    )
    ((given, wanted),) = widget.case_boxes
    assert given.toPlainText() == "the cat saw the dog\n"
    assert wanted.toPlainText() == "cat 1\ndog 1\nsaw 1\nthe 2\n"


def test_nothing_hidden_is_in_any_widget(view):
    texts = "\n".join(widget_texts(view))
    assert "Which built-in Python type" in texts  # the search does see the questions
    assert "from word_counts import word_counts" in texts  # and the examples
    hidden = ["quokka", "70 10 90 30 50", "test_hidden", "wombat", "narwhal", "axolotl"]
    answers = ["4096", "bisect", "zero"]  # accepted short answers
    for text in hidden + answers:
        assert text not in texts


@pytest.mark.parametrize("question", ["word_counts", "running_median"])
def test_check_fails_the_starter_files_and_passes_the_solutions(qtbot, sample, tasks, question):
    checker = BackgroundCheck(PythonChecker(sample), tasks)
    view = make_view(qtbot, sample, checker)
    view.show_question(question, focus=True)
    code = view.page(question).answer
    assert isinstance(code, CodeAnswer)
    panel = code.check
    assert panel.check_button.isEnabled()
    with qtbot.waitSignal(view.checkFinished, timeout=CHECK_WAIT_MS) as finished:
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] == question
    results = finished.args[1]
    assert results and not any(r.passed for r in results)
    texts = panel.texts()
    assert texts.count("✗ failed") == len(results)
    visible = view.model.question(question).cases[0]
    assert visible.output.rstrip("\n") in texts  # the expected output, shown
    assert any("NotImplementedError" in t for t in texts)
    assert panel.status.text().startswith(f"0 of {len(results)} passed.")
    assert panel.tree.topLevelItem(0).isExpanded()  # failures open

    solved = (SAMPLE / "solutions" / f"{question}.py").read_text(encoding="utf-8")
    view.set_files_source(lambda: {f"{question}.py": solved})
    code.focus_first()
    with qtbot.waitSignal(panel.checkFinished, timeout=CHECK_WAIT_MS) as finished:
        key(
            qtbot,
            Qt.Key.Key_K,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert all(r.passed for r in finished.args[1])
    assert panel.texts().count("✓ passed") == len(finished.args[1])
    assert panel.status.text().startswith(f"{len(results)} of {len(results)} passed.")
    assert not panel.tree.topLevelItem(0).isExpanded()


def test_check_without_a_runner_is_off_and_a_failing_runner_is_reported(qtbot, sample):
    view = make_view(qtbot, sample)
    code = view.page("word_counts").answer
    assert isinstance(code, CodeAnswer)
    assert not code.check.check_button.isEnabled()

    class Broken:
        def check(self, question_id, files, on_done, on_error):
            on_error(OSError("no room for a temporary folder"))

    code.check.set_runner(Broken())
    with qtbot.waitSignal(code.check.checkFailed) as failed:
        code.check.check_button.click()
    assert failed.args == ["word_counts", "no room for a temporary folder"]
    assert code.check.status.text() == "Check could not run: no room for a temporary folder"
    assert code.check.check_button.isEnabled()
