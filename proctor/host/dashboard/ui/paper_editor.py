"""The proctor's paper editor: open a paper folder, list and filter its questions, edit one
in a form, the paper's settings and pools, see the problems a host would refuse the paper
for as the teacher edits, preview exactly what a sample student is sent, and save back to
paper.toml and its banks (comments and order kept where tomlkit allows; the window says
which comments a save would drop). Every read, check and write runs off the GUI thread.

For testing on its own: `python -m proctor.host.dashboard.ui.paper_editor [PAPER_FOLDER]`."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.host.dashboard import paper_editing as editing
from proctor.host.dashboard.ui.paper_editor_form import QuestionForm
from proctor.host.dashboard.ui.paper_editor_list import QuestionList
from proctor.host.dashboard.ui.paper_editor_service import PaperEditorService
from proctor.host.dashboard.ui.paper_editor_side import PreviewPanel, ProblemsPanel, SettingsPanel
from proctor.paper.exam import ExamPaper
from proctor.paper.load import PAPER_TOML
from proctor.paper.model import Pool, QuestionSpec
from proctor.paper.problems import Problem, describe_errors
from proctor.paper.write import PaperDocument

tr = translator(__name__)

CHECK_DELAY_MS = 400  # the teacher stops typing before the paper is checked


class PaperEditor(QMainWindow):
    """Signals: `paperSaved(ExamPaper)` after each save that wrote the paper."""

    paperSaved = Signal(object)

    def __init__(self, service: PaperEditorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.folder: Path | None = None
        self.doc: PaperDocument | None = None
        self.saved_texts: dict[str, str] = {}  # paper.toml and banks as on disk
        self.file_texts: dict[str, str | None] = {}  # other files, as read or edited
        self.edited_files: dict[str, str] = {}  # put into the document, not yet saved
        self.exam: ExamPaper | None = None
        self.current: str | None = None  # the question in the form
        self.form_dirty = False
        self._read_number = 0
        self._checking_form = False
        self.confirm_discard = True  # ask before unsaved changes are dropped
        self.setWindowTitle(tr("Paper editor"))
        self._build()
        self._connect()
        self.resize(1366, 700)  # a 1366x768 screen less a title bar and a panel

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.open_button = QPushButton(tr("&Open folder…"))
        self.reload_button = QPushButton(tr("&Reload"))
        self.save_button = QPushButton(tr("&Save"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(tr("Write paper.toml and its banks (Ctrl+S)"))
        self.folder_label = QLabel(tr("No paper open"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        for widget in (self.open_button, self.reload_button, self.save_button):
            top.addWidget(widget)
        top.addWidget(self.folder_label, 1)

        self.questions = QuestionList()
        self.table = self.questions.table

        self.form = QuestionForm()
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        self.apply_button = QPushButton(tr("A&pply to the paper"))
        self.apply_button.setToolTip(tr("Put the form's question into the paper (Ctrl+Enter)"))
        self.revert_button = QPushButton(tr("Re&vert question"))
        self.form_state = QLabel()
        self.form_state.setObjectName("fieldHint")
        form_tab = QWidget()
        form_column = QVBoxLayout(form_tab)
        form_column.setContentsMargins(0, 0, 0, 0)
        form_column.addWidget(self.form_scroll, 1)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.form_state, 1)
        form_buttons.addWidget(self.revert_button)
        form_buttons.addWidget(self.apply_button)
        form_column.addLayout(form_buttons)
        self.settings = SettingsPanel()
        self.preview = PreviewPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(form_tab, tr("&Question"))
        self.tabs.addTab(self.settings, tr("Settings and poo&ls"))
        self.tabs.addTab(self.preview, tr("Pre&view as a student"))

        self.problems = ProblemsPanel()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.questions)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 790])
        split.setChildrenCollapsible(False)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(split)
        body.addWidget(self.problems)
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 1)
        body.setSizes([600, 70])
        body.setChildrenCollapsible(False)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(8, 8, 8, 4)
        column.addLayout(top)
        column.addWidget(body, 1)
        self.setCentralWidget(central)
        self._central = central
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._set_open(False)

    def _connect(self) -> None:
        s = self.service
        s.opened.connect(self._on_opened)
        s.openFailed.connect(self._on_open_failed)
        s.checked.connect(self._on_checked)
        s.saved.connect(self._on_saved)
        s.filesRead.connect(self._on_files_read)
        s.failed.connect(lambda message: self.statusBar().showMessage(message))
        self.open_button.clicked.connect(self._choose_folder)
        self.reload_button.clicked.connect(self.reload)
        self.save_button.clicked.connect(self.save)
        self.questions.deleteRequested.connect(lambda: self.delete_question(self.current))
        self.questions.addRequested.connect(self.add_question)
        self.questions.questionSelected.connect(self._on_selected)
        self.apply_button.clicked.connect(self.apply_form)
        self.revert_button.clicked.connect(self.revert_form)
        self.form.edited.connect(self._on_form_edited)
        self.settings.settingChanged.connect(self._on_setting)
        self.settings.poolPut.connect(lambda pool: self._edit_pools(put=pool))
        self.settings.poolDeleted.connect(lambda ident: self._edit_pools(delete=ident))
        self.problems.questionChosen.connect(self.select_question)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_preview())
        self._check_timer.timeout.connect(self._run_check)
        for keys, action in (
            ("Ctrl+S", self.save),
            ("Ctrl+O", self._choose_folder),
            ("Ctrl+Return", self.apply_form),
            ("Ctrl+Enter", self.apply_form),
            ("Ctrl+F", self.questions.filter_edit.setFocus),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(action)

    def _set_open(self, is_open: bool) -> None:
        for widget in (self.save_button, self.reload_button, self.questions, self.tabs):
            widget.setEnabled(is_open)

    # -- opening -------------------------------------------------------------------------

    def open_folder(self, folder: Path) -> None:
        self.folder = folder
        self.folder_label.setText(tr("Opening {folder}…").format(folder=folder))
        self.service.open(folder)

    def reload(self) -> None:
        """Open the folder again, dropping what was not saved."""
        if self.folder is not None and self._may_discard():
            self.open_folder(self.folder)

    def _choose_folder(self) -> None:
        if not self._may_discard():
            return
        chosen = QFileDialog.getExistingDirectory(
            self, tr("Open a paper folder"), str(self.folder or "")
        )
        if chosen:
            self.open_folder(Path(chosen))

    def _on_opened(self, opened: editing.OpenedPaper) -> None:
        self.doc = opened.doc
        self.saved_texts = dict(opened.texts)
        self.file_texts, self.edited_files = {}, {}
        self.current, self.form_dirty = None, False
        self.folder_label.setText(str(opened.doc.folder))
        self.setWindowTitle(tr("Paper editor: {name}").format(name=opened.doc.folder.name))
        self._set_open(True)
        self.settings.show_paper(opened.doc.paper)
        self._refresh_rows()
        self._show_outcome(opened.outcome, pending=False)
        self.questions.choose_row(0)
        self.statusBar().showMessage(tr("Opened {folder}").format(folder=opened.doc.folder), 5000)

    def _on_open_failed(self, problems: list[Problem]) -> None:
        self.doc = None
        self._set_open(False)
        self.folder_label.setText(tr("Could not open {folder}").format(folder=self.folder))
        self.problems.show_problems(problems, "", pending=False)

    # -- the question list ---------------------------------------------------------------

    def rows(self) -> list[editing.QuestionRow]:
        return editing.question_rows(self.doc) if self.doc is not None else []

    def _refresh_rows(self) -> None:
        self.questions.show_rows(self.rows(), self.current)
        self.form.set_choices(self._pool_ids(), list(self.doc.docs) if self.doc else [])

    def select_question(self, question_id: str) -> None:
        self.questions.choose(question_id)
        self.tabs.setCurrentIndex(0)

    def _on_selected(self, question_id: str) -> None:
        if question_id == self.current:
            return
        if self.form_dirty and not self.apply_form():
            self.questions.set_current(self.current)  # stay until its mistakes are fixed
            return
        self._load_question(question_id)

    # -- the form ------------------------------------------------------------------------

    def _load_question(self, question_id: str) -> None:
        assert self.doc is not None and self.folder is not None
        found = self.doc.find(question_id)
        self.current, self.form_dirty = question_id, False
        if found.spec is None:
            self.form.setEnabled(False)
            self.form.show_problems(
                [
                    f"This question cannot be edited in the form until its own problems are "
                    f"fixed in {found.file} (see below)."
                ]
            )
            return
        paths = editing.question_files(found.file, found.spec)
        missing = [p for p in paths.values() if p not in self.file_texts]
        if missing:
            self.form.setEnabled(False)
            self._read_number = self.service.read(self.folder, missing)
            return
        self._fill_form(question_id)

    def _on_files_read(self, number: int, texts: dict[str, str | None]) -> None:
        self.file_texts.update({k: v for k, v in texts.items() if k not in self.file_texts})
        if number == self._read_number and self.current is not None:
            self._fill_form(self.current)

    def _fill_form(self, question_id: str) -> None:
        assert self.doc is not None
        found = self.doc.find(question_id)
        assert found.spec is not None
        paths = editing.question_files(found.file, found.spec)
        texts = {role: self.file_texts.get(path) for role, path in paths.items()}
        self.form.set_choices(self._pool_ids(), list(self.doc.docs))
        self.form.set_question(found.spec, found.file, texts)
        self.form.setEnabled(True)
        self.form_scroll.verticalScrollBar().setValue(0)
        self.form_dirty = False
        self.form_state.setText(tr("{id} in {file}").format(id=question_id, file=found.file))

    def _on_form_edited(self) -> None:
        self.form_dirty = True
        self.form_state.setText(
            tr("{current}: changed, not yet applied (Ctrl+Enter)").format(current=self.current)
        )
        self._check_timer.start()

    def _form_question(self) -> tuple[QuestionSpec, dict[str, str]] | None:
        """The form's question and its files' texts, or None with its problems shown."""
        try:
            spec = editing.build_spec(self.form.values())
        except editing.FormError as exc:
            self.form.show_problems(exc.problems)
            return None
        except ValueError as exc:
            self.form.show_problems([str(exc)])
            return None
        self.form.show_problems([])
        return spec, self.form.file_texts()

    def _put_form(
        self, doc: PaperDocument, spec: QuestionSpec, texts: dict[str, str]
    ) -> dict[str, str]:
        """Put the form's question into `doc`; returns its changed files {path: text}."""
        doc.put_question(spec, replace=self.current, file=self.form.target_file())
        stored = doc.find(spec.id)
        assert stored.spec is not None
        changed = {}
        for role, path in editing.question_files(stored.file, stored.spec).items():
            text = texts.get(role)
            if text is not None and text != self.file_texts.get(path):
                changed[path] = text
        return changed

    def apply_form(self) -> bool:
        """Put the form's question into the paper; False (problems shown) when it cannot."""
        if self.doc is None or not self.form_dirty or self.service.busy:
            return not self.form_dirty
        question = self._form_question()
        if question is None:
            return False
        spec, texts = question
        try:
            changed = self._put_form(self.doc, spec, texts)
            for path, text in changed.items():
                self.doc.put_file(path, text)
        except (ValueError, KeyError) as exc:
            self.form.show_problems([str(exc).strip("'\"")])
            return False
        self.file_texts.update(changed)
        self.edited_files.update(changed)
        self.current, self.form_dirty = spec.id, False
        self.form_state.setText(tr("{id}: applied (not yet saved)").format(id=spec.id))
        self._refresh_rows()
        self._schedule_check(now=True)
        return True

    def revert_form(self) -> None:
        if self.current is not None and self.doc is not None:
            self._fill_form(self.current)

    def add_question(self, kind: str) -> None:
        if self.doc is None or (self.form_dirty and not self.apply_form()):
            return
        taken = [r.id for r in self.rows()] + [f for f in self.file_texts if "/" not in f]
        spec, starter = editing.new_question(kind, taken)
        self.doc.put_question(spec, file=PAPER_TOML)
        for name, text in starter.items():
            self.doc.put_file(name, text)
            self.file_texts[name] = self.edited_files[name] = text
        self.current = None
        self._refresh_rows()
        self.select_question(spec.id)
        self.form_scroll.ensureVisible(0, 0)
        self.form.id_edit.setFocus()
        self.form.id_edit.selectAll()
        self._schedule_check(now=True)

    def delete_question(self, question_id: str | None, confirm: bool = True) -> None:
        if self.doc is None or question_id is None:
            return
        if confirm:
            asked = f"Delete question {question_id} from the paper?"
            answer = QMessageBox.question(self, tr("Delete question"), asked)
            if answer != QMessageBox.StandardButton.Yes:
                return
        row = self.questions.row_of(question_id) or 0
        self.doc.delete_question(question_id)
        self.current, self.form_dirty = None, False
        self._refresh_rows()
        self.questions.choose_row(row)
        self._schedule_check(now=True)

    # -- settings and pools --------------------------------------------------------------

    def _pool_ids(self) -> list[str]:
        pools = self.doc.paper.unwrap().get("pools", []) if self.doc is not None else []
        return [str(p.get("id")) for p in pools if isinstance(p, dict) and p.get("id")]

    def _on_setting(self, name: str, value: object) -> None:
        if self.doc is None:
            return
        try:
            self.doc.set_setting(name, value)
        except ValueError as exc:
            errors = getattr(exc, "errors", None)
            sentences = [m for _p, m in describe_errors(errors(), {name: value})] if errors else []
            self.settings.show_error("; ".join(sentences) or str(exc))
            return
        self.settings.show_error("")
        self._schedule_check(now=True)

    def _edit_pools(self, put: Pool | None = None, delete: str | None = None) -> None:
        if self.doc is None:
            return
        if put is not None:
            self.doc.put_pool(put)
        if delete:
            self.doc.delete_pool(delete)
        self.settings.show_paper(self.doc.paper)
        self.form.set_choices(self._pool_ids(), list(self.doc.docs))
        self._schedule_check(now=True)

    # -- checking ------------------------------------------------------------------------

    def _schedule_check(self, now: bool = False) -> None:
        if now:
            self._check_timer.stop()
            self._run_check()
        else:
            self._check_timer.start()

    def _run_check(self) -> None:
        if self.doc is None or self.folder is None:
            return
        if self.service.busy:  # a save is writing the document: check once it is done
            self._check_timer.start()
            return
        trial, pending = self.doc, False
        changed: dict[str, str] = {}
        if self.form_dirty:
            question = self._form_question()
            if question is not None:
                trial = editing.fork(self.doc)
                try:
                    changed = self._put_form(trial, *question)
                except (ValueError, KeyError) as exc:
                    self.form.show_problems([str(exc).strip("'\"")])
                    trial = self.doc
                else:
                    pending = True
        if pending:
            overrides = {**trial.texts(), **self.edited_files, **changed}
        else:
            overrides = self.doc.changed()
        self._checking_form = pending
        self.service.check(self.folder, overrides)
        lost = editing.comments_lost(self.saved_texts, trial.texts())
        self.problems.show_note(editing.lost_comments_note(lost))

    def _on_checked(self, number: int, outcome: editing.CheckOutcome) -> None:
        if number == self.service.latest_check():
            self._show_outcome(outcome, pending=self._checking_form)

    def _show_outcome(self, outcome: editing.CheckOutcome, pending: bool) -> None:
        ok = editing.summary(outcome.paper) + "." if outcome.paper is not None else ""
        self.problems.show_problems(outcome.problems, ok, pending)
        if not pending:
            if outcome.paper is not None and self.statusBar().currentMessage().startswith("Not"):
                self.statusBar().clearMessage()  # the refusal it reported is fixed
            self.exam = outcome.paper
            self._preview_problems = bool(outcome.problems)
            self._refresh_preview(rebuild=True)

    def _refresh_preview(self, rebuild: bool = False) -> None:
        if self.tabs.currentWidget() is self.preview and (rebuild or self.preview.exam is None):
            self.preview.show_exam(self.exam, problems=getattr(self, "_preview_problems", False))

    # -- saving --------------------------------------------------------------------------

    def has_unsaved(self) -> bool:
        return self.doc is not None and (self.form_dirty or bool(self.doc.changed()))

    def save(self) -> None:
        if self.doc is None or self.service.busy:
            return
        if self.form_dirty and not self.apply_form():
            self.statusBar().showMessage(tr("Not saved: the question in the form has mistakes."))
            return
        self._central.setEnabled(False)
        self.statusBar().showMessage(tr("Saving…"))
        self.service.save(self.doc)

    def _on_saved(self, outcome: editing.CheckOutcome) -> None:
        self._central.setEnabled(True)
        if outcome.paper is None:
            self._show_outcome(outcome, pending=False)
            count = len(outcome.problems)
            self.statusBar().showMessage(
                (
                    tr("Not saved: the paper has 1 problem (below); nothing was written.")
                    if count == 1
                    else tr(
                        "Not saved: the paper has {count} problems (below); nothing was written."
                    )
                ).format(count=count)
            )
            return
        assert self.doc is not None
        self.saved_texts = self.doc.texts()
        self.edited_files.clear()
        self.problems.show_note("")
        self._show_outcome(outcome, pending=False)
        self.statusBar().showMessage(
            tr("Saved {value}").format(value=self.doc.folder / PAPER_TOML), 8000
        )
        self.paperSaved.emit(outcome.paper)

    def _may_discard(self) -> bool:
        if not self.has_unsaved() or not self.confirm_discard:
            return True
        answer = QMessageBox.question(
            self,
            tr("Unsaved changes"),
            tr("The paper has changes that are not saved. Save them?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            self.save()
            return False
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self._may_discard():
            event.accept()
        else:
            event.ignore()


def main(argv: list[str] | None = None) -> int:
    from proctor.ui.style import ensure_application
    from proctor.ui.tasks import ThreadTasks

    args = list(sys.argv[1:] if argv is None else argv)
    app = ensure_application()
    tasks = ThreadTasks()
    window = PaperEditor(PaperEditorService(tasks))
    window.show()
    if args:
        window.open_folder(Path(args[0]))
    code = app.exec()
    tasks.stop()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
