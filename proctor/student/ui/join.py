"""The join form: host address, room ID, full name, registration number, checked as typed.

A field is not scolded while it is typed and could still become right ("4 of 6 characters"
is a hint, not an error); its error shows once it is left or Join is pressed. A mistake typing
on cannot fix (a letter no room ID has, a name too long) shows at once. Nothing is cut
without a word: a name longer than the host takes is refused with its length."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
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
from proctor.student.ui.messages import JOIN_FORM, JoinProblem
from proctor.student.ui.widgets import add_centred_card
from proctor.ui.style import set_level

_REG_NO = re.compile(REG_NO_PATTERN)
MAX_TYPED_CHARS = 1000  # what a field takes; the checks say what is too long


@dataclass(frozen=True)
class JoinDetails:
    host_text: str
    host: str
    port: int
    room_id: str
    name: str
    reg_no: str
    pin: str = ""  # the PIN on the student's slip, when the proctor gives them


def check_host(text: str) -> tuple[str, tuple[str, int] | None]:
    """An error sentence (empty when fine) and the parsed (host, port)."""
    if not text.strip():
        return JOIN_FORM["host_empty"], None
    try:
        return "", parse_host_address(text.strip())
    except JoinError:
        return JOIN_FORM["host_invalid"], None


def check_room(text: str) -> str:
    candidate = text.strip().upper()
    if not candidate:
        return JOIN_FORM["room_empty"]
    bad = sorted({ch for ch in candidate if ch not in ROOM_ALPHABET})
    if bad:
        return JOIN_FORM["room_bad"].format(chars=", ".join(repr(ch) for ch in bad))
    if len(candidate) != ROOM_ID_LENGTH:
        return JOIN_FORM["room_length"].format(n=ROOM_ID_LENGTH, typed=len(candidate))
    return ""


def check_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        return JOIN_FORM["name_empty"]
    if len(name) > MAX_NAME_CHARS:
        return JOIN_FORM["name_long"].format(n=MAX_NAME_CHARS, typed=len(name))
    if has_control_chars(name):
        return JOIN_FORM["name_chars"]
    return ""


def check_reg_no(text: str) -> str:
    reg_no = " ".join(text.split())  # as it is sent: single spaces between the parts
    if not reg_no:
        return JOIN_FORM["reg_empty"]
    if len(reg_no) > MAX_REG_NO_CHARS:
        return JOIN_FORM["reg_long"].format(n=MAX_REG_NO_CHARS, typed=len(reg_no))
    if "\\" in reg_no:
        return JOIN_FORM["reg_backslash"]
    if not _REG_NO.match(reg_no) or has_control_chars(reg_no):
        return JOIN_FORM["reg_chars"]
    return ""


def still_typing(key: str, text: str) -> bool:
    """Could `text` still become right by typing on? Then it is not scolded while typed."""
    if key == "host":
        return True  # "192.168." is an address on its way
    if key == "room":
        typed = text.strip().upper()
        return len(typed) < ROOM_ID_LENGTH and all(ch in ROOM_ALPHABET for ch in typed)
    if key == "name":
        return not text.strip()
    if key == "reg_no":
        return not text.strip()
    return False


class _Field(QWidget):
    """A labelled line edit with a hint that turns into an error message when needed."""

    def __init__(self, key: str, label: str, placeholder: str, hint: str, max_length: int) -> None:
        super().__init__()
        self.key = key
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
        """Show `error` once the field was left (or Join pressed), unless it is still being
        typed and could become right; a mistake that typing on cannot fix shows at once."""
        text = self.edit.text()
        typing = self.edit.hasFocus() and still_typing(self.key, text)
        shown = bool(error) and not typing and (self.touched or not still_typing(self.key, text))
        self.message.setObjectName("fieldError" if shown else "fieldHint")
        self.message.setText(error if shown else self._hint(text))
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        set_level(self.edit, "true" if shown else "false", name="invalid")
        self.edit.setAccessibleDescription(self.message.text())

    def _hint(self, text: str) -> str:
        typed = text.strip()
        if self.key == "room" and 0 < len(typed) < ROOM_ID_LENGTH:
            return JOIN_FORM["room_progress"].format(typed=len(typed), n=ROOM_ID_LENGTH)
        return self.hint


class JoinPage(QFrame):
    """Emits `joinRequested(JoinDetails)` when the student presses Join with valid fields."""

    joinRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._busy = False
        self._parsed_host: tuple[str, int] | None = None

        title = QLabel(JOIN_FORM["title"])
        title.setObjectName("title")
        subtitle = QLabel(JOIN_FORM["subtitle"])
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)

        f = JOIN_FORM
        self.host = _Field("host", f["host_label"], "192.168.1.20", f["host_hint"], 100)
        self.room = _Field("room", f["room_label"], "ABC234", f["room_hint"], ROOM_ID_LENGTH + 4)
        # Longer than allowed, so a long name is refused with a word, not cut without one.
        self.name = _Field(
            "name", f["name_label"], f["name_placeholder"], f["name_hint"], MAX_TYPED_CHARS
        )
        self.reg_no = _Field(
            "reg_no", f["reg_label"], f["reg_placeholder"], f["reg_hint"], MAX_TYPED_CHARS
        )
        self.fields = (self.host, self.room, self.name, self.reg_no)
        # Shown once the host asks for it (`pin_required`, `wrong_pin`): most exams have none.
        self.pin = _Field("pin", f["pin_label"], "123456", f["pin_hint"], 12)
        self.pin.hide()

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()
        self.status.setObjectName("subtitle")

        self.join_button = QPushButton(JOIN_FORM["join"])
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
        inner.addWidget(self.pin)
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
            field.edit.installEventFilter(self)
        self.pin.edit.returnPressed.connect(self._submit)
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
            reg_no=" ".join(self.reg_no.edit.text().split()),
            pin=self.pin.edit.text().strip() if self.pin.isVisible() else "",
        )

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for field in self.fields:
            field.edit.setReadOnly(busy)
        self.status.setText((text or JOIN_FORM["joining"]) if busy else "")
        self._validate()

    def show_problem(self, problem: JoinProblem) -> None:
        self.set_busy(False)
        self.error.setText(problem.text)
        self.error.show()
        if problem.field == "pin":
            self.pin.show()
        target = {
            "host": self.host, "room": self.room, "name": self.name, "reg_no": self.reg_no,
            "pin": self.pin,
        }  # fmt: skip
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            QTimer.singleShot(0, self._validate)  # once the focus has moved
        return False

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
