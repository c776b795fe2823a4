"""How students find the room: the connection card on the dashboard and the full-screen join
card for the projector. Both show the address and the room ID in large type."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt
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


class ConnectionCard(QFrame):
    """Room ID, address and port, large; copy and full-screen buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.room_id = ""
        self.port = 0
        self.addresses: list[str] = []
        self.session_name = ""
        self._join_card: JoinCard | None = None

        self.name_label = QLabel()
        self.name_label.setStyleSheet("font-size: 13pt; font-weight: 600; color: #14213d;")
        # A long session name may be cut on screen; the tooltip and the title keep it whole.
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.room_label = QLabel()
        self.room_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.room_label.setStyleSheet(
            f"font-size: 28pt; font-weight: 800; color: #14213d; font-family: {MONO};"
            " letter-spacing: 3px;"
        )
        self.address_label = QLabel()
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setStyleSheet(
            f"font-size: 20pt; font-weight: 700; color: #1e5aa8; font-family: {MONO};"
        )
        self.other_label = QLabel()
        self.other_label.setObjectName("fieldHint")
        self.other_label.setWordWrap(True)

        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the address and room ID")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.fullscreen_button = QPushButton("Show join card")
        self.fullscreen_button.setToolTip(
            "Show the address and room ID full screen for a projector"
        )
        self.fullscreen_button.clicked.connect(self.show_join_card)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(0)
        room_caption = QLabel("Room ID")
        address_caption = QLabel("Host address")
        for caption in (room_caption, address_caption):
            caption.setObjectName("fieldHint")
        grid.addWidget(room_caption, 0, 0)
        grid.addWidget(address_caption, 0, 1)
        grid.addWidget(self.room_label, 1, 0)
        grid.addWidget(self.address_label, 1, 1)
        grid.setColumnStretch(2, 1)

        # The buttons share the session name's line, so the big room ID and address have
        # the card's whole width (it must fit a 1366 px screen beside the clock and counts).
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.name_label, 1)
        head.addWidget(self.copy_button)
        head.addWidget(self.fullscreen_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addLayout(grid)
        layout.addWidget(self.other_label)

    def set_room(self, session_name: str, room_id: str, port: int, addresses: list[str]) -> None:
        self.session_name = session_name
        self.room_id = room_id
        self.port = port
        self.addresses = addresses or ["127.0.0.1"]
        self.name_label.setText(session_name)
        self.name_label.setToolTip(session_name)
        self.room_label.setText(room_id)
        self.address_label.setText(host_address(self.addresses[0], port))
        others = [a for a in self.addresses[1:]]
        if self.addresses[0].startswith("127."):
            self.other_label.setText(
                "Only this computer can join: no network connection was chosen."
            )
        elif others:
            self.other_label.setText("Also reachable at " + ", ".join(others))
        else:
            self.other_label.setText("")
        if self._join_card is not None:
            self._join_card.set_room(session_name, room_id, port, self.addresses)

    def join_text(self) -> str:
        address = host_address(self.addresses[0], self.port)
        return f"Host address: {address}   Room ID: {self.room_id}"

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.join_text())

    def show_join_card(self) -> None:
        if self._join_card is None:
            self._join_card = JoinCard()
        self._join_card.set_room(self.session_name, self.room_id, self.port, self.addresses)
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
        self.setWindowTitle("Join the exam")
        self.setObjectName("joinCard")
        self.setStyleSheet("#joinCard { background: #14213d; } QLabel { color: #ffffff; }")
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 36pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.steps = QLabel("Open Proctor, choose “I am a student” and type:")
        self.steps.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.steps.setStyleSheet("font-size: 24pt; color: #cfd8e3;")
        self.address = QLabel()
        self.address.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address.setStyleSheet(
            f"font-size: 72pt; font-weight: 800; font-family: {MONO}; color: #ffd166;"
        )
        self.room = QLabel()
        self.room.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.room.setStyleSheet(
            f"font-size: 120pt; font-weight: 900; font-family: {MONO}; letter-spacing: 16px;"
        )
        self.hint = QLabel("Esc or a double click closes this card")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("font-size: 12pt; color: #7d8aa6;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(24)
        layout.addWidget(self.steps)
        layout.addSpacing(24)
        layout.addWidget(_caption("Host address"))
        layout.addWidget(self.address)
        layout.addSpacing(24)
        layout.addWidget(_caption("Room ID"))
        layout.addWidget(self.room)
        layout.addStretch(2)
        layout.addWidget(self.hint)

    def set_room(self, session_name: str, room_id: str, port: int, addresses: list[str]) -> None:
        self.title.setText(session_name)
        self.address.setText(host_address(addresses[0], port))
        self.room.setText(room_id)

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
    label.setStyleSheet("font-size: 20pt; color: #9fb3d1; letter-spacing: 2px;")
    return label
