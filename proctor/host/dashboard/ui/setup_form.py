"""Setting up a room: name, duration, admin key, network address and port, paper, checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from proctor.common.netutil import lan_addresses
from proctor.common.protocol import MAX_NAME_CHARS
from proctor.host.dashboard.supervisor import LaunchOptions, next_free_port, port_is_free
from proctor.host.dashboard.ui.blacklist_editor import BlacklistEditor
from proctor.host.dashboard.ui.dialogs import flatten
from proctor.host.server.options import DEFAULT_PORT, MIN_ADMIN_KEY_CHARS

LOOPBACK = "127.0.0.1"
PASTE_CHOICES = (
    ("report", "Allow pasting, report text pasted from outside the exam"),
    ("block", "Block text pasted from outside the exam"),
    ("allow", "Allow pasting freely"),
)


def bind_for(address: str) -> str:
    """Listen everywhere, so the dashboard reaches it on loopback; only loopback if chosen."""
    return LOOPBACK if address.startswith("127.") else "0.0.0.0"


@dataclass
class SetupResult:
    name: str
    duration_min: int
    admin_key: str
    address: str  # shown to students
    port: int
    paper: Path | None
    camera: str
    paste: str
    blacklist: list[dict[str, Any]] = field(default_factory=list)

    @property
    def bind(self) -> str:
        return bind_for(self.address)

    def launch_options(self) -> LaunchOptions:
        return LaunchOptions(
            name=self.name,
            duration_min=self.duration_min,
            port=self.port,
            bind=self.bind,
            paper=self.paper,
            camera=self.camera,
            paste=self.paste,
            blacklist_rules=self.blacklist,
        )


def address_choices() -> list[tuple[str, str]]:
    """(address, label) for the network choice, the most likely first, loopback last."""
    choices: list[tuple[str, str]] = []
    for address, iface in lan_addresses():
        if address.startswith("127."):
            continue
        if address.startswith("169.254."):
            label = f"{address}  ({iface}, no DHCP: students may not reach it)"
        else:
            label = f"{address}  ({iface})"
        choices.append((address, label))
    choices.append((LOOPBACK, f"{LOOPBACK}  (this computer only: for a trial run)"))
    return choices


class SetupForm(QDialog):
    """Validates, then emits `submitted` and stays open (showing that the room is opening)
    until the caller closes it with `accept()` or reports a problem with `set_failed`."""

    submitted = Signal(object)  # SetupResult

    def __init__(self, parent: QWidget | None = None, defaults: dict[str, Any] | None = None):
        super().__init__(parent)
        defaults = defaults or {}
        self.setWindowTitle("Proctor: set up the exam room")
        self.resize(820, 900)
        self.errors: dict[str, str] = {}
        self._error_labels: dict[str, QLabel] = {}

        title = QLabel("Set up the exam room")
        title.setObjectName("title")
        subtitle = QLabel(
            "Students join with the address and room ID shown once the room is open. The exam "
            "starts only when you press Start exam."
        )
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)

        self.name_edit = QLineEdit(defaults.get("name", ""))
        self.name_edit.setMaxLength(MAX_NAME_CHARS)
        self.name_edit.setPlaceholderText("e.g. Programming 1, final exam")
        self.duration = QSpinBox()
        self.duration.setRange(1, 24 * 60)
        self.duration.setValue(int(defaults.get("duration_min", 90)))
        self.duration.setSuffix(" minutes")
        flatten(self.duration, 200)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(f"At least {MIN_ADMIN_KEY_CHARS} characters")
        self.key_again = QLineEdit()
        self.key_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_again.setPlaceholderText("The same key again")

        self.address_box = QComboBox()
        self.choices = address_choices()
        for address, label in self.choices:
            self.address_box.addItem(label, address)
        self.no_network = QLabel(
            "No network connection was found, so students on other computers cannot join. "
            "Connect this computer to the exam hall's network, or run the room on this "
            "computer only."
        )
        self.no_network.setObjectName("fieldError")
        self.no_network.setWordWrap(True)
        self.no_network.setVisible(len(self.choices) == 1)

        self.port_spin = QSpinBox()
        self.port_spin.setRange(1024, 65535)
        self.port_spin.setValue(int(defaults.get("port", DEFAULT_PORT)))
        flatten(self.port_spin, 120)
        self.port_status = QLabel()
        self.port_status.setWordWrap(True)
        self.use_free_port = QPushButton()
        self.use_free_port.hide()
        self.use_free_port.clicked.connect(self._take_free_port)
        self._free_port: int | None = None
        port_row = QHBoxLayout()
        port_row.addWidget(self.port_spin)
        port_row.addWidget(self.port_status, 1)
        port_row.addWidget(self.use_free_port)

        self.paper_edit = QLineEdit(str(defaults.get("paper") or ""))
        self.paper_edit.setPlaceholderText("Empty: the sample paper")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse_paper)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper_edit, 1)
        paper_row.addWidget(browse)

        self.camera_check = QCheckBox("Check with each student's camera that someone is there")
        self.paste_box = QComboBox()
        for value, label in PASTE_CHOICES:
            self.paste_box.addItem(label, value)
        self.blacklist = BlacklistEditor()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add(form, "name", "Session name", self.name_edit)
        self._add(form, "duration", "Duration", self.duration)
        self._add(form, "key", "Admin key", self.key_edit)
        self._add(form, "key_again", "Admin key again", self.key_again)
        self._add(form, "address", "Network address", self.address_box)
        form.addRow("", self.no_network)
        self._add(form, "port", "Port", port_row)
        self._add(form, "paper", "Exam paper folder", paper_row)
        form.addRow("Camera", self.camera_check)
        form.addRow("Pasting", self.paste_box)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(title)
        body_layout.addWidget(subtitle)
        body_layout.addSpacing(8)
        body_layout.addLayout(form)
        body_layout.addWidget(self.blacklist)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.summary = QLabel()
        self.summary.setObjectName("formError")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.open_button = QPushButton("Open the room")
        self.open_button.setObjectName("primary")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.try_accept)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        self._port_timer = QTimer(self)
        self._port_timer.setSingleShot(True)
        self._port_timer.setInterval(250)
        self._port_timer.timeout.connect(self.check_port)
        self.port_spin.valueChanged.connect(self._port_timer.start)
        self.address_box.currentIndexChanged.connect(self._port_timer.start)
        self.check_port()
        self.name_edit.setFocus()

    def _add(self, form: QFormLayout, key: str, label: str, field_: Any) -> None:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        self._error_labels[key] = error
        column = QVBoxLayout()
        column.setSpacing(2)
        if isinstance(field_, QWidget):
            column.addWidget(field_)
        else:
            column.addLayout(field_)
        column.addWidget(error)
        form.addRow(label, column)

    # -- port -------------------------------------------------------------------------------

    def chosen_bind(self) -> str:
        return bind_for(str(self.address_box.currentData() or LOOPBACK))

    def check_port(self) -> bool:
        port = self.port_spin.value()
        bind = self.chosen_bind()
        if port_is_free(port, bind):
            self.port_status.setText("Free")
            self.port_status.setObjectName("fieldHint")
            self.use_free_port.hide()
            self._free_port = None
            ok = True
        else:
            self._free_port = next_free_port(port + 1, bind)
            self.port_status.setText(f"Port {port} is in use by another program.")
            self.port_status.setObjectName("fieldError")
            if self._free_port is not None:
                self.use_free_port.setText(f"Use {self._free_port}")
                self.use_free_port.show()
            ok = False
        self.port_status.style().unpolish(self.port_status)
        self.port_status.style().polish(self.port_status)
        return ok

    def _take_free_port(self) -> None:
        if self._free_port is not None:
            self.port_spin.setValue(self._free_port)
            self.check_port()

    # -- paper ------------------------------------------------------------------------------

    def _browse_paper(self) -> None:
        dialog = QFileDialog(self, "Choose the exam paper folder")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.paper_edit.setText)
        dialog.open()

    # -- validation -------------------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        name = self.name_edit.text().strip()
        if not name:
            errors["name"] = "Give the session a name; students see it when they join."
        elif any(not ch.isprintable() for ch in name):
            errors["name"] = "The name cannot contain control characters."
        key = self.key_edit.text()
        if len(key) < MIN_ADMIN_KEY_CHARS:
            errors["key"] = (
                f"The admin key needs at least {MIN_ADMIN_KEY_CHARS} characters. You need it "
                "to end the session, and to open this dashboard again."
            )
        elif key != self.key_again.text():
            errors["key_again"] = "The two admin keys are not the same."
        if not self.check_port():
            free = f" Port {self._free_port} is free." if self._free_port else ""
            errors["port"] = f"Port {self.port_spin.value()} is in use.{free}"
        paper = self.paper_edit.text().strip()
        if paper:
            folder = Path(paper).expanduser()
            if not folder.is_dir():
                errors["paper"] = "This folder does not exist."
            elif not (folder / "instructions.md").is_file() and not any(folder.iterdir()):
                errors["paper"] = "This folder is empty: it needs instructions.md or files."
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors = errors
        for key, label in self._error_labels.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        if errors:
            n = len(errors)
            self.summary.setText(
                "Please correct the field marked below." if n == 1
                else f"Please correct the {n} fields marked below."
            )  # fmt: skip
        self.summary.setVisible(bool(errors))

    def try_accept(self) -> None:
        if self.busy:
            return
        errors = self.validate()
        self.show_errors(errors)
        if not errors:
            self.set_busy(True)
            self.submitted.emit(self.result_values())

    @property
    def busy(self) -> bool:
        return not self.open_button.isEnabled()

    def set_busy(self, busy: bool) -> None:
        self.open_button.setEnabled(not busy)
        self.open_button.setText("Opening the room…" if busy else "Open the room")

    def set_failed(self, message: str) -> None:
        self.set_busy(False)
        self.summary.setText(message)
        self.summary.show()

    def result_values(self) -> SetupResult:
        paper = self.paper_edit.text().strip()
        return SetupResult(
            name=self.name_edit.text().strip(),
            duration_min=self.duration.value(),
            admin_key=self.key_edit.text(),
            address=str(self.address_box.currentData() or LOOPBACK),
            port=self.port_spin.value(),
            paper=Path(paper).expanduser().resolve() if paper else None,
            camera="report" if self.camera_check.isChecked() else "off",
            paste=str(self.paste_box.currentData()),
            blacklist=self.blacklist.rules(),
        )
