"""Ctrl+C in the terminal a window was started from, handled on the Qt event loop."""

from __future__ import annotations

import signal
from collections.abc import Callable

from PySide6.QtCore import QTimer

WAKE_MS = 250


def on_interrupt(handler: Callable[[], object]) -> QTimer:
    """Run `handler` on the event loop when SIGINT arrives. Python only notices a signal when
    it runs, so a timer wakes it up; keep the returned timer alive."""
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, handler))
    wake = QTimer(interval=WAKE_MS)
    wake.timeout.connect(lambda: None)
    wake.start()
    return wake
