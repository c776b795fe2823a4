"""The first window of `proctor`: "I am the proctor" / "I am a student"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proctor import __version__
from proctor.common.i18n import translator
from proctor.ui.interrupt import on_interrupt
from proctor.ui.style import ensure_application

tr = translator(__name__)

if TYPE_CHECKING:  # the roles' modules are imported only when a role is chosen
    from proctor.host.dashboard.ui.app import HostSession
    from proctor.student.ui.app import StudentApp

Opened = TypeVar("Opened", "HostSession", "StudentApp")

log = logging.getLogger(__name__)

ROLE_FAILED_TITLE = "Problem"
ROLE_FAILED = {
    "proctor": "The proctor's window could not be opened: {error}",
    "student": "The student's window could not be opened: {error}",
}


class LandingWindow(QMainWindow):
    """Two big choices. Emits `proctorChosen` or `studentChosen`."""

    proctorChosen = Signal()
    studentChosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("")  # the system shows the application name, Proctor
        self.setMinimumSize(720, 460)

        title = QLabel(tr("Proctor"))
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(tr("Offline exams on the local network. Who is using this computer?"))
        subtitle.setObjectName("subtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setWordWrap(True)

        self.proctor_button = QPushButton(tr("I am the &proctor"))
        self.proctor_button.setObjectName("roleButton")
        self.proctor_button.setToolTip(tr("Host an exam room and watch the students"))
        self.student_button = QPushButton(tr("I am a &student"))
        self.student_button.setObjectName("roleButton")
        self.student_button.setToolTip(tr("Join the exam the proctor is hosting"))
        proctor_note = QLabel(tr("Host an exam room and\nwatch it live"))
        student_note = QLabel(tr("Join an exam by the\nproctor's address and room ID"))
        for note in (proctor_note, student_note):
            note.setObjectName("fieldHint")
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)

        choices = QHBoxLayout()
        choices.setSpacing(28)
        choices.addStretch(1)
        for button, note in (
            (self.proctor_button, proctor_note),
            (self.student_button, student_note),
        ):
            column = QVBoxLayout()
            column.setSpacing(8)
            column.addWidget(button)
            column.addWidget(note)
            choices.addLayout(column)
        choices.addStretch(1)

        version = QLabel(tr("Version {version}").format(version=__version__))
        version.setObjectName("fieldHint")
        version.setAlignment(Qt.AlignmentFlag.AlignCenter)

        page = QFrame()
        page.setObjectName("page")
        column = QVBoxLayout(page)
        column.setContentsMargins(32, 32, 32, 24)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(28)
        column.addLayout(choices)
        column.addStretch(2)
        column.addWidget(version)
        self.setCentralWidget(page)

        self.proctor_button.clicked.connect(self.proctorChosen.emit)
        self.student_button.clicked.connect(self.studentChosen.emit)
        self.setTabOrder(self.proctor_button, self.student_button)
        self.student_button.setFocus(Qt.FocusReason.OtherFocusReason)


def _open_proctor() -> HostSession:
    """Open the proctor's setup (the host dashboard is imported only when chosen)."""
    from proctor.host.dashboard.ui.app import open_setup

    return open_setup()


def _open_student(data_dir: Path | None) -> StudentApp:
    from proctor.student.ui.app import StudentApp

    student = StudentApp(data_dir)
    student.start()
    return student


class Landing:
    """The landing window and whichever role window it hands over to.

    The landing closes once the role's first window is up (the proctor's setup form is built
    after this computer's addresses are read, off the GUI thread), so a window is always up.
    Cancel in the proctor's setup comes back here."""

    def __init__(self, student_data_dir: Path | None = None) -> None:
        self.window = LandingWindow()
        self.opened: HostSession | StudentApp | None = None
        self.window.proctorChosen.connect(self._choose_proctor)
        self.window.studentChosen.connect(lambda: self._choose_student(student_data_dir))

    def _choose_proctor(self) -> None:
        session = self._open("proctor", _open_proctor)
        if session is None:
            return
        self.window.setEnabled(False)  # one choice at a time, until the role's window is up
        session.shown.connect(self.window.close)
        session.backRequested.connect(self._back)
        session.finished.connect(lambda _code: self.window.setEnabled(True))

    def _choose_student(self, data_dir: Path | None) -> None:
        if self._open("student", lambda: _open_student(data_dir)) is not None:
            self.window.close()

    def _open(self, role: str, opener: Callable[[], Opened]) -> Opened | None:
        try:
            opened = opener()
        except Exception as exc:
            log.exception("opening the %s window failed", role)
            QMessageBox.critical(
                self.window, ROLE_FAILED_TITLE, ROLE_FAILED[role].format(error=exc)
            )
            return None
        self.opened = opened
        return opened

    def _back(self) -> None:
        """The proctor cancelled the setup: the role choice again."""
        self.opened = None
        self.window.setEnabled(True)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def close(self) -> None:
        closer = getattr(self.opened, "close", None)
        if callable(closer):
            closer()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    app = ensure_application()
    landing = Landing()
    landing.window.resize(820, 520)
    landing.window.show()
    # Ctrl+C asks every window to close, as its close button would: an exam refuses.
    interrupt_watch = on_interrupt(app.closeAllWindows)
    try:
        return app.exec()
    finally:
        interrupt_watch.stop()
        landing.close()
