"""The proctor's results: GET admin/results (every student's points, percent, pass and
each question's mark) and GET admin/results/{sid} (one student's answer sheet: their
variant with their answers next to the right ones, each case's outcome, the overrides)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from proctor.common.marks import (
    AnswerSheet,
    CaseOutcome,
    MarkOverride,
    PaperQuestion,
    QuestionMark,
    ResultsResponse,
    SheetCase,
    SheetQuestion,
    StudentResult,
)
from proctor.marking.results import CaseResult, QuestionResult
from proctor.paper.check import points_range
from proctor.paper.exam import ExamPaper
from proctor.paper.model import ChoiceQuestion, CodeQuestion, MultiQuestion, ShortQuestion
from proctor.paper.variants import option_texts
from proctor.results.work import StudentWork, applied_marks, student_totals, variant_of


def question_mark(result: QuestionResult) -> QuestionMark:
    """A mark on the wire: PAPER.md's shape (cases without outputs; they are on the sheet)."""
    override = result.override
    return QuestionMark(
        points=result.points,
        max_points=result.max_points,
        status=result.status,
        cases=[
            CaseOutcome(name=c.name, passed=c.passed, hidden=c.hidden, message=c.message)
            for c in result.cases
        ],
        override=MarkOverride(points=override.points, reason=override.reason) if override else None,
        auto_points=result.auto_points if override else None,
        message=result.message,
    )


def student_result(paper: ExamPaper, work: StudentWork) -> StudentResult:
    totals = student_totals(paper, work)
    return StudentResult(
        student_id=work.student_id,
        reg_no=work.reg_no,
        name=work.name,
        points=totals.points,
        max_points=totals.max_points,
        percent=totals.percent,
        passed=totals.passed,
        from_snapshot=work.from_snapshot,
        questions={qid: question_mark(r) for qid, r in totals.by_question.items()},
        pending=totals.pending,
    )


def paper_questions(paper: ExamPaper) -> list[PaperQuestion]:
    return [
        PaperQuestion(id=q.id, type=q.spec.type, points=float(q.spec.points), pool=q.spec.pool)
        for q in paper.questions
    ]


def results_body(
    paper: ExamPaper, works: Iterable[StudentWork], released: bool = False
) -> ResultsResponse:
    """GET admin/results. `max_points` is the most a variant is worth: every variant's worth
    when the pools draw questions of equal points (each student's own is in their row)."""
    students = [student_result(paper, work) for work in works]
    return ResultsResponse(
        released=released,
        pending=sum(1 for s in students if s.pending),
        max_points=float(points_range(paper)[1]),
        students=students,
        title=paper.title,
        feedback=paper.feedback,
        pass_percent=paper.pass_percent,
        questions=paper_questions(paper),
    )


def answer_sheet(paper: ExamPaper, work: StudentWork) -> AnswerSheet:
    """GET admin/results/{sid}: the student's variant, in their order, with their answers,
    the right ones and every case (a visible case with its input, expected and actual
    output; the proctor also reads the hidden cases' messages)."""
    variant = variant_of(paper, work)
    totals = student_totals(paper, work)
    questions = []
    for qid, result in applied_marks(paper, work).items():
        loaded = paper.question(qid)
        spec = loaded.spec
        override = result.override
        entry: dict[str, Any] = {
            "id": qid,
            "type": spec.type,
            "text": loaded.text,
            "points": result.points,
            "max_points": result.max_points,
            "status": result.status,
            "override": MarkOverride(points=override.points, reason=override.reason)
            if override
            else None,
            "auto_points": result.auto_points if override else None,
            "message": result.message,
        }
        answer = work.answers.get(qid)
        if isinstance(spec, ChoiceQuestion):
            entry |= {
                "options": option_texts(paper, variant, qid),
                "answer": answer if isinstance(answer, str) else None,
                "right_answer": spec.answer,
            }
        elif isinstance(spec, MultiQuestion):
            options = option_texts(paper, variant, qid) or []
            chosen = [a for a in answer if isinstance(a, str)] if isinstance(answer, list) else []
            entry |= {
                "options": options,
                "answer": chosen or None,
                "right_answer": [o for o in options if o in spec.answer],
            }
        elif isinstance(spec, ShortQuestion):
            entry |= {
                "answer": answer if isinstance(answer, str) else None,
                "right_answer": list(spec.answer),
                "match": spec.match,
                "tolerance": spec.tolerance if spec.match == "number" else None,
            }
        else:
            assert isinstance(spec, CodeQuestion)
            entry |= {
                "language": spec.language,
                "files": {name: work.files.get(name, "") for name in spec.files},
                "cases": _sheet_cases(spec, result.cases),
            }
        questions.append(SheetQuestion.model_validate(entry))
    return AnswerSheet(
        student_id=work.student_id,
        reg_no=work.reg_no,
        name=work.name,
        points=totals.points,
        max_points=totals.max_points,
        percent=totals.percent,
        passed=totals.passed,
        from_snapshot=work.from_snapshot,
        pending=totals.pending,
        questions=questions,
        title=paper.title,
        sha256=work.sha256,
        received_ms=work.received_ms,
    )


def _sheet_cases(spec: CodeQuestion, cases: tuple[CaseResult, ...]) -> list[SheetCase]:
    """The marked cases; stdin/stdout cases are named "case N" after their place in the
    paper (proctor.marking.paper_specs), which finds their input and expected output."""
    by_name = {f"case {n}": case for n, case in enumerate(spec.cases, start=1)}
    out = []
    for case in cases:
        sheet = SheetCase(
            name=case.name, passed=case.passed, hidden=case.hidden, message=case.message
        )
        source = by_name.get(case.name)
        if source is not None and not source.hidden and not case.hidden:
            sheet.input, sheet.expected, sheet.output = source.input, source.output, case.output
        out.append(sheet)
    return out
