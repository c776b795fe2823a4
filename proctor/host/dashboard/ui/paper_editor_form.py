"""The paper editor's question form: the fields every question has (id, type, points, pool,
tags, the file it is kept in, its Markdown text inline or in a file), then its type's own:
options with the right answer(s); accepted short answers with match and tolerance; a code
question's language, files and their starter texts, main file, examples, hidden tests,
cases, scoring and limits. It holds values only: the window applies them to the paper."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.host.dashboard.paper_editing import format_tags, parse_tags
from proctor.host.dashboard.ui.paper_editor_fields import CasesEditor, OptionsEditor
from proctor.paper.model import (
    ChoiceQuestion,
    CodeQuestion,
    MultiQuestion,
    QuestionSpec,
    ShortQuestion,
)
from proctor.ui.style import mono_font

tr = translator(__name__)

ANSWER_LINES_TAG = "answer_lines"  # the student's text field height (proctor.ui.questions)
TYPES = ("choice", "multi", "short", "code")
NO_POOL = "(no pool)"
FIRST_FILE = "(the first file)"


def _text_box(name: str, height: int, mono: bool = False) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    if mono:
        box.setFont(mono_font())
    return box


class QuestionForm(QWidget):
    """Signals: `edited()` on every change the teacher makes (not while loading)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.starter_texts: dict[str, str] = {}
        self._starter_shown = ""

        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(tr("letters, digits, _ and -; students see it"))
        self.type_box = QComboBox()
        self.type_box.addItems(TYPES)
        self.points = QDoubleSpinBox()
        self.points.setRange(0, 10_000)
        self.points.setDecimals(2)
        self.points.setSingleStep(0.5)
        self.pool_box = QComboBox()
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(tr("course=DSA, topic=hashing, difficulty=easy"))
        self.file_box = QComboBox()
        self.file_box.setToolTip(tr("The file this question is written in (paper.toml or a bank)"))
        self.text_here = QRadioButton(tr("Te&xt here"))
        self.text_in_file = QRadioButton(tr("Text in a &file:"))
        self.text_group = QButtonGroup(self)
        self.text_group.addButton(self.text_here)
        self.text_group.addButton(self.text_in_file)
        self.text_path = QLineEdit()
        self.text_path.setPlaceholderText(tr("question.md, relative to the question's file"))
        self.text_edit = _text_box(tr("Question text (Markdown)"), 80)
        self.text_edit.setMaximumHeight(160)
        self.text_edit.setPlaceholderText(tr("The question, in Markdown"))

        common = QFormLayout()
        common.addRow(tr("&Id:"), self.id_edit)
        common.addRow(tr("&Type:"), self.type_box)
        common.addRow(tr("P&oints:"), self.points)
        common.addRow(tr("Poo&l:"), self.pool_box)
        common.addRow(tr("T&ags:"), self.tags_edit)
        common.addRow(tr("Kept &in:"), self.file_box)
        source = QHBoxLayout()
        source.addWidget(self.text_here)
        source.addWidget(self.text_in_file)
        source.addWidget(self.text_path, 1)
        common.addRow(tr("Text:"), source)
        common.addRow("", self.text_edit)

        # choice and multi
        self.options = OptionsEditor()
        options_page = QGroupBox(tr("Options and the right answer"))
        QVBoxLayout(options_page).addWidget(self.options)

        # short
        self.accepted = _text_box(tr("Accepted answers, one per line"), 70)
        self.match_box = QComboBox()
        self.match_box.addItems(["exact", "nocase", "regex", "number"])
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0, 1e9)
        self.tolerance.setDecimals(6)
        self.answer_lines = QSpinBox()
        self.answer_lines.setRange(1, 12)
        self.answer_lines.setToolTip(tr("1: a one-line answer; more: a text field of that height"))
        short_page = QGroupBox(tr("Accepted answers"))
        short_form = QFormLayout(short_page)
        short_form.addRow(tr("Accepted (one a line):"), self.accepted)
        short_form.addRow(tr("&Match:"), self.match_box)
        short_form.addRow(tr("Tolerance (number):"), self.tolerance)
        short_form.addRow(tr("Answer box lines:"), self.answer_lines)

        # code
        self.language = QLineEdit()
        self.files_edit = QLineEdit()
        self.files_edit.setPlaceholderText(tr("word_counts.py, helpers.py"))
        self.main_box = QComboBox()
        self.starter_box = QComboBox()
        self.starter_edit = _text_box(tr("Starter file text"), 110, mono=True)
        self.examples_path = QLineEdit()
        self.examples_path.setPlaceholderText(tr("tests/q_examples.py (sent to students)"))
        self.examples_edit = _text_box(tr("Examples (sent to students)"), 90, mono=True)
        self.tests_path = QLineEdit()
        self.tests_path.setPlaceholderText(tr("tests/q_hidden.py (host only)"))
        self.tests_edit = _text_box(tr("Hidden tests (never sent)"), 90, mono=True)
        self.cases = CasesEditor()
        self.scoring = QComboBox()
        self.scoring.addItems(["proportional", "all_or_nothing"])
        self.time_limit = QDoubleSpinBox()
        self.time_limit.setRange(0.1, 120)
        self.time_limit.setSuffix(tr(" s CPU"))
        self.memory = QSpinBox()
        self.memory.setRange(16, 8192)
        self.memory.setSuffix(tr(" MB"))
        code_page = QGroupBox(tr("Code"))
        code_form = QFormLayout(code_page)
        code_form.addRow(tr("Lan&guage:"), self.language)
        code_form.addRow(tr("Starter files:"), self.files_edit)
        code_form.addRow(tr("Main (cases run it):"), self.main_box)
        code_form.addRow(tr("Edit starter file:"), self.starter_box)
        code_form.addRow("", self.starter_edit)
        code_form.addRow(tr("&Examples file:"), self.examples_path)
        code_form.addRow("", self.examples_edit)
        code_form.addRow(tr("&Hidden tests file:"), self.tests_path)
        code_form.addRow("", self.tests_edit)
        code_form.addRow(tr("Cases:"), self.cases)
        limits = QHBoxLayout()
        limits.addWidget(self.scoring)
        limits.addWidget(QLabel(tr("time:")))
        limits.addWidget(self.time_limit)
        limits.addWidget(QLabel(tr("memory:")))
        limits.addWidget(self.memory)
        limits.addStretch(1)
        code_form.addRow(tr("Scoring and limits:"), limits)

        self.pages = QStackedWidget()
        self._page_widgets = (options_page, short_page, code_page)
        for page in self._page_widgets:
            self.pages.addWidget(page)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(tr("Problems of this question"))
        self.problems.hide()

        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(common)
        column.addWidget(self.pages)
        column.addWidget(self.problems)
        column.addStretch(1)
        self._connect()
        self._show_type("choice")

    def _connect(self) -> None:
        for edit in (
            self.id_edit,
            self.tags_edit,
            self.text_path,
            self.language,
            self.examples_path,
            self.tests_path,
        ):
            edit.textEdited.connect(self._changed)
        for box in (self.text_edit, self.accepted, self.examples_edit, self.tests_edit):
            box.textChanged.connect(self._changed)
        for combo in (self.pool_box, self.file_box, self.match_box, self.main_box, self.scoring):
            combo.activated.connect(lambda _i: self._changed())
        for spin in (self.points, self.tolerance, self.time_limit):
            spin.valueChanged.connect(lambda _v: self._changed())
        for spin_ in (self.answer_lines, self.memory):
            spin_.valueChanged.connect(lambda _v: self._changed())
        self.type_box.activated.connect(lambda _i: self._on_type())
        self.text_group.buttonToggled.connect(lambda _b, _on: self._on_source())
        self.options.edited.connect(self._changed)
        self.cases.edited.connect(self._changed)
        self.files_edit.textEdited.connect(lambda _t: self._on_files())
        self.starter_box.currentTextChanged.connect(self._show_starter)
        self.starter_edit.textChanged.connect(self._on_starter_text)

    # -- loading -------------------------------------------------------------------------

    def set_choices(self, pools: list[str], files: list[str]) -> None:
        """The pools and the paper's TOML files the question may name."""
        self._loading = True
        try:
            pool, where = self.pool_box.currentText(), self.file_box.currentText()
            self.pool_box.clear()
            self.pool_box.addItems([tr(NO_POOL), *pools])
            self.file_box.clear()
            self.file_box.addItems(files)
            self.pool_box.setCurrentText(pool or tr(NO_POOL))
            self.file_box.setCurrentText(where)
        finally:
            self._loading = False

    def set_question(self, spec: QuestionSpec, file: str, texts: Mapping[str, str | None]) -> None:
        """Show `spec` (kept in `file`); `texts` are its files' texts by role ("text_file",
        "examples", "tests", "starter:NAME"), None for one that does not exist yet."""
        self._loading = True
        try:
            self.id_edit.setText(spec.id)
            self.type_box.setCurrentText(spec.type)
            self.points.setValue(float(spec.points))
            if spec.pool and self.pool_box.findText(spec.pool) < 0:
                self.pool_box.addItem(spec.pool)
            self.pool_box.setCurrentText(spec.pool or tr(NO_POOL))
            shown_tags = {k: v for k, v in spec.tags.items() if k != ANSWER_LINES_TAG}
            self.tags_edit.setText(format_tags(shown_tags))
            if self.file_box.findText(file) < 0:
                self.file_box.addItem(file)
            self.file_box.setCurrentText(file)
            in_file = spec.text_file is not None
            (self.text_in_file if in_file else self.text_here).setChecked(True)
            self.text_path.setText(spec.text_file or "")
            self.text_edit.setPlainText(
                (texts.get("text_file") or "") if in_file else spec.text or ""
            )
            self._load_type(spec, texts)
            self._show_type(spec.type)
            self._on_source()
            self.show_problems([])
        finally:
            self._loading = False

    def _load_type(self, spec: QuestionSpec, texts: Mapping[str, str | None]) -> None:
        if isinstance(spec, ChoiceQuestion | MultiQuestion):
            self.options.set_mode(isinstance(spec, MultiQuestion))
            self.options.set_options(list(spec.options), spec.answer)
        else:
            self.options.set_options(["first option", "second option"], None)
        if isinstance(spec, ShortQuestion):
            self.accepted.setPlainText("\n".join(spec.answer))
            self.match_box.setCurrentText(spec.match)
            self.tolerance.setValue(spec.tolerance)
        else:
            self.accepted.setPlainText("")
            self.match_box.setCurrentText("exact")
            self.tolerance.setValue(0)
        lines = spec.tags.get(ANSWER_LINES_TAG)
        self.answer_lines.setValue(int(lines) if isinstance(lines, int | float) else 1)
        code = spec if isinstance(spec, CodeQuestion) else None
        self.language.setText(code.language if code else "python")
        self.files_edit.setText(", ".join(code.files) if code else "")
        self.starter_texts = {
            name: texts.get(f"starter:{name}") or "" for name in (code.files if code else [])
        }
        self._starter_shown = ""
        self._refresh_files(code.main if code else None)
        self.examples_path.setText(code.examples or "" if code else "")
        self.examples_edit.setPlainText((texts.get("examples") or "") if code else "")
        self.tests_path.setText(code.tests or "" if code else "")
        self.tests_edit.setPlainText((texts.get("tests") or "") if code else "")
        self.cases.set_cases([c.model_dump() for c in code.cases] if code else [])
        self.scoring.setCurrentText(code.scoring if code else "proportional")
        self.time_limit.setValue(code.time_limit_s if code else 5.0)
        self.memory.setValue(code.memory_mb if code else 256)

    # -- reading the values --------------------------------------------------------------

    def question_type(self) -> str:
        return self.type_box.currentText()

    def target_file(self) -> str:
        return self.file_box.currentText()

    def values(self) -> dict[str, Any]:
        """The question as a [[questions]] table (ValueError for tags that do not parse)."""
        kind = self.question_type()
        tags = parse_tags(self.tags_edit.text())
        if kind == "short" and self.answer_lines.value() > 1:
            tags[ANSWER_LINES_TAG] = self.answer_lines.value()
        values: dict[str, Any] = {
            "id": self.id_edit.text().strip(),
            "type": kind,
            "points": self.points.value(),
            "tags": tags,
            "pool": None
            if self.pool_box.currentText() == tr(NO_POOL)
            else self.pool_box.currentText(),
        }
        if self.text_in_file.isChecked():
            values["text_file"] = self.text_path.text().strip()
        else:
            values["text"] = self.text_edit.toPlainText()
        if kind in ("choice", "multi"):
            values["options"] = self.options.options()
            values["answer"] = self.options.answer()
        elif kind == "short":
            values["answer"] = [line for line in self.accepted.toPlainText().split("\n") if line]
            values["match"] = self.match_box.currentText()
            if self.match_box.currentText() == "number":
                values["tolerance"] = self.tolerance.value()
        else:
            main = self.main_box.currentText()
            values.update(
                language=self.language.text().strip() or "python",
                files=self.file_names(),
                main=None if main == tr(FIRST_FILE) else main,
                tests=self.tests_path.text().strip() or None,
                examples=self.examples_path.text().strip() or None,
                scoring=self.scoring.currentText(),
                time_limit_s=self.time_limit.value(),
                memory_mb=self.memory.value(),
                cases=self.cases.values(),
            )
        return values

    def file_texts(self) -> dict[str, str]:
        """The texts of the question's files as edited, by role."""
        texts: dict[str, str] = {}
        if self.text_in_file.isChecked():
            texts["text_file"] = self.text_edit.toPlainText()
        if self.question_type() == "code":
            self._keep_starter()
            for name in self.file_names():
                texts[f"starter:{name}"] = self.starter_texts.get(name, "")
            if self.examples_path.text().strip():
                texts["examples"] = self.examples_edit.toPlainText()
            if self.tests_path.text().strip():
                texts["tests"] = self.tests_edit.toPlainText()
        return texts

    def file_names(self) -> list[str]:
        return [name.strip() for name in self.files_edit.text().split(",") if name.strip()]

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    # -- reacting ------------------------------------------------------------------------

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def _on_type(self) -> None:
        kind = self.question_type()
        self.options.set_mode(kind == "multi")
        self._show_type(kind)
        self._changed()

    def _show_type(self, kind: str) -> None:
        shown = {"choice": 0, "multi": 0, "short": 1}.get(kind, 2)
        for index, page in enumerate(self._page_widgets):  # only the page shown takes room
            policy = QSizePolicy.Policy.Preferred if index == shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(shown)
        self.pages.updateGeometry()
        self.answer_lines.setEnabled(kind == "short")

    def _on_source(self) -> None:
        self.text_path.setEnabled(self.text_in_file.isChecked())
        self._changed()

    def _on_files(self) -> None:
        self._keep_starter()
        self._refresh_files(self.main_box.currentText())
        self._changed()

    def _refresh_files(self, main: str | None) -> None:
        names = self.file_names()
        was_loading, self._loading = self._loading, True
        try:
            self.main_box.clear()
            self.main_box.addItems([tr(FIRST_FILE), *names])
            self.main_box.setCurrentText(main if main in names else tr(FIRST_FILE))
            shown = self._starter_shown
            self.starter_box.clear()
            self.starter_box.addItems(names)
            if shown in names:
                self.starter_box.setCurrentText(shown)
        finally:
            self._loading = was_loading
        self._show_starter(self.starter_box.currentText())

    def _keep_starter(self) -> None:
        if self._starter_shown:
            self.starter_texts[self._starter_shown] = self.starter_edit.toPlainText()

    def _show_starter(self, name: str) -> None:
        self._keep_starter()
        was_loading, self._loading = self._loading, True
        try:
            self._starter_shown = name
            self.starter_edit.setPlainText(self.starter_texts.get(name, ""))
            self.starter_edit.setEnabled(bool(name))
        finally:
            self._loading = was_loading

    def _on_starter_text(self) -> None:
        if not self._loading:
            self._keep_starter()
            self._changed()
