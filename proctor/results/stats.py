"""The class as a whole: GET admin/analytics (through `proctor.marking.analytics.analyze`)
and GET admin/similarity with one pair side by side (through `proctor.marking.similarity`,
the starter code taken away)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from proctor.common.marks import (
    AnalyticsResponse,
    LineRange,
    PairSide,
    SimilarityDetail,
    SimilarityResponse,
)
from proctor.marking.analytics import analyze
from proctor.marking.results import QuestionResult
from proctor.marking.similarity import matching_lines, similar_pairs, similarity_report
from proctor.paper.exam import ExamPaper, LoadedQuestion
from proctor.paper.model import CodeQuestion
from proctor.results.work import StudentWork, applied_marks, student_totals, variant_of

TOP_PAIRS = 50


def analytics_body(paper: ExamPaper, works: Iterable[StudentWork]) -> AnalyticsResponse:
    """GET admin/analytics over the students whose marks are all in (`pending` counts the
    others: figures over half-marked papers would mislead)."""
    marks: list[dict[str, QuestionResult]] = []
    percents: list[float] = []
    passed: list[bool] = []
    left_out = 0
    for work in works:
        totals = student_totals(paper, work)
        if totals.pending:
            left_out += 1
            continue
        marks.append(applied_marks(paper, work))
        percents.append(totals.percent)
        if totals.passed is not None:
            passed.append(totals.passed)
    max_points = {q.id: float(q.spec.points) for q in paper.questions}
    body = analyze(marks, max_points, percents)
    kinds = {q.id: q.spec.type for q in paper.questions}
    for question in body["questions"]:
        question["type"] = kinds[question["id"]]
    body["pass_rate"] = round(sum(passed) / len(passed), 4) if passed else None
    body["pending"] = left_out
    return AnalyticsResponse.model_validate(body)


def code_submissions(
    paper: ExamPaper, question: LoadedQuestion, works: Iterable[StudentWork]
) -> dict[str, dict[str, str]]:
    """{student_id: {file: text}} of the students who had this code question."""
    assert isinstance(question.spec, CodeQuestion)
    names = question.spec.files
    out: dict[str, dict[str, str]] = {}
    for work in works:
        if question.id in variant_of(paper, work).questions:
            files = {n: work.files[n] for n in names if isinstance(work.files.get(n), str)}
            if any(text.strip() for text in files.values()):
                out[work.student_id] = files
    return out


def similarity_body(
    paper: ExamPaper, works: Sequence[StudentWork], top: int = TOP_PAIRS
) -> SimilarityResponse:
    """GET admin/similarity: the most similar pairs over every code question, best first."""
    questions: dict[str, tuple[str, Mapping[str, Mapping[str, str]], Mapping[str, str] | None]] = {}
    for question in paper.code_questions():
        assert isinstance(question.spec, CodeQuestion)
        submissions = code_submissions(paper, question, works)
        questions[question.id] = (question.spec.language, submissions, question.starter)
    return SimilarityResponse.model_validate(similarity_report(questions, top=top))


def similarity_detail(
    paper: ExamPaper, question_id: str, a: StudentWork, b: StudentWork
) -> SimilarityDetail:
    """GET admin/similarity/{qid}/{a}/{b}: both students' files for the question and the line
    ranges they share. `score` is of the two alone (the class-wide one also discounts what
    more than half the class shares). ValueError when either lacks the question."""
    question = paper.question(question_id)
    if not isinstance(question.spec, CodeQuestion):
        raise ValueError(f'question "{question_id}" is not a code question')
    submissions = code_submissions(paper, question, [a, b])
    for work in (a, b):
        if work.student_id not in submissions:
            raise ValueError(f'{work.name} has no code for question "{question_id}"')
    language, starter = question.spec.language, question.starter
    files_a, files_b = submissions[a.student_id], submissions[b.student_id]
    pairs = similar_pairs({a.student_id: files_a, b.student_id: files_b}, language, starter)
    lines = matching_lines(files_a, files_b, language, starter)
    score = pairs[0]["score"] if pairs else 0.0
    return SimilarityDetail(
        question=question_id,
        score=float(score) if isinstance(score, int | float) else 0.0,
        a=_side(a, files_a, lines["a"]),
        b=_side(b, files_b, lines["b"]),
    )


def _side(work: StudentWork, files: dict[str, str], lines: list[dict[str, object]]) -> PairSide:
    return PairSide(
        student_id=work.student_id,
        reg_no=work.reg_no,
        name=work.name,
        files=files,
        lines=[LineRange.model_validate(r) for r in lines],
    )
