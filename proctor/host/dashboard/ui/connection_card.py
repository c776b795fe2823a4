"""How students find the room: the connection card on the dashboard and the full-screen join
card for the projector. Both show the address and the join code in large type, and the
certificate's fingerprint as 16 groups of 4 characters (`tls.format_fingerprint`), the same
the student's app checks. A room served over plain HTTP (--insecure-http) shows its room ID
instead, and says it is not encrypted."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from proctor.common.tls import format_fingerprint
from proctor.host.dashboard.ui.labels import JOIN

MONO = '"DejaVu Sans Mono", "Consolas", "Menlo", monospace'


def hosts_of(urls: list[str]) -> list[str]:
    """The host addresses in a list of URLs, LAN addresses before loopback, no duplicates."""
    hosts: list[str] = []
    for url in urls:
        host = urlsplit(url).hostname
        if host and host not in hosts:
            hosts.append(host)
    return sorted(hosts, key=lambda h: h.startswith("127.") or h == "localhost")


def host_address(address: str, port: int) -> str:
    """What a student types as the host address: exactly this, no spaces."""
    return f"{address}:{port}"


@dataclass(frozen=True)
class JoinDetails:
    """What the cards show: the session, where to connect, and what a student types."""

    session_name: str
    room_id: str
    port: int
    addresses: tuple[str, ...]
    join_code: str | None  # None: plain HTTP (students type the room ID)
    fingerprint: str | None

    @property
    def address(self) -> str:
        return host_address(self.addresses[0], self.port)

    @property
    def code(self) -> str:
        """What students type in the room field: the join code, or the plain room's ID."""
        return self.join_code or self.room_id

    @property
    def fingerprint_text(self) -> str:
        return format_fingerprint(self.fingerprint) if self.fingerprint else ""

    def copy_text(self) -> str:
        if self.join_code and self.fingerprint:
            groups = self.fingerprint_text.replace("\n", " ")
            return JOIN["copied"].format(
                address=self.address, code=self.join_code, fingerprint=groups
            )
        return JOIN["copied_plain"].format(address=self.address, code=self.room_id)


class ConnectionCard(QFrame):
    """Join code (or room ID), address and fingerprint; copy, network check and join card."""

    checkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.details = JoinDetails("", "", 0, ("127.0.0.1",), None, None)
        self._join_card: JoinCard | None = None

        self.name_label = QLabel()
        self.name_label.setStyleSheet("font-size: 13pt; font-weight: 600; color: #14213d;")
        # A long session name may be cut on screen; the tooltip and the title keep it whole.
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.code_caption = QLabel(JOIN["join_code"])
        self.room_label = QLabel()  # the join code (the room ID of a plain-HTTP room)
        self.room_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.room_label.setStyleSheet(
            f"font-size: 24pt; font-weight: 800; color: #14213d; font-family: {MONO};"
            " letter-spacing: 2px;"
        )
        self.address_label = QLabel()
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setStyleSheet(
            f"font-size: 18pt; font-weight: 700; color: #1e5aa8; font-family: {MONO};"
        )
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setStyleSheet(
            f"font-size: 8pt; color: #4a5565; font-family: {MONO};"
        )
        self.fingerprint_label.setAccessibleName(JOIN["fingerprint"])
        self.other_label = QLabel()
        self.other_label.setObjectName("fieldHint")
        self.other_label.setWordWrap(True)

        self.copy_button = QPushButton(JOIN["copy"])
        self.copy_button.setToolTip(JOIN["copy_tip"])
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.check_button = QPushButton(JOIN["check"])
        self.check_button.setToolTip(JOIN["check_tip"])
        self.check_button.clicked.connect(self.checkRequested)
        self.fullscreen_button = QPushButton(JOIN["show_card"])
        self.fullscreen_button.setToolTip(JOIN["show_card_tip"])
        self.fullscreen_button.clicked.connect(self.show_join_card)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(0)
        address_caption = QLabel(JOIN["address"])
        self.fingerprint_caption = QLabel(JOIN["fingerprint"])
        for caption in (self.code_caption, address_caption, self.fingerprint_caption):
            caption.setObjectName("fieldHint")
        grid.addWidget(self.code_caption, 0, 0)
        grid.addWidget(address_caption, 0, 1)
        grid.addWidget(self.fingerprint_caption, 0, 2)
        grid.addWidget(self.room_label, 1, 0)
        grid.addWidget(self.address_label, 1, 1)
        grid.addWidget(self.fingerprint_label, 1, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(3, 1)

        # The buttons share the session name's line, so the big join code and address have
        # the card's whole width (it must fit a 1366 px screen beside the clock and counts).
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.name_label, 1)
        head.addWidget(self.copy_button)
        head.addWidget(self.check_button)
        head.addWidget(self.fullscreen_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addLayout(grid)
        layout.addWidget(self.other_label)

    # Kept for callers that read them directly.
    @property
    def room_id(self) -> str:
        return self.details.room_id

    @property
    def port(self) -> int:
        return self.details.port

    @property
    def addresses(self) -> list[str]:
        return list(self.details.addresses)

    @property
    def session_name(self) -> str:
        return self.details.session_name

    def set_room(
        self,
        session_name: str,
        room_id: str,
        port: int,
        addresses: list[str],
        *,
        join_code: str | None = None,
        fingerprint: str | None = None,
    ) -> None:
        """Show the room; without `join_code`/`fingerprint` the ones shown before stay (the
        room's name and status change, its certificate does not)."""
        before = self.details
        same_room = before.room_id == room_id
        self.details = JoinDetails(
            session_name,
            room_id,
            port,
            tuple(addresses or ["127.0.0.1"]),
            join_code or (before.join_code if same_room else None),
            fingerprint or (before.fingerprint if same_room else None),
        )
        d = self.details
        self.name_label.setText(session_name)
        self.name_label.setToolTip(session_name)
        encrypted = d.join_code is not None and d.fingerprint is not None
        self.code_caption.setText(JOIN["join_code" if encrypted else "room_id"])
        self.room_label.setText(d.code)
        self.address_label.setText(d.address)
        self.fingerprint_label.setText(d.fingerprint_text if encrypted else JOIN["not_encrypted"])
        others = list(d.addresses[1:])
        notes = []
        if d.addresses[0].startswith("127."):
            notes.append(JOIN["loopback_only"])
        elif others:
            notes.append(JOIN["also"].format(addresses=", ".join(others)))
        if not encrypted:
            notes.append(JOIN["plain_note"])
        self.other_label.setText(" ".join(notes))
        if self._join_card is not None:
            self._join_card.set_details(d)

    def join_text(self) -> str:
        return self.details.copy_text()

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.join_text())

    def show_join_card(self) -> None:
        if self._join_card is None:
            self._join_card = JoinCard()
        self._join_card.set_details(self.details)
        self._join_card.showFullScreen()
        self._join_card.raise_()
        self._join_card.activateWindow()

    def close_join_card(self) -> None:
        if self._join_card is not None:
            self._join_card.close()


class JoinCard(QWidget):
    """Full-screen card for a projector; Esc or a double click closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(JOIN["card_title"])
        self.setObjectName("joinCard")
        self.setStyleSheet("#joinCard { background: #14213d; } QLabel { color: #ffffff; }")
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 30pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.steps = QLabel(JOIN["card_steps"])
        self.steps.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.steps.setWordWrap(True)
        self.steps.setStyleSheet("font-size: 20pt; color: #cfd8e3;")
        self.address = QLabel()
        self.address.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address.setStyleSheet(
            f"font-size: 64pt; font-weight: 800; font-family: {MONO}; color: #ffd166;"
        )
        self.code_caption = _caption(JOIN["join_code"])
        self.room = QLabel()  # the join code (the room ID of a plain-HTTP room)
        self.room.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.room.setStyleSheet(
            f"font-size: 88pt; font-weight: 900; font-family: {MONO}; letter-spacing: 8px;"
        )
        self.fingerprint_caption = _caption(JOIN["card_fingerprint"])
        self.fingerprint = QLabel()
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint.setStyleSheet(
            f"font-size: 18pt; font-family: {MONO}; color: #cfd8e3; letter-spacing: 2px;"
        )
        self.hint = QLabel(JOIN["card_hint"])
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("font-size: 12pt; color: #7d8aa6;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 16)
        layout.setSpacing(6)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        layout.addSpacing(12)
        layout.addWidget(_caption(JOIN["address"]))
        layout.addWidget(self.address)
        layout.addSpacing(12)
        layout.addWidget(self.code_caption)
        layout.addWidget(self.room)
        layout.addSpacing(12)
        layout.addWidget(self.fingerprint_caption)
        layout.addWidget(self.fingerprint)
        layout.addStretch(2)
        layout.addWidget(self.hint)

    def set_details(self, details: JoinDetails) -> None:
        encrypted = details.join_code is not None and details.fingerprint is not None
        self.title.setText(details.session_name)
        self.steps.setText(JOIN["card_steps" if encrypted else "card_steps_plain"])
        self.address.setText(details.address)
        self.code_caption.setText(JOIN["join_code" if encrypted else "room_id"])
        self.room.setText(details.code)
        self.fingerprint.setText(details.fingerprint_text)
        self.fingerprint.setVisible(encrypted)
        self.fingerprint_caption.setVisible(encrypted)

    def set_room(self, session_name: str, room_id: str, port: int, addresses: list[str]) -> None:
        """A plain room's card (no join code): what older callers and tests ask for."""
        self.set_details(JoinDetails(session_name, room_id, port, tuple(addresses), None, None))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.close()


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("font-size: 18pt; color: #9fb3d1; letter-spacing: 2px;")
    return label
