"""The "Network check…" dialog: can students' laptops reach this room, and what to do if not.

It asks the service to run `netcheck.check_network` (on the asyncio loop, never the GUI
thread) and shows the report in plain language: the interface and address students use,
whether the port answers from this computer and from another network namespace (Linux, as
root; elsewhere it says why it could not), what the check found, and the fixes (Windows
network profile and firewall rule, macOS and Linux firewalls, client isolation, hotspots,
VLANs). Opened with `open()`; the window stays live underneath.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from proctor.common.netcheck import NetworkReport
from proctor.common.netprobe import PortProbe
from proctor.common.tls import format_fingerprint
from proctor.host.dashboard.ui.labels import NETWORK_CHECK, NETWORK_LEVELS
from proctor.ui import geometry

log = logging.getLogger(__name__)

DIALOG_COLUMNS, DIALOG_LINES = 100, 36  # in text units, cut to the screen
LEVEL_COLOURS = {"ok": "#1b7f3b", "warning": "#a05a00", "problem": "#b3261e"}


def probe_text(probe: PortProbe) -> str:
    if probe.stage == "skipped":
        return NETWORK_CHECK["probe_skipped"].format(message=probe.message)
    if probe.ok:
        return NETWORK_CHECK["probe_ok"].format(ms=probe.elapsed_ms)
    return NETWORK_CHECK["probe_failed"].format(message=probe.message)


def report_html(report: NetworkReport) -> str:
    """The report as the dialog shows it (plain HTML, every text escaped)."""
    t = NETWORK_CHECK
    e = html.escape
    parts: list[str] = []
    if report.address:
        parts.append(
            "<p><b>"
            + e(
                t["students_use"].format(
                    address=report.address, interface=report.interface, port=report.port
                )
            )
            + "</b></p>"
        )
    else:
        parts.append(f"<p><b>{e(t['no_address'])}</b></p>")
    if report.fingerprint:
        groups = format_fingerprint(report.fingerprint).replace("\n", " ")
        parts.append(f"<p>{e(t['encrypted'].format(fingerprint=groups))}</p>")
    else:
        parts.append(f"<p>{e(t['plain'])}</p>")
    parts.append("<ul>")
    for label, probe in ((t["here"], report.here), (t["outside"], report.outside)):
        parts.append(f"<li><b>{e(label)}</b>: {e(probe_text(probe))}</li>")
    parts.append("</ul>")
    parts.append(f"<h3>{e(t['findings'])}</h3><ul>")
    for finding in report.findings:
        colour = LEVEL_COLOURS[finding.level]
        level = NETWORK_LEVELS[finding.level]
        parts.append(
            f'<li><span style="color:{colour}; font-weight:700">{e(level)}</span>: '
            f"{e(finding.message)}</li>"
        )
    parts.append("</ul>")
    parts.append(f"<h3>{e(t['fixes'])}</h3>")
    for fix in report.fixes:
        steps = "".join(f"<li>{e(step)}</li>" for step in fix.steps)
        parts.append(f"<p><b>{e(fix.title)}</b></p><ol>{steps}</ol>")
    parts.append(f"<h3>{e(t['blind'])}</h3><p>{e(report.blind_spots)}</p>")
    return "".join(parts)


class NetworkCheckDialog(QDialog):
    """Runs the check through `service.check_network` and shows the report."""

    def __init__(self, service: Any, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.address = address  # the address the dashboard tells students to use
        self.report: NetworkReport | None = None
        self.setWindowTitle(NETWORK_CHECK["title"])
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.heading = QLabel(NETWORK_CHECK["title"])
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 700; color: #14213d;")
        self.status = QLabel(NETWORK_CHECK["running"])
        self.status.setWordWrap(True)
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setAccessibleName(NETWORK_CHECK["title"])
        self.again_button = QPushButton(NETWORK_CHECK["again"])
        self.again_button.clicked.connect(self.run)
        self.close_button = QPushButton(NETWORK_CHECK["close"])
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)

    def place(self) -> None:
        geometry.place(self, DIALOG_COLUMNS, DIALOG_LINES)

    def run(self) -> None:
        """Start a check (the answer comes back on the GUI thread)."""
        self.again_button.setEnabled(False)
        self.status.setText(NETWORK_CHECK["running"])
        self.service.check_network(self.address, self._show, self._failed)

    def _show(self, report: NetworkReport) -> None:
        self.report = report
        self.again_button.setEnabled(True)
        worst = next(
            (f for level in ("problem", "warning") for f in report.findings if f.level == level),
            None,
        )
        self.status.setText(worst.message if worst is not None else report.findings[-1].message)
        self.body.setHtml(report_html(report))

    def _failed(self, error: BaseException) -> None:
        log.warning("the network check failed: %s", error)
        self.again_button.setEnabled(True)
        self.status.setText(NETWORK_CHECK["failed"].format(error=error))

    def plain_text(self) -> str:
        """What the dialog says, as text (for reading aloud, and tests)."""
        return f"{self.status.text()}\n{self.body.toPlainText()}"
