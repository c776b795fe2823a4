"""Wire models of marks (PAPER.md "Wire additions"): the bodies of GET admin/results, GET
admin/results/{sid} (a student's answer sheet), PUT admin/results/{sid}/{qid}, POST
admin/grade, POST admin/release, GET admin/analytics, GET admin/similarity and its pair view,
and GET /rooms/{room}/result (what a student sees once results are released).

PAPER.md's names are kept exactly; fields beyond them are marked "additive". They live
beside `protocol.py` (which holds every other body) to keep that module readable.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from proctor.common.protocol import MAX_REASON_CHARS, Model, Reason

MarkStatus = Literal["correct", "partial", "wrong", "unanswered", "error", "pending"]
Feedback = Literal["none", "score", "full"]
QuestionKind = Literal["choice", "multi", "short", "code"]


def _none(value: object) -> bool:
    return value is None


# -- GET admin/results ----------------------------------------------------------------------


class CaseOutcome(Model):
    """One hidden test function or stdin/stdout case of a code question."""

    name: str
    passed: bool
    hidden: bool
    message: str = ""


class MarkOverride(Model):
    points: float
    reason: str


class QuestionMark(Model):
    points: float
    max_points: float
    status: MarkStatus
    cases: list[CaseOutcome] = Field(default_factory=list)
    override: MarkOverride | None = None
    # additive: the automatic mark under an override, and why (error, unanswered)
    auto_points: float | None = Field(default=None, exclude_if=_none)
    message: str = Field(default="", exclude_if=lambda v: not v)


class StudentResult(Model):
    student_id: str
    reg_no: str
    name: str
    points: float
    max_points: float  # of this student's variant
    percent: float
    passed: bool | None  # None when the paper has no pass mark
    from_snapshot: bool  # marked on the last autosave: the student never handed in
    questions: dict[str, QuestionMark]  # in the student's order
    pending: int = 0  # additive: questions not marked yet


class PaperQuestion(Model):
    """additive: a question of the paper as the results list it (columns, grades.csv)."""

    id: str
    type: QuestionKind
    points: float
    pool: str | None = None


class ResultsResponse(Model):
    released: bool
    pending: int  # students with a question not marked yet
    max_points: float  # the most a variant is worth (every variant, without pools)
    students: list[StudentResult]
    # additive
    title: str = ""
    feedback: Feedback = "none"
    pass_percent: float | None = None
    questions: list[PaperQuestion] = Field(default_factory=list)  # the paper's order


# -- GET admin/results/{sid}: one student's answer sheet (additive endpoint) ----------------


class SheetCase(CaseOutcome):
    """A case on the proctor's answer sheet: a visible stdin/stdout case also shows its input,
    the output expected and the program's own (hidden ones only their name and outcome)."""

    input: str | None = None
    expected: str | None = None
    output: str | None = None


class SheetQuestion(Model):
    id: str
    type: QuestionKind
    text: str  # Markdown
    points: float  # awarded (after an override)
    max_points: float
    status: MarkStatus
    override: MarkOverride | None = None
    auto_points: float | None = None
    message: str = ""
    options: list[str] | None = None  # choice and multi, in this student's order
    answer: str | list[str] | None = None  # theirs
    right_answer: str | list[str] | None = None  # choice: the option; multi: all; short: accepted
    match: str | None = None  # short: exact | nocase | regex | number
    tolerance: float | None = None  # short, number
    language: str | None = None  # code
    files: dict[str, str] = Field(default_factory=dict)  # code: their files as marked
    cases: list[SheetCase] = Field(default_factory=list)


class AnswerSheet(Model):
    student_id: str
    reg_no: str
    name: str
    points: float
    max_points: float
    percent: float
    passed: bool | None
    from_snapshot: bool
    pending: int
    questions: list[SheetQuestion]  # the student's variant, in their order
    title: str = ""
    sha256: str | None = None  # of the work marked (the receipt's hash for a hand-in)
    received_ms: int | None = None  # the hand-in's (or the snapshot's) time


# -- PUT admin/results/{sid}/{qid}, POST admin/grade, POST admin/release ---------------------


class OverrideRequest(Model):
    """A proctor's mark over the automatic one; `points: null` removes the override (the
    automatic mark is back), still with a reason for the log."""

    points: Annotated[float, Field(ge=0, le=10_000)] | None
    reason: Annotated[Reason, Field(min_length=1, max_length=MAX_REASON_CHARS)]


class GradeRequest(Model):
    student_id: str | None = None  # one student, or everyone


class GradeResponse(Model):
    queued: int  # question marks queued
    paper_reread: bool = False  # additive: the paper was read again from its folder first


class ReleaseResponse(Model):
    released: bool
    feedback: Feedback


# -- GET admin/analytics ----------------------------------------------------------------------


class HistogramBin(Model):
    model_config = ConfigDict(extra="ignore", validate_by_name=True, serialize_by_alias=True)

    from_: float = Field(alias="from")
    to: float
    count: int


class TestPassRate(Model):
    name: str
    pass_rate: float  # of the students whose code ran it
    students: int


class QuestionAnalytics(Model):
    id: str
    facility: float | None
    discrimination: float | None
    mean_points: float
    max_points: float
    answered: int
    # additive
    check: bool = False  # discrimination below 0.3: "check this question"
    tests: list[TestPassRate] = Field(default_factory=list)  # per hidden test
    students: int = 0  # who had this question in their variant
    type: QuestionKind | None = None


class AnalyticsResponse(Model):
    histogram: list[HistogramBin]
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    questions: list[QuestionAnalytics]
    # additive
    students: int = 0
    pass_rate: float | None = None  # share of students at or above the pass mark
    pending: int = 0  # students left out: a question not marked yet


# -- GET admin/similarity, and one pair side by side (additive endpoint) --------------------


class SimilarPair(Model):
    a: str  # student ids
    b: str
    question: str
    score: float  # 0..1


class SimilarityResponse(Model):
    pairs: list[SimilarPair]


class LineRange(Model):
    model_config = ConfigDict(extra="ignore", validate_by_name=True, serialize_by_alias=True)

    file: str
    from_: int = Field(alias="from")
    to: int


class PairSide(Model):
    student_id: str
    reg_no: str
    name: str
    files: dict[str, str]
    lines: list[LineRange]  # the lines this side shares with the other


class SimilarityDetail(Model):
    """GET admin/similarity/{qid}/{a}/{b}: two students' code for one question with the
    matching lines (the starter's lines never count)."""

    question: str
    score: float
    a: PairSide
    b: PairSide


# -- GET /rooms/{room}/result: what a student sees --------------------------------------------


class ResultCase(Model):
    """A visible case's outcome, as the student sees it (hidden cases are only counted)."""

    name: str
    passed: bool
    message: str = ""


class ResultQuestion(Model):
    id: str
    status: MarkStatus
    points: float
    max_points: float
    cases: list[ResultCase] = Field(default_factory=list)  # visible cases only
    hidden_passed: int = 0
    hidden_total: int = 0
    overridden: bool = False  # a proctor set these points (the reason stays with them)


class ResultResponse(Model):
    """feedback none: `released` and a sentence; score: also points, max_points, percent and
    passed; full: also each question. Before the release, or while the marks are not all
    in (`ready: false`), only the sentence."""

    released: bool
    message: str
    feedback: Feedback | None = Field(default=None, exclude_if=_none)
    ready: bool | None = Field(default=None, exclude_if=_none)
    points: float | None = Field(default=None, exclude_if=_none)
    max_points: float | None = Field(default=None, exclude_if=_none)
    percent: float | None = Field(default=None, exclude_if=_none)
    passed: bool | None = Field(default=None, exclude_if=_none)
    questions: list[ResultQuestion] | None = Field(default=None, exclude_if=_none)


def dump(model: Model) -> dict[str, Any]:
    """A body as JSON-ready data (the aliases `from` of histograms and line ranges)."""
    return model.model_dump(mode="json", by_alias=True)
