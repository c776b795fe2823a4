"""The join form: host address, room ID, full name, registration number, checked as typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proctor.common.ids import ROOM_ALPHABET, ROOM_ID_LENGTH, normalize_room_id
from proctor.common.protocol import (
    MAX_NAME_CHARS,
    MAX_REG_NO_CHARS,
    REG_NO_PATTERN,
    has_control_chars,
)
from proctor.student.address import parse_host_address
from proctor.student.errors import JoinError
from proctor.student.ui.messages import JoinProblem
from proctor.student.ui.widgets import add_centred_card
from proctor.ui.style import set_level

_REG_NO = re.compile(REG_NO_PATTERN)


@dataclass(frozen=True)
class JoinDetails:
    host_text: str
    host: str
    port: int
    room_id: str
    name: str
    reg_no: str


def check_host(text: str) -> tuple[str, tuple[str, int] | None]:
    """An error sentence (empty when fine) and the parsed (host, port)."""
    if not text.strip():
        return "Type the address shown on the proctor's screen.", None
    try:
        return "", parse_host_address(text.strip())
    except JoinError:
        return "Not an address. Example: 192.168.1.20 or 192.168.1.20:8080", None


def check_room(text: str) -> str:
    candidate = text.strip().upper()
    if not candidate:
        return "Type the 6-character room ID shown on the proctor's screen."
    bad = sorted({ch for ch in candidate if ch not in ROOM_ALPHABET})
    if bad:
        return f"A room ID has no {', '.join(repr(ch) for ch in bad)} (no 0, O, 1, I or L)."
    if len(candidate) != ROOM_ID_LENGTH:
        return f"A room ID has {ROOM_ID_LENGTH} characters ({len(candidate)} so far)."
    return ""


def check_name(text: str) -> str:
    name = text.strip()
    if not name:
        return "Type your full name as on your student card."
    if len(name) > MAX_NAME_CHARS:
        return f"At most {MAX_NAME_CHARS} characters."
    if has_control_chars(name):
        return "Use letters, spaces and ordinary punctuation only."
    return ""


def check_reg_no(text: str) -> str:
    reg_no = text.strip()
    if not reg_no:
        return "Type your registration number."
    if len(reg_no) > MAX_REG_NO_CHARS:
        return f"At most {MAX_REG_NO_CHARS} characters."
    if not _REG_NO.match(reg_no) or has_control_chars(reg_no):
        return "No spaces or slashes in a registration number."
    return ""


class _Field(QWidget):
    """A labelled line edit with a hint that turns into an error message when needed."""

    def __init__(self, label: str, placeholder: str, hint: str, max_length: int) -> None:
        super().__init__()
        self.hint = hint
        self.touched = False
        self.label = QLabel(label)
        self.label.setObjectName("sectionTitle")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(max_length)
        self.edit.setAccessibleName(label.replace("&", ""))
        self.label.setBuddy(self.edit)
        self.message = QLabel(hint)
        self.message.setObjectName("fieldHint")
        self.message.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(self.label)
        column.addWidget(self.edit)
        column.addWidget(self.message)

    def show_error(self, error: str) -> None:
        shown = bool(error) and self.touched
        self.message.setObjectName("fieldError" if shown else "fieldHint")
        self.message.setText(error if shown else self.hint)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        set_level(self.edit, "true" if shown else "false", name="invalid")
        self.edit.setAccessibleDescription(error if shown else self.hint)


class JoinPage(QFrame):
    """Emits `joinRequested(JoinDetails)` when the student presses Join with valid fields."""

    joinRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._busy = False
        self._parsed_host: tuple[str, int] | None = None

        title = QLabel("Join an exam")
        title.setObjectName("title")
        subtitle = QLabel("Type what the proctor's screen shows, then your own details.")
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)

        self.host = _Field(
            "&Host address", "192.168.1.20", "The proctor's computer, e.g. 192.168.1.20:8080", 100
        )
        self.room = _Field("&Room ID", "ABC234", "Six letters and digits", ROOM_ID_LENGTH + 4)
        self.name = _Field(
            "Full &name", "Your full name", "As on your student card", MAX_NAME_CHARS
        )
        self.reg_no = _Field(
            "Re&gistration number", "e.g. 2023CS0042", "Your student number", MAX_REG_NO_CHARS
        )
        self.fields = (self.host, self.room, self.name, self.reg_no)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()
        self.status.setObjectName("subtitle")

        self.join_button = QPushButton("&Join exam")
        self.join_button.setObjectName("primary")
        self.join_button.setDefault(True)
        self.join_button.setAutoDefault(True)

        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(560)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addSpacing(6)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host, 3)
        host_row.addWidget(self.room, 2)
        inner.addLayout(host_row)
        inner.addWidget(self.name)
        inner.addWidget(self.reg_no)
        inner.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.join_button)
        inner.addLayout(buttons)

        outer = QVBoxLayout(self)
        add_centred_card(outer, card, space_below=1)

        for field in self.fields:
            field.edit.textEdited.connect(lambda _text: self._on_edited())
            field.edit.editingFinished.connect(lambda f=field: self._on_left(f))
            field.edit.returnPressed.connect(self._submit)
        self.room.edit.textEdited.connect(self._uppercase_room)
        self.join_button.clicked.connect(self._submit)
        self.setTabOrder(self.host.edit, self.room.edit)
        self.setTabOrder(self.room.edit, self.name.edit)
        self.setTabOrder(self.name.edit, self.reg_no.edit)
        self.setTabOrder(self.reg_no.edit, self.join_button)
        self._validate()

    # -- public -------------------------------------------------------------------

    def prefill(self, host: str = "", room: str = "", name: str = "", reg_no: str = "") -> None:
        for field, value in ((self.host, host), (self.room, room), (self.name, name)):
            if value:
                field.edit.setText(value)
                field.touched = True
        if reg_no:
            self.reg_no.edit.setText(reg_no)
            self.reg_no.touched = True
        self._uppercase_room(self.room.edit.text())
        self._validate()

    def details(self) -> JoinDetails | None:
        """The typed details if every field is valid."""
        if not self._validate() or self._parsed_host is None:
            return None
        return JoinDetails(
            host_text=self.host.edit.text().strip(),
            host=self._parsed_host[0],
            port=self._parsed_host[1],
            room_id=normalize_room_id(self.room.edit.text()) or "",
            name=" ".join(self.name.edit.text().split()),
            reg_no=self.reg_no.edit.text().strip(),
        )

    def set_busy(self, busy: bool, text: str = "Joining…") -> None:
        self._busy = busy
        for field in self.fields:
            field.edit.setReadOnly(busy)
        self.status.setText(text if busy else "")
        self._validate()

    def show_problem(self, problem: JoinProblem) -> None:
        self.set_busy(False)
        self.error.setText(problem.text)
        self.error.show()
        target = {"host": self.host, "room": self.room, "name": self.name, "reg_no": self.reg_no}
        field = target.get(problem.field or "")
        if field is not None:
            field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            field.edit.selectAll()
        else:
            self.join_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_problem(self) -> None:
        self.error.clear()
        self.error.hide()

    def focus_first_empty(self) -> None:
        for field in self.fields:
            if not field.edit.text().strip():
                field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.join_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- behaviour ----------------------------------------------------------------

    def _uppercase_room(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.room.edit.cursorPosition()
            self.room.edit.setText(upper)
            self.room.edit.setCursorPosition(position)

    def _on_edited(self) -> None:
        # Errors appear once the student leaves a field (or presses Join) and vanish as
        # soon as the text is fixed; the Join button follows every keystroke.
        self.clear_problem()
        self._validate()

    def _on_left(self, field: _Field) -> None:
        if field.edit.text():
            field.touched = True
        self._validate()

    def _validate(self) -> bool:
        host_error, self._parsed_host = check_host(self.host.edit.text())
        errors = (
            host_error,
            check_room(self.room.edit.text()),
            check_name(self.name.edit.text()),
            check_reg_no(self.reg_no.edit.text()),
        )
        for field, error in zip(self.fields, errors, strict=True):
            field.show_error(error)
        valid = not any(errors)
        self.join_button.setEnabled(valid and not self._busy)
        return valid

    def _submit(self) -> None:
        if self._busy:
            return
        for field in self.fields:
            field.touched = True
        details = self.details()
        if details is None:
            self.focus_first_invalid()
            return
        self.clear_problem()
        self.joinRequested.emit(details)

    def focus_first_invalid(self) -> None:
        for field in self.fields:
            if field.message.objectName() == "fieldError":
                field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
