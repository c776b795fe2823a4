"""Similar code (GET admin/similarity): the most alike pairs of students per code question,
and a chosen pair side by side (GET admin/similarity/{qid}/{a}/{b}) with the lines they
share shaded in both."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.marks import PairSide, SimilarityDetail, SimilarityResponse, SimilarPair
from proctor.host.dashboard.ui.analytics_view import item, read_only_table
from proctor.host.dashboard.ui.code_view import CodeView
from proctor.host.dashboard.ui.labels import RESULTS

HIGH_FILL = QColor("#fdecec")
HIGH_SCORE = 0.8
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1


def shared_lines(side: PairSide, file: str) -> set[int]:
    return {n for r in side.lines if r.file == file for n in range(r.from_, r.to + 1)}


class PairSideView(QWidget):
    """One student's files of the pair, a tab a file, the shared lines shaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 700;")
        self.files = QTabWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.files, 1)

    def show_side(self, side: PairSide) -> None:
        self.title.setText(RESULTS["pair_side"].format(name=side.name, reg_no=side.reg_no))
        self.files.clear()
        for name, text in side.files.items():
            view = CodeView()
            view.show_code(text, shared_lines(side, name))
            self.files.addTab(view, name)

    def views(self) -> list[CodeView]:
        out = []
        for i in range(self.files.count()):
            widget = self.files.widget(i)
            if isinstance(widget, CodeView):
                out.append(widget)
        return out


class SimilarityView(QWidget):
    pairRequested = Signal(str, str, str)  # question id, student a, student b

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self.pairs: list[SimilarPair] = []
        self.detail: SimilarityDetail | None = None
        headers = [RESULTS["question"], RESULTS["student"], RESULTS["student"], RESULTS["similar"]]
        self.table: QTableWidget = read_only_table(headers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._pair_chosen)
        self.empty = QLabel(RESULTS["no_pairs"])
        self.empty.setObjectName("fieldHint")
        self.hint = QLabel(RESULTS["pick_pair"])
        self.hint.setWordWrap(True)
        self.a = PairSideView()
        self.b = PairSideView()
        sides = QSplitter(Qt.Orientation.Horizontal)
        sides.addWidget(self.a)
        sides.addWidget(self.b)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.hint)
        lower_layout.addWidget(sides, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.empty)
        upper_layout.addWidget(self.table, 1)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        rows = self.table.verticalHeader().defaultSectionSize()
        split.setSizes([rows * 7, rows * 20])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_pairs(self, similarity: SimilarityResponse, names: dict[str, str]) -> None:
        """`names`: student id -> "Name (reg. no)"."""
        self.names = names
        self.pairs = list(similarity.pairs)
        self.empty.setVisible(not self.pairs)
        self.table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            cells = [
                item(pair.question),
                item(names.get(pair.a, pair.a)),
                item(names.get(pair.b, pair.b)),
                item(f"{round(100 * pair.score)}%", pair.score, True),
            ]
            cells[0].setData(PAIR_ROLE, row)
            for column, cell in enumerate(cells):
                if pair.score >= HIGH_SCORE:
                    cell.setBackground(QBrush(HIGH_FILL))
                self.table.setItem(row, column, cell)

    def _pair_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        cell = self.table.item(rows[0].row(), 0)
        if cell is None:
            return
        pair = self.pairs[int(cell.data(PAIR_ROLE))]
        self.pairRequested.emit(pair.question, pair.a, pair.b)

    def show_detail(self, detail: SimilarityDetail) -> None:
        self.detail = detail
        self.hint.setText(
            RESULTS["pair_score"].format(
                question=detail.question, score=f"{round(100 * detail.score)}%"
            )
        )
        self.a.show_side(detail.a)
        self.b.show_side(detail.b)
