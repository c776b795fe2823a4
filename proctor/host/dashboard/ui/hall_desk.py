"""The hall in the dashboard: the panel beside the student table (hands, announcements, the
roster), the Announce… button of the room bar, and the dialogs to announce and to answer a
raised hand. `HallDesk` keeps what the server said (read when the stream connects, then kept
up to date by the stream's hall messages) and calls the server through the service."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.hall import (
    MAX_ANNOUNCEMENT_CHARS,
    MAX_ANSWER_CHARS,
    Acknowledgement,
    AdminAckMessage,
    AdminAnnouncement,
    AdminAnnouncementMessage,
    AdminRosterMessage,
    HallMessage,
    Hand,
    HandMessage,
    RosterResponse,
    ScreenMessage,
)
from proctor.common.protocol import AdminRoom, Room, StudentRow
from proctor.common.receipt import local_time
from proctor.common.timeutil import now_ms
from proctor.host.dashboard import hall_client
from proctor.host.dashboard.admin_client import AdminClient
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.hall_panel import HallPanel
from proctor.host.dashboard.ui.hall_roster import RosterActions
from proctor.host.dashboard.ui.hall_wall import WallDesk, WallView
from proctor.host.dashboard.ui.labels_hall import HALL
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_detail import StudentDetailDialog

ACK_BACKGROUND = "#e9f6ec"
log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from proctor.host.dashboard.ui.window import DashboardWindow


class TextDialog(QDialog):
    """A few lines of text to send, with an optional choice of whom it is for."""

    def __init__(
        self, title: str, prompt: str, send: str, limit: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.limit = limit
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(prompt)
        self.text.setMinimumSize(520, 140)
        self.text.setStyleSheet("font-size: 13pt;")
        self.choices = QVBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons = QDialogButtonBox()
        self.send = self.buttons.addButton(send, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(HALL["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.choices)
        column.addWidget(self.prompt)
        column.addWidget(self.text, 1)
        column.addWidget(self.buttons)
        self.text.textChanged.connect(self._check)
        self._check()

    def add_choice(self, text: str, checked: bool = False) -> QRadioButton:
        button = QRadioButton(text)
        button.setChecked(checked)
        self.group.addButton(button)
        self.choices.addWidget(button)
        return button

    def value(self) -> str:
        return self.text.toPlainText().strip()

    def _check(self) -> None:
        self.send.setEnabled(0 < len(self.value()) <= self.limit)


class HallDesk(QObject):
    def __init__(self, window: DashboardWindow, service: DashboardService) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.panel = HallPanel()
        self.announcements: dict[int, AdminAnnouncement] = {}
        self.hands: dict[int, Hand] = {}
        self.rows: dict[str, StudentRow] = {}
        self.roster: RosterResponse | None = None
        self.splitter: QSplitter | None = None
        self.details: list[StudentDetailDialog] = []
        self.dialog: TextDialog | None = None
        self.announce_button = window_button(HALL["announce"], HALL["announce_tip"])
        self.announce_button.clicked.connect(self.open_announce)
        panel = self.panel
        panel.announcements.announceRequested.connect(self.open_announce)
        panel.hands.answerRequested.connect(self.open_answer)
        panel.hands.dismissRequested.connect(self.dismiss)
        panel.hands.detailRequested.connect(window.show_student)
        service.snapshotArrived.connect(self._on_snapshot)
        service.studentsChanged.connect(self._on_students)
        service.hallArrived.connect(self.on_hall)
        service.roomChanged.connect(
            lambda _room: self.service.run(lambda c: c.room(), self._set_policy, quiet)
        )
        self.roster_actions = RosterActions(self)
        self.wall = WallView()
        self.wall_desk = WallDesk(service, self.wall, lambda sid: self.rows.get(sid))
        self.wall.turnOnRequested.connect(self.turn_screens_on)
        self.stack = QStackedWidget()
        self.table_button = window_button(HALL["view_table"], "")
        self.wall_button = window_button(HALL["view_wall"], "")
        for button in (self.table_button, self.wall_button):
            button.setCheckable(True)
        self.table_button.setChecked(True)
        self.table_button.clicked.connect(lambda: self.show_wall(False))
        self.wall_button.clicked.connect(lambda: self.show_wall(True))
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._show_hands)
        self._clock.timeout.connect(self._show_wall)
        self._clock.start()

    # ---- what the server says ---------------------------------------------------------------
    def _on_snapshot(self, _room: Room, rows: list[StudentRow]) -> None:
        self.rows = {r.student_id: r for r in rows}
        if not self.service.bridge.running:
            return  # a snapshot queued before the dashboard closed: nothing to ask any more
        self.reload()
        self.wall_desk.reload()
        self.service.run(lambda c: c.room(), self._set_policy, quiet)

    def _set_policy(self, admin_room: AdminRoom) -> None:
        self.wall_desk.policy = admin_room.policy
        lobby = admin_room.room.status == "lobby"
        self.wall.show_note(admin_room.policy.screens != "thumbnail", lobby)
        self._show_wall()

    def turn_screens_on(self) -> None:
        """Policy.screens = "thumbnail" (the policy may change in the lobby only)."""

        async def turn_on(client: AdminClient) -> AdminRoom:
            policy = (await client.room()).policy
            await client.set_policy(policy.model_copy(update={"screens": "thumbnail"}))
            return await client.room()

        self.service.run(turn_on, self._set_policy, lambda e: self._failed("wall_turn_failed", e))

    def show_wall(self, on: bool) -> None:
        """The wall of screens in place of the table, or the table again."""
        self.stack.setCurrentWidget(self.wall if on else self.window.table)
        self.table_button.setChecked(not on)
        self.wall_button.setChecked(on)
        if on:
            self._show_wall()
            self.wall_desk.fetch_some()

    def _show_wall(self) -> None:
        if not self.wall.isVisible() and self.stack.currentWidget() is not self.wall:
            return
        model = self.window.model

        def time_left(row: StudentRow) -> str:
            left = model.time_left_s(row)
            return "" if left is None else labels.duration(left)

        self.wall.set_rows(list(self.rows.values()), time_left)

    def _on_students(self, rows: list[StudentRow]) -> None:
        for row in rows:
            self.rows[row.student_id] = row
        self._show_wall()
        self._show_announcements()

    def reload(self) -> None:
        """Read the hall again (the stream connected): a server that is gone meanwhile is
        the connection's to report, not these reads'."""
        self.service.run(hall_client.announcements, self._set_announcements, quiet)
        self.service.run(hall_client.hands, self._set_hands, quiet)
        self.service.run(hall_client.roster, self.set_roster, quiet)

    def _set_announcements(self, items: list[AdminAnnouncement]) -> None:
        self.announcements = {a.id: a for a in items}
        self._show_announcements()

    def _set_hands(self, hands: list[Hand]) -> None:
        self.hands = {h.id: h for h in hands}
        self._show_hands()

    def set_roster(self, roster: RosterResponse) -> None:
        self.roster = roster
        self.panel.roster.set_roster(roster)

    def on_hall(self, messages: list[HallMessage]) -> None:
        announcements = hands = False
        for msg in messages:
            if isinstance(msg, AdminAnnouncementMessage):
                self.announcements[msg.announcement.id] = msg.announcement
                announcements = True
            elif isinstance(msg, AdminAckMessage):
                item = self.announcements.get(msg.announcement_id)
                known = item is not None and any(
                    a.student_id == msg.student_id for a in item.acknowledged
                )
                if item is not None and not known:
                    item.acknowledged.append(
                        Acknowledgement(student_id=msg.student_id, at_ms=msg.at_ms)
                    )
                    announcements = True
            elif isinstance(msg, HandMessage):
                self.hands[msg.hand.id] = msg.hand
                hands = True
            elif isinstance(msg, AdminRosterMessage):
                self.service.run(hall_client.roster, self.set_roster, quiet)
            elif isinstance(msg, ScreenMessage):
                self.wall_desk.on_screen(msg)
        if announcements:
            self._show_announcements()
            for dialog in self.details:
                self._note_acks(dialog)
        if hands:
            self._show_hands()

    def _show_announcements(self) -> None:
        items = [self.announcements[k] for k in sorted(self.announcements)]
        self.panel.announcements.set_announcements(items, self.rows)
        self.panel.set_counts(self.waiting_count(), len(items))
        if self.roster is not None and self.roster.entries:
            self.service.run(hall_client.roster, self.set_roster, quiet)

    def waiting_count(self) -> int:
        return sum(h.status == "waiting" for h in self.hands.values())

    def _show_hands(self) -> None:
        hands = [self.hands[k] for k in sorted(self.hands)]
        self.panel.hands.set_hands(hands, self.rows, self.now_ms())
        self.panel.set_counts(self.waiting_count(), len(self.announcements))

    @staticmethod
    def now_ms() -> int:
        return now_ms()

    # ---- a student's timeline -------------------------------------------------------------
    def decorate_detail(self, dialog: StudentDetailDialog) -> None:
        """Put this student's acknowledgements into the detail dialog's timeline, now and as
        they come (the announcements and hands are there already: actions and incidents)."""
        self.details.append(dialog)
        dialog.finished.connect(lambda _r: self.details.remove(dialog))
        self._note_acks(dialog)

    def _note_acks(self, dialog: StudentDetailDialog) -> None:
        sid = dialog.student.student_id
        for item in self.announcements.values():
            for ack in item.acknowledged:
                if ack.student_id == sid:
                    text = HALL["tl_acknowledged"].format(at=local_time(item.at_ms))
                    dialog.add_note(f"ack:{item.id}", ack.at_ms, text, ACK_BACKGROUND)

    # ---- what the proctor does ------------------------------------------------------------
    def open_announce(self) -> None:
        dialog = TextDialog(
            HALL["announce_title"], HALL["announce_text"], HALL["announce_send"],
            MAX_ANNOUNCEMENT_CHARS, self.window,
        )  # fmt: skip
        everyone = dialog.add_choice(HALL["announce_to_all"], checked=True)
        selected = self.window.selected_students()
        one = None
        if len(selected) == 1:
            row = selected[0]
            one = dialog.add_choice(
                HALL["announce_to_one"].format(name=row.name, reg_no=row.reg_no)
            )
        self.dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        target = None if one is None or everyone.isChecked() else selected[0].student_id
        self.announce(dialog.value(), target)

    def announce(self, text: str, student_id: str | None = None) -> None:
        self.service.run(
            lambda c: hall_client.announce(c, text, student_id),
            self._announced,
            lambda e: self._failed("announce_failed", e),
        )

    def _announced(self, item: AdminAnnouncement) -> None:
        self.announcements[item.id] = item
        self._show_announcements()
        self.panel.setCurrentWidget(self.panel.announcements)

    def open_answer(self, student_id: str) -> None:
        row = self.rows.get(student_id)
        name = student_id if row is None else f"{row.name} ({row.reg_no})"
        dialog = TextDialog(
            HALL["answer_title"].format(name=name), HALL["answer_prompt"], HALL["answer_send"],
            MAX_ANSWER_CHARS, self.window,
        )  # fmt: skip
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer(student_id, dialog.value())

    def answer(self, student_id: str, text: str) -> None:
        self.service.run(
            lambda c: hall_client.answer_hand(c, student_id, text),
            self._hand_closed,
            lambda e: self._failed("hand_failed", e),
        )

    def dismiss(self, student_id: str) -> None:
        self.service.run(
            lambda c: hall_client.dismiss_hand(c, student_id),
            self._hand_closed,
            lambda e: self._failed("hand_failed", e),
        )

    def _hand_closed(self, hand: Hand) -> None:
        self.hands[hand.id] = hand
        self._show_hands()

    def _failed(self, key: str, error: BaseException) -> None:
        reason = getattr(error, "message", str(error))
        self.window.statusBar().showMessage(HALL[key].format(reason=reason), 10_000)


def quiet(error: BaseException) -> None:
    log.info("a hall read failed: %s", error)


def window_button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


def install_hall(window: DashboardWindow, service: DashboardService) -> HallDesk:
    """Put the hall beside the window's table, with the Table | Wall switch and Announce…
    above them (the room bar keeps its width for its messages)."""
    desk = HallDesk(window, service)
    central = window.centralWidget()
    assert central is not None
    layout = central.layout()
    assert isinstance(layout, QVBoxLayout)
    index = layout.indexOf(window.table)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    layout.insertWidget(index, splitter, 1)
    left = QWidget()
    column = QVBoxLayout(left)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    views = QHBoxLayout()
    views.addWidget(desk.table_button)
    views.addWidget(desk.wall_button)
    views.addStretch(1)
    views.addWidget(desk.announce_button)
    column.addLayout(views)
    column.addWidget(desk.stack, 1)
    desk.stack.addWidget(window.table)
    desk.stack.addWidget(desk.wall)
    splitter.addWidget(left)
    splitter.addWidget(desk.panel)
    splitter.setStretchFactor(0, 1)
    splitter.setStretchFactor(1, 0)
    # A quarter of the window, between 30 and 45 characters: the grid keeps the rest.
    x = desk.panel.fontMetrics().horizontalAdvance("x")
    panel_width = min(45 * x, max(30 * x, window.width() // 4))
    splitter.setSizes([max(600, window.width() - panel_width), panel_width])
    desk.splitter = splitter
    return desk
