"""The setup form and the paper: a paper.toml the host would refuse is listed problem by
problem and the room does not open; "Edit paper…" opens the real paper editor on the folder
typed, and each save there checks the paper again; Open checks it once more, so a paper
broken after the last look is caught before the room opens."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.host.dashboard.setup_checks import (
    PaperProblem,
    SetupEnvironment,
    check_paper,
    gather_environment,
)
from proctor.host.dashboard.ui.setup_form import LOOPBACK, SetupForm
from proctor.host.dashboard.ui.setup_probe import SetupProbe
from proctor.ui.bridge import AsyncBridge
from tests.helpers.constants import ROOT

pytestmark = pytest.mark.gui
WAIT_MS = 15_000
MIXED = ROOT / "assets" / "sample_mixed_paper"
BROKEN_TAIL = """
[[questions]]
id = "lookup"
type = "choice"
text = "A second question with the same id"
options = ["a", "b"]
answer = "c"
"""


@pytest.fixture
def bridge() -> Iterator[AsyncBridge]:
    b = AsyncBridge()
    yield b
    b.stop()


@pytest.fixture
def environment() -> SetupEnvironment:
    return gather_environment()


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MIXED, tmp_path / "paper"))


def ready_form(qtbot: Any, bridge: AsyncBridge, env: SetupEnvironment, folder: Path) -> SetupForm:
    form = SetupForm(SetupProbe(bridge), env)
    qtbot.addWidget(form)
    form.show()
    form.address_box.setCurrentIndex(form.address_box.findData(LOOPBACK))
    form.name_edit.setText("Data structures final")
    form.key_edit.setText("correct horse battery")
    form.key_again.setText("correct horse battery")
    form.paper_edit.setText(str(folder))
    form.check_paper()
    qtbot.waitUntil(lambda: not form.checking(), timeout=WAIT_MS)
    return form


def test_check_paper_lists_every_problem_by_file_and_line(paper: Path) -> None:
    assert check_paper(str(paper)).problem == PaperProblem.NONE
    assert "question" in check_paper(str(paper)).summary
    with (paper / "paper.toml").open("a") as toml:
        toml.write(BROKEN_TAIL)
    check = check_paper(str(paper))
    assert check.problem == PaperProblem.INVALID
    assert len(check.details) >= 2  # the duplicate id and the answer that is no option
    assert all(line.startswith("paper.toml:") for line in check.details), check.details
    assert any("lookup" in line for line in check.details)


def test_a_paper_the_host_would_refuse_is_listed_and_the_room_does_not_open(
    qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment, paper: Path
) -> None:
    with (paper / "paper.toml").open("a") as toml:
        toml.write(BROKEN_TAIL)
    form = ready_form(qtbot, bridge, environment, paper)
    opened: list[Any] = []
    form.submitted.connect(opened.append)
    form.open_button.click()
    qtbot.waitUntil(lambda: not form.checking() and "paper" in form.errors, timeout=WAIT_MS)
    assert "would refuse this paper" in form.errors["paper"]
    shown = form._error_labels["paper"]
    assert shown.isVisible()
    listed = shown.text()
    assert "paper.toml:" in listed and "lookup" in listed and "2 problems" in listed
    qtbot.wait(300)
    assert opened == [] and not form.busy


def test_edit_paper_opens_the_editor_and_each_save_checks_the_paper_again(
    qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment, paper: Path
) -> None:
    form = ready_form(qtbot, bridge, environment, paper)
    before = form.paper_details.text()
    assert form.edit_paper_button.isEnabled() and "question" in before

    form.edit_paper_button.click()
    editor = form.paper_editing.editor
    assert editor is not None
    qtbot.addWidget(editor)
    editor.confirm_discard = False
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=WAIT_MS)
    assert editor.folder == paper.resolve()
    editor.delete_question("halving_module", confirm=False)
    with qtbot.waitSignal(form.paper_editing.saved, timeout=WAIT_MS):
        editor.save()
    qtbot.waitUntil(lambda: form.paper_details.text() != before, timeout=WAIT_MS)
    assert "halving_module" not in (paper / "paper.toml").read_text()
    assert not form.errors

    # Broken behind the form's back: Open checks the paper once more and refuses it.
    with (paper / "paper.toml").open("a") as toml:
        toml.write(BROKEN_TAIL)
    opened: list[Any] = []
    form.submitted.connect(opened.append)
    form.open_button.click()
    qtbot.waitUntil(lambda: "paper" in form.errors, timeout=WAIT_MS)
    assert opened == [] and "paper.toml:" in form._error_labels["paper"].text()

    # Mended: Open opens.
    text = (paper / "paper.toml").read_text()
    (paper / "paper.toml").write_text(text.replace(BROKEN_TAIL, ""))
    with qtbot.waitSignal(form.submitted, timeout=WAIT_MS) as submitted:
        form.open_button.click()
    assert submitted.args[0].paper == paper.resolve()
    form.paper_editing.close()


def test_edit_paper_is_off_for_the_built_in_sample_and_a_missing_folder(
    qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment, tmp_path: Path
) -> None:
    form = ready_form(qtbot, bridge, environment, tmp_path / "missing")
    assert not form.edit_paper_button.isEnabled()
    form.paper_edit.setText("")
    form.check_paper()
    qtbot.waitUntil(lambda: not form.checking(), timeout=WAIT_MS)
    assert not form.edit_paper_button.isEnabled()
    form.edit_paper()
    assert form.paper_editing.editor is None


def test_the_summary_counts_what_each_student_gets_when_pools_draw() -> None:
    # The sample mixed paper: 10 questions, a pool draws 2 of its 3 warm-ups for each student.
    summary = check_paper(str(MIXED)).summary
    assert summary.endswith(": 9 questions for each student, drawn from 10"), summary


def test_the_summary_line_is_as_tall_as_its_text_not_more(
    qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment, paper: Path
) -> None:
    form = ready_form(qtbot, bridge, environment, paper)
    form.resize(800, 740)
    qtbot.waitUntil(lambda: form.paper_details.isVisible(), timeout=WAIT_MS)
    qtbot.wait(100)
    details = form.paper_details
    lines = details.fontMetrics().lineSpacing()
    assert details.height() == details.heightForWidth(details.width())
    assert details.height() <= 3 * lines  # the summary wraps at most once: no tall empty box
