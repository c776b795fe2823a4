"""Real windows of a separate application for the X11 tests (run under Xvfb with xcb).

`python x11_app.py exam`   a window watched by FocusWatch
`python x11_app.py other`  a plain window of another application
`python x11_app.py editor POLICY`  a ScintillaEdit guarded by PasteGuard(POLICY)
`python x11_app.py fields POLICY`  an exam-like window (editor, program input, output), one
                                  PasteGuard(POLICY) over the whole window

Prints one JSON line per message on stdout: first {"event": "ready", "window": X11 id}, then
{"event": "incident", "kind", "detail", "t"} for every report. Reads commands on stdin:
`text` answers {"event": "text", "text": editor text}; `copy` copies the editor's first word;
for `fields`: `focus editor|stdin`, `copy stdin` (all of the input box) and `texts`
({"event": "texts", "editor", "stdin"}). Exits when stdin closes.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QSocketNotifier, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


def say(**message: object) -> None:
    print(json.dumps(message), flush=True)


def emit(kind: str, detail: dict[str, Any]) -> None:
    say(event="incident", kind=kind, detail=detail, t=time.time())


def main() -> int:
    role = sys.argv[1]
    app = QApplication([sys.argv[0]])
    keep: list[object] = []
    editor = stdin_box = None
    if role in ("editor", "fields"):
        from pyside6_scintilla import ScintillaEdit

        from proctor.student.ui.integrity import PasteGuard

        editor = ScintillaEdit()
        window: QWidget = editor
        if role == "fields":
            window = QWidget()
            editor.setAccessibleName("File solution.py")
            stdin_box = QPlainTextEdit()
            stdin_box.setAccessibleName("Input for the program")
            output = QPlainTextEdit()
            output.setReadOnly(True)
            column = QVBoxLayout(window)
            for widget in (editor, stdin_box, output):
                column.addWidget(widget)
        keep.append(PasteGuard(window, sys.argv[2], emit, lambda text: say(event="message")))
    else:
        window = QLabel(f"{role} window")
    window.setWindowTitle(f"x11-harness-{role}")
    window.resize(320, 200 if role != "fields" else 400)
    window.move(0 if role != "other" else 400, 0)
    window.show()
    if role == "exam":
        from proctor.student.ui.integrity import FocusWatch

        keep.append(FocusWatch(window, emit))

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def on_stdin() -> None:
        line = sys.stdin.readline()
        command = line.strip()
        if not line:
            app.quit()
        elif command == "text" and editor is not None:
            say(event="text", text=bytes(editor.getText(editor.textLength() + 1)).decode())
        elif command == "copy" and editor is not None:
            editor.setText("mine = 1")
            editor.setSel(0, 4)
            editor.copy()
            editor.setText("")
            say(event="copied")
        elif command.startswith("focus ") and editor is not None and stdin_box is not None:
            target = editor if command == "focus editor" else stdin_box
            target.activateWindow()
            QWidget.setFocus(target, Qt.FocusReason.OtherFocusReason)
            say(event="focused")
        elif command == "copy stdin" and stdin_box is not None:
            stdin_box.selectAll()
            stdin_box.copy()
            say(event="copied")
        elif command == "texts" and editor is not None and stdin_box is not None:
            text = bytes(editor.getText(editor.textLength() + 1)).decode()
            say(event="texts", editor=text, stdin=stdin_box.toPlainText())

    notifier.activated.connect(on_stdin)
    app.processEvents()
    say(event="ready", window=int(window.winId()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
