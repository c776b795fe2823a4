"""The exam window's top bar: the exam and the student, the connection and the save line,
the View menu and the hall's buttons, the countdown and Submit. One row on a 1366-px laptop;
the buttons take a row of their own below when one row would not hold them (fonts scaled up,
a narrow window, a long exam name), decided for the longest save line, so they never hop
rows as it changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from proctor.common.i18n import translator
from proctor.student.kinds import SaveKind
from proctor.student.ui.messages import save_text
from proctor.student.ui.widgets import (
    ConnectionIndicator,
    Countdown,
    menu_button,
    toggle_action,
)
from proctor.ui import style

tr = translator(__name__)

MARGINS = 24  # left and right, inside the bar
SPACING = 14


class TopBar(QFrame):
    def __init__(
        self,
        now_ms: Callable[[], int],
        on_contrast: Callable[[bool], None],
        on_plain_editor: Callable[[bool], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.exam_title = QLabel()
        style.set_scaled_sheet(self.exam_title, "font-size: 13pt; font-weight: 600;")
        self.student_label = QLabel()
        self.connection = ConnectionIndicator(on_dark=True)
        self.save_label = QLabel(tr("No changes yet"))
        self.save_label.setAccessibleName(tr("Save status"))
        self.countdown = Countdown(now_ms)
        self.submit_button = QPushButton(tr("&Submit…"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setToolTip(tr("Hand in your work now (you may submit again later)"))
        # Ways of showing the exam, in one narrow View menu.
        self.contrast_button = toggle_action(
            tr("High contrast\tCtrl+Shift+H"),
            tr("White and yellow on black, with thick focus frames"),
            on_contrast,
            self,
        )
        self.plain_button = toggle_action(
            tr("Plain-text editor\tCtrl+Shift+P"),
            tr("A plain-text editor a screen reader can read"),
            on_plain_editor,
            self,
        )
        self.view_button = menu_button(
            tr("&View"),
            tr("High contrast and the plain-text editor"),
            [self.contrast_button, self.plain_button],
        )

        rows = QVBoxLayout(self)
        rows.setContentsMargins(MARGINS // 2, 6, MARGINS // 2, 6)
        self._bar = QHBoxLayout()
        rows.addLayout(self._bar)
        self._bar.setSpacing(SPACING)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.exam_title)
        titles.addWidget(self.student_label)
        self._bar.addLayout(titles, 1)
        self._status_column = QVBoxLayout()
        self._status_column.setSpacing(0)
        self._status_column.addWidget(self.connection, 0, Qt.AlignmentFlag.AlignRight)
        self._status_column.addWidget(self.save_label, 0, Qt.AlignmentFlag.AlignRight)
        self._bar.addLayout(self._status_column)
        self._tools = QHBoxLayout()  # the View menu and the hall's buttons
        self._tools.setSpacing(SPACING)
        self._tools.addWidget(self.view_button)
        self._tools_row = QHBoxLayout()  # empty while the buttons are in the bar
        self._tools_row.addStretch(1)
        rows.addLayout(self._tools_row)
        self.tools_in_bar = False
        self.place_tools()
        self._bar.addWidget(self.countdown)
        self._bar.addWidget(self.submit_button)

    def add_tool(self, widget: QWidget) -> None:
        """A button beside the View menu (the hall's)."""
        self._tools.addWidget(widget)
        self.place_tools()

    def add_before_countdown(self, widget: QWidget) -> None:
        """A widget left of the countdown (the camera's self-view)."""
        self._bar.insertWidget(self._bar.indexOf(self.countdown), widget)
        self.place_tools()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.place_tools()

    def one_row_fits(self) -> bool:
        """Would one row hold everything, whatever the save line says (its longest usual
        text counts)?"""
        metrics = self.save_label.fontMetrics()
        status = max(
            self.connection.sizeHint().width(),
            *(
                metrics.horizontalAdvance(save_text(kind, "", at="00:00:00"))
                for kind in (SaveKind.HOST_OK, SaveKind.HOST_PENDING)
            ),
        )
        bar = self._bar
        items = [item for i in range(bar.count()) if (item := bar.itemAt(i)) is not None]
        widths = [
            status if item.layout() is self._status_column else item.sizeHint().width()
            for item in items
        ]
        if not self.tools_in_bar:
            widths.append(self._tools.sizeHint().width())
        needed = sum(widths) + self._bar.spacing() * (len(widths) - 1) + MARGINS
        return self.width() >= needed

    def place_tools(self) -> None:
        """Beside the countdown at 100 % when they fit, in their own row below otherwise."""
        in_bar = style.font_scale() == 100 and self.one_row_fits()
        if in_bar == self.tools_in_bar and self._tools.parent() is not None:
            return
        self.tools_in_bar = in_bar
        for holder in (self._bar, self._tools_row):
            holder.removeItem(self._tools)
        self._tools.setParent(None)
        if in_bar:
            at = self._bar.indexOf(self.countdown)
            self._bar.insertLayout(at if at >= 0 else self._bar.count(), self._tools)
        else:
            self._tools_row.addLayout(self._tools)
