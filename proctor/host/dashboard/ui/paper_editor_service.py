"""The paper editor's service: every file read and write and every check of the paper runs
off the GUI thread through a TaskRunner (the app's bridge, or a thread pool of its own), and
comes back as a signal. A check is numbered: the editor shows only the latest one's answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from proctor.common.i18n import translator
from proctor.host.dashboard import paper_editing
from proctor.paper.problems import PaperError
from proctor.paper.write import PaperDocument
from proctor.ui.tasks import TaskRunner

tr = translator(__name__)


class PaperEditorService(QObject):
    """Signals: `opened(OpenedPaper)`, `openFailed(list[Problem])`, `checked(number,
    CheckOutcome)`, `saved(CheckOutcome)` (its paper is None when the save was refused),
    `filesRead(number, {path: text | None})`, `failed(message)` (anything unexpected)."""

    opened = Signal(object)
    openFailed = Signal(object)
    checked = Signal(int, object)
    saved = Signal(object)
    filesRead = Signal(int, object)
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self._checks = 0
        self._reads = 0
        self.busy = False  # a save is being written: the document must not change

    def open(self, folder: Path) -> None:
        def done(opened: paper_editing.OpenedPaper) -> None:
            self.opened.emit(opened)

        def error(exc: BaseException) -> None:
            if isinstance(exc, PaperError):
                self.openFailed.emit(exc.problems)
            else:
                self.failed.emit(tr("The paper could not be opened: {exc}").format(exc=exc))

        self.tasks.run_task(lambda: paper_editing.open_paper(folder), done, error)

    def check(self, folder: Path, overrides: Mapping[str, str]) -> int:
        """Check the paper with `overrides` (every edited text); returns the check's number."""
        self._checks += 1
        number = self._checks
        texts = dict(overrides)
        self.tasks.run_task(
            lambda: paper_editing.check_texts(folder, texts),
            lambda outcome: self.checked.emit(number, outcome),
            lambda exc: self.failed.emit(
                tr("The paper could not be checked: {exc}").format(exc=exc)
            ),
        )
        return number

    def latest_check(self) -> int:
        return self._checks

    def save(self, doc: PaperDocument) -> None:
        """Write `doc`; the caller keeps it unchanged until `saved` (see `busy`)."""
        self.busy = True

        def done(outcome: paper_editing.CheckOutcome) -> None:
            self.busy = False
            self.saved.emit(outcome)

        def error(exc: BaseException) -> None:
            self.busy = False
            self.failed.emit(tr("The paper could not be saved: {exc}").format(exc=exc))

        self.tasks.run_task(lambda: paper_editing.save_paper(doc), done, error)

    def read(self, folder: Path, paths: Iterable[str]) -> int:
        self._reads += 1
        number = self._reads
        wanted = list(paths)
        self.tasks.run_task(
            lambda: paper_editing.read_files(folder, wanted),
            lambda texts: self.filesRead.emit(number, texts),
            lambda exc: self.failed.emit(
                tr("The question's files could not be read: {exc}").format(exc=exc)
            ),
        )
        return number
