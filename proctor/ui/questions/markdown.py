"""A question's Markdown, rendered as the exam window renders its instructions (the
`markdown` package to HTML, shown in a QTextBrowser), in a view as tall as its text so a
question page scrolls as one. It never loads anything: no links followed, no images read."""

from __future__ import annotations

import markdown
from PySide6.QtCore import QEvent, QSize, Qt, QUrl
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from proctor.ui import style

MARKDOWN_CSS = """
body { font-size: 12pt; color: #1f2329; }
h1 { font-size: 15pt; color: #14213d; }
h2 { font-size: 13pt; color: #14213d; margin-top: 6px; }
h3 { font-size: 12pt; color: #14213d; }
code { font-family: 'DejaVu Sans Mono', Consolas, Menlo, monospace; background: #eef1f5; }
pre { font-family: 'DejaVu Sans Mono', Consolas, Menlo, monospace; background: #eef1f5;
      padding: 8px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #c9d1db; padding: 4px 8px; }
"""


def render_markdown(text: str) -> str:
    """Markdown as HTML for a QTextBrowser (fenced code, tables, plain lists)."""
    return markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])


class MarkdownView(QTextBrowser):
    """Read-only rendered Markdown, as tall as its content; Tab moves on."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTextBrowser { border: none; background: transparent; padding: 0; }")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._text = text
        self._high_contrast = style.high_contrast()
        self.document().setDefaultStyleSheet(style.document_css(MARKDOWN_CSS))
        self.document().setDocumentMargin(2)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(lambda _size: self._fit())
        self.set_markdown(text)

    def set_markdown(self, text: str) -> None:
        self._text = text
        self.setHtml(render_markdown(text))
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """The theme changed (the application's palette): render again in its colours."""
        super().changeEvent(event)
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in kinds and style.high_contrast() != self._high_contrast:
            self._high_contrast = style.high_contrast()
            self.document().setDefaultStyleSheet(style.document_css(MARKDOWN_CSS))
            self.set_markdown(self._text)

    def loadResource(self, kind: int, name: QUrl | str) -> None:  # noqa: N802 (Qt API)
        return None  # no file or network reads from a widget

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.document().setTextWidth(self.viewport().width())
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().sizeHint().width(), self._height())

    def _height(self) -> int:
        margins = self.contentsMargins()
        return int(self.document().size().height()) + margins.top() + margins.bottom() + 2

    def _fit(self) -> None:
        height = self._height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
