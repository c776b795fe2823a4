"""The exam screen: top bar with the countdown and Submit, instructions beside the paper's
files (one CodeEditor per file), the run panel below, and the full-window overlay.

A paper with questions shows its `QuestionsView` (navigator and one question at a time) where
the instructions were, with the instructions in a tab beside it; the files and the run panel
show only while a code question is on screen (or a file was opened from one), so a choice or
short question has the whole width."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.common.protocol import Paper
from proctor.student.ui.instructions import render_instructions, show_instructions
from proctor.student.ui.messages import LOUD_SAVE_KINDS, save_text
from proctor.student.ui.overlays import Overlay
from proctor.student.ui.runner import ProgramRunner, RunPanel
from proctor.student.ui.top_bar import TopBar
from proctor.student.ui.widgets import Banner
from proctor.ui import style
from proctor.ui.editor import CodeEditor
from proctor.ui.plain_editor import PlainCodeEditor
from proctor.ui.questions import QuestionsView
from proctor.ui.questions.page import QuestionPage

tr = translator(__name__)

WORK_DEBOUNCE_MS = 300
NAVIGATOR_WIDTH = 190  # at least, for the question list beside a question: its items are short

Editor = CodeEditor | PlainCodeEditor


class ExamPage(QFrame):
    """Signals: `workChanged()` (debounced edits), `saveNowRequested()`, `submitRequested()`."""

    workChanged = Signal()
    saveNowRequested = Signal()
    submitRequested = Signal()

    def __init__(self, now_ms: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.editors: dict[str, Editor] = {}
        self.plain_editor = False  # the plain-text editor, for screen readers
        self._editable = False
        self._zoom = style.editor_zoom()  # the editors follow the font scale
        self._save_problem = ""
        self._sized = False  # the student moved a divider: the sizes are theirs from then on
        self._loaded = False
        self._instructions_html = ""
        self.questions_view: QuestionsView | None = None
        self.left_tabs: QTabWidget | None = None

        self.top_bar = TopBar(now_ms, self.set_high_contrast, self.set_plain_editor)
        bar = self.top_bar  # its parts, by the names the rest of the app uses
        self.exam_title, self.student_label = bar.exam_title, bar.student_label
        self.connection, self.save_label = bar.connection, bar.save_label
        self.countdown, self.submit_button = bar.countdown, bar.submit_button
        self.contrast_button, self.plain_button = bar.contrast_button, bar.plain_button
        self.view_button = bar.view_button

        self.save_banner = Banner()  # save problems only: never hidden by other notices
        self.banner = Banner(keep_space=True)  # always there: no panel jumps for a notice

        # Instructions and files.
        self.instructions = QTextBrowser()
        self.instructions.setAccessibleName(tr("Instructions"))
        self.instructions.setOpenLinks(False)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Files"))
        self.tabs.setDocumentMode(True)
        self.runner = ProgramRunner(self)
        self.run_panel = RunPanel(self.runner)
        self.run_panel.runRequested.connect(self.run_current)

        self.work_split = work_split = QSplitter(Qt.Orientation.Vertical)
        work_split.addWidget(self.tabs)
        work_split.addWidget(self.run_panel)
        work_split.setStretchFactor(0, 3)
        work_split.setStretchFactor(1, 1)
        work_split.setChildrenCollapsible(False)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.instructions)
        self.main_split.addWidget(work_split)
        self.main_split.setStretchFactor(0, 2)
        self.main_split.setStretchFactor(1, 5)
        self.main_split.setChildrenCollapsible(False)
        self.main_split.splitterMoved.connect(self._divider_moved)
        work_split.splitterMoved.connect(self._divider_moved)

        self.content = QWidget()
        content_column = QVBoxLayout(self.content)
        content_column.setContentsMargins(6, 6, 6, 6)
        content_column.addWidget(self.main_split)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top_bar)
        column.addWidget(self.save_banner)
        column.addWidget(self.banner)
        column.addWidget(self.content, 1)
        self.overlay = Overlay(self)

        self._work_timer = QTimer(self)
        self._work_timer.setSingleShot(True)
        self._work_timer.setInterval(WORK_DEBOUNCE_MS)
        self._work_timer.timeout.connect(self.workChanged.emit)
        self.submit_button.clicked.connect(self.submitRequested.emit)
        self._add_shortcuts()

    def add_to_top_bar(self, widget: QWidget) -> None:
        """A widget of the top bar before the countdown (the hall's buttons)."""
        self.top_bar.add_tool(widget)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if not self._sized and self.width() > 600 and self.height() > 400:
            self._apply_initial_sizes()  # until the student moves a divider: then theirs

    def _divider_moved(self) -> None:
        self._sized = True

    def _apply_initial_sizes(self) -> None:
        """Instructions take about a third of the width (questions beside code: about half);
        the editor most of the height."""
        width = self.main_split.width() or self.width()
        if self.questions_view is not None:
            left = max(640, min(int(width * 0.55), 1000))
            navigator = max(NAVIGATOR_WIDTH, min(int(left * 0.22), 2 * NAVIGATOR_WIDTH))
            self.questions_view.split.setSizes([navigator, max(1, left - navigator)])
        else:
            left = max(300, min(int(width * 0.32), 560))
        self.main_split.setSizes([left, max(1, width - left)])
        height = self.work_split.height() or self.height()
        bottom = max(180, int(height * 0.30))
        self.work_split.setSizes([max(1, height - bottom), bottom])

    # -- paper and work -----------------------------------------------------------

    def load_paper(self, paper: Paper, work: dict[str, str] | None) -> None:
        """Show the paper; the student's saved work (if any) replaces the starter files."""
        self.exam_title.setToolTip(paper.title)
        self._instructions_html = render_instructions(paper.instructions)
        self._show_instructions()
        files = dict(paper.files)
        if work:
            files.update(work)
        if not files and not paper.questions:
            files = {"solution.py": ""}
        self.tabs.clear()
        self.editors.clear()
        for name in _ordered(files):
            self.tabs.addTab(self._new_editor(name, files[name]), name)
        self._loaded = True
        if self.questions_view is None:
            self.focus_editor()

    def _new_editor(self, name: str, text: str) -> Editor:
        editor: Editor = PlainCodeEditor() if self.plain_editor else CodeEditor()
        editor.set_text(text)
        editor.set_zoom(self._zoom)
        editor.set_read_only(not self._editable)
        if isinstance(editor, CodeEditor):
            editor.set_high_contrast(style.high_contrast())
        editor.setAccessibleName(tr("File {name}").format(name=name))
        editor.textChanged.connect(self._on_text_changed)
        editor.zoomChanged.connect(self._sync_zoom)
        self.editors[name] = editor
        return editor

    def follow_font_scale(self) -> None:
        """The font scale changed (the proctor granted another): the editors' zoom and the
        place of the view buttons follow it."""
        self.top_bar.place_tools()
        self._sync_zoom(style.editor_zoom())

    def set_plain_editor(self, plain: bool) -> None:
        """Switch every file between the Scintilla and the plain-text editor, keeping the
        texts, the file shown and where the keyboard focus was."""
        if self.plain_button.isChecked() != plain:
            self.plain_button.setChecked(plain)  # calls this again through `toggled`
            return
        if plain == self.plain_editor:
            return
        self.plain_editor = plain
        had_focus = any(e.isAncestorOf(self.focusWidget()) for e in self.editors.values())
        current = self.tabs.currentIndex()
        texts = self.files()
        self.editors.clear()
        for index, name in enumerate(texts):
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, self._new_editor(name, texts[name]), name)
            if old is not None:
                old.deleteLater()
        self.tabs.setCurrentIndex(current)
        if had_focus:
            self.focus_editor()

    def set_high_contrast(self, on: bool) -> None:
        """The high-contrast theme for the whole app, the editors' colours with it."""
        if self.contrast_button.isChecked() != on:
            self.contrast_button.setChecked(on)  # calls this again through `toggled`
            return
        style.set_high_contrast(on)
        for editor in self.editors.values():
            if isinstance(editor, CodeEditor):
                editor.set_high_contrast(on)
        self._show_instructions()

    def _show_instructions(self) -> None:
        """The instructions in the colours of the theme that is on."""
        show_instructions(self.instructions, self._instructions_html)

    def has_paper(self) -> bool:
        return self._loaded

    # -- questions ----------------------------------------------------------------

    def show_questions(self, view: QuestionsView | None) -> None:
        """Show a paper's questions (None: the paper has none; the instructions come back)."""
        old = self.questions_view
        if old is view:
            return
        if view is None:
            if self.left_tabs is not None:
                self.main_split.replaceWidget(0, self.instructions)
                self.left_tabs.deleteLater()
            self.left_tabs = self.questions_view = None
            self.work_split.show()
            return
        tabs = QTabWidget()
        tabs.setAccessibleName(tr("Questions and instructions"))
        tabs.setDocumentMode(True)
        self.main_split.replaceWidget(0, tabs)
        if self.left_tabs is not None:
            self.left_tabs.deleteLater()
        tabs.addTab(view, tr("&Questions"))
        tabs.addTab(self.instructions, tr("Instructions"))
        self.left_tabs, self.questions_view = tabs, view
        view.set_editable(self._editable)
        for shortcut in view.shortcuts:  # the same keys window-wide, from the editors too
            shortcut.setEnabled(False)
        view.install_shortcuts(self, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.currentChanged.connect(self.question_shown)
        view.openFileRequested.connect(lambda _qid, name: self.open_file(name))
        self._sized = False
        if self.isVisible() and self.width() > 600 and self.height() > 400:
            self._apply_initial_sizes()
        self.question_shown(view.current_id() if view.pages else "")

    def question_shown(self, question_id: str) -> None:
        """The files show beside a code question (its main file in front), not beside others."""
        view = self.questions_view
        if view is None:
            return
        question = next((q for q in view.model.questions if q.id == question_id), None)
        if question is None or question.type != "code":
            self.work_split.hide()
            return
        self.work_split.show()
        main = question.main or (question.files[0] if question.files else "")
        self._select_file(main)

    def open_file(self, name: str) -> None:
        """Show `name` in the editor and give it the keyboard focus."""
        self.work_split.show()
        if self._select_file(name):
            self.focus_editor()

    def _select_file(self, name: str) -> bool:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == name:
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def show_instructions(self) -> None:
        if self.left_tabs is not None:
            self.left_tabs.setCurrentWidget(self.instructions)
        self.instructions.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def files(self) -> dict[str, str]:
        return {name: editor.text() for name, editor in self.editors.items()}

    def current_file(self) -> str:
        index = self.tabs.currentIndex()
        return self.tabs.tabText(index) if index >= 0 else ""

    def flush_work(self) -> None:
        """Deliver a pending debounced change at once."""
        if self._work_timer.isActive():
            self._work_timer.stop()
            self.workChanged.emit()

    # -- state --------------------------------------------------------------------

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for editor in self.editors.values():
            editor.set_read_only(not editable)
        self.run_panel.set_allowed(editable)
        self.submit_button.setEnabled(editable)
        if self.questions_view is not None:
            self.questions_view.set_editable(editable)
            if not editable:
                self.questions_view.model.flush()  # the last answer goes with the hand-in
        if not editable:
            self.flush_work()

    def is_editable(self) -> bool:
        return self._editable

    def set_identity(self, exam_name: str, student: str) -> None:
        self.exam_title.setText(exam_name)
        self.student_label.setText(student)
        self.top_bar.place_tools()

    def set_self_view(self, view: QWidget) -> None:
        """Show the camera self-view in the top bar, left of the countdown."""
        if view.parent() is None:
            view.setMaximumSize(96, 72)
            self.top_bar.add_before_countdown(view)
            view.show()

    def set_connection(self, status: str, detail: str) -> None:
        self.connection.set_status(status, detail)

    def set_save_status(self, kind: str, message: str) -> None:
        text = save_text(kind, message, at=time.strftime("%H:%M:%S"))
        if kind in LOUD_SAVE_KINDS:
            self.save_banner.show_message(text, "error")
            self._save_problem = kind
            self.save_label.setText(
                tr("NOT SAVED") if kind == "local_failed" else tr("Too large to send")
            )
            self.save_label.setStyleSheet("color: #ff8a80; font-weight: 700;")
            return
        fixed = kind == "host_ok" or (kind == "local_ok" and self._save_problem == "local_failed")
        if self._save_problem and fixed:
            self._save_problem = ""
            self.save_banner.clear_message()
        elif self._save_problem:
            return  # keep the loud message until the problem is gone
        self.save_label.setText(text)
        self.save_label.setStyleSheet("")

    def show_overlay(
        self, kind: str, title: str, body: str, receipt: str = "", action: str = ""
    ) -> None:
        self.content.setEnabled(False)
        self.overlay.show_message(kind, title, body, receipt, action)

    def hide_overlay(self) -> None:
        self.overlay.dismiss()
        self.content.setEnabled(True)
        self.focus_work()

    def focus_work(self) -> None:
        """The keyboard focus where the student works: the question shown, else the editor."""
        view = self.questions_view
        if view is not None and view.pages and not self.tabs.hasFocus():
            if self.work_split.isHidden() or not self.tabs.currentWidget():
                view.pages[view.current_index()].focus_answer()
                return
        self.focus_editor()

    # -- actions ------------------------------------------------------------------

    def run_current(self) -> None:
        if not self._editable or self.runner.is_running():
            return
        name = self.current_file()
        if not name.endswith(".py"):
            python_files = [n for n in self.editors if n.endswith(".py")]
            if not python_files:
                self.run_panel.status.setText(tr("There is no Python file to run."))
                return
            name = python_files[0]
        self.runner.run(self.files(), name, self.run_panel.stdin_box.toPlainText())

    def focus_editor(self) -> None:
        editor = self.tabs.currentWidget()
        if isinstance(editor, Editor):
            editor.focus_text()

    def _on_text_changed(self) -> None:
        self._work_timer.start()

    def _sync_zoom(self, level: int) -> None:
        self._zoom = level
        for editor in self.editors.values():
            if editor.zoom() != level:
                editor.set_zoom(level)

    def _add_shortcuts(self) -> None:
        def bind(
            sequence: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], None]
        ) -> None:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        bind("F5", self.run_current)
        bind("Ctrl+Return", self.run_current)
        bind("Ctrl+Enter", self.run_current)
        bind(QKeySequence.StandardKey.Save, self._save_now)
        bind("Ctrl+Shift+I", self.show_instructions)
        bind("Ctrl+E", self.focus_editor)
        bind("Ctrl+Shift+P", self.plain_button.toggle)
        bind("Ctrl+Shift+H", self.contrast_button.toggle)
        # The editor keeps Tab for indenting, so F6 / Shift+F6 move between the panes.
        bind("F6", lambda: self.cycle_pane(1))
        bind("Shift+F6", lambda: self.cycle_pane(-1))

    def panes(self) -> list[QWidget]:
        """The places F6 visits, in order: the questions (navigator, the question shown), file,
        instructions, program input, output, Submit; only those on screen."""
        panes: list[QWidget] = []
        view = self.questions_view
        if view is not None and view.pages:
            panes += [view.navigator.list, view.pages[view.current_index()]]
        editor = self.tabs.currentWidget()
        if isinstance(editor, Editor) and not self.work_split.isHidden():
            panes.append(editor)
        if view is None:
            panes.append(self.instructions)
        if not self.work_split.isHidden():
            panes += [self.run_panel.stdin_box, self.run_panel.output_box]
        if self.submit_button.isEnabled():
            panes.append(self.submit_button)
        return panes

    def cycle_pane(self, step: int) -> None:
        panes = self.panes()
        focused = self.focusWidget()
        index = next(
            (i for i, p in enumerate(panes) if p is focused or p.isAncestorOf(focused)), -1
        )
        target = panes[(index + step) % len(panes)]
        if isinstance(target, Editor):
            target.focus_text()
        elif isinstance(target, QuestionPage):
            target.focus_answer()
        else:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _save_now(self) -> None:
        self._work_timer.stop()
        self.saveNowRequested.emit()


def _ordered(files: dict[str, str]) -> list[str]:
    """Python files first (the one to run), then the rest, each group by name."""
    return sorted(files, key=lambda name: (not name.endswith(".py"), name.lower()))
