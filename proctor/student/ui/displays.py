"""Qt side of the second-screen check: `QGuiApplication.screens()` and its added/removed signals
feed `proctor.shield.displays.DisplayRules`.

A reconfiguration often comes as several signals in a row (X11 replaces a monitor by adding the
new one before removing the old), so the list is read once things have settled for `settle_ms`.
`emit(kind, detail)` and `on_notice(key, text)` are called on the GUI thread; the student is told
"A second screen is connected. Disconnect it, or tell the proctor." until one screen is left.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QScreen

from proctor.common.timeutil import now_ms
from proctor.shield.displays import SECOND_SCREEN_MESSAGE, DisplayRules, ScreenInfo
from proctor.shield.reporting import Emit

Notice = Callable[[str, str], None]

NOTICE_KEY = "screens"
SETTLE_MS = 1000


def screen_info(screen: QScreen) -> ScreenInfo:
    geometry = screen.geometry()
    return ScreenInfo(
        name=screen.name(),
        manufacturer=screen.manufacturer(),
        model=screen.model(),
        x=geometry.x(),
        y=geometry.y(),
        width=geometry.width(),
        height=geometry.height(),
    )


class DisplayWatch(QObject):
    def __init__(
        self,
        emit: Emit,
        on_notice: Notice | None = None,
        settle_ms: int = SETTLE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._emit = emit
        self._on_notice = on_notice
        self.rules = DisplayRules()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self.evaluate)
        self._active = False

    def start(self) -> None:
        """Read the screens now and follow every change until `stop()`."""
        if self._active:
            return
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        self._active = True
        app.screenAdded.connect(self._changed)
        app.screenRemoved.connect(self._changed)
        self.evaluate()

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.disconnect(self._changed)
            app.screenRemoved.disconnect(self._changed)

    def _changed(self, _screen: QScreen) -> None:
        self._timer.start()  # (re)start: read the list once the changes have settled

    def evaluate(self) -> None:
        if not self._active:
            return
        screens = [screen_info(s) for s in QGuiApplication.screens()]
        for kind, detail in self.rules.observe(screens, now_ms()):
            self._emit(kind, detail)
            if self._on_notice is not None:
                self._on_notice(NOTICE_KEY, SECOND_SCREEN_MESSAGE if self.rules.open else "")
