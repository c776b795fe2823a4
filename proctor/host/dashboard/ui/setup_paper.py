"""The setup form's "Edit paper…": the paper editor opened on the folder the form names, and
after each save the form checks the paper again (as the host will when the room opens), so
a paper the host would refuse is listed, problem by problem, before the room is opened."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from proctor.host.dashboard.setup_checks import PaperCheck, PaperProblem
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.paper_editor import PaperEditor
from proctor.host.dashboard.ui.paper_editor_service import PaperEditorService
from proctor.ui import geometry
from proctor.ui.tasks import TaskRunner

EDITOR_COLUMNS, EDITOR_LINES = 150, 44  # its size in text units, cut to the screen


def paper_details(check: PaperCheck) -> str:
    """What the form shows under the paper field when the paper loads: what it holds."""
    return check.summary if check.problem == PaperProblem.NONE else ""


def paper_refusal(check: PaperCheck) -> str:
    """The paper field's error for a paper the host would refuse: every problem, a line each."""
    count = len(check.details)
    lines = "\n".join(f"• {line}" for line in check.details)
    return labels.SETUP["paper_refused"].format(count, "" if count == 1 else "s") + "\n" + lines


def editable_folder(typed: str, check: PaperCheck) -> Path | None:
    """The folder typed, when the editor can open it: checked already, there, and not the
    built-in sample (an empty field)."""
    text = typed.strip()
    if not text or check.text.strip() != text:
        return None
    if check.problem not in (PaperProblem.NONE, PaperProblem.INVALID):
        return None
    return Path(text).expanduser().resolve()


class SetupPaperEditing(QObject):
    """Signals: `saved(folder)` after the editor wrote the paper in `folder`."""

    saved = Signal(object)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.editor: PaperEditor | None = None

    def open(self, folder: Path) -> PaperEditor:
        """The editor on `folder` (the one already open when it shows that folder)."""
        editor = self.editor
        if editor is not None and shiboken6.isValid(editor) and editor.folder == folder:
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return editor
        if editor is not None and shiboken6.isValid(editor):
            editor.close()
        editor = PaperEditor(PaperEditorService(self.tasks))
        editor.paperSaved.connect(lambda _paper: self.saved.emit(folder))
        self.editor = editor
        geometry.place(editor, EDITOR_COLUMNS, EDITOR_LINES)
        editor.show()
        editor.open_folder(folder)
        return editor

    def close(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None and shiboken6.isValid(editor):
            editor.close()
