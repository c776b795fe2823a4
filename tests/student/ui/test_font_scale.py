"""The font scale of 100–200 %: the style sheet's sizes and the base font scale with it, the
code editors zoom with it, a scale out of range is refused (by the function and by
`--font-scale`), and screenshots at 150 and 200 % for a person to look at
(artifacts/screenshots/scale<percent>_<size>_*.png; under xvfb-run (xcb) the whole screen)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from proctor.student.ui.app import StudentApp, build_parser
from proctor.ui import style
from tests.helpers.screenshots import save_screenshot
from tests.helpers.student_ui import close_student, free_udp_port, join_and_start

pytestmark = pytest.mark.gui


def save(widget: QWidget, name: str) -> None:
    percent, what = name.split("_", 1)
    save_screenshot(widget, f"{percent}_{{size}}_{what}")


def test_the_sheet_sizes_scale() -> None:
    sheet = "QLabel#title { font-size: 22pt; padding: 4px; } QLabel { font-size: 11.5pt; }"
    assert style.scaled_sheet(sheet, 150) == (
        "QLabel#title { font-size: 33pt; padding: 4px; } QLabel { font-size: 17.25pt; }"
    )
    assert style.scaled_sheet(sheet, 100) == sheet


def test_a_scale_out_of_range_is_refused(qtbot) -> None:
    with pytest.raises(ValueError, match="100–200"):
        style.set_font_scale(250)
    assert style.font_scale() == 100
    for bad in ("99", "201", "big"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["--font-scale", bad])
    assert build_parser().parse_args(["--font-scale", "150%"]).font_scale == 150
    assert build_parser().parse_args([]).font_scale == 100


@pytest.mark.slow
@pytest.mark.parametrize("percent", [150, 200])
def test_font_scale_screenshots(qtbot, host_thread, tmp_path, percent) -> None:
    base = QApplication.font().pointSizeF()
    app = StudentApp(
        tmp_path / "student",
        full_screen=False,
        beacon_port=free_udp_port(),
        mdns=False,
        font_scale=percent,
    )
    qtbot.addWidget(app.window)
    try:
        assert style.font_scale() == percent
        assert QApplication.font().pointSizeF() == pytest.approx(base * percent / 100)
        assert f"{22 * percent / 100:g}pt" in QApplication.instance().styleSheet()
        app.start()
        app.window.showMaximized()
        qtbot.wait(500)
        save(app.window, f"scale{percent}_join")
        exam = join_and_start(qtbot, app, host_thread, "Ada Lovelace", "CS/2021/045")
        qtbot.wait(800)
        editor = exam.editors["solution.py"]
        assert editor.zoom() == style.editor_zoom() == round(12 * (percent - 100) / 100)
        save(app.window, f"scale{percent}_exam")
        exam.set_plain_editor(True)
        assert exam.editors["solution.py"].zoom() == style.editor_zoom()
        qtbot.wait(300)
        save(app.window, f"scale{percent}_exam_plain")
    finally:
        close_student(app)
        style.set_font_scale(100)
    assert QApplication.font().pointSizeF() == pytest.approx(base)
