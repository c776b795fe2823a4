"""One student up close: a timeline of the incidents (with camera pictures) and of what the
proctor did to them, their latest work read-only, and the receipt of what they handed in."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.integrity import integrity_line
from proctor.common.protocol import Action, Incident, StudentRow, WorkView
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_model import flag_text, status_text
from proctor.host.transitions import StudentCommand, may_act_on
from proctor.ui import geometry
from proctor.ui.editor import CodeEditor

THUMBNAIL_KEY = "thumbnail_jpeg_b64"
THUMB_SIZE = QSize(64, 48)
INCIDENT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_BACKGROUND = "#eef3f9"
WORK_REFRESH_MS = 15_000  # students' autosaves reach the room at least every 10 s
CLAIM_REASONS = {
    "no_key": "without the seat key",
    "wrong_key": "with a wrong seat key",
    "moved": "the computer this seat moved away from",
}


def thumbnail(detail: dict[str, Any]) -> QPixmap | None:
    """The camera picture attached to an incident, if there is a readable one."""
    raw = detail.get(THUMBNAIL_KEY)
    if not isinstance(raw, str) or not raw:
        return None
    try:
        data = base64.b64decode(raw, validate=False)
    except (binascii.Error, ValueError):
        return None
    pixmap = QPixmap()
    return pixmap if pixmap.loadFromData(data) else None


def incident_summary(incident: Incident) -> str:
    """One line a proctor can judge by: what happened, and the detail that matters."""
    detail = incident.detail
    parts = [labels.incident_label(incident.kind)]
    if incident.source == "shield":
        name = detail.get("rule") or detail.get("name")
        if name:
            parts.append(str(name))
    for key, unit in (("duration_ms", "away"), ("offline_ms", "offline")):
        if isinstance(detail.get(key), int | float):
            parts.append(f"{labels.ago(detail[key] / 1000)} {unit}")
    length = detail.get("length") or detail.get("chars")
    if isinstance(length, int):
        parts.append(f"{length} characters")
    preview = detail.get("preview")
    if isinstance(preview, str) and preview.strip():
        short = " ".join(preview.split())
        parts.append(f"“{short[:40]}{'…' if len(short) > 40 else ''}”")
    if detail.get("field"):
        parts.append(f"into {detail['field']}")
    if detail.get("copied_inside"):
        parts.append("outside text copied inside the exam")
    if incident.source == "network" and detail.get("name_given"):
        where = detail.get("address") or "an unknown address"
        parts.append(f"from {where}, typed “{detail['name_given']}”")
        if detail.get("previous_address"):
            parts.append(f"was at {detail['previous_address']}")
    if incident.source == "student" and isinstance(detail.get("text"), str) and detail["text"]:
        parts.append(f"“{detail['text']}”")  # a raised hand's line
    if incident.source == "camera" and detail.get("message"):
        parts.append(str(detail["message"]))
    if incident.kind == "seat_claim_refused":
        parts.append(CLAIM_REASONS.get(str(detail.get("reason")), "refused"))
    elif detail.get("reason"):
        parts.append(f"“{detail['reason']}”")
    if incident.kind == "camera_unavailable":
        parts.append(labels.CAMERA_UNAVAILABLE_ADVICE)
    if incident.kind == "join_refused":
        template = labels.JOIN_REFUSED.get(str(detail.get("code")))
        if template:
            parts = [template.format(address=detail.get("address", "?"))]
        if detail.get("name_given"):
            parts.append(f"“{detail['name_given']}”")
    return " · ".join(parts)


def action_summary(action: Action) -> str:
    """One line for a proctor's action in a student's timeline."""
    text = labels.action_label(action.action, for_everyone=action.student_id is None)
    return f"{text} · “{action.reason}”" if action.reason else text


def incident_tooltip(incident: Incident) -> str:
    lines = [
        f"{key}: {value}"
        for key, value in incident.detail.items()
        if not key.startswith("thumbnail")
    ]
    return "\n".join(lines[:12])


class StudentDetailDialog(QDialog):
    """Opened from the grid; follows the student live while open. `moveRequested(sid)`:
    the proctor asked to move this student to another computer (the actions confirm it)."""

    moveRequested = Signal(str)
    accommodateRequested = Signal(str)

    def __init__(
        self, service: DashboardService, student: StudentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.student = student
        self.work: WorkView | None = None
        self._incident_ids: set[int] = set()
        self._action_keys: set[tuple[int, str, str | None, str | None]] = set()
        self._entries: list[tuple[int, int, QListWidgetItem]] = []  # (at_ms, order, item)
        self._note_keys: set[str] = set()
        self.setWindowTitle(f"{student.name} ({student.reg_no})")
        geometry.place(self, 150, 42)

        self.header = QLabel()
        self.header.setStyleSheet("font-size: 16pt; font-weight: 700; color: #14213d;")
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.flag_label = QLabel()
        self.flag_label.setWordWrap(True)
        self.flag_label.setStyleSheet(
            "background: #ffd699; color: #5a3100; font-weight: 600; padding: 6px 10px;"
            " border-radius: 6px;"
        )
        self.claim_label = QLabel()
        self.claim_label.setWordWrap(True)
        self.claim_label.setStyleSheet(
            "background: #fbd9d6; color: #5c0f0a; font-weight: 600; padding: 6px 10px;"
            " border-radius: 6px;"
        )
        self.receipt_label = QLabel()
        self.receipt_label.setObjectName("receipt")
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_label.setWordWrap(True)

        self.timeline = QListWidget()
        self.timeline.setAccessibleName(labels.DETAIL["timeline"])
        self.timeline.setIconSize(THUMB_SIZE)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setWordWrap(True)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.timeline.currentItemChanged.connect(self._show_picture)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(200)
        self.picture.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_section(labels.DETAIL["timeline"]))
        left_layout.addWidget(self.timeline, 1)
        left_layout.addWidget(self.picture)

        self.version_box = QComboBox()
        self.version_box.setAccessibleName(labels.DETAIL["work"])
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_box.currentIndexChanged.connect(self._show_version)
        self.work_info = QLabel(labels.DETAIL["loading"])
        self.work_info.setObjectName("fieldHint")
        self.files = QTabWidget()
        self.reload_button = QPushButton(labels.DETAIL["reload"])
        self.reload_button.clicked.connect(self.load_work)
        work_top = QHBoxLayout()
        work_top.addWidget(_section(labels.DETAIL["work"]))
        work_top.addWidget(self.version_box)
        work_top.addStretch(1)
        work_top.addWidget(self.reload_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(work_top)
        right_layout.addWidget(self.work_info)
        right_layout.addWidget(self.files, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 680])

        self.move_button = QPushButton(labels.DETAIL["move"])
        self.move_button.setToolTip(labels.DETAIL["move_tip"])
        self.move_button.clicked.connect(lambda: self.moveRequested.emit(self.student.student_id))
        self.accommodate_button = QPushButton(labels.DETAIL["accommodate"])
        self.accommodate_button.setToolTip(labels.DETAIL["accommodate_tip"])
        self.accommodate_button.clicked.connect(
            lambda: self.accommodateRequested.emit(self.student.student_id)
        )
        close = QPushButton(labels.DETAIL["close"])
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.move_button)
        bottom.addWidget(self.accommodate_button)
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.state_label)
        layout.addWidget(self.flag_label)
        layout.addWidget(self.claim_label)
        layout.addWidget(self.receipt_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._work_timer = QTimer(self)
        self._work_timer.setInterval(WORK_REFRESH_MS)
        self._work_timer.timeout.connect(self._refresh_work)
        self._work_timer.start()
        service.studentsChanged.connect(self._students_changed)
        service.snapshotArrived.connect(self._snapshot)
        service.incidentsArrived.connect(self._incidents_arrived)
        service.actionsArrived.connect(self._actions_arrived)
        self.show_student(student)
        self.load_incidents()
        self.load_actions()
        self.load_work()

    # -- loading ----------------------------------------------------------------------------

    def load_incidents(self) -> None:
        sid = self.student.student_id
        self.service.run(lambda c: c.incidents(sid), self._add_incidents, self._failed)

    def load_actions(self) -> None:
        sid = self.student.student_id
        self.service.run(lambda c: c.actions(sid), self._add_actions, self._failed)

    def load_work(self) -> None:
        sid = self.student.student_id
        self.reload_button.setEnabled(False)
        self.service.run(lambda c: c.work(sid), self.show_work, self._failed)

    def _refresh_work(self) -> None:
        if (
            self.isVisible()
            and self.reload_button.isEnabled()
            and self.student.status in ("active", "paused")
        ):
            self.load_work()

    def _failed(self, exc: BaseException) -> None:
        self.reload_button.setEnabled(True)
        self.work_info.setText(labels.DETAIL["load_failed"].format(error=labels.error_text(exc)))

    # -- live updates -----------------------------------------------------------------------

    def _students_changed(self, rows: list[StudentRow]) -> None:
        for row in rows:
            if row.student_id == self.student.student_id:
                had_submission = self.student.submission_sha256
                self.show_student(row)
                if row.submission_sha256 != had_submission:
                    self.load_work()

    def _snapshot(self, _room: object, rows: list[StudentRow]) -> None:
        self._students_changed(rows)

    def _incidents_arrived(self, incidents: list[Incident]) -> None:
        mine = [i for i in incidents if i.student_id == self.student.student_id]
        if mine:
            self._add_incidents(mine)

    def _actions_arrived(self, actions: list[Action]) -> None:
        mine = [a for a in actions if a.student_id in (None, self.student.student_id)]
        if mine:
            self._add_actions(mine)

    # -- showing ----------------------------------------------------------------------------

    def show_student(self, row: StudentRow) -> None:
        self.student = row
        self.header.setText(f"{row.name}  ·  {row.reg_no}")
        parts = [status_text(row)]
        if row.move_pending:
            parts.append(labels.DETAIL["moving"])
        else:
            parts.append(labels.DETAIL["online"] if row.online else labels.DETAIL["offline"])
        if row.violations:
            parts.append(plural_violations(row.violations))
        summary = integrity_line(row.tally, row.unfocused_s)
        if summary:
            parts.append(summary)
        if row.extra_time_s:
            parts.append(labels.DETAIL["extra_time"].format(minutes=row.extra_time_s // 60))
        if row.accommodations is not None:
            parts.append(labels.granted_text(row))
        if row.address:
            parts.append(row.address)
        self.state_label.setText(" · ".join(parts))
        self.flag_label.setText(flag_text(row))
        self.flag_label.setVisible(row.flagged)
        self.claim_label.setText(labels.claim_sentence(row))
        self.claim_label.setVisible(bool(row.refused_claims))
        self.move_button.setEnabled(may_act_on(StudentCommand.MOVE, row))
        self.accommodate_button.setEnabled(may_act_on(StudentCommand.ACCOMMODATE, row))
        if row.submission_sha256:
            self.receipt_label.setText(labels.receipt_line(row.submission_sha256, row.submitted_ms))
            self.receipt_label.setToolTip(labels.DETAIL["sha"].format(sha=row.submission_sha256))
        else:
            self.receipt_label.setText(labels.DETAIL["not_handed_in"])
            self.receipt_label.setToolTip("")

    def _add_entry(self, at_ms: int, item: QListWidgetItem) -> None:
        """Put `item` into the timeline in time order (a late arrival goes where it belongs)."""
        order = len(self._entries)
        position = sum(1 for at, o, _i in self._entries if (at, o) <= (at_ms, order))
        self._entries.insert(position, (at_ms, order, item))
        self.timeline.insertItem(position, item)

    def _add_incidents(self, incidents: list[Incident]) -> None:
        for incident in sorted(incidents, key=lambda i: (i.at_ms, i.id)):
            if incident.id in self._incident_ids:
                continue
            self._incident_ids.add(incident.id)
            item = QListWidgetItem(f"{labels.clock(incident.at_ms)}   {incident_summary(incident)}")
            item.setData(INCIDENT_ROLE, incident)
            item.setToolTip(incident_tooltip(incident))
            pixmap = thumbnail(incident.detail)
            if pixmap is not None:
                item.setIcon(QIcon(pixmap))
            self._add_entry(incident.at_ms, item)
        self.timeline.scrollToBottom()

    def _add_actions(self, actions: list[Action]) -> None:
        for action in actions:
            key = (action.at_ms, action.action, action.student_id, action.reason)
            if key in self._action_keys or action.action == "submitted":
                continue  # a hand-in shows as the receipt above
            self._action_keys.add(key)
            item = QListWidgetItem(f"{labels.clock(action.at_ms)}   {action_summary(action)}")
            item.setBackground(QColor(ACTION_BACKGROUND))
            font = item.font()
            font.setItalic(action.student_id is None)
            item.setFont(font)
            self._add_entry(action.at_ms, item)
        self.timeline.scrollToBottom()

    def add_note(
        self, key: str, at_ms: int, text: str, background: str = ACTION_BACKGROUND
    ) -> None:
        """A line of the timeline from elsewhere (the hall: an announcement acknowledged),
        once per `key`."""
        if key in self._note_keys:
            return
        self._note_keys.add(key)
        item = QListWidgetItem(f"{labels.clock(at_ms)}   {text}")
        item.setBackground(QColor(background))
        self._add_entry(at_ms, item)

    def incident_count(self) -> int:
        return self.timeline.count()

    def _show_picture(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        incident = item.data(INCIDENT_ROLE) if item is not None else None
        pixmap = thumbnail(incident.detail) if isinstance(incident, Incident) else None
        if pixmap is None:
            self.picture.hide()
            return
        self.picture.setPixmap(
            pixmap.scaled(
                320,
                240,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.picture.show()

    def show_work(self, work: WorkView) -> None:
        self.reload_button.setEnabled(True)
        self.work = work
        self.version_box.blockSignals(True)
        self.version_box.clear()
        if work.submission is not None:
            self.version_box.addItem(labels.DETAIL["handed_in_version"], "submission")
        if work.snapshot is not None:
            self.version_box.addItem(labels.DETAIL["latest_autosave"], "snapshot")
        self.version_box.setVisible(self.version_box.count() > 1)
        self.version_box.blockSignals(False)
        self._show_version()

    def _show_version(self) -> None:
        work = self.work
        if work is None:
            return
        which = self.version_box.currentData()
        if which == "submission" and work.submission is not None:
            files = work.submission.files
            self.work_info.setText(
                labels.receipt_line(work.submission.sha256, work.submission.received_ms)
            )
        elif work.snapshot is not None:
            files = work.snapshot.files
            self.work_info.setText(
                labels.DETAIL["autosaved"].format(
                    time=labels.clock(work.snapshot.saved_ms), seq=work.snapshot.seq
                )
            )
        else:
            files = {}
            self.work_info.setText(labels.DETAIL["no_work"])
        self._fill_files(files)

    def _fill_files(self, files: dict[str, str]) -> None:
        names = sorted(files, key=lambda n: (not n.endswith(".py"), n))
        shown = [self.files.tabText(i) for i in range(self.files.count())]
        if names == shown:  # same files: update in place, keeping where the proctor looks
            for i, name in enumerate(names):
                editor = self.files.widget(i)
                assert isinstance(editor, CodeEditor)
                if editor.text() != files[name]:
                    top = editor.scintilla.firstVisibleLine()
                    editor.set_text(files[name])
                    editor.scintilla.setFirstVisibleLine(top)
            return
        current = self.files.tabText(self.files.currentIndex()) if self.files.count() else ""
        while self.files.count():
            widget = self.files.widget(0)
            self.files.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        for name in names:
            editor = CodeEditor()
            editor.set_text(files[name])
            editor.set_read_only(True)
            self.files.addTab(editor, name)
            if name == current:
                self.files.setCurrentWidget(editor)

    def editor_texts(self) -> dict[str, str]:
        """What the editors show, by file name."""
        out = {}
        for i in range(self.files.count()):
            editor = self.files.widget(i)
            assert isinstance(editor, CodeEditor)
            out[self.files.tabText(i)] = editor.text()
        return out

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        for signal, slot in (
            (self.service.studentsChanged, self._students_changed),
            (self.service.snapshotArrived, self._snapshot),
            (self.service.incidentsArrived, self._incidents_arrived),
            (self.service.actionsArrived, self._actions_arrived),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        super().closeEvent(event)


def plural_violations(n: int) -> str:
    return labels.plural(n, labels.DETAIL["violation_one"], labels.DETAIL["violation_many"])


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label
