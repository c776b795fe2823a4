"""The lobby: joined, waiting for the proctor to start. The editor is not reachable here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from proctor.common.i18n import translator
from proctor.common.protocol import Me, Room
from proctor.student.ui.widgets import Banner, ConnectionIndicator, add_centred_card, centred_row

tr = translator(__name__)

WAITING_TEXT = "Connected. Waiting for the proctor to start the session…"


def format_duration(seconds: int) -> str:
    minutes = max(0, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} hour" + ("s" if hours > 1 else "")
    return f"{minutes} minutes"


class LobbyPage(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.headline = QLabel(tr("Connecting to the proctor's computer…"))
        self.headline.setObjectName("title")
        self.headline.setWordWrap(True)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.session_name = QLabel()
        self.session_name.setObjectName("overlayTitle")
        self.session_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.session_name.setWordWrap(True)
        self.duration = QLabel()
        self.duration.setObjectName("subtitle")
        self.duration.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.student = QLabel()
        self.student.setObjectName("subtitle")
        self.student.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.student.setWordWrap(True)
        self.advice = QLabel(
            tr(
                "Keep this window open. The exam opens here by itself the moment the proctor "
                "starts it."
            )
        )
        self.advice.setWordWrap(True)
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.connection = ConnectionIndicator()
        self.banner = Banner()

        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(680)
        card.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card.setAccessibleName(tr("Waiting room"))
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(self.headline)
        inner.addSpacing(8)
        inner.addWidget(self.session_name)
        inner.addWidget(self.duration)
        inner.addSpacing(8)
        inner.addWidget(self.student)
        inner.addWidget(self.advice)
        inner.addLayout(centred_row(self.connection))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        add_centred_card(outer, card, space_below=2)
        self._status = "reconnecting"

    def set_state(self, room: Room, me: Me) -> None:
        self.session_name.setText(room.name)
        self.duration.setText(
            tr("Duration: {duration}").format(duration=format_duration(room.duration_s))
        )
        self.student.setText(tr("You are {name} · {reg_no}").format(name=me.name, reg_no=me.reg_no))
        self._update_headline()

    def set_connection(self, status: str, detail: str) -> None:
        self._status = status
        self.connection.set_status(status, detail)
        self._update_headline()

    def _update_headline(self) -> None:
        if self._status in ("online", "polling"):
            self.headline.setText(tr(WAITING_TEXT))
        elif self._status == "offline":
            self.headline.setText(tr("Not connected to the proctor's computer. Trying again…"))
        else:
            self.headline.setText(tr("Connecting to the proctor's computer…"))
