"""Handing in by hand: ask first, send through the session, show the receipt."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from proctor.common.protocol import SubmitResponse
from proctor.student.session import StudentSession
from proctor.student.ui.exam import ExamPage
from proctor.ui.bridge import AsyncBridge


class SubmitFlow(QObject):
    """`confirm()` opens the question; a yes submits; the receipt (or the failure) is shown.

    The dialogs are window-modal and opened with `open()`, so the session keeps running.
    """

    def __init__(
        self, bridge: AsyncBridge, session: StudentSession, exam: ExamPage, window: QWidget
    ) -> None:
        super().__init__(window)
        self._bridge = bridge
        self._session = session
        self._exam = exam
        self._window = window
        self.confirm_box: QMessageBox | None = None
        self.receipt_box: QMessageBox | None = None

    def confirm(self) -> None:
        if not self._exam.is_editable():
            return
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Submit your work?")
        box.setText("Hand in your work now?")
        box.setInformativeText(
            "You may keep working and submit again until the time is up; the last "
            "submission counts. When the time is up, your work is handed in for you."
        )
        submit = box.addButton("Submit", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(submit)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._answered(box.clickedButton() is submit))
        self.confirm_box = box
        box.open()

    def _answered(self, confirmed: bool) -> None:
        self.confirm_box = None
        if confirmed and self._exam.is_editable():
            self.submit()
        else:
            self._exam.focus_editor()

    def submit(self) -> None:
        self._exam.submit_button.setEnabled(False)
        self._exam.banner.show_message("Submitting your work…", "info")
        files = self._exam.files()
        self._bridge.submit(self._session.submit(files), None, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._exam.submit_button.setEnabled(self._exam.is_editable())
        message = getattr(error, "message", "") or str(error)
        self._exam.banner.show_message(
            f"Your submission did not reach the proctor: {message} Your work is saved; "
            "please try again.",
            "error",
        )

    def show_receipt(self, receipt: SubmitResponse) -> None:
        """A hand-in by the student was received (the session reports every receipt)."""
        self._exam.submit_button.setEnabled(self._exam.is_editable())
        self._exam.banner.show_message(
            f"Submitted. Receipt sha256 {receipt.sha256}. You may keep working and submit "
            "again; the last submission counts.",
            "success",
        )
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Work submitted")
        box.setText("Your work was received by the proctor.")
        box.setInformativeText(f"Receipt (sha256):\n{receipt.sha256}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._exam.focus_editor())
        self.receipt_box = box
        box.open()
