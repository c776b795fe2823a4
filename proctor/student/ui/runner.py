"""Run the student's program: a Python subprocess (QProcess, never blocking the window) in a
temporary folder holding all of the paper's files, with an input box, a time limit and Stop.

The temporary folder's path is taken out of what the program prints, so a traceback names the
student's file ("solution.py", line 3), not /tmp/…/solution.py."""

from __future__ import annotations

import codecs
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QProcess,
    QProcessEnvironment,
    Qt,
    QTemporaryDir,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.student.ui.messages import RUN_PANEL
from proctor.ui.style import mono_font

tr = translator(__name__)

RUN_TIME_LIMIT_S = 10
MAX_OUTPUT_CHARS = 200_000
OUTPUT_COLOUR = "#e6edf3"
ERROR_COLOUR = "#ff8a80"


class ProgramRunner(QObject):
    """Runs one program at a time. Signals: `outputArrived(text, is_error)`, `finished(summary)`."""

    started = Signal(str)  # file name
    outputArrived = Signal(str, bool)
    finished = Signal(str)

    def __init__(self, parent: QObject | None = None, time_limit_s: float = RUN_TIME_LIMIT_S):
        super().__init__(parent)
        self.time_limit_s = time_limit_s
        self._process: QProcess | None = None
        self._folder: QTemporaryDir | None = None
        self._stop_reason = ""
        self._started_at = 0.0
        self._chars = 0
        self._folder_prefix = ""
        self._held = {False: "", True: ""}  # a tail that may be the start of the folder path
        self._decoders = {
            False: codecs.getincrementaldecoder("utf-8")("replace"),
            True: codecs.getincrementaldecoder("utf-8")("replace"),
        }
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(
            lambda: self.stop(
                tr("Stopped after {time_limit_s:g} s").format(time_limit_s=self.time_limit_s)
            )
        )

    def is_running(self) -> bool:
        return self._process is not None

    def run(self, files: dict[str, str], main_file: str, stdin_text: str) -> bool:
        """Start `main_file`; False (with a message on `finished`) if it cannot start."""
        if self._process is not None:
            return False
        folder = QTemporaryDir()
        if not folder.isValid():
            self.finished.emit(tr("Could not create a folder to run the program in."))
            return False
        base = Path(folder.path())
        try:
            for name, text in files.items():
                if Path(name).name != name:
                    continue
                (base / name).write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            self.finished.emit(
                tr("Could not prepare the files to run: {value}").format(value=exc.strerror or exc)
            )
            return False
        self._folder = folder
        self._folder_prefix = str(base) + os.sep
        self._held = {False: "", True: ""}
        self._stop_reason = ""
        self._chars = 0
        for decoder in self._decoders.values():
            decoder.reset()

        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("PYTHONIOENCODING", "utf-8")
        environment.insert("PYTHONUNBUFFERED", "1")
        environment.insert("PYTHONDONTWRITEBYTECODE", "1")
        environment.insert("PYTHONUTF8", "1")
        process.setProcessEnvironment(environment)
        process.setWorkingDirectory(str(base))
        process.readyReadStandardOutput.connect(lambda: self._read(process, is_error=False))
        process.readyReadStandardError.connect(lambda: self._read(process, is_error=True))
        process.finished.connect(lambda code, status: self._on_finished(process, code, status))
        process.errorOccurred.connect(lambda error: self._on_error(process, error))
        self._process = process
        self._started_at = time.monotonic()
        if getattr(sys, "frozen", False):  # the packaged app runs code through itself
            process.start(sys.executable, ["run-python", main_file])
        else:
            process.start(sys.executable, ["-u", main_file])
        if stdin_text:
            process.write(stdin_text.encode("utf-8"))
        process.closeWriteChannel()
        self._limit.start(int(self.time_limit_s * 1000))
        self.started.emit(main_file)
        return True

    def stop(self, reason: str = "Stopped") -> None:
        if self._process is None:
            return
        self._stop_reason = reason
        self._process.kill()

    def _read(self, process: QProcess, is_error: bool, final: bool = False) -> None:
        data = process.readAllStandardError() if is_error else process.readAllStandardOutput()
        text = self._without_folder(
            self._decoders[is_error].decode(bytes(data.data())), is_error, final
        )
        if not text or self._chars >= MAX_OUTPUT_CHARS:
            return
        room = MAX_OUTPUT_CHARS - self._chars
        self._chars += len(text)
        self.outputArrived.emit(text[:room], is_error)
        if self._chars >= MAX_OUTPUT_CHARS:
            self.stop(tr("Stopped: the program printed too much output"))

    def _without_folder(self, text: str, is_error: bool, final: bool) -> str:
        """`text` with the temporary folder's path removed. A chunk may end in the middle of
        the path: that tail is held back until the next chunk (or the end) shows what it is."""
        prefix = self._folder_prefix
        text = self._held[is_error] + text
        self._held[is_error] = ""
        if not prefix:
            return text
        text = text.replace(prefix, "")
        if not final:
            for size in range(min(len(prefix) - 1, len(text)), 0, -1):
                if text.endswith(prefix[:size]):
                    self._held[is_error] = text[-size:]
                    return text[:-size]
        return text

    def _on_error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and process is self._process:
            self._finish(
                tr("Python could not be started ({errorString}).").format(
                    errorString=process.errorString()
                )
            )

    def _on_finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        if process is not self._process:
            return
        self._read(process, is_error=False, final=True)
        self._read(process, is_error=True, final=True)
        elapsed = time.monotonic() - self._started_at
        if self._stop_reason:
            summary = f"{self._stop_reason}."
        elif status == QProcess.ExitStatus.CrashExit:
            summary = f"The program crashed after {elapsed:.2f} s."
        else:
            summary = f"Finished with exit code {code} in {elapsed:.2f} s."
        self._finish(summary)

    def _finish(self, summary: str) -> None:
        self._limit.stop()
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        self._folder = None  # QTemporaryDir removes the folder
        self.finished.emit(summary)


class RunPanel(QWidget):
    """Input box, Run/Stop buttons and the program's output."""

    runRequested = Signal()

    def __init__(self, runner: ProgramRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._allowed = True
        self.run_button = QPushButton(RUN_PANEL["run"])
        self.run_button.setObjectName("primary")
        self.run_button.setToolTip(RUN_PANEL["run_tip"])
        self.stop_button = QPushButton(RUN_PANEL["stop"])
        self.stop_button.setEnabled(False)
        self.clear_button = QPushButton(RUN_PANEL["clear"])
        self.status = QLabel(
            tr(
                "Programs stop after {time_limit_s:g} s.  F5 runs · Ctrl+S saves · "
                "Ctrl+F finds · F6 moves between panes"
            ).format(time_limit_s=runner.time_limit_s)
        )
        self.status.setObjectName("fieldHint")
        self.status.setWordWrap(True)

        input_label = QLabel(RUN_PANEL["input"])
        input_label.setObjectName("sectionTitle")
        input_label.setWordWrap(True)
        self.stdin_box = QPlainTextEdit()
        self.stdin_box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # program text
        self.stdin_box.setAccessibleName(tr("Input for the program"))
        self.stdin_box.setPlaceholderText(RUN_PANEL["input_placeholder"])
        self.stdin_box.setTabChangesFocus(True)
        self.stdin_box.setFont(mono_font())
        input_label.setBuddy(self.stdin_box)
        output_label = QLabel(RUN_PANEL["output"])
        output_label.setObjectName("sectionTitle")
        self.output_box = QPlainTextEdit()
        self.output_box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.output_box.setObjectName("output")
        self.output_box.setAccessibleName(tr("Program output"))
        self.output_box.setReadOnly(True)
        self.output_box.setTabChangesFocus(True)
        self.output_box.setFont(mono_font())
        self.output_box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)

        # Each pane under its own heading, with a gap between the two, so the headings never
        # read as one line.
        input_side = QWidget()
        input_side.setMinimumWidth(input_label.fontMetrics().horizontalAdvance(input_label.text()))
        input_column = QVBoxLayout(input_side)
        input_column.setContentsMargins(0, 0, 8, 0)
        input_column.addWidget(input_label)
        input_column.addWidget(self.stdin_box)
        output_side = QWidget()
        output_column = QVBoxLayout(output_side)
        output_column.setContentsMargins(8, 0, 0, 0)
        output_column.addWidget(output_label)
        output_column.addWidget(self.output_box)
        split = QSplitter()
        split.addWidget(input_side)
        split.addWidget(output_side)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(buttons)
        column.addWidget(split, 1)

        self.run_button.clicked.connect(self.runRequested.emit)
        self.stop_button.clicked.connect(lambda: runner.stop(tr("Stopped by you")))
        self.clear_button.clicked.connect(self.output_box.clear)
        runner.started.connect(self._on_started)
        runner.outputArrived.connect(self._append)
        runner.finished.connect(self._on_finished)

    def set_allowed(self, allowed: bool) -> None:
        """Running is allowed only while the student may edit."""
        self._allowed = allowed
        if not allowed:
            self.runner.stop(tr("Stopped"))
        self.run_button.setEnabled(allowed and not self.runner.is_running())

    def _on_started(self, file_name: str) -> None:
        self.output_box.clear()
        self.run_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.status.setText(tr("Running {file_name}…").format(file_name=file_name))

    def _append(self, text: str, is_error: bool) -> None:
        cursor = self.output_box.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        fmt = cursor.charFormat()
        fmt.setForeground(QColor(ERROR_COLOUR if is_error else OUTPUT_COLOUR))
        fmt.setFontWeight(QFont.Weight.Normal)
        cursor.insertText(text, fmt)
        self.output_box.setTextCursor(cursor)
        self.output_box.ensureCursorVisible()

    def _on_finished(self, summary: str) -> None:
        self.stop_button.setEnabled(False)
        self.run_button.setEnabled(self._allowed)
        self.status.setText(summary)
