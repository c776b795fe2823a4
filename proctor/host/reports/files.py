"""The results part of an export folder: grades.csv, results.json, report.pdf and
reports/<reg no>.pdf, from a paper and each student's marked work.

Qt-free to import; the PDFs are drawn by `proctor.host.reports.ui.pdf`, loaded only when
they are written, in the running Qt application or an offscreen one it creates.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proctor.common.protocol import Action, Incident
from proctor.host.layout import student_file_stem
from proctor.host.reports.class_report import class_report
from proctor.host.reports.student_report import student_report
from proctor.host.reports.words import ReportSession
from proctor.paper.exam import ExamPaper
from proctor.results.grades import grades_csv_bytes, results_json
from proctor.results.sheets import answer_sheet, results_body
from proctor.results.stats import analytics_body, similarity_body
from proctor.results.work import StudentWork

GRADES_CSV = "grades.csv"
RESULTS_JSON = "results.json"
CLASS_PDF = "report.pdf"
STUDENT_PDFS = "reports"


def report_names(works: Sequence[StudentWork]) -> dict[str, str]:
    """Each student's PDF name: the reg. no as a safe file stem ("CS/2021/045" ->
    "CS_2021_045.pdf"); two numbers that map to one stem get the student id appended."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for work in works:
        stem = student_file_stem(work.reg_no)
        if stem.casefold() in used:
            stem = f"{stem}_{student_file_stem(work.student_id)}"
        used.add(stem.casefold())
        names[work.student_id] = f"{stem}.pdf"
    return names


def write_result_files(
    out_dir: Path,
    paper: ExamPaper,
    works: Sequence[StudentWork],
    session: ReportSession,
    *,
    released: bool = False,
    incidents: Sequence[Incident] = (),
    actions: Sequence[Action] = (),
    pdfs: bool = True,
) -> dict[str, Any]:
    """Write the files into `out_dir`; what was written (counts and pages)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = results_body(paper, works, released)
    (out_dir / GRADES_CSV).write_bytes(grades_csv_bytes(results))
    (out_dir / RESULTS_JSON).write_text(results_json(results), encoding="utf-8")
    written: dict[str, Any] = {"grades": len(results.students), "pending": results.pending}
    if not pdfs:
        return written
    from proctor.host.reports.ui.pdf import ensure_gui_app, render_pdf

    ensure_gui_app()
    report = class_report(
        session,
        results,
        analytics_body(paper, works),
        similarity_body(paper, works),
        incidents,
    )
    written["report_pages"] = render_pdf(report, out_dir / CLASS_PDF)
    folder = out_dir / STUDENT_PDFS
    names = report_names(works)
    for work in works:
        document = student_report(session, answer_sheet(paper, work), incidents, actions)
        render_pdf(document, folder / names[work.student_id])
    written["student_reports"] = len(works)
    return written
