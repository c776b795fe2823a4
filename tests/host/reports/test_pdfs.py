"""The results export from real marks of the sample paper: grades.csv, results.json,
report.pdf and a PDF per student, read back with pdftotext (poppler-utils); and the page
layout's promises (a header on every page, page numbers, table rows never split)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from proctor.common.marks import ResultsResponse
from proctor.common.protocol import Action, Incident
from proctor.common.receipt import receipt_code
from proctor.host.reports.document import Column, Document, Heading, Row, Table
from proctor.host.reports.files import report_names, write_result_files
from proctor.host.reports.words import ReportSession
from tests.helpers.sample_marks import Cohort, cohort

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
SESSION = ReportSession("DSA final, hall B", "2026-03-02")
AT = 1_767_000_000_000
INCIDENTS = [
    Incident(id=1, at_ms=AT, student_id="s-dagny", reg_no="CS/2021/004", kind="focus_lost",
             source="focus", detail={"duration_ms": 12_000}),
    Incident(id=2, at_ms=AT + 60_000, student_id="s-dagny", reg_no="CS/2021/004",
             kind="external_paste", source="clipboard", detail={"length": 420}),
    Incident(id=3, at_ms=AT, student_id="s-farah", reg_no="CS/2021/006", kind="focus_lost",
             source="focus", detail={}),
]  # fmt: skip
ACTIONS = [Action(id=1, at_ms=AT + 120_000, action="flag", student_id="s-dagny", reason="phone")]


def pages(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60,
        check=True,
    ).stdout  # fmt: skip
    out = unicodedata.normalize("NFKC", out)  # the font's ligatures (ﬁ) back to letters
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def marked() -> Cohort:
    return cohort()


@pytest.fixture(scope="module")
def export(marked: Cohort, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    written = write_result_files(
        folder, marked.paper, marked.works, SESSION, incidents=INCIDENTS, actions=ACTIONS
    )
    assert written["grades"] == 6 and written["student_reports"] == 6
    assert 2 <= written["report_pages"] <= 6
    return folder


def test_the_files_are_written(export: Path) -> None:
    names = sorted(p.name for p in (export / "reports").iterdir())
    assert names == [f"CS_2021_00{n}.pdf" for n in range(1, 7)]  # '/' is never a folder
    results = ResultsResponse.model_validate(json.loads((export / "results.json").read_text()))
    assert len(results.students) == 6
    rows = list(csv.DictReader(io.StringIO((export / "grades.csv").read_text("utf-8-sig"))))
    assert rows[4]["reg_no"] == "CS/2021/005" and rows[4]["points"] == "14"


def test_the_class_report(export: Path) -> None:
    text = pages(export / "report.pdf")
    assert 2 <= len(text) <= 6
    for number, page in enumerate(text, start=1):
        assert "DSA final, hall B" in page and "2026-03-02" in page  # the header
        assert f"Page {number} of {len(text)}" in page
    whole = flat(" ".join(text))
    for expected in (
        "Summary", "Students 6", "Handed in 4", "Mean 45.5", "Median 40%", "Passed 2 of 6",
        "Cronbach's alpha", "Item analysis", "check this question", "Hidden tests",
        "test_hidden_a_long_list_is_fast_enough", "Most similar code",
        "Ada Lovelace (CS/2021/001) Farah Haddad (CS/2021/006) 100%", "Incidents",
        "Left the exam window 2 2", "Pasted text from outside 1 1", "Every student",
        "Emeka Eze 14 / 30 46.67% not a pass",
    ):  # fmt: skip
        assert expected in whole, expected
    assert "1 question to check" in whole  # lookup: its discrimination is below 0.3


def test_a_students_report(export: Path, marked: Cohort) -> None:
    text = pages(export / "reports" / "CS_2021_004.pdf")
    assert 3 <= len(text) <= 7
    assert all(f"Page {n} of {len(text)}" in p for n, p in enumerate(text, start=1))
    whole = flat(" ".join(text))
    dagny = marked.work("dagny")
    assert dagny.sha256 is not None
    for expected in (
        "Dagny Holm · CS/2021/004", "10 / 30 (33.33%)", "not a pass", "Handed in",
        f"Receipt code {receipt_code(dagny.sha256)}", dagny.sha256,
        "word_counts · code · 4 / 10 · partly right", "def word_counts(text):",
        "used more than 2 s of CPU: stopped", "test_hidden_case_is_folded hidden failed",
        "case 1 visible passed", "the cat saw the dog", "merge sort chosen right",
        "insertion sort right", "Their answer “4,096”", "Timeline", "Left the exam window",
        "duration 12 s", "Proctor: flag phone",
    ):  # fmt: skip
        assert expected in whole, expected
    assert "Zebra zebra" not in whole  # a hidden case's input is never printed


def test_overrides_and_nothing_at_all(export: Path) -> None:
    emeka = flat(" ".join(pages(export / "reports" / "CS_2021_005.pdf")))
    assert "Proctor's mark: 8 points instead of the automatic 4" in emeka
    assert "Right idea; only the punctuation was missed" in emeka
    chen = flat(" ".join(pages(export / "reports" / "CS_2021_003.pdf")))
    assert "Nothing reached the host" in chen and "not answered" in chen
    assert "No code was written for this question." in chen


def test_stems_that_clash_get_the_id(marked: Cohort) -> None:
    import dataclasses

    a = dataclasses.replace(marked.work("ada"), reg_no="CS/2021/001")
    b = dataclasses.replace(marked.work("bruno"), reg_no="CS 2021 001")
    assert report_names([a, b]) == {
        "s-ada": "CS_2021_001.pdf",
        "s-bruno": "CS_2021_001_s-bruno.pdf",
    }


def test_long_tables_repeat_their_header_and_never_split_a_row(tmp_path: Path) -> None:
    from proctor.host.reports.ui.pdf import ensure_gui_app, render_pdf

    ensure_gui_app()
    rows = [Row([f"row{n:03d}", f"first{n:03d}\nsecond{n:03d}\nthird{n:03d}"]) for n in range(150)]
    doc = Document("layout", "Exam", "2026-03-02").add(
        Heading("A long table"), Table([Column("Key"), Column("Three lines", 3)], rows)
    )
    count = render_pdf(doc, tmp_path / "long.pdf")
    text = pages(tmp_path / "long.pdf")
    assert count == len(text) >= 4
    for page in text:
        assert "Three lines" in page  # the header on every page
    for n in range(150):
        where = [i for i, page in enumerate(text) if f"first{n:03d}" in page]
        assert where and all(f"third{n:03d}" in text[i] for i in where), n
