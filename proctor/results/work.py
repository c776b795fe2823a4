"""What the results are built from, as plain values: one student's identity, variant, the
work that was marked (answers and files, handed in or the last autosave), the automatic
marks and the proctor's overrides. A room server or the offline exporter fills these from
its store; everything in `proctor.results` works from them alone.

`applied_marks` is the one reading of a student's marks every body shares: their variant's
questions in their order, a question without a mark yet `pending`, overrides applied last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from proctor.marking.results import Override, QuestionResult, Totals, pending
from proctor.marking.rules import apply_override, check_override, totals
from proctor.paper.exam import ExamPaper
from proctor.paper.variants import Variant, make_variant


@dataclass(frozen=True)
class StudentWork:
    student_id: str
    reg_no: str
    name: str
    variant: Variant | None  # as stored at their first GET paper; None: made from the id
    answers: Mapping[str, Any] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    from_snapshot: bool = True  # no hand-in: the last autosave (or nothing) was marked
    marks: Mapping[str, QuestionResult] = field(default_factory=dict)  # automatic, by qid
    overrides: Mapping[str, Override] = field(default_factory=dict)
    sha256: str | None = None  # of the work marked
    received_ms: int | None = None  # when it reached the host


def variant_of(paper: ExamPaper, work: StudentWork) -> Variant:
    return work.variant if work.variant is not None else make_variant(paper, work.student_id)


def applied_marks(paper: ExamPaper, work: StudentWork) -> dict[str, QuestionResult]:
    """The student's marks in their variant's order, pending where none is in yet, with
    the proctor's overrides applied (an override that no longer fits its question, say after
    its points were lowered, is left out: the automatic mark stands)."""
    marks: dict[str, QuestionResult] = {}
    for qid in variant_of(paper, work).questions:
        top = float(paper.question(qid).spec.points)
        result = work.marks.get(qid) or pending(top)
        override = work.overrides.get(qid)
        if override is not None:
            try:
                result = apply_override(result, override)
            except ValueError:
                pass
        marks[qid] = result
    return marks


def student_totals(paper: ExamPaper, work: StudentWork) -> Totals:
    """Points, percent and pass over the student's own variant (overrides already in)."""
    marks = applied_marks(paper, work)
    return totals(marks, paper.pass_percent, sum(r.max_points for r in marks.values()))


def check_override_request(
    paper: ExamPaper, work: StudentWork, question_id: str, points: float | None, reason: str
) -> Override | None:
    """The override a PUT admin/results/{sid}/{qid} asks for (None: remove it), or ValueError
    with the sentence to answer 400 with."""
    variant = variant_of(paper, work)
    if question_id not in variant.questions:
        known = any(q.id == question_id for q in paper.questions)
        where = "this student's paper" if known else "this paper"
        raise ValueError(f'question "{question_id}" is not on {where}')
    if points is None:
        if not reason.strip():
            raise ValueError("an override needs a reason")
        return None
    top = float(paper.question(question_id).spec.points)
    return check_override(Override(float(points), reason), top)
