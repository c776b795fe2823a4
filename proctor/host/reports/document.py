"""A printable document as plain blocks (Qt-free): headings, paragraphs, facts, tables,
histograms and code. `proctor.host.reports.model` builds the class and student reports as
these; `proctor.host.reports.ui.pdf` lays them out on A4 pages. Keeping the two apart
lets the reports be tested without a display and the renderer stay generic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["", "good", "bad", "flag", "muted"]
Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a sub-section (a question)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "small", "muted", "warning", "mono"] = "body"


@dataclass(frozen=True)
class Facts:
    """Label: value lines, two columns."""

    rows: list[tuple[str, str]]
    mono_labels: frozenset[str] = frozenset()  # rows whose value is in a fixed-width font


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the width
    align: Align = "left"
    mono: bool = False


@dataclass(frozen=True)
class Row:
    cells: list[str]
    tone: Tone = ""


@dataclass(frozen=True)
class Table:
    """A table whose rows are never split across pages; the header repeats on each page."""

    columns: list[Column]
    rows: list[Row]
    empty: str = ""  # said instead of an empty table


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


@dataclass(frozen=True)
class Histogram:
    bars: list[Bar]
    caption: str = ""
    x_title: str = ""
    y_title: str = ""


@dataclass(frozen=True)
class Code:
    """A file with line numbers; `marked` lines (1-based) are highlighted."""

    title: str
    text: str
    marked: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Facts | Table | Histogram | Code | PageBreak


@dataclass
class Document:
    title: str  # for the PDF's metadata and the footer
    header_left: str  # the exam's name, on every page
    header_right: str  # the exam's date, on every page
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def texts(self) -> list[str]:
        """Every text the document prints, for tests and search."""
        out = [self.title, self.header_left, self.header_right]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, Facts):
                out += [part for row in block.rows for part in row]
            elif isinstance(block, Table):
                out += [c.title for c in block.columns]
                out += [cell for row in block.rows for cell in row.cells]
            elif isinstance(block, Histogram):
                out += [block.caption, *(bar.label for bar in block.bars)]
            elif isinstance(block, Code):
                out += [block.title, block.text]
        return out
