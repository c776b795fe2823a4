"""grades.csv, results.json and the session log's marks, from real marks of the sample paper."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from proctor.common.marks import ResultsResponse
from proctor.results.grades import (
    add_marks_to_log,
    grades_csv_bytes,
    results_json,
)
from proctor.results.sheets import results_body
from tests.helpers.sample_marks import Cohort, cohort


@pytest.fixture(scope="module")
def marked() -> Cohort:
    return cohort()


@pytest.fixture(scope="module")
def results(marked: Cohort) -> ResultsResponse:
    return results_body(marked.paper, marked.works)


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_grades_csv_columns_and_values(marked: Cohort, results: ResultsResponse) -> None:
    data = grades_csv_bytes(results)
    assert b"\r\n" in data
    rows = read_csv(data)
    qids = [q.id for q in marked.paper.questions]
    assert list(rows[0]) == [
        "reg_no", "name", "points", "max_points", "percent", "passed", *qids,
        "handed_in", "student_id",
    ]  # fmt: skip
    assert [r["reg_no"] for r in rows] == [f"CS/2021/00{n}" for n in range(1, 7)]
    emeka = rows[4]
    assert (emeka["name"], emeka["points"], emeka["max_points"]) == ("Emeka Eze", "14", "30")
    assert (emeka["percent"], emeka["passed"], emeka["word_counts"]) == ("46.67", "no", "8")
    assert rows[0]["passed"] == "yes" and rows[0]["lookup"] == "2"
    assert rows[2]["handed_in"] == "no" and rows[0]["handed_in"] == "yes"
    for row, work in zip(rows, marked.works, strict=True):
        drawn = set(work.variant.questions)  # type: ignore[union-attr]
        assert {q for q in qids if row[q] != ""} == drawn  # a question not drawn: no grade
        assert float(row["points"]) == sum(float(row[q]) for q in drawn)


def test_pending_and_formulas(marked: Cohort) -> None:
    ada = marked.work("ada")
    tricky = dataclasses.replace(
        ada,
        name='=HYPERLINK("http://x")',
        marks={q: r for q, r in ada.marks.items() if q != "lookup"},
    )
    rows = read_csv(grades_csv_bytes(results_body(marked.paper, [tricky])))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["passed"] == "pending" and rows[0]["lookup"] == ""


def test_results_json_is_the_admin_body(results: ResultsResponse) -> None:
    data = json.loads(results_json(results))
    assert ResultsResponse.model_validate(data) == results
    assert data["students"][0]["questions"]["lookup"]["status"] == "correct"


def test_session_log_attendance_gains_the_marks(results: ResultsResponse) -> None:
    log = {
        "attendance": [
            {"student_id": "s-emeka", "name": "Emeka Eze"},
            {"student_id": "s-unknown", "name": "Not in the results"},
        ]
    }
    add_marks_to_log(log, results)
    emeka, unknown = log["attendance"]
    assert (emeka["points"], emeka["max_points"], emeka["percent"], emeka["passed"]) == (
        14.0, 30.0, 46.67, False,
    )  # fmt: skip
    assert unknown["points"] is None and unknown["passed"] is None
