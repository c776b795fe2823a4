"""The student's one window: join, reconnecting, lobby and exam pages in a stack.

Closing is refused while the exam runs; the controller supplies the reason.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.student.ui import messages
from proctor.student.ui.exam import ExamPage
from proctor.student.ui.join import JoinPage
from proctor.student.ui.lobby import LobbyPage
from proctor.student.ui.widgets import add_centred_card, centred_row
from proctor.ui import geometry

tr = translator(__name__)

WINDOW_COLUMNS, WINDOW_LINES = 160, 44  # in text units, cut to the screen


class ResumePage(QFrame):
    """Shown while a saved seat is being resumed, before the host has answered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.headline = QLabel(tr("Reconnecting to your exam…"))
        self.headline.setObjectName("title")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("subtitle")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.other_button = QPushButton(tr("Join a &different exam"))
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(self.headline)
        inner.addWidget(self.detail)
        inner.addLayout(centred_row(self.other_button))
        outer = QVBoxLayout(self)
        add_centred_card(outer, card, space_below=2)


class StudentWindow(QMainWindow):
    def __init__(self, now_ms: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(messages.WINDOW_TITLE)
        self.setMinimumSize(800, 560)
        self.stack = QStackedWidget()
        self.join_page = JoinPage()
        self.resume_page = ResumePage()
        self.lobby_page = LobbyPage()
        self.exam_page = ExamPage(now_ms)
        for page in (self.join_page, self.resume_page, self.lobby_page, self.exam_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.close_refusal: Callable[[], str] = lambda: ""
        self.refusal_box: QMessageBox | None = None

    def place(self) -> None:
        """A size that fits the screen (a 1366x768 laptop too) and grows with the font."""
        geometry.place(self, WINDOW_COLUMNS, WINDOW_LINES)

    def show_page(self, page: QWidget) -> None:
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        reason = self.close_refusal()
        if reason:
            event.ignore()
            self._explain_refusal(reason)
            return
        event.accept()

    def _explain_refusal(self, reason: str) -> None:
        if self.refusal_box is None:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(messages.REFUSAL_TITLE)
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.setWindowModality(Qt.WindowModality.WindowModal)
            self.refusal_box = box
        self.refusal_box.setText(reason)
        self.refusal_box.open()
