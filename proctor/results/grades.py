"""The results as files a proctor takes away: `grades.csv` for a gradebook, `results.json`
(the GET admin/results body) and the marks that `session_log.json`'s attendance rows gain.

grades.csv, decided for gradebook imports (Moodle, Canvas, Excel, LibreOffice, Sheets):
- one row a student, sorted by reg. no; columns `reg_no, name, points, max_points, percent,
  passed`, then one per question of the paper (its id, in the paper's order), then
  `handed_in` and `student_id`;
- numbers with a dot and at most two decimals, no thousands separators or % sign ("7.5",
  "66.67", "30"); a question the student's variant did not draw is empty (no grade);
- passed: "yes", "no", or empty when the paper has no pass mark; "pending" (and the
  pending question columns empty) while marking runs;
- UTF-8 with a byte-order mark and CRLF line ends: Excel on Windows reads a CSV without the
  mark as the local code page and garbles names such as "Müller"; gradebook importers and
  Python's `utf-8-sig` read it, and the mark is invisible in each;
- a name or reg. no that a spreadsheet would run as a formula (starting with = + - @, a tab
  or a carriage return) is written with a leading apostrophe (OWASP's advice on CSV
  injection): students type their own names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from proctor.common.marks import ResultsResponse, StudentResult, dump
from proctor.results.release import number

FIXED_COLUMNS = ("reg_no", "name", "points", "max_points", "percent", "passed")
TRAILING_COLUMNS = ("handed_in", "student_id")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def question_columns(results: ResultsResponse) -> list[str]:
    """A column per question id; one that would clash with a fixed column gets " (question)"."""
    taken = set(FIXED_COLUMNS) | set(TRAILING_COLUMNS)
    return [f"{q.id} (question)" if q.id in taken else q.id for q in results.questions]


def passed_text(student: StudentResult) -> str:
    if student.pending:
        return "pending"
    return {None: "", True: "yes", False: "no"}[student.passed]


def grade_rows(results: ResultsResponse) -> list[list[str]]:
    """The header and one row a student, as text cells."""
    header = [*FIXED_COLUMNS, *question_columns(results), *TRAILING_COLUMNS]
    rows = [header]
    for student in sorted(results.students, key=lambda s: (s.reg_no.casefold(), s.name)):
        cells = [
            safe_cell(student.reg_no),
            safe_cell(student.name),
            number(student.points),
            number(student.max_points),
            number(student.percent),
            passed_text(student),
        ]
        for question in results.questions:
            mark = student.questions.get(question.id)
            cells.append("" if mark is None or mark.status == "pending" else number(mark.points))
        cells += ["no" if student.from_snapshot else "yes", student.student_id]
        rows.append(cells)
    return rows


def grades_csv(results: ResultsResponse) -> str:
    """grades.csv as text (write it with encoding "utf-8-sig" and newline="")."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(grade_rows(results))
    return out.getvalue()


def grades_csv_bytes(results: ResultsResponse) -> bytes:
    return grades_csv(results).encode("utf-8-sig")


def results_json(results: ResultsResponse) -> str:
    return json.dumps(dump(results), indent=2, ensure_ascii=False) + "\n"


def attendance_marks(results: ResultsResponse) -> dict[str, dict[str, Any]]:
    """What each attendance row of session_log.json gains, by student id: points,
    max_points, percent, passed (null while the student's marks are not all in, with
    `marks_pending`: the questions still to mark)."""
    out: dict[str, dict[str, Any]] = {}
    for student in results.students:
        row: dict[str, Any] = {
            "points": student.points,
            "max_points": student.max_points,
            "percent": student.percent,
            "passed": None if student.pending else student.passed,
        }
        if student.pending:
            row["marks_pending"] = student.pending
        out[student.student_id] = row
    return out


EMPTY_MARKS: Mapping[str, Any] = {
    "points": None,
    "max_points": None,
    "percent": None,
    "passed": None,
}


def add_marks_to_log(log: dict[str, Any], results: ResultsResponse) -> dict[str, Any]:
    """`log` (build_session_log's) with the marks in every attendance row; a student the
    results do not hold (a paper without questions) gets nulls. Returns the same dict."""
    marks = attendance_marks(results)
    for row in log.get("attendance", []):
        row.update(marks.get(row.get("student_id", ""), EMPTY_MARKS))
    return log
