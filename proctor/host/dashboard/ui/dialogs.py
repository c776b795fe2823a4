"""The dashboard's small dialogs. All are opened with `open()` (never a blocking `exec()`):
the caller connects to `accepted` and the window stays live underneath."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.common.protocol import (
    MAX_FONT_SCALE,
    MAX_REASON_CHARS,
    MIN_FONT_SCALE,
    Accommodations,
    StudentRow,
)
from proctor.host.server.options import MIN_ADMIN_KEY_CHARS

tr = translator(__name__)

FLAT_SPIN_BOX = (
    "QSpinBox { padding-left: 10px; }"
    " QSpinBox::up-button, QSpinBox::down-button { width: 0; border: none; }"
)


def flatten(spin_box: QSpinBox, max_width: int) -> QSpinBox:
    """A spin box typed into (arrow keys and the wheel still step it), without the arrow
    buttons the shared style sheet cannot draw."""
    spin_box.setStyleSheet(FLAT_SPIN_BOX)
    spin_box.setMaximumWidth(max_width)
    return spin_box


class _Dialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 700; color: #14213d;")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        # Wrapped text gets the height it needs at the width the dialog has (Qt sizes a
        # dialog from the text's preferred width, which may be wider).
        needed = self.layout_.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def add_ok(self, label: str, danger: bool = False) -> QPushButton:
        button = self.buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName("danger" if danger else "primary")
        button.setDefault(True)
        button.clicked.connect(self._try_accept)
        return button

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        # No button becomes the default by taking the focus: Enter is always the OK button
        # (a click on Cancel or OK would otherwise make it the default from then on).
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)

    def watch_edit(self, edit: QLineEdit) -> None:
        """Enter in `edit` means OK; typing clears the last error."""
        edit.returnPressed.connect(self._try_accept)
        edit.textEdited.connect(lambda _t: self.show_error(""))

    def show_error(self, message: str) -> None:
        if message == self.error.text():
            return
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.adjustSize()

    def _try_accept(self) -> None:
        self.accept()


class ConfirmDialog(_Dialog):
    def __init__(
        self,
        title: str,
        text: str,
        ok_label: str,
        parent: QWidget | None = None,
        danger: bool = False,
    ) -> None:
        super().__init__(title, text, parent)
        self.ok_button = self.add_ok(ok_label, danger)
        self.finish_layout()


class ReasonDialog(_Dialog):
    """Asks for a reason (required or optional) before an action."""

    def __init__(
        self,
        title: str,
        text: str,
        ok_label: str,
        parent: QWidget | None = None,
        *,
        required: bool = False,
        danger: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__(title, text, parent)
        self.required = required
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(MAX_REASON_CHARS)
        self.reason_edit.setPlaceholderText(
            placeholder or ("Reason (required)" if required else "Reason (optional)")
        )
        self.layout_.addWidget(self.reason_edit)
        self.ok_button = self.add_ok(ok_label, danger)
        self.finish_layout()
        self.watch_edit(self.reason_edit)

    def reason(self) -> str | None:
        return self.reason_edit.text().strip() or None

    def _try_accept(self) -> None:
        if self.required and not self.reason():
            self.show_error(tr("Please give a reason; it goes into the session log."))
            self.reason_edit.setFocus()
            return
        self.accept()


class ExtraTimeDialog(_Dialog):
    """Minutes to add (or, negative, to take back) for some students or everyone.

    `check(seconds)` may refuse a choice before the dialog closes: it answers with the
    reason, or "" when the choice may go ahead."""

    def __init__(
        self, who: str, parent: QWidget | None = None,
        check: Callable[[int], str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__("Extra time", f"Extra time for {who}:", parent)
        self._check = check
        self.minutes = QSpinBox()
        self.minutes.setRange(-120, 240)
        self.minutes.setValue(5)
        self.minutes.setSuffix(" min")
        flatten(self.minutes, 160)
        self.layout_.addWidget(self.minutes)
        hint = QLabel(tr("A negative number takes time away."))
        hint.setObjectName("fieldHint")
        self.layout_.addWidget(hint)
        self.ok_button = self.add_ok("Give extra time")
        self.finish_layout()

    def extra_seconds(self) -> int:
        return self.minutes.value() * 60

    def _try_accept(self) -> None:
        if self.minutes.value() == 0:
            self.show_error(tr("Choose a number of minutes other than zero."))
            return
        problem = self._check(self.extra_seconds()) if self._check is not None else ""
        if problem:
            self.show_error(problem)
            return
        self.accept()


class AccommodationsDialog(_Dialog):
    """Larger text and the plain-text editor for one student, besides any extra time."""

    def __init__(self, row: StudentRow, parent: QWidget | None = None) -> None:
        text = tr(
            "For {name} ({reg_no}), besides any extra time. Their screen changes at once and "
            "they are told; the session log keeps it. 100 % without the plain-text editor "
            "takes it back."
        ).format(name=row.name, reg_no=row.reg_no)
        super().__init__(tr("Accommodations"), text, parent)
        now = row.accommodations or Accommodations()
        self.font_scale = QSpinBox()
        self.font_scale.setRange(MIN_FONT_SCALE, MAX_FONT_SCALE)
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setValue(now.font_scale)
        self.font_scale.setAccessibleName(tr("Text size"))
        flatten(self.font_scale, 160)
        size_row = QHBoxLayout()
        size_label = QLabel(tr("Text size:"))
        size_label.setBuddy(self.font_scale)
        size_row.addWidget(size_label)
        size_row.addWidget(self.font_scale)
        size_row.addStretch(1)
        self.layout_.addLayout(size_row)
        self.plain_editor = QCheckBox(tr("Plain-text editor (a screen reader can read it)"))
        self.plain_editor.setChecked(now.plain_editor)
        self.layout_.addWidget(self.plain_editor)
        self.ok_button = self.add_ok(tr("Grant"))
        self.finish_layout()

    def granted(self) -> Accommodations:
        return Accommodations(
            font_scale=self.font_scale.value(), plain_editor=self.plain_editor.isChecked()
        )


class AdminKeyDialog(_Dialog):
    """Asks for the admin key and checks it through `check(key, on_result)` before closing.

    `check` answers asynchronously with an error message, or "" when the key is right.
    """

    def __init__(
        self,
        title: str,
        text: str,
        ok_label: str,
        check: Callable[[str, Callable[[str], None]], None],
        parent: QWidget | None = None,
        danger: bool = False,
    ) -> None:
        super().__init__(title, text, parent)
        self._check = check
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(tr("Admin key"))
        self.layout_.addWidget(self.key_edit)
        self.ok_button = self.add_ok(ok_label, danger)
        self.finish_layout()
        self.watch_edit(self.key_edit)
        self.checking = False

    def key(self) -> str:
        return self.key_edit.text()

    def _try_accept(self) -> None:
        if self.checking:
            return
        if len(self.key()) < MIN_ADMIN_KEY_CHARS:
            self.show_error(
                tr("The admin key has at least {MIN_ADMIN_KEY_CHARS} characters.").format(
                    MIN_ADMIN_KEY_CHARS=MIN_ADMIN_KEY_CHARS
                )
            )
            return
        self.checking = True
        self.ok_button.setEnabled(False)
        self.show_error("")
        self._check(self.key(), self._checked)

    def _checked(self, error: str) -> None:
        self.checking = False
        self.ok_button.setEnabled(True)
        if error:
            self.show_error(error)
            self.key_edit.selectAll()
            self.key_edit.setFocus()
            return
        self.accept()


class CloseDialog(_Dialog):
    """Closing the dashboard: keep the room running, stop its server, or stay."""

    KEEP = "keep"
    STOP = "stop"

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__("Close the dashboard", text, parent)
        self.choice = ""
        self.keep_button = self.buttons.addButton(
            tr("Keep the room running"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setObjectName("primary")
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(lambda: self._choose(self.KEEP))
        self.stop_button = self.buttons.addButton(
            tr("Stop the room server"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.stop_button.clicked.connect(lambda: self._choose(self.STOP))
        self.finish_layout()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
