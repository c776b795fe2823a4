"""Handing in by hand: ask first, send through the session, show the receipt. On a paper
with questions the question is the summary of what is left (`SummaryDialog`: unanswered and
marked questions, each a way back to it), and the answers are handed in with the files."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from proctor.common.protocol import SubmitResponse
from proctor.common.receipt import local_time, receipt_code
from proctor.student.session import StudentSession
from proctor.student.ui.answering import Answering
from proctor.student.ui.exam import ExamPage
from proctor.student.ui.messages import SUBMIT
from proctor.ui.bridge import AsyncBridge
from proctor.ui.geometry import text_size
from proctor.ui.questions import AnswerModel, SummaryDialog

BOX_COLUMNS = 64  # a question box at least this many characters wide, not a cramped strip


def widen(box: QMessageBox, line: str = "") -> None:
    """QMessageBox ignores a minimum width of its own (and rebuilds its layout as it opens);
    a minimum width of its text labels is what it keeps. `line`: a line that must fit whole
    (a receipt's hash, wider in digits than average text)."""
    width = max(text_size(box, BOX_COLUMNS, 1).width(), box.fontMetrics().horizontalAdvance(line))
    box.setStyleSheet(
        f"QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel {{ min-width: {width}px; }}"
    )


class SubmitFlow(QObject):
    """`confirm()` opens the question; a yes submits; the receipt (or the failure) is shown.

    The dialogs are window-modal and opened with `open()`, so the session keeps running.
    """

    def __init__(
        self,
        bridge: AsyncBridge,
        session: StudentSession,
        exam: ExamPage,
        window: QWidget,
        answering: Answering | None = None,
    ) -> None:
        super().__init__(window)
        self._answering = answering
        self._bridge = bridge
        self._session = session
        self._exam = exam
        self._window = window
        self.confirm_box: QMessageBox | None = None
        self.summary_box: SummaryDialog | None = None
        self.receipt_box: QMessageBox | None = None

    def confirm(self) -> None:
        if not self._exam.is_editable():
            return
        model = None if self._answering is None else self._answering.model
        if model is not None:
            self._confirm_with_summary(model)
            return
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(SUBMIT["confirm_title"])
        box.setText(SUBMIT["confirm_text"])
        box.setInformativeText(SUBMIT["confirm_more"])
        submit = box.addButton(SUBMIT["confirm_ok"], QMessageBox.ButtonRole.AcceptRole)
        box.addButton(SUBMIT["confirm_cancel"], QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(submit)
        widen(box)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._answered(box.clickedButton() is submit))
        self.confirm_box = box
        box.open()

    def _confirm_with_summary(self, model: AnswerModel) -> None:
        model.flush()
        dialog = SummaryDialog(model, self._window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._summary_answered(dialog, result))
        self.summary_box = dialog
        dialog.open()

    def _summary_answered(self, dialog: SummaryDialog, result: int) -> None:
        self.summary_box = None
        dialog.deleteLater()
        view = None if self._answering is None else self._answering.view
        if result == QDialog.DialogCode.Accepted and self._exam.is_editable():
            self.submit()
        elif dialog.chosen is not None and view is not None:
            view.show_question(dialog.chosen, focus=True)
        else:
            self._exam.focus_work()

    def _answered(self, confirmed: bool) -> None:
        self.confirm_box = None
        if confirmed and self._exam.is_editable():
            self.submit()
        else:
            self._exam.focus_work()

    def submit(self) -> None:
        self._exam.submit_button.setEnabled(False)
        self._exam.banner.show_message(SUBMIT["sending"], "info")
        files = self._exam.files()
        current = None if self._answering is None else self._answering.current()
        if current is None:
            handing_in = self._session.submit(files)
        else:
            handing_in = self._session.submit(files, *current)
        self._bridge.submit(handing_in, None, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._exam.submit_button.setEnabled(self._exam.is_editable())
        message = getattr(error, "message", "") or str(error)
        self._exam.banner.show_message(SUBMIT["failed"].format(error=message), "error")

    def _local_time(self, server_ms: int) -> str:
        offset = self._session.server_now_ms() - time.time() * 1000
        return local_time(round(server_ms - offset))

    def show_receipt(self, receipt: SubmitResponse) -> None:
        """A hand-in by the student was received (the session reports every receipt)."""
        self._exam.submit_button.setEnabled(self._exam.is_editable())
        code = receipt_code(receipt.sha256)
        at = self._local_time(receipt.received_ms)
        self._exam.banner.show_message(
            SUBMIT["received_banner"].format(time=at, code=code), "success"
        )
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(SUBMIT["received_title"])
        box.setText(SUBMIT["received_text"].format(time=at))
        box.setInformativeText(SUBMIT["received_more"].format(code=code, sha256=receipt.sha256))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        widen(box, receipt.sha256 + "  ")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._exam.focus_work())
        self.receipt_box = box
        box.open()
