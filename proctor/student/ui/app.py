"""`proctor student`: the student app.

    proctor student [--host ADDR[:PORT] --room CODE --name NAME --reg-no REG]
                    [--data-dir DIR] [--camera-source PATH|INDEX] [--face-model FILE] [--windowed]

With all four of host, room (the join code, or the room ID of a plain-HTTP room), name and
registration number it joins at once; with some, it fills them in. With none and a saved seat
on this computer, it resumes that student with the work restored.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from proctor.common.beacon import BEACON_PORT
from proctor.common.paths import default_student_data_dir
from proctor.common.protocol import MAX_FONT_SCALE, MIN_FONT_SCALE
from proctor.student.ui.controller import Prefill, StudentController
from proctor.ui import style
from proctor.ui.bridge import AsyncBridge
from proctor.ui.interrupt import on_interrupt
from proctor.ui.style import ensure_application

log = logging.getLogger(__name__)
SHUTDOWN_WAIT_S = 16.0


def _font_scale(text: str) -> int:
    try:
        percent = int(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not MIN_FONT_SCALE <= percent <= MAX_FONT_SCALE:
        raise argparse.ArgumentTypeError(f"{percent} is not between 100 and 200")
    return percent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="proctor student", description="Sit an exam hosted on the proctor's computer."
    )
    parser.add_argument("--host", default="", help="the proctor's address, IP or IP:PORT")
    parser.add_argument(
        "--room", default="", help="the join code (or room ID) shown on the proctor's screen"
    )
    parser.add_argument("--name", default="", help="your full name")
    parser.add_argument("--reg-no", default="", help="your registration number")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where your work and seat are kept (default: the platform's data folder)",
    )
    parser.add_argument(
        "--camera-source",
        default=None,
        help="camera index (default 0), or a picture, a folder of pictures or a video file",
    )
    parser.add_argument(
        "--face-model",
        default=os.environ.get("PROCTOR_FACE_MODEL"),
        help="YuNet face model file (.onnx) for a more accurate camera check",
    )
    parser.add_argument(
        "--windowed", action="store_true", help="do not switch to full screen during the exam"
    )
    parser.add_argument(
        "--plain-editor",
        action="store_true",
        help="start in the plain-text code editor (for screen readers; the exam can switch)",
    )
    parser.add_argument(
        "--high-contrast",
        action="store_true",
        help="white and yellow on black with thick focus frames (the exam can switch)",
    )
    parser.add_argument(
        "--font-scale",
        type=_font_scale,
        default=100,
        metavar="PERCENT",
        help="make every text larger, 100 to 200 (percent; default 100)",
    )
    return parser


class StudentApp:
    """The controller plus the bridge it runs on; `close()` shuts both down."""

    def __init__(
        self,
        data_dir: Path | None = None,
        camera_source: str | None = None,
        full_screen: bool = True,
        face_model: str | None = None,
        beacon_port: int = BEACON_PORT,
        mdns: bool = True,
        plain_editor: bool = False,
        high_contrast: bool = False,
        font_scale: int = 100,
    ) -> None:
        style.set_font_scale(font_scale)  # before the windows: their editors follow it
        self.bridge = AsyncBridge()
        self.controller = StudentController(
            self.bridge,
            data_dir or default_student_data_dir(),
            camera_source=camera_source,
            face_model=face_model,
            full_screen=full_screen,
            beacon_port=beacon_port,
            mdns=mdns,
        )
        self.window = self.controller.window
        self.window.exam_page.set_plain_editor(plain_editor)
        if high_contrast:
            self.window.exam_page.set_high_contrast(True)

    def start(self, prefill: Prefill | None = None) -> None:
        self.window.place()
        self.window.show()
        self.controller.begin(prefill)

    def close(self, timeout_s: float = SHUTDOWN_WAIT_S) -> None:
        """Close the session and stop the bridge. The closing runs on the loop; Qt keeps
        handling events meanwhile (a window still up keeps painting), for `timeout_s` at most."""
        done = self.controller.shutdown()
        if not done.done():
            waiting = QEventLoop()
            done.add_done_callback(lambda _f: self.bridge.to_gui(waiting.quit))
            QTimer.singleShot(round(timeout_s * 1000), waiting.quit)
            if not done.done():
                waiting.exec()
        self.bridge.stop()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv or [])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    app = ensure_application()
    app.setQuitOnLastWindowClosed(True)
    student = StudentApp(
        args.data_dir,
        args.camera_source,
        full_screen=not args.windowed,
        face_model=args.face_model,
        plain_editor=args.plain_editor,
        high_contrast=args.high_contrast,
        font_scale=args.font_scale,
    )
    student.start(Prefill(args.host, args.room, args.name, args.reg_no))
    # Ctrl+C asks to close, like the window's close button: refused while the exam runs.
    interrupt_watch = on_interrupt(student.window.close)
    try:
        return QApplication.exec()
    finally:
        interrupt_watch.stop()
        student.close()
