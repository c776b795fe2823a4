"""A full-window overlay over the exam: paused, removed, time up, exam ended. It is opaque,
so the paper and the code do not show through (its words are in `messages.py`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class Overlay(QWidget):
    """Covers its parent completely and follows its size; shows a card in the middle."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.kind = ""

        self.title = QLabel()
        self.title.setObjectName("overlayTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QLabel()
        self.body.setObjectName("overlayBody")
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt = QLabel()
        self.receipt.setObjectName("receipt")
        self.receipt.setWordWrap(True)
        self.receipt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.receipt.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.receipt.hide()
        self.action = QPushButton()
        self.action.setObjectName("primary")
        self.action.hide()

        card = QFrame()
        card.setObjectName("overlayCard")
        card.setMaximumWidth(760)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 32, 36, 32)
        inner.setSpacing(16)
        inner.addWidget(self.title)
        inner.addWidget(self.body)
        inner.addWidget(self.receipt)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.action)
        button_row.addStretch(1)
        inner.addLayout(button_row)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 6)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(1)

        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._cover()
        return False

    def _cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def show_message(
        self, kind: str, title: str, body: str, receipt: str = "", action: str = ""
    ) -> None:
        self.kind = kind
        self.title.setText(title)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self.receipt.setText(receipt)
        self.receipt.setVisible(bool(receipt))
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)
        self._cover()
        self.show()
        self.raise_()
        if self.action.isVisible():
            self.action.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        self.kind = ""
        self.hide()
