"""The join form: the rooms heard on this network, host address, room ID or join code, full
name, registration number, checked as typed.

Picking a heard room fills the address and the room ID with its dash, and asks for the 4
characters after the dash in the join code on the projector (the student still reads the
projector; the app checks those characters against the room's certificate). The address may
stay empty for a room heard on the network; typed, it works as before.

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

from proctor.common.discovery import HeardRoom
from proctor.common.ids import ROOM_ALPHABET, ROOM_ID_LENGTH
from proctor.common.joincode import JOIN_CODE_FP_CHARS, JoinCodeError, parse_room_entry
from proctor.common.joincode import compact as compact_code
from proctor.common.protocol import (
    MAX_NAME_CHARS,
    MAX_REG_NO_CHARS,
    REG_NO_PATTERN,
    has_control_chars,
)
from proctor.student.address import parse_host_address
from proctor.student.errors import JoinError
from proctor.student.rooms_heard import RoomsHeard
from proctor.student.ui.messages import JOIN_FORM, JoinProblem
from proctor.student.ui.rooms_panel import RoomsPanel
from proctor.student.ui.widgets import add_centred_card
from proctor.ui.style import set_level

_REG_NO = re.compile(REG_NO_PATTERN)
MAX_TYPED_CHARS = 1000  # what a field takes; the checks say what is too long
MAX_ROOM_CHARS = 24  # a join code with spaces between its parts
_CODE_CHARS = frozenset("0123456789ABCDEFOIL")  # hex, and the look-alikes the code reads


@dataclass(frozen=True)
class JoinDetails:
    host_text: str  # "" when the room is to be found among those heard
    host: str  # parsed from host_text ("" when empty)
    port: int  # 0 when host_text is empty
    room_text: str  # the room ID or the join code, as typed
    room_id: str  # the room ID in it
    name: str
    reg_no: str
    pin: str = ""  # the PIN on the student's slip, when the proctor gives them


def check_host(text: str, may_be_empty: bool = False) -> tuple[str, tuple[str, int] | None]:
    """An error sentence (empty when fine) and the parsed (host, port). `may_be_empty`: rooms
    are heard on the network, so the room field alone may say which one."""
    if not text.strip():
        return ("" if may_be_empty else JOIN_FORM["host_empty"]), None
    try:
        return "", parse_host_address(text.strip())
    except JoinError:
        return JOIN_FORM["host_invalid"], None


def _room_part(text: str) -> tuple[str, str | None]:
    """(the room ID part, the part after the dash or None) of what was typed, compacted."""
    compact = compact_code(text).upper()
    if "-" in compact:
        room, _, code = compact.partition("-")
        return room, code
    if len(compact) > ROOM_ID_LENGTH:
        return compact[:ROOM_ID_LENGTH], compact[ROOM_ID_LENGTH:]
    return compact, None


def check_room(text: str) -> str:
    """An error sentence for the "room ID or join code" field, empty when it is fine."""
    room, code = _room_part(text)
    if not room and code is None:
        return JOIN_FORM["room_empty"]
    bad = sorted({ch for ch in room if ch not in ROOM_ALPHABET})
    if bad:
        return JOIN_FORM["room_bad"].format(chars=", ".join(repr(ch) for ch in bad))
    if len(room) != ROOM_ID_LENGTH:
        return JOIN_FORM["room_length"].format(n=ROOM_ID_LENGTH, typed=len(room))
    try:
        parse_room_entry(text)
    except JoinCodeError as exc:
        return exc.message
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
        room, code = _room_part(text)
        if code is None:
            return len(room) < ROOM_ID_LENGTH and all(ch in ROOM_ALPHABET for ch in room)
        return (
            len(room) == ROOM_ID_LENGTH
            and all(ch in ROOM_ALPHABET for ch in room)
            and len(code) < JOIN_CODE_FP_CHARS
            and all(ch in _CODE_CHARS for ch in code)
        )
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
        if self.key == "room":
            room, code = _room_part(text)
            if code is None and 0 < len(room) < ROOM_ID_LENGTH:
                return JOIN_FORM["room_progress"].format(typed=len(room), n=ROOM_ID_LENGTH)
            if code is not None and len(code) < JOIN_CODE_FP_CHARS:
                return JOIN_FORM["room_code_progress"].format(typed=len(code))
        return self.hint


class JoinPage(QFrame):
    """Emits `joinRequested(JoinDetails)` when the student presses Join with valid fields."""

    joinRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._busy = False
        self._parsed_host: tuple[str, int] | None = None
        self.picked: HeardRoom | None = None  # the room picked from the list, if any

        title = QLabel(JOIN_FORM["title"])
        title.setObjectName("title")
        subtitle = QLabel(JOIN_FORM["subtitle"])
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)

        f = JOIN_FORM
        self.host = _Field("host", f["host_label"], "192.168.1.20", f["host_hint"], 100)
        self.room = _Field("room", f["room_label"], "K7M2QX-9F3A", f["room_hint"], MAX_ROOM_CHARS)
        self.rooms = RoomsPanel()
        self.rooms.roomPicked.connect(self.pick_room)
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
        card.setMaximumWidth(680)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 20, 28, 20)
        inner.setSpacing(8)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addWidget(self.rooms)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host, 1)
        host_row.addWidget(self.room, 1)
        inner.addLayout(host_row)
        person_row = QHBoxLayout()  # side by side: the form fits a 1366x768 screen
        person_row.addWidget(self.name, 1)
        person_row.addWidget(self.reg_no, 1)
        inner.addLayout(person_row)
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
        self.setTabOrder(self.rooms.tree, self.host.edit)
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
        if not self._validate():
            return None
        host, port = self._parsed_host or ("", 0)
        room_text = self.room.edit.text().strip()
        return JoinDetails(
            host_text=self.host.edit.text().strip(),
            host=host,
            port=port,
            room_text=room_text,
            room_id=parse_room_entry(room_text)[0],
            name=" ".join(self.name.edit.text().split()),
            reg_no=" ".join(self.reg_no.edit.text().split()),
            pin=self.pin.edit.text().strip() if self.pin.isVisible() else "",
        )

    def set_heard(self, heard: RoomsHeard) -> None:
        """The rooms this computer hears now (from the session's loop, via the controller)."""
        self.rooms.set_heard(heard)
        self.host.hint = JOIN_FORM["host_hint_heard" if heard.rooms else "host_hint"]
        self._validate()

    def heard_rooms(self) -> list[HeardRoom]:
        """The rooms to join among: those heard now, and the one picked (if it went quiet)."""
        rooms = list(self.rooms.rooms)
        if self.picked is not None and self.picked not in rooms:
            rooms.append(self.picked)
        return rooms

    def pick_room(self, room: HeardRoom) -> None:
        """A room was picked from the list: its address and room ID go in, and the student
        types the 4 characters after the dash from the projector's join code."""
        if self._busy:
            return
        self.picked = room
        self.host.edit.setText(f"{room.address}:{room.port}")
        self.host.touched = True
        typed_code = _room_part(self.room.edit.text())
        keep = typed_code[0] == room.room_id and typed_code[1] is not None
        if not keep:
            self.room.edit.setText(f"{room.room_id}-" if room.tls else room.room_id)
        self.room.hint = JOIN_FORM["room_picked"] if room.tls else JOIN_FORM["room_hint"]
        self.clear_problem()
        self.room.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.room.edit.end(False)
        self._validate()

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
            "host": self.host,
            "room": self.room,
            "name": self.name,
            "reg_no": self.reg_no,
            "pin": self.pin,
        }
        if problem.field == "room":  # a code that does not match: the picked room is suspect
            self.room.hint = JOIN_FORM["room_hint"]
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
        heard = bool(self.rooms.rooms) or self.picked is not None
        host_error, self._parsed_host = check_host(self.host.edit.text(), may_be_empty=heard)
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
