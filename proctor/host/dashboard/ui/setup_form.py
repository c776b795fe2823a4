"""Setting up a room: name, duration, admin key, network address and port, paper, checks.

Every field is checked as it is typed; its error shows once the field has been left (or Open
was pressed) and goes away the moment the field is right. Whatever needs this computer (its
addresses, the default blacklist, whether a port is free, whether the paper folder exists)
is asked of a `SetupProbe`, off the GUI thread; the paper is loaded as the host will load it,
and a paper.toml the host would refuse is listed problem by problem ("Edit paper…" opens the
paper editor on it; each save checks it again, and so does Open). The last setup is offered
again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from proctor.common.protocol import MAX_NAME_CHARS, has_control_chars
from proctor.host.dashboard.prefs import RememberedSetup
from proctor.host.dashboard.setup_checks import (
    LOOPBACK,
    PaperCheck,
    PaperProblem,
    PortCheck,
    SetupEnvironment,
    SetupResult,
    bind_for,
)
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.blacklist_editor import BlacklistEditor
from proctor.host.dashboard.ui.dialogs import flatten
from proctor.host.dashboard.ui.setup_paper import (
    SetupPaperEditing,
    editable_folder,
    paper_details,
    paper_refusal,
)
from proctor.host.dashboard.ui.setup_probe import SetupProbe
from proctor.host.server.options import DEFAULT_PORT, MIN_ADMIN_KEY_CHARS
from proctor.ui import geometry
from proctor.ui.style import set_level
from proctor.ui.tasks import BridgeTasks
from proctor.ui.wrapped_label import WrappedLabel

CHECK_DELAY_MS = 250
FORM_COLUMNS, FORM_LINES = 100, 46  # its size in text units, cut to the screen
FIELDS = ("name", "duration", "key", "key_again", "address", "port", "paper")


def address_choices(addresses: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(address, label) for the network choice, the most likely first, loopback last."""
    choices: list[tuple[str, str]] = []
    for address, iface in addresses:
        if address.startswith("127."):
            continue
        if address.startswith("169.254."):
            choices.append((address, labels.SETUP["address_link_local"].format(address, iface)))
        else:
            choices.append((address, f"{address}  ({iface})"))
    choices.append((LOOPBACK, labels.SETUP["address_loopback"].format(LOOPBACK)))
    return choices


class SetupForm(QDialog):
    """Validates, then emits `submitted` and stays open (showing that the room is opening)
    until the caller closes it with `accept()` or reports a problem with `set_failed`.
    Cancel (or Esc) emits `cancelled`; the caller decides where to go back to."""

    submitted = Signal(object)  # SetupResult
    cancelled = Signal()

    def __init__(
        self,
        probe: SetupProbe,
        environment: SetupEnvironment,
        parent: QWidget | None = None,
        defaults: dict[str, Any] | None = None,
        remembered: RememberedSetup | None = None,
    ) -> None:
        super().__init__(parent)
        self.probe = probe
        self.setWindowTitle(labels.SETUP["window_title"])
        self.errors: dict[str, str] = {}
        self.touched: set[str] = set()
        self._error_labels: dict[str, QLabel] = {}
        self._port: PortCheck | None = None
        self._paper = PaperCheck("", PaperProblem.NONE)
        self._paper_checked_to_open = False  # the paper was checked again on Open
        self._accept_when_checked = False
        self.choices: list[tuple[str, str]] = []

        title = QLabel(labels.SETUP["title"])
        title.setObjectName("title")
        subtitle = QLabel(labels.SETUP["subtitle"])
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("formError")
        self.summary.setWordWrap(True)
        self.summary.hide()

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME_CHARS)
        self.name_edit.setPlaceholderText(labels.SETUP["name_placeholder"])
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)  # 0 is shown refused, not turned back into 90
        self.duration.setSuffix(labels.SETUP["minutes_suffix"])
        flatten(self.duration, 200)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(
            labels.SETUP["key_placeholder"].format(MIN_ADMIN_KEY_CHARS)
        )
        self.key_again = QLineEdit()
        self.key_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_again.setPlaceholderText(labels.SETUP["key_again_placeholder"])

        self.address_box = QComboBox()
        self.no_network = QLabel(labels.SETUP["no_network"])
        self.no_network.setObjectName("fieldError")
        self.no_network.setWordWrap(True)
        self.no_network.hide()

        self.port_spin = QSpinBox()
        self.port_spin.setRange(1024, 65535)
        flatten(self.port_spin, 120)
        self.port_status = QLabel()
        self.port_status.setWordWrap(True)
        self.use_free_port = QPushButton()
        self.use_free_port.hide()
        self.use_free_port.clicked.connect(self._take_free_port)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port_spin)
        port_row.addWidget(self.port_status, 1)
        port_row.addWidget(self.use_free_port)

        self.paper_edit = QLineEdit()
        self.paper_edit.setPlaceholderText(labels.SETUP["paper_placeholder"])
        browse = QPushButton(labels.SETUP["browse"])
        browse.clicked.connect(self._browse_paper)
        self.edit_paper_button = QPushButton(labels.SETUP["edit_paper"])
        self.edit_paper_button.setToolTip(labels.SETUP["edit_paper_tip"])
        self.edit_paper_button.clicked.connect(self.edit_paper)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper_edit, 1)
        paper_row.addWidget(browse)
        paper_row.addWidget(self.edit_paper_button)
        self.paper_details = WrappedLabel()  # what the paper holds (problems: the field's error)
        self.paper_details.setObjectName("fieldHint")
        self.paper_details.setAccessibleName(labels.SETUP["paper_details_name"])
        self.paper_details.setTextInteractionFlags(
            self.paper_details.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.paper_details.hide()
        self.paper_editing = SetupPaperEditing(BridgeTasks(probe.bridge), self)
        self.paper_editing.saved.connect(self.paper_saved)

        self.camera_check = QCheckBox(labels.SETUP["camera"])
        self.paste_box = QComboBox()
        for value, label in labels.PASTE_CHOICES:
            self.paste_box.addItem(label, value)
        self.blacklist = BlacklistEditor()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add(form, "name", labels.SETUP["name_label"], self.name_edit)
        self._add(form, "duration", labels.SETUP["duration_label"], self.duration)
        self._add(form, "key", labels.SETUP["key_label"], self.key_edit)
        self._add(form, "key_again", labels.SETUP["key_again_label"], self.key_again)
        self._add(form, "address", labels.SETUP["address_label"], self.address_box)
        form.addRow("", self.no_network)
        self._add(form, "port", labels.SETUP["port_label"], port_row)
        self._add(form, "paper", labels.SETUP["paper_label"], paper_row)
        form.addRow("", self.paper_details)
        form.addRow(labels.SETUP["camera_label"], self.camera_check)
        form.addRow(labels.SETUP["paste_label"], self.paste_box)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.addLayout(form)
        body_layout.addWidget(self.blacklist)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)

        self.open_button = QPushButton(labels.SETUP["open"])
        self.open_button.setObjectName("primary")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.try_accept)
        self.cancel_button = QPushButton(labels.SETUP["cancel"])
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.summary)  # above the fields it refers to, never scrolled away
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)

        self._port_timer = _single_shot(self, self.check_port)
        self._paper_timer = _single_shot(self, self.check_paper)
        self.set_environment(environment, defaults or {}, remembered or RememberedSetup())
        self._connect_checks()
        self.check_port()
        self.check_paper()
        self.name_edit.setFocus()

    def _add(self, form: QFormLayout, key: str, label: str, field_: QWidget | QLayout) -> None:
        error = WrappedLabel()
        error.setObjectName("fieldError")
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

    def _connect_checks(self) -> None:
        for key, edit in (
            ("name", self.name_edit),
            ("key", self.key_edit),
            ("key_again", self.key_again),
            ("paper", self.paper_edit),
        ):
            edit.textChanged.connect(self.refresh_errors)
            edit.editingFinished.connect(lambda k=key: self._left(k))
        self.key_edit.editingFinished.connect(lambda: self._left("key_again", only_if_typed=True))
        self.duration.valueChanged.connect(lambda _v: self._left("duration"))
        self.port_spin.valueChanged.connect(lambda _v: self._port_changed())
        self.address_box.currentIndexChanged.connect(lambda _i: self._port_changed())
        self.paper_edit.textChanged.connect(lambda _t: self._paper_timer.start())

    # -- what this computer offers ----------------------------------------------------------

    def set_environment(
        self, env: SetupEnvironment, defaults: dict[str, Any], remembered: RememberedSetup
    ) -> None:
        """Addresses, the blacklist, and the values to start from: `defaults` (from the
        command line) over the remembered setup over the built-in ones."""
        self.choices = address_choices(env.addresses)
        self.address_box.blockSignals(True)
        self.address_box.clear()
        for address, label in self.choices:
            self.address_box.addItem(label, address)
        known = self.address_box.findData(remembered.address) if remembered.address else -1
        self.address_box.setCurrentIndex(max(0, known))
        self.address_box.blockSignals(False)
        self.no_network.setVisible(len(self.choices) == 1)
        self.blacklist.set_categories(
            env.categories, env.categories_error, remembered.categories_off
        )
        for name in remembered.extra_names:
            self.blacklist.add_name(name)
        self.name_edit.setText(str(defaults.get("name") or ""))
        duration = defaults.get("duration_min") or remembered.duration_min or 90
        self.duration.setValue(int(duration))
        port = defaults.get("port") or remembered.port or DEFAULT_PORT
        self.port_spin.setValue(int(port))
        self.paper_edit.setText(str(defaults.get("paper") or remembered.paper or ""))
        self.camera_check.setChecked(remembered.camera)
        paste = self.paste_box.findData(remembered.paste)
        self.paste_box.setCurrentIndex(max(0, paste))

    # -- port and paper, checked off the GUI thread -----------------------------------------

    def chosen_address(self) -> str:
        return str(self.address_box.currentData() or LOOPBACK)

    def chosen_bind(self) -> str:
        return bind_for(self.chosen_address())

    def _port_changed(self) -> None:
        self._port = None
        self._show_port_status()
        self._port_timer.start()

    def check_port(self) -> None:
        """Ask whether the chosen port is free; the answer updates the form when it comes."""
        self._port_timer.stop()
        self.probe.port(self.port_spin.value(), self.chosen_bind(), self._port_checked)

    def _port_checked(self, check: PortCheck) -> None:
        if (check.port, check.bind) != (self.port_spin.value(), self.chosen_bind()):
            return  # the proctor changed it meanwhile; a newer answer follows
        self._port = check
        self._show_port_status()
        self._after_check()

    def _show_port_status(self) -> None:
        check = self._port
        if check is None:
            text, level = labels.SETUP["port_checking"], "fieldHint"
        elif check.free:
            text, level = labels.SETUP["port_free"], "fieldHint"
        else:
            text, level = labels.SETUP["port_busy"].format(check.port), "fieldError"
        self.port_status.setText(text)
        self.port_status.setObjectName(level)
        set_level(self.port_status, level, name="check")
        offer = check is not None and not check.free and check.suggestion is not None
        if offer and check is not None:
            self.use_free_port.setText(labels.SETUP["use_port"].format(check.suggestion))
        self.use_free_port.setVisible(offer)
        self.refresh_errors()

    def _take_free_port(self) -> None:
        if self._port is not None and self._port.suggestion is not None:
            self.port_spin.setValue(self._port.suggestion)
            self.check_port()

    def check_paper(self) -> None:
        self._paper_timer.stop()
        self.probe.paper(self.paper_edit.text(), self._paper_checked)

    def _paper_checked(self, check: PaperCheck) -> None:
        self._paper = check
        self._show_paper_details()
        self.edit_paper_button.setEnabled(self._editable_folder() is not None)
        self._after_check()

    def _show_paper_details(self) -> None:
        self.paper_details.setText(paper_details(self._paper))
        self.paper_details.setVisible(bool(self.paper_details.text()))

    def _editable_folder(self) -> Path | None:
        return editable_folder(self.paper_edit.text(), self._paper)

    def edit_paper(self) -> None:
        """Open the paper editor on the folder typed; each save checks the paper again."""
        folder = self._editable_folder()
        if folder is not None:
            self.paper_editing.open(folder)

    def paper_saved(self, folder: object) -> None:
        """The editor wrote the paper: check it again, as the host will (problems listed)."""
        if Path(str(folder)) == self._editable_folder():
            self.touched.add("paper")
            self.check_paper()

    def _browse_paper(self) -> None:
        dialog = QFileDialog(self, labels.SETUP["browse_title"])
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.paper_edit.setText)
        dialog.fileSelected.connect(lambda _f: self._left("paper"))
        dialog.open()

    def checking(self) -> bool:
        return self.probe.pending("port") or self.probe.pending("paper") or self._port is None

    def _after_check(self) -> None:
        self.refresh_errors()
        if self._accept_when_checked and not self.checking():
            self._accept_when_checked = False
            self.try_accept()

    # -- validation -------------------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        """Every problem the form knows of now (the port and paper as last checked)."""
        errors: dict[str, str] = {}
        name = self.name_edit.text().strip()
        if not name:
            errors["name"] = labels.SETUP["name_empty"]
        elif has_control_chars(name):
            errors["name"] = labels.SETUP["name_control"]
        if self.duration.value() < 1:
            errors["duration"] = labels.SETUP["duration_zero"]
        key = self.key_edit.text()
        if len(key) < MIN_ADMIN_KEY_CHARS:
            errors["key"] = labels.SETUP["key_short"].format(MIN_ADMIN_KEY_CHARS)
        elif key != self.key_again.text():
            errors["key_again"] = labels.SETUP["key_mismatch"]
        check = self._port
        if check is not None and not check.free:
            errors["port"] = (
                labels.SETUP["port_busy_offer"].format(check.port, check.suggestion)
                if check.suggestion is not None
                else labels.SETUP["port_busy"].format(check.port)
            )
        paper = self._paper.problem
        if paper == PaperProblem.INVALID:
            errors["paper"] = paper_refusal(self._paper)
        elif paper != PaperProblem.NONE:
            errors["paper"] = labels.PAPER_PROBLEMS[paper]
        return errors

    def _left(self, key: str, only_if_typed: bool = False) -> None:
        if only_if_typed and not self.key_again.text():
            return
        self.touched.add(key)
        self.refresh_errors()

    def refresh_errors(self) -> None:
        """Show the current problems of the fields already left; hide every one fixed."""
        errors = self.validate()
        shown = {k: v for k, v in errors.items() if k in self.touched or k == "port"}
        self.errors = shown
        for key, label in self._error_labels.items():
            label.setText(shown.get(key, ""))
            label.setVisible(key in shown)
        if self.summary.isVisible() and not self.busy:
            self._show_summary(shown)

    def _show_summary(self, errors: dict[str, str]) -> None:
        n = len(errors)
        if n:
            self.summary.setText(
                labels.SETUP["summary_one"] if n == 1 else labels.SETUP["summary_many"].format(n)
            )
        self.summary.setVisible(bool(n))

    def try_accept(self) -> None:
        if self.busy:
            return
        self.touched.update(FIELDS)
        self._show_paper_details()
        if self.checking():
            self._accept_when_checked = True
            return
        self.refresh_errors()
        errors = self.validate()
        if not self._paper_checked_to_open and set(errors) <= {"paper"}:
            # The paper's files may have changed since the last look: check it once more,
            # as the host will, before the room opens (this is called again with the answer).
            self._paper_checked_to_open = True
            self._accept_when_checked = True
            self.check_paper()
            return
        self._show_summary(errors)
        if errors:
            self._paper_checked_to_open = False
            first = next(k for k in FIELDS if k in errors)
            self.scroll_area.ensureWidgetVisible(self._error_labels[first])
            return
        self._paper_checked_to_open = False
        self.set_busy(True)
        self.submitted.emit(self.result_values())

    @property
    def busy(self) -> bool:
        return not self.open_button.isEnabled()

    def set_busy(self, busy: bool) -> None:
        self.open_button.setEnabled(not busy)
        self.open_button.setText(labels.SETUP["opening"] if busy else labels.SETUP["open"])

    def set_failed(self, message: str) -> None:
        self.set_busy(False)
        self.summary.setText(message)
        self.summary.show()

    def result_values(self) -> SetupResult:
        paper = self.paper_edit.text().strip()
        camera = self.camera_check.isChecked()
        paste = str(self.paste_box.currentData())
        remembered = RememberedSetup(
            duration_min=self.duration.value(),
            address=self.chosen_address(),
            port=self.port_spin.value(),
            paper=paper,
            camera=camera,
            paste=paste,
            categories_off=self.blacklist.unticked_categories(),
            extra_names=self.blacklist.extra_names(),
        )
        return SetupResult(
            name=self.name_edit.text().strip(),
            duration_min=self.duration.value(),
            admin_key=self.key_edit.text(),
            address=self.chosen_address(),
            port=self.port_spin.value(),
            paper=Path(paper).expanduser().resolve() if paper else None,
            camera="report" if camera else "off",
            paste=paste,
            blacklist=self.blacklist.rules(),
            remembered=remembered,
        )

    # -- leaving ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel or Esc: the caller goes back (to the role choice, or out)."""
        self.cancelled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and not self.property("closing"):
            event.ignore()
            self.cancelled.emit()
            return
        super().closeEvent(event)

    def close_for_good(self) -> None:
        self.paper_editing.close()  # the room has the paper as it was checked; or none opens
        self.setProperty("closing", True)
        self.hide()
        self.deleteLater()

    def place(self, saved: str = "") -> None:
        geometry.place(self, FORM_COLUMNS, FORM_LINES, saved)


def _single_shot(parent: QWidget, slot: Callable[[], object]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(CHECK_DELAY_MS)
    timer.timeout.connect(slot)
    return timer
