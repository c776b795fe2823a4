"""The roster in the dashboard: the dialog that imports a class list (a CSV file read off the
GUI thread) with what an unknown reg_no gets and whether students get PINs, and the export of
the PIN slips as a PDF (`reports/ui/slips.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from proctor.common.hall import MAX_ROSTER_BYTES, RosterResponse
from proctor.host.dashboard import hall_client
from proctor.host.dashboard.ui.labels_hall import HALL
from proctor.host.reports.ui.slips import Slip, SlipSheet, write_slips_pdf

if TYPE_CHECKING:
    from proctor.host.dashboard.ui.hall_desk import HallDesk


def read_class_list(path: Path) -> str:
    """The text of a class list file (blocking: run it off the GUI thread)."""
    raw = path.read_bytes()[: MAX_ROSTER_BYTES + 1]
    if len(raw) > MAX_ROSTER_BYTES:
        raise ValueError(f"the file is larger than {MAX_ROSTER_BYTES // 1024} KiB")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("the file is not text")


class RosterDialog(QDialog):
    def __init__(self, roster: RosterResponse | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(HALL["roster_title"])
        self.csv_text = ""
        help_label = QLabel(HALL["roster_help"])
        help_label.setWordWrap(True)
        self.pick_button = QPushButton(HALL["roster_pick"])
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        unknown = QLabel(HALL["roster_unknown"])
        self.refuse = QRadioButton(HALL["roster_refuse"])
        self.flag = QRadioButton(HALL["roster_flag"])
        flag = roster is not None and roster.entries and roster.unknown == "flag"
        (self.flag if flag else self.refuse).setChecked(True)
        self.pins = QCheckBox(HALL["roster_pins"])
        self.pins.setChecked(bool(roster is not None and roster.pins))
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            HALL["roster_import"], QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        buttons.addButton(HALL["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        for widget in (help_label, self.pick_button, self.file_label, unknown, self.refuse,
                       self.flag, self.pins, self.error):  # fmt: skip
            column.addWidget(widget)
        column.addWidget(buttons)
        self.setMinimumWidth(560)

    def set_text(self, path: Path, text: str) -> None:
        self.csv_text = text
        lines = sum(1 for line in text.splitlines() if line.strip())
        self.file_label.setText(f"{path.name} — {lines} lines")
        self.import_button.setEnabled(bool(text.strip()))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def unknown_rule(self) -> str:
        return "flag" if self.flag.isChecked() else "refuse"


class RosterActions:
    """What the Roster tab's buttons do."""

    def __init__(self, desk: HallDesk) -> None:
        self.desk = desk
        self.dialog: RosterDialog | None = None
        desk.panel.roster.rosterRequested.connect(self.open_dialog)
        desk.panel.roster.slipsRequested.connect(self.export_slips)

    def open_dialog(self) -> None:
        dialog = self.dialog = RosterDialog(self.desk.roster, self.desk.window)
        dialog.pick_button.clicked.connect(self.pick_file)
        dialog.accepted.connect(self.import_list)
        dialog.open()

    def pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.dialog, HALL["roster_pick"], "", "CSV (*.csv *.txt);;All files (*)"
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self.desk.service.run_task(
            read_class_list,
            path,
            on_done=lambda text: dialog.set_text(path, text),
            on_error=lambda e: dialog.show_error(HALL["roster_read_failed"].format(reason=e)),
        )

    def import_list(self) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        text, rule, pins = dialog.csv_text, dialog.unknown_rule(), dialog.pins.isChecked()
        self.desk.service.run(
            lambda c: hall_client.import_roster(c, text, rule, pins),
            self.desk.set_roster,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        reason = getattr(error, "message", str(error))
        self.desk.window.statusBar().showMessage(
            HALL["roster_failed"].format(reason=reason), 15_000
        )
        if self.dialog is not None:
            self.dialog.show_error(HALL["roster_failed"].format(reason=reason))
            self.dialog.open()

    def export_slips(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.desk.window, HALL["slips_title"], "pin-slips.pdf", "PDF (*.pdf)"
        )
        if path:
            self.write_slips(Path(path))

    def slip_sheet(self) -> SlipSheet | None:
        roster = self.desk.roster
        if roster is None or not roster.pins:
            return None
        window = self.desk.window
        info = self.desk.service.info
        address = window.addresses[0] if window.addresses else "127.0.0.1"
        name = window.room.name if window.room is not None else ""
        labels = {k: HALL[f"slip_{k}"] for k in ("name", "reg_no", "seat", "pin")}
        join_line = HALL["slip_join"].format(room=info.room_id, address=f"{address}:{info.port}")
        slips = [Slip(e.name, e.reg_no, e.seat, e.pin or "") for e in roster.entries]
        return SlipSheet(HALL["slip_heading"].format(exam=name), join_line, labels, slips)

    def write_slips(self, path: Path) -> None:
        sheet = self.slip_sheet()
        if sheet is None:
            return
        window = self.desk.window
        self.desk.service.run_task(
            write_slips_pdf,
            sheet,
            path,
            on_done=lambda _pages: window.statusBar().showMessage(
                HALL["slips_saved"].format(path=path), 15_000
            ),
            on_error=self._failed,
        )
