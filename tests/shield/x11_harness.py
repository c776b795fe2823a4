"""A real exam-like window (or a plain distractor window) for the focus tests under X11.

Run as `python focus_harness.py exam|other`. Prints one JSON line per event on stdout:
{"event": "ready", "window": X11 window id}, then, for `exam`, every incident the FocusWatch
emits with the time it was emitted. Exits when stdin closes.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QLabel


def say(**message: object) -> None:
    print(json.dumps(message), flush=True)


def main() -> int:
    role = sys.argv[1]
    app = QApplication([sys.argv[0]])
    window = QLabel(f"{role} window")
    window.setWindowTitle(f"focus-harness-{role}")
    window.resize(320, 200)
    window.move(0 if role == "exam" else 400, 0)
    window.show()
    if role == "exam":
        from proctor.student.ui.integrity import FocusWatch

        def emit(kind: str, detail: dict) -> None:
            say(event="incident", kind=kind, detail=detail, t=time.time())

        window._watch = FocusWatch(window, emit)  # type: ignore[attr-defined]

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_stdin() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
        elif line.strip() == "state":
            say(event="state", active=app.applicationState().name)

    notifier.activated.connect(on_stdin)
    app.processEvents()
    say(event="ready", window=int(window.winId()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
