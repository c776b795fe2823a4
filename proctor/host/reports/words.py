"""What the reports share (Qt-free): the header's session, the words for statuses and
question types, numbers as people write them, an incident's detail in one line, and a
question's Markdown as plain paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proctor.common.marks import AnswerSheet, StudentResult
from proctor.host.reports.document import Heading, Paragraph, Tone
from proctor.results.release import number

STATUS_WORDS = {
    "correct": "correct",
    "partial": "partly right",
    "wrong": "wrong",
    "unanswered": "not answered",
    "error": "could not be marked",
    "pending": "not marked yet",
}
STATUS_TONES: dict[str, Tone] = {
    "correct": "good",
    "partial": "",
    "wrong": "bad",
    "unanswered": "muted",
    "error": "flag",
    "pending": "muted",
}
TYPE_WORDS = {"choice": "choice", "multi": "multi-choice", "short": "short answer", "code": "code"}


@dataclass(frozen=True)
class ReportSession:
    """What every page's header says: the exam (room) name and its date."""

    exam: str
    date: str  # e.g. "2026-03-02"
    room_id: str = ""


def pct(value: float | None) -> str:
    return "—" if value is None else f"{number(value)}%"


def fig(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def points_text(points: float, max_points: float) -> str:
    return f"{number(points)} / {number(max_points)}"


def result_word(student: StudentResult | AnswerSheet) -> str:
    if student.pending:
        return "being marked"
    return {None: "—", True: "pass", False: "not a pass"}[student.passed]


def detail_text(detail: dict[str, Any]) -> str:
    """An incident's detail in one line (pictures left out)."""
    parts = []
    for key, value in detail.items():
        if key.startswith("thumbnail") or isinstance(value, dict | list) or value in ("", None):
            continue
        if key.endswith("_ms") and isinstance(value, int | float):
            if value > 10**11:
                continue  # an instant: the row's time says it
            parts.append(f"{key[:-3].replace('_', ' ')} {round(value / 1000)} s")
        else:
            parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)[:300]


# -- Markdown, as plain blocks ----------------------------------------------------------------

_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
]


def plain(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def markdown_blocks(text: str) -> list[Any]:
    """A question's Markdown as paragraphs: headings and emphasis as plain text, code
    fences in a fixed-width font, lines of one paragraph joined."""
    out: list[Any] = []
    para: list[str] = []
    fence: list[str] | None = None

    def flush() -> None:
        if para:
            out.append(Paragraph(plain(" ".join(para))))
            para.clear()

    for line in text.splitlines():
        if line.strip().startswith("```"):
            if fence is None:
                flush()
                fence = []
            else:
                out.append(Paragraph("\n".join(fence), "mono"))
                fence = None
            continue
        if fence is not None:
            fence.append(line)
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("#"):
            flush()
            out.append(Heading(plain(line.lstrip("# ").strip()), 3))
        elif line.lstrip().startswith(("- ", "* ")):
            flush()
            out.append(Paragraph("• " + plain(line.lstrip()[2:])))
        else:
            para.append(line.strip())
    if fence is not None:
        out.append(Paragraph("\n".join(fence), "mono"))
    flush()
    return out
