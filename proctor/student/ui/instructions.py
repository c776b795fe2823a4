"""The paper's instructions in the exam window: Markdown to HTML, shown in a QTextBrowser in
the colours of the theme that is on."""

from __future__ import annotations

import markdown
from PySide6.QtWidgets import QTextBrowser

from proctor.common.i18n import translator
from proctor.ui import style

tr = translator(__name__)

INSTRUCTIONS_CSS = """
body { font-size: 12pt; color: #1f2329; }
h1 { font-size: 15pt; color: #14213d; }
h2 { font-size: 13pt; color: #14213d; margin-top: 14px; }
h3 { font-size: 12pt; color: #14213d; }
code { font-family: 'DejaVu Sans Mono', Consolas, Menlo, monospace; background: #eef1f5; }
pre { font-family: 'DejaVu Sans Mono', Consolas, Menlo, monospace; background: #eef1f5;
      padding: 8px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #c9d1db; padding: 4px 8px; }
"""


def render_instructions(text: str) -> str:
    """The paper's Markdown instructions as HTML for a QTextBrowser."""
    if not text.strip():
        return "<p><i>" + tr("This paper has no written instructions.") + "</i></p>"
    return markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])


def show_instructions(browser: QTextBrowser, html: str) -> None:
    """Show `html` in `browser` with the instructions' style sheet of the theme that is on."""
    browser.document().setDefaultStyleSheet(style.document_css(INSTRUCTIONS_CSS))
    browser.setHtml(html)
