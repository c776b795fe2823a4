"""A full-window overlay over the exam: paused, removed, time up, exam ended. It is opaque,
so the paper and the code do not show through (its words are in `messages.py`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class CardCover(QWidget):
    """Covers its parent completely and follows its size, opaque; a card in the middle holding
    `parts` one under the other and `button` centred below them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def _place_card(
        self,
        parts: list[QWidget],
        button: QWidget,
        *,
        max_width: int,
        margins: tuple[int, int],
        spacing: int,
        width_stretch: int,
        below_stretch: int,
    ) -> None:
        card = QFrame()
        card.setObjectName("overlayCard")
        card.setMaximumWidth(max_width)
        inner = QVBoxLayout(card)
        side, top = margins
        inner.setContentsMargins(side, top, side, top)
        inner.setSpacing(spacing)
        for part in parts:
            inner.addWidget(part)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(button)
        button_row.addStretch(1)
        inner.addLayout(button_row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, width_stretch)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(below_stretch)
        parent = self.parentWidget()
        if parent is not None:
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


class Overlay(CardCover):
    """The exam's overlay: a title, a body, a receipt and one action."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
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

        self._place_card(
            [self.title, self.body, self.receipt],
            self.action,
            max_width=760,
            margins=(36, 32),
            spacing=16,
            width_stretch=6,
            below_stretch=1,
        )

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
