"""A student app's display watch in its own process, for screens a test sets up (a Qt offscreen
configuration of several screens, or a real X server whose monitors change).

Prints one JSON line per message: {"event": "ready", "screens": n} once watching, then
{"event": "incident", "kind", "detail"} and {"event": "notice", "key", "text"}. Exits when
stdin closes.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QSocketNotifier
from PySide6.QtGui import QGuiApplication

from proctor.student.ui.displays import DisplayWatch


def say(**message: Any) -> None:
    print(json.dumps(message), flush=True)


def main() -> int:
    app = QGuiApplication([sys.argv[0]])
    settle_ms = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    watch = DisplayWatch(
        lambda kind, detail: say(event="incident", kind=kind, detail=detail),
        lambda key, text: say(event="notice", key=key, text=text),
        settle_ms=settle_ms,
    )
    say(event="ready", screens=len(QGuiApplication.screens()))
    watch.start()
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_input() -> None:
        if not sys.stdin.readline():
            watch.stop()
            app.quit()

    notifier.activated.connect(on_input)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
