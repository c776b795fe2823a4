"""The hall in the student's window: an announcement shown large over the window until the
student acknowledges it, the list of announcements to read again, the raise-hand button with
how long the hand has been up, and the proctor's answer.

Widgets emit signals; `HallUi` calls the session's hall (`proctor.student.hall`) through the
one bridge and turns what it tells (`HallListener`, on the loop thread) into Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from proctor.common.hall import MAX_HAND_CHARS, Hand, StudentAnnouncement
from proctor.common.protocol import Me
from proctor.common.receipt import local_time
from proctor.student.hall import StudentHall
from proctor.student.host_client import HostRefused
from proctor.student.ui.messages import HALL
from proctor.student.ui.overlays import CardCover
from proctor.student.ui.screens import ScreenSender
from proctor.ui import style
from proctor.ui.bridge import AsyncBridge

TEXT_STYLE = "font-size: 20pt; line-height: 130%;"
SHOWING = frozenset({"active", "paused", "submitted"})  # the exam window is open


class HallSignals(QObject):
    """The hall's listener (`HallListener`, structurally), as Qt signals on the GUI thread."""

    announcementsChanged = Signal(object)  # list[StudentAnnouncement]
    handChanged = Signal(object)  # Hand | None
    screenRateChanged = Signal(float)

    def __init__(self, bridge: AsyncBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge

    def on_announcements(self, items: list[StudentAnnouncement]) -> None:
        self._bridge.to_gui(self.announcementsChanged.emit, items)

    def on_hand(self, hand: Hand | None) -> None:
        self._bridge.to_gui(self.handChanged.emit, hand)

    def on_screen_rate(self, interval_s: float) -> None:
        self._bridge.to_gui(self.screenRateChanged.emit, interval_s)


class MessageCard(CardCover):
    """Covers its parent; a card with a title, the text in large print and one button."""

    confirmed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName(HALL["announcement_title"])
        self.title = QLabel()
        self.title.setObjectName("overlayTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.meta = QLabel()
        self.meta.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("announcementText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        style.set_scaled_sheet(self.text, TEXT_STYLE)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QLabel()
        self.more.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.setObjectName("primary")
        self.button.setMinimumHeight(44)
        self.button.clicked.connect(self.confirmed.emit)

        self._place_card(
            [self.title, self.meta, self.text, self.more],
            self.button,
            max_width=900,
            margins=(36, 28),
            spacing=14,
            width_stretch=8,
            below_stretch=2,
        )

    def show_card(self, title: str, meta: str, text: str, more: str, button: str) -> None:
        self.title.setText(title)
        self.meta.setText(meta)
        self.meta.setVisible(bool(meta))
        self.text.setText(text)
        self.more.setText(more)
        self.more.setVisible(bool(more))
        self.button.setText(button)
        self._cover()
        self.show()
        self.raise_()
        self.button.setFocus()


class AnnouncementList(QDialog):
    """Every announcement so far, newest first, to read again."""

    def __init__(self, items: list[StudentAnnouncement], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(HALL["list_title"])
        self.view = QTextBrowser()
        self.view.setAccessibleName(HALL["list_title"])
        self.view.setMinimumSize(640, 420)
        self.set_items(items)
        buttons = QDialogButtonBox()
        close = buttons.addButton(HALL["list_close"], QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.view, 1)
        column.addWidget(buttons)

    def set_items(self, items: list[StudentAnnouncement]) -> None:
        if not items:
            self.view.setPlainText(HALL["list_empty"])
            return
        parts = []
        for item in reversed(items):
            at = local_time(item.at_ms)
            text = _html_text(item.text)
            parts.append(
                f"<p style='color:#4a5565'>{at}</p><p style='font-size:16pt'>{text}</p><hr>"
            )
        self.view.setHtml("".join(parts))


def _html_text(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br>")


class RaiseHandDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(HALL["raise_title"])
        prompt = QLabel(HALL["raise_prompt"])
        prompt.setWordWrap(True)
        self.line = QLineEdit()
        self.line.setMaxLength(MAX_HAND_CHARS)
        self.line.setAccessibleName(HALL["raise_title"])
        self.line.setMinimumWidth(420)
        buttons = QDialogButtonBox()
        send = buttons.addButton(HALL["raise_send"], QDialogButtonBox.ButtonRole.AcceptRole)
        send.setDefault(True)
        buttons.addButton(HALL["raise_cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(prompt)
        column.addWidget(self.line)
        column.addWidget(buttons)


class HallBar(QWidget):
    """In the exam's top bar: announcements, the raised hand, the screens notice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.announcements_button = QPushButton(HALL["announcements"].format(n=0))
        self.announcements_button.setToolTip(HALL["announcements_tip"])
        self.hand_button = QPushButton(HALL["raise"])
        self.hand_button.setToolTip(HALL["raise_tip"])
        self.hand_label = QLabel()
        self.hand_label.setObjectName("handRaised")
        self.hand_label.setStyleSheet("font-weight: 600;")
        self.hand_label.hide()
        self.screens_label = QLabel(HALL["screens_on"])
        self.screens_label.setToolTip(HALL["screens_on_tip"])
        self.screens_label.setStyleSheet("font-weight: 600;")
        self.screens_label.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.hand_label)
        row.addWidget(self.hand_button)
        row.addWidget(self.announcements_button)
        column.addLayout(row)
        column.addWidget(self.screens_label, 0, Qt.AlignmentFlag.AlignRight)


def waited_text(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


class HallUi(QObject):
    """The hall's behaviour in the student app."""

    def __init__(
        self,
        bridge: AsyncBridge,
        hall: StudentHall,
        cover: QWidget,
        now_ms: Callable[[], int],
        show_notice: Callable[[str, str], None],
    ) -> None:
        super().__init__(cover)
        self.bridge = bridge
        self.hall = hall
        self.now_ms = now_ms
        self.show_notice = show_notice
        self.signals = HallSignals(bridge, self)
        hall.listener = self.signals
        self.bar = HallBar()
        self.card = MessageCard(cover)
        self.items: list[StudentAnnouncement] = []
        self.hand: Hand | None = None
        self.showing: int | None = None  # the announcement on the card
        self.answer_seen: set[int] = set()  # hands whose answer the student closed
        self.list_dialog: AnnouncementList | None = None
        self._hand_clock = QTimer(self)
        self._hand_clock.setInterval(1000)
        self._hand_clock.timeout.connect(self._show_hand)
        self.screens = ScreenSender(bridge, hall, cover.window(), self)
        self.signals.screenRateChanged.connect(self.screens.set_interval)
        self.signals.announcementsChanged.connect(self.set_announcements)
        self.signals.handChanged.connect(self.set_hand)
        self.card.confirmed.connect(self._confirmed)
        self.bar.announcements_button.clicked.connect(self.open_list)
        self.bar.hand_button.clicked.connect(self._hand_clicked)

    # ---- the wall of screens -----------------------------------------------------------------
    def apply_state(self, me: Me, status: str) -> None:
        """Screens on while the policy says so and the exam is open; the student is told."""
        policy = me.policy
        on = policy is not None and policy.screens == "thumbnail" and status in SHOWING
        self.screens.set_policy(on, policy.screen_interval_s if policy is not None else 10.0)
        self.bar.screens_label.setVisible(on)

    # ---- announcements ---------------------------------------------------------------------
    def pending(self) -> list[StudentAnnouncement]:
        return [a for a in self.items if a.acknowledged_ms is None]

    def set_announcements(self, items: list[StudentAnnouncement]) -> None:
        self.items = list(items)
        self.bar.announcements_button.setText(HALL["announcements"].format(n=len(items)))
        if self.list_dialog is not None:
            self.list_dialog.set_items(self.items)
        self._show_next()

    def _show_next(self) -> None:
        pending = self.pending()
        if pending:
            first = pending[0]
            self.showing = first.id
            more = len(pending) - 1
            self.card.show_card(
                HALL["announcement_title"],
                HALL["announcement_meta"].format(at=local_time(first.at_ms)),
                first.text,
                HALL["announcement_more"].format(n=more) if more else "",
                HALL["acknowledge"],
            )
            return
        self.showing = None
        if not self._show_answer():
            self.card.hide()

    def _confirmed(self) -> None:
        if self.showing is not None:
            announcement_id = self.showing
            self.bridge.submit(self.hall.acknowledge(announcement_id, self.now_ms()))
            return
        if self.hand is not None:
            self.answer_seen.add(self.hand.id)
        self.card.hide()

    def open_list(self) -> None:
        if self.list_dialog is None:
            self.list_dialog = AnnouncementList(self.items, self.bar.window())
        self.list_dialog.set_items(self.items)
        self.list_dialog.show()
        self.list_dialog.raise_()

    # ---- the raised hand -------------------------------------------------------------------
    def set_hand(self, hand: Hand | None) -> None:
        self.hand = hand
        self._show_hand()
        if self.showing is None:
            self._show_next()

    def _show_answer(self) -> bool:
        hand = self.hand
        closed = hand is not None and hand.status in ("answered", "dismissed")
        if hand is None or not closed or hand.id in self.answer_seen:
            return False
        if hand.status == "answered":
            title, text = HALL["answer_title"], hand.answer or ""
        else:
            title, text = HALL["dismissed_title"], HALL["dismissed_body"]
        meta = local_time(hand.closed_ms) if hand.closed_ms else ""
        self.card.show_card(title, meta, text, "", HALL["answer_ok"])
        return True

    def _show_hand(self) -> None:
        hand = self.hand
        raised = hand is not None and hand.status == "waiting"
        self.bar.hand_button.setText(HALL["lower"] if raised else HALL["raise"])
        self.bar.hand_label.setVisible(raised)
        if raised and hand is not None:
            waited = (self.now_ms() - hand.raised_ms) // 1000
            self.bar.hand_label.setText(HALL["raised"].format(waited=waited_text(waited)))
            if not self._hand_clock.isActive():
                self._hand_clock.start()
        else:
            self._hand_clock.stop()

    def _hand_clicked(self) -> None:
        if self.hand is not None and self.hand.status == "waiting":
            self.bridge.submit(self.hall.lower_hand(), on_error=self._hand_failed)
            return
        dialog = RaiseHandDialog(self.bar.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.raise_hand(dialog.line.text())

    def raise_hand(self, text: str) -> None:
        self.bridge.submit(self.hall.raise_hand(text.strip()), on_error=self._hand_failed)

    def _hand_failed(self, error: BaseException) -> None:
        reason = error.message if isinstance(error, HostRefused) else str(error)
        self.show_notice("hand", HALL["raise_failed"].format(reason=reason))
