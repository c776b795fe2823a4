"""The Results window with real widgets offscreen, fed the bodies the builders make from
real marks of the sample paper (six students, tests/helpers/sample_marks.py): the table
and its sorting, a student's answer sheet, the histogram, the analytics with the question
to check, an override set and taken back, a re-mark's progress, the release confirmation,
and two students' code side by side. Screenshots: artifacts/screenshots/results_*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from proctor.host.dashboard.ui.charts import HistogramWidget
from proctor.host.dashboard.ui.code_view import CodeView
from proctor.host.dashboard.ui.dialogs import ConfirmDialog
from proctor.host.dashboard.ui.labels import RELEASE_PREVIEW, RESULTS
from proctor.host.dashboard.ui.results_dialogs import OverrideDialog
from proctor.host.dashboard.ui.results_model import ResultColumn
from proctor.host.dashboard.ui.results_view import ResultsWindow
from proctor.ui import geometry
from proctor.ui.style import apply_style
from tests.helpers.results_service import LocalResultsService
from tests.helpers.sample_marks import cohort

pytestmark = pytest.mark.gui
SHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"
SCREEN = QRect(0, 0, 1366, 768)
WAIT_MS = 10_000


def shot(widget: QWidget, name: str, dialog: QWidget | None = None) -> None:
    image = widget.grab().toImage()
    if dialog is not None:
        painter = QPainter(image)
        painter.fillRect(image.rect(), QColor(0, 0, 0, 60))
        over = dialog.grab()
        at = QPoint((image.width() - over.width()) // 2, (image.height() - over.height()) // 3)
        painter.drawPixmap(at, over)
        painter.end()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SHOTS / f"results_{name}.png"))


@pytest.fixture
def service(qapp: QApplication) -> LocalResultsService:
    marked = cohort()
    return LocalResultsService(marked.paper, marked.works)


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The application's own look, as the proctor sees it; the session's look after."""
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


@pytest.fixture
def window(
    qtbot: QtBot, styled: QApplication, service: LocalResultsService
) -> Iterator[ResultsWindow]:
    win = ResultsWindow(service)
    qtbot.addWidget(win)
    geometry.place(win, 180, 46, area=SCREEN)
    win.show()
    win.refresh()
    qtbot.waitUntil(
        lambda: (
            win.model.rowCount() == 6
            and win.analytics_view.analytics is not None
            and bool(win.similarity_view.pairs)
        ),
        timeout=WAIT_MS,
    )
    yield win
    win.close()


def row_of(win: ResultsWindow, reg_no: str) -> int:
    for row in range(win.proxy.rowCount()):
        if win.proxy.index(row, ResultColumn.REG_NO).data() == reg_no:
            return row
    raise AssertionError(reg_no)


def cell(win: ResultsWindow, row: int, column: ResultColumn) -> str:
    return str(win.proxy.index(row, column).data())


def left_ranges(view: object) -> list[tuple[int, int]]:
    from proctor.host.dashboard.ui.similarity_view import SimilarityView

    assert isinstance(view, SimilarityView)
    detail = view.detail
    assert detail is not None
    return [(r.from_, r.to) for r in detail.a.lines]


def choose(qtbot: QtBot, win: ResultsWindow, reg_no: str) -> None:
    win.table.selectRow(row_of(win, reg_no))
    qtbot.waitUntil(
        lambda: win.sheet.sheet is not None and win.sheet.sheet.reg_no == reg_no, timeout=WAIT_MS
    )


def test_the_table_and_its_sorting(window: ResultsWindow) -> None:
    win = window
    assert win.size().width() <= SCREEN.width() and win.size().height() <= SCREEN.height()
    assert win.minimumSizeHint().width() <= SCREEN.width()
    emeka = row_of(win, "CS/2021/005")
    assert cell(win, emeka, ResultColumn.NAME) == "Emeka Eze"
    assert cell(win, emeka, ResultColumn.POINTS) == "14 / 30"
    assert cell(win, emeka, ResultColumn.PERCENT) == "46.67%"
    assert cell(win, emeka, ResultColumn.RESULT) == RESULTS["fail"]
    assert cell(win, emeka, ResultColumn.OVERRIDES) == "1"
    assert cell(win, row_of(win, "CS/2021/003"), ResultColumn.WORK) == RESULTS["snapshot"]
    assert "6 students" in win.summary.text() and "2 of 6 passed" in win.summary.text()
    win.table.sortByColumn(ResultColumn.PERCENT, Qt.SortOrder.DescendingOrder)
    order = [cell(win, r, ResultColumn.PERCENT) for r in range(6)]
    assert order == ["100%", "93.33%", "46.67%", "33.33%", "0%", "0%"]
    win.table.sortByColumn(ResultColumn.POINTS, Qt.SortOrder.AscendingOrder)
    assert cell(win, 5, ResultColumn.NAME) == "Ada Lovelace"
    win.search.setText("farah")
    assert win.proxy.rowCount() == 1 and cell(win, 0, ResultColumn.NAME) == "Farah Haddad"
    win.search.setText("2021/00")
    assert win.proxy.rowCount() == 6
    shot(win, "students")


def test_an_answer_sheet(qtbot: QtBot, window: ResultsWindow) -> None:
    win = window
    choose(qtbot, win, "CS/2021/004")
    sheet = win.sheet
    assert sheet.questions.count() == 9
    assert "10 of 30 points" in sheet.facts.text() and "Receipt" in sheet.facts.text()
    ids = [q.id for q in sheet.sheet.questions]  # type: ignore[union-attr]
    sheet.questions.setCurrentRow(ids.index("word_counts"))
    panel = sheet.panel
    assert panel is not None and panel.question.id == "word_counts"
    assert "4 of 10" in panel.head.text()
    cases = panel.cases_table
    assert cases.rowCount() == 5
    results = [cases.item(r, 2).text() for r in range(5)]  # type: ignore[union-attr]
    assert results.count(RESULTS["passed"]) == 2
    visible = panel.visible_table
    assert visible.item(0, 1).text() == "the cat saw the dog\n"  # type: ignore[union-attr]
    assert visible.item(0, 3).text() == "cat 1\ndog 1\nsaw 1\nthe 2"  # type: ignore[union-attr]
    code = panel.files.widget(0)
    assert isinstance(code, CodeView) and "def word_counts(text):" in code.toPlainText()
    shot(win, "answer_sheet_code")
    sheet.questions.setCurrentRow(ids.index("stable_sorts"))
    options = sheet.panel.options_table  # type: ignore[union-attr]
    rows = {
        options.item(r, 0).text(): (options.item(r, 1).text(), options.item(r, 2).text())  # type: ignore[union-attr]
        for r in range(options.rowCount())
    }
    assert rows["merge sort"] == (RESULTS["chosen"], RESULTS["right"])
    assert rows["insertion sort"] == ("", RESULTS["right"])
    assert rows["heapsort"] == ("", "")
    shot(win, "answer_sheet_choice")


def test_the_histogram_widget(qtbot: QtBot, window: ResultsWindow) -> None:
    win = window
    win.tabs.setCurrentIndex(1)
    histogram = win.analytics_view.histogram
    assert isinstance(histogram, HistogramWidget)
    qtbot.waitUntil(lambda: histogram.isVisible(), timeout=WAIT_MS)
    counts = [b.count for b in histogram.bins]
    assert counts == [2, 0, 0, 1, 1, 0, 0, 0, 0, 2]
    rects = histogram.bar_rects()
    assert rects[0].height() == pytest.approx(2 * rects[3].height())
    assert rects[1].height() == 0 and rects[0].bottom() == pytest.approx(rects[3].bottom())
    image: QImage = histogram.grab().toImage()
    bar = rects[0].center().toPoint()
    assert image.pixelColor(bar).name() == "#1e5aa8"  # the bar is painted where it says
    assert "6 students" in histogram.toolTip()


def test_the_analytics(qtbot: QtBot, window: ResultsWindow) -> None:
    win = window
    view = win.analytics_view
    win.tabs.setCurrentIndex(1)
    assert view.flagged() == ["lookup"]  # its discrimination is below 0.3
    assert view.figures["students"].text() == "6"
    assert view.figures["median"].text() == "40%"
    assert view.figures["pass_rate"].text() == "33.33%"
    view.select_question("word_counts")
    assert view.tests.rowCount() == 4
    rates = {
        view.tests.item(r, 0).text(): view.tests.item(r, 1).text()  # type: ignore[union-attr]
        for r in range(4)
    }
    assert rates["test_hidden_any_whitespace_separates"] == "80%"
    assert "word_counts" in view.tests_title.text()
    shot(win, "analytics")


def test_an_override_set_and_taken_back(
    qtbot: QtBot, window: ResultsWindow, service: LocalResultsService
) -> None:
    win = window
    choose(qtbot, win, "CS/2021/004")
    ids = [q.id for q in win.sheet.sheet.questions]  # type: ignore[union-attr]
    win.sheet.questions.setCurrentRow(ids.index("word_counts"))
    win.sheet.panel.override_button.click()  # type: ignore[union-attr]
    dialog = win.dialog
    assert isinstance(dialog, OverrideDialog)
    assert "the automatic mark is 4" in dialog.text.text()
    assert dialog.points.maximum() == 10 and dialog.points.value() == 4
    shot(win, "override_dialog", dialog)
    dialog.points.setValue(7)
    dialog.ok_button.click()  # no reason yet: refused
    assert dialog.isVisible() and RESULTS["reason_needed"] in dialog.error.text()
    dialog.reason_edit.setText("Handles case; misses punctuation only")
    dialog.ok_button.click()
    qtbot.waitUntil(
        lambda: cell(win, row_of(win, "CS/2021/004"), ResultColumn.POINTS) == "13 / 30",
        timeout=WAIT_MS,
    )
    assert (
        "set_override",
        "s-dagny",
        "word_counts",
        7.0,
        "Handles case; misses punctuation only",
    ) in service.calls
    qtbot.waitUntil(
        lambda: win.sheet.panel is not None and win.sheet.panel.question.override is not None,
        timeout=WAIT_MS,
    )
    panel = win.sheet.panel
    assert panel.question.id == "word_counts"
    assert not panel.override_label.isHidden()
    assert "7 instead of the automatic 4" in panel.override_label.text()
    shot(win, "after_override")
    panel.override_button.click()
    again = win.dialog
    assert isinstance(again, OverrideDialog) and again.reason_edit.text().startswith("Handles")
    again.restore_button.click()
    qtbot.waitUntil(
        lambda: cell(win, row_of(win, "CS/2021/004"), ResultColumn.POINTS) == "10 / 30",
        timeout=WAIT_MS,
    )
    assert any(c[:4] == ("set_override", "s-dagny", "word_counts", None) for c in service.calls)


def test_remarking_shows_progress(
    qtbot: QtBot, window: ResultsWindow, service: LocalResultsService
) -> None:
    win = window
    seen: list[tuple[int, int]] = []
    service.gradingProgressed.connect(lambda d, t: seen.append((d, t)))
    win.remark_button.click()
    dialog = win.dialog
    assert isinstance(dialog, ConfirmDialog)
    assert dialog.text.text() == RESULTS["remark_all_question"]
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == seen[-1][1], timeout=WAIT_MS)
    assert seen[0] == (0, 54)  # six students, nine questions each
    qtbot.waitUntil(lambda: "Marking done" in win.status.text(), timeout=WAIT_MS)
    assert ("grade", None) in service.calls


def test_the_release_confirmation(
    qtbot: QtBot, window: ResultsWindow, service: LocalResultsService
) -> None:
    win = window
    assert win.release_button.isEnabled()
    win.release_button.click()
    dialog = win.dialog
    assert isinstance(dialog, ConfirmDialog)
    assert RELEASE_PREVIEW["score"] in dialog.text.text()  # the sample paper's feedback
    assert "cannot be undone" in dialog.text.text()
    shot(win, "release_confirmation", dialog)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not win.release_button.isEnabled(), timeout=WAIT_MS)
    assert service.released and win.release_button.text() == RESULTS["released"]


def test_similar_code_side_by_side(qtbot: QtBot, window: ResultsWindow) -> None:
    win = window
    win.tabs.setCurrentIndex(2)
    view = win.similarity_view
    top = view.pairs[0]
    assert top.score >= 0.9 and {top.a, top.b} in ({"s-ada", "s-farah"}, {"s-dagny", "s-emeka"})
    assert view.table.item(0, 3).text() == "100%"  # type: ignore[union-attr]
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: bool(view.a.views()) and bool(view.b.views()), timeout=WAIT_MS)
    left, right = view.a.views()[0], view.b.views()[0]
    assert left.marked and right.marked
    assert len(left.extraSelections()) == len(left.marked)
    assert view.a.title.text().split(" · ")[0] in {"Ada Lovelace", "Dagny Holm"}
    assert "100% alike" in view.hint.text()
    # The shaded lines are the ones the pair shares, on both sides.
    assert left.marked == {n for r in left_ranges(view) for n in range(r[0], r[1] + 1)}
    shot(win, "similarity")
