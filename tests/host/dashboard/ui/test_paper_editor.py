"""The paper editor on real widgets with a copy of the sample mixed paper: the round trip
through the form (load → edit → save → load gives the edited paper, comments kept), code
questions' cases and files, settings and pools, a broken paper refused with its problems
shown and nothing written, the preview showing nothing hidden, and the window's size."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from proctor.host.dashboard.paper_editing import toml_comments
from proctor.host.dashboard.ui.paper_editor import PaperEditor
from proctor.host.dashboard.ui.paper_editor_service import PaperEditorService
from proctor.paper.load import load_paper
from proctor.paper.model import Case, CodeQuestion
from proctor.ui.tasks import ThreadTasks
from tests.helpers.widget_texts import widget_texts

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[4] / "assets" / "sample_mixed_paper"
WAIT_MS = 10_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "paper"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def editor(qtbot: Any, folder: Path) -> Any:
    tasks = ThreadTasks()
    window = PaperEditor(PaperEditorService(tasks))
    window.confirm_discard = False
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.service.opened, timeout=WAIT_MS):
        window.open_folder(folder)
    qtbot.waitUntil(lambda: window.current == "lookup" and window.form.isEnabled(), timeout=WAIT_MS)
    yield window
    tasks.stop()


def choose(qtbot: Any, window: PaperEditor, question_id: str) -> None:
    window.select_question(question_id)
    qtbot.waitUntil(
        lambda: (
            window.current == question_id
            and window.form.isEnabled()
            and window.form.id_edit.text() == question_id
        ),
        timeout=WAIT_MS,
    )


def apply(qtbot: Any, window: PaperEditor) -> None:
    with qtbot.waitSignal(window.service.checked, timeout=WAIT_MS):
        window.form.id_edit.setFocus()
        qtbot.keyClick(window.form.id_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not window.form_dirty, window.form.problems.text()


def save(qtbot: Any, window: PaperEditor) -> Any:
    with qtbot.waitSignal(window.service.saved, timeout=WAIT_MS) as saved:
        qtbot.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return saved.args[0]


def retype(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def type_lines(qtbot: Any, widget: Any, text: str) -> None:
    """Type `text`, pressing Enter for each line break (QTest types no control keys)."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)


def test_it_opens_the_paper_and_filters_the_bank_by_tag(qtbot: Any, editor: PaperEditor) -> None:
    ids = [editor.table.item(i, 0).text() for i in range(editor.table.rowCount())]
    in_the_bank = "lookup stable_sorts table_size halving_module word_counts running_median"
    in_the_bank += " lifo deque_ops heap_root binary_search_cost"
    assert ids == in_the_bank.split()
    lifo = editor.questions.row_of("lifo")
    assert lifo is not None
    cells = [editor.table.item(lifo, c).text() for c in range(5)]
    assert cells == ["lifo", "choice", "1", "warmup", "DSA · stacks · easy"]
    assert editor.table.item(lifo, 0).toolTip().startswith("lifo in bank/dsa_basics.toml")
    assert editor.problems.status.text().startswith("No problems. 10 questions")
    qtbot.keyClick(editor.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is editor.questions.filter_edit
    qtbot.keyClicks(editor.questions.filter_edit, "difficulty=easy")
    easy = ["lookup", "table_size", "halving_module", "lifo", "heap_root"]
    assert editor.questions.visible_ids() == easy
    qtbot.keyClicks(editor.questions.filter_edit, " concept=")
    assert editor.questions.visible_ids() == ["lifo", "heap_root"]
    assert editor.questions.count_label.text() == "2 of 10 questions shown"


def test_round_trip_through_the_form_keeps_the_paper_and_its_comments(
    qtbot: Any, editor: PaperEditor, folder: Path
) -> None:
    before = load_paper(folder)
    original = {rel: (folder / rel).read_text("utf-8") for rel in editor.saved_texts}
    form = editor.form
    retype(qtbot, form.points.lineEdit(), "3")
    item = form.options.table.item(0, 1)
    assert item.text() == "list"
    item.setText("linked list")
    retype(qtbot, form.tags_edit, "course=DSA, topic=hashing, difficulty=medium")
    assert editor.form_dirty
    apply(qtbot, editor)
    assert editor.problems.status.text().startswith("No problems.")
    outcome = save(qtbot, editor)
    assert outcome.paper is not None

    after = load_paper(folder)
    lookup = after.question("lookup").spec
    assert lookup.points == 3 and lookup.options[0] == "linked list"  # type: ignore[union-attr]
    assert lookup.tags == {"course": "DSA", "topic": "hashing", "difficulty": "medium"}
    expected = before.question("lookup").spec.model_copy(
        update={
            "points": 3,
            "options": ["linked list", "dict", "tuple", "str"],
            "tags": {"course": "DSA", "topic": "hashing", "difficulty": "medium"},
        }
    )
    assert lookup == expected
    for question in before.questions:
        if question.id != "lookup":
            assert after.question(question.id) == question
    assert after.model_copy(update={"questions": []}) == before.model_copy(update={"questions": []})
    for rel, text in original.items():
        assert toml_comments((folder / rel).read_text("utf-8")) == toml_comments(text)
    new_text = (folder / "paper.toml").read_text("utf-8")
    assert "points = 3\n" in new_text and 'options = ["linked list", "dict", "tuple", "str"]' in (
        new_text
    )

    # load it again in the editor: the form shows what was saved
    with qtbot.waitSignal(editor.service.opened, timeout=WAIT_MS):
        editor.reload_button.click()
    choose(qtbot, editor, "lookup")
    assert editor.form.points.value() == 3
    assert editor.form.options.options()[0] == "linked list"
    assert editor.form.options.answer() == "dict"


def test_applying_every_question_unchanged_writes_nothing_new(qtbot, editor, folder) -> None:
    before = snapshot(folder)
    for question_id in [editor.table.item(i, 0).text() for i in range(editor.table.rowCount())]:
        choose(qtbot, editor, question_id)
        editor.form_dirty = True  # as if the teacher touched it
        apply(qtbot, editor)
    save(qtbot, editor)
    assert snapshot(folder) == before


def test_a_code_questions_cases_and_files_are_edited_and_saved(qtbot, editor, folder) -> None:
    choose(qtbot, editor, "word_counts")
    form = editor.form
    assert form.question_type() == "code"
    assert form.examples_path.text() == "tests/word_counts_examples.py"
    assert "def test_no_words" in form.examples_edit.toPlainText()
    assert "test_hidden_case_is_folded" in form.tests_edit.toPlainText()
    assert form.starter_edit.toPlainText().startswith('"""Word frequencies')
    cases = form.cases
    assert [cases.list.item(i).text() for i in range(cases.list.count())] == [
        "Case 1 · visible · the cat saw the dog",
        "Case 2 · hidden · Zebra zebra, QUOKKA! quokka qu…",
    ]
    cases.add_button.click()
    qtbot.keyClicks(cases.input, "a a b")
    cases.output.setFocus()
    qtbot.keyClicks(cases.output, "a 2")
    qtbot.keyClick(cases.output, Qt.Key.Key_Return)
    qtbot.keyClicks(cases.output, "b 1")
    cases.hidden.setFocus()
    qtbot.keyClick(cases.hidden, Qt.Key.Key_Space)
    form.examples_edit.setFocus()
    form.examples_edit.moveCursor(form.examples_edit.textCursor().MoveOperation.End)
    type_lines(qtbot, form.examples_edit, "\n\ndef test_two_words():\n")
    type_lines(qtbot, form.examples_edit, '    assert word_counts("a a") == {"a": 2}\n')
    qtbot.waitUntil(lambda: "# visible" in editor.problems.note.text(), timeout=WAIT_MS)
    assert "Saving will not keep 1 comment (paper.toml: # visible)" in editor.problems.note.text()
    apply(qtbot, editor)
    save(qtbot, editor)

    paper = load_paper(folder)
    spec = paper.question("word_counts").spec
    assert isinstance(spec, CodeQuestion)
    assert spec.cases[-1] == Case(input="a a b", output="a 2\nb 1", hidden=True)
    assert len(spec.cases) == 3
    examples = (folder / "tests" / "word_counts_examples.py").read_text("utf-8")
    assert examples.endswith('def test_two_words():\n    assert word_counts("a a") == {"a": 2}\n')
    assert paper.question("word_counts").examples == {"word_counts_examples.py": examples}
    assert "# never sent to students" in (folder / "paper.toml").read_text("utf-8")


def test_a_question_moved_to_another_file_renamed_and_given_another_type(
    qtbot, editor, folder
) -> None:
    choose(qtbot, editor, "heap_root")
    form = editor.form
    assert form.target_file() == "bank/dsa_basics.toml" and form.text_in_file.isChecked()
    form.file_box.setCurrentText("paper.toml")
    form.file_box.activated.emit(form.file_box.currentIndex())
    apply(qtbot, editor)
    assert editor.problems.status.text().startswith("No problems.")
    assert (
        "heap_root in paper.toml"
        in editor.table.item(editor.questions.row_of("heap_root") or 0, 0).toolTip()
    )

    choose(qtbot, editor, "lifo")
    retype(qtbot, form.id_edit, "last_in_first_out")
    form.type_box.setCurrentText("short")
    form.type_box.activated.emit(form.type_box.currentIndex())
    type_lines(qtbot, form.accepted, "stack\nLIFO stack")
    form.match_box.setCurrentText("nocase")
    form.match_box.activated.emit(form.match_box.currentIndex())
    apply(qtbot, editor)
    save(qtbot, editor)

    paper = load_paper(folder)
    moved = paper.question("heap_root")
    assert moved.source == "paper.toml" and moved.spec.text_file == "bank/heap_root.md"
    renamed = paper.question("last_in_first_out").spec
    assert renamed.type == "short" and renamed.answer == ["stack", "LIFO stack"]  # type: ignore[union-attr]
    assert renamed.match == "nocase" and renamed.pool == "warmup"  # type: ignore[union-attr]
    assert "lifo" not in {q.id for q in paper.questions}
    bank = (folder / "bank" / "dsa_basics.toml").read_text("utf-8")
    assert "options" not in bank.split('id = "last_in_first_out"')[1].split("[[questions]]")[0]


def test_settings_and_pools(qtbot, editor, folder) -> None:
    editor.tabs.setCurrentWidget(editor.settings)
    settings = editor.settings
    assert settings.title.text() == "Data structures: a mixed sample paper"
    assert settings.shuffle_questions.isChecked()
    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        settings.shuffle_questions.setFocus()
        qtbot.keyClick(settings.shuffle_questions, Qt.Key.Key_Space)
    retype(qtbot, settings.title, "DSA midterm")
    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        qtbot.keyClick(settings.title, Qt.Key.Key_Tab)
    settings.pool_id.setText("warmup")
    settings.pool_draw.setValue(3)
    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        settings.put_pool_button.click()
    assert editor.problems.status.text().startswith("No problems. 10 questions")
    save(qtbot, editor)
    paper = load_paper(folder)
    assert paper.title == "DSA midterm" and not paper.shuffle_questions
    assert [(p.id, p.draw) for p in paper.pools] == [("warmup", 3)]
    text = (folder / "paper.toml").read_text("utf-8")
    assert "draw = 3   # each student gets two of the bank's three warm-up questions" in text

    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        settings.has_pass.setChecked(False)
    assert "pass_percent" not in editor.doc.paper  # type: ignore[union-attr]


def test_a_broken_paper_is_refused_with_its_problems_and_nothing_is_written(
    qtbot, editor, folder
) -> None:
    before = snapshot(folder)
    editor.form.options.table.item(0, 1).setText("dict")  # now listed twice
    apply(qtbot, editor)
    problem = 'paper.toml:22: question "lookup": option "dict" is listed 2 times'
    assert editor.problems.texts() == [problem]
    assert editor.problems.status.text().startswith("1 problem: a host would refuse this paper")
    editor.tabs.setCurrentWidget(editor.settings)
    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        editor.settings.pool_id.setText("warmup")
        editor.settings.delete_pool_button.click()
    problems = editor.problems.texts()
    assert 'paper.toml:16: question "lookup": option "dict" is listed 2 times' in problems
    assert 'bank/dsa_basics.toml:10: question "lifo": pool "warmup" is not in [[pools]]' in (
        problems
    )
    outcome = save(qtbot, editor)
    assert outcome.paper is None
    assert editor.statusBar().currentMessage().startswith("Not saved: the paper has 4 problems")
    assert snapshot(folder) == before
    assert editor.has_unsaved()

    # Enter on a problem goes to its question
    editor.problems.list.setCurrentRow(
        problems.index(
            'bank/dsa_basics.toml:10: question "lifo": pool "warmup" is not in [[pools]]'
        )
    )
    editor.problems.list.setFocus()
    qtbot.keyClick(editor.problems.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.form.id_edit.text() == "lifo", timeout=WAIT_MS)
    assert editor.tabs.currentIndex() == 0


def test_the_form_refuses_a_question_that_is_not_one(qtbot, editor) -> None:
    retype(qtbot, editor.form.id_edit, "bad id")
    retype(qtbot, editor.form.tags_edit, "course")
    assert not editor.apply_form()
    assert "tags" in editor.form.problems.text()
    retype(qtbot, editor.form.tags_edit, "course=DSA")
    assert not editor.apply_form()
    assert 'question "bad id": id: should match pattern' in editor.form.problems.text()
    assert editor.doc is not None and editor.doc.find("lookup").spec is not None
    assert [r.id for r in editor.rows()][0] == "lookup"
    editor.revert_button.click()
    assert editor.form.id_edit.text() == "lookup" and not editor.form_dirty


def test_adding_and_deleting_questions(qtbot, editor, folder) -> None:
    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        editor.add_question("code")
    assert editor.current == "new_code_1"
    qtbot.waitUntil(lambda: editor.form.id_edit.text() == "new_code_1", timeout=WAIT_MS)
    assert editor.problems.status.text().startswith("No problems. 11 questions")
    retype(qtbot, editor.form.id_edit, "hello")
    apply(qtbot, editor)
    save(qtbot, editor)
    paper = load_paper(folder)
    assert paper.question("hello").starter == {"program_1.py": 'print("hello")\n'}
    with qtbot.waitSignal(editor.service.checked, timeout=WAIT_MS):
        editor.delete_question("stable_sorts", confirm=False)
    assert "stable_sorts" not in [r.id for r in editor.rows()]
    assert "# all and only these score" in editor.problems.note.text()
    save(qtbot, editor)
    assert "stable_sorts" not in {q.id for q in load_paper(folder).questions}


def test_the_preview_shows_a_students_variant_and_nothing_hidden(qtbot, editor) -> None:
    editor.tabs.setCurrentWidget(editor.preview)
    qtbot.waitUntil(lambda: editor.preview.view is not None, timeout=WAIT_MS)
    seen = []
    for _ in range(4):
        view = editor.preview.view
        assert view is not None
        seen.append(tuple(q.id for q in view.model.questions))
        texts = "\n".join(widget_texts(editor.preview))
        assert "Which built-in Python type" in texts or "lookup" not in seen[-1]
        assert editor.preview.student.text().startswith(f"<b>sample-student-{len(seen)}</b>")
        for hidden in (
            "quokka",
            "70 10 90 30 50",
            "test_hidden",
            "wombat",
            "narwhal",
            "4096",
            "bisect",
            "zero",
            "nocase",
            "all_or_nothing",
            "tolerance",
        ):
            assert hidden not in texts
        assert not any(b.isChecked() for b in editor.preview.findChildren(QRadioButton))
        editor.preview.next_button.click()
    assert len(set(seen)) > 1  # orders and pools differ between students


def test_a_folder_without_paper_toml_is_not_opened(qtbot, tmp_path) -> None:
    tasks = ThreadTasks()
    window = PaperEditor(PaperEditorService(tasks))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.service.openFailed, timeout=WAIT_MS):
        window.open_folder(tmp_path)
    assert window.doc is None and not window.save_button.isEnabled()
    assert window.problems.status.text().startswith("1 problem")
    assert "no paper.toml" in window.problems.texts()[0]
    tasks.stop()


def test_the_window_fits_a_1366_by_768_screen(editor) -> None:
    hint = editor.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700
    for widget in (editor.save_button, editor.apply_button, editor.questions.add_button):
        corner = widget.mapTo(editor, widget.rect().bottomRight())
        assert corner.x() <= editor.width() and corner.y() <= editor.height()
