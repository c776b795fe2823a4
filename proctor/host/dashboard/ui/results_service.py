"""Where the Results view gets its data and sends the proctor's decisions: a small
interface of calls that answer on the GUI thread with the bodies of proctor.common.marks.

`AdminResultsService` is the real one: the room server's admin API through the dashboard's
service (GET admin/results, analytics, similarity; PUT admin/results/{sid}/{qid}; POST
admin/grade and admin/release) and the marking progress from the admin stream. Another
implementation (tests build one from real marks) only has to answer the same calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from proctor.common.marks import (
    AnalyticsResponse,
    AnswerSheet,
    GradeResponse,
    ReleaseResponse,
    ResultsResponse,
    SimilarityDetail,
    SimilarityResponse,
    StudentResult,
)
from proctor.host.dashboard.ui.service import DashboardService

T = TypeVar("T")
Done = Callable[[T], None]
Failed = Callable[[BaseException], None]


class ResultsService(QObject):
    """The calls the Results view makes. Each answers through `on_done` (or `on_error`) on
    the GUI thread, never blocking it."""

    gradingProgressed = Signal(int, int)  # done, total

    def results(self, on_done: Done[ResultsResponse], on_error: Failed) -> None:
        raise NotImplementedError

    def answer_sheet(self, student_id: str, on_done: Done[AnswerSheet], on_error: Failed) -> None:
        raise NotImplementedError

    def analytics(self, on_done: Done[AnalyticsResponse], on_error: Failed) -> None:
        raise NotImplementedError

    def similarity(self, on_done: Done[SimilarityResponse], on_error: Failed) -> None:
        raise NotImplementedError

    def similarity_pair(
        self, question_id: str, a: str, b: str, on_done: Done[SimilarityDetail], on_error: Failed
    ) -> None:
        raise NotImplementedError

    def set_override(
        self,
        student_id: str,
        question_id: str,
        points: float | None,
        reason: str,
        on_done: Done[StudentResult],
        on_error: Failed,
    ) -> None:
        """`points=None`: the automatic mark back."""
        raise NotImplementedError

    def grade(self, student_id: str | None, on_done: Done[GradeResponse], on_error: Failed) -> None:
        """Mark again one student, or everyone (None)."""
        raise NotImplementedError

    def release(self, on_done: Done[ReleaseResponse], on_error: Failed) -> None:
        raise NotImplementedError


class AdminResultsService(ResultsService):
    """The Results view's calls through the dashboard's admin client."""

    def __init__(self, service: DashboardService, parent: QObject | None = None) -> None:
        super().__init__(parent or service)
        self.service = service
        service.gradingProgressed.connect(self.gradingProgressed)

    def results(self, on_done: Done[ResultsResponse], on_error: Failed) -> None:
        self.service.run(lambda c: c.results(), on_done, on_error)

    def answer_sheet(self, student_id: str, on_done: Done[AnswerSheet], on_error: Failed) -> None:
        self.service.run(lambda c: c.answer_sheet(student_id), on_done, on_error)

    def analytics(self, on_done: Done[AnalyticsResponse], on_error: Failed) -> None:
        self.service.run(lambda c: c.analytics(), on_done, on_error)

    def similarity(self, on_done: Done[SimilarityResponse], on_error: Failed) -> None:
        self.service.run(lambda c: c.similarity(), on_done, on_error)

    def similarity_pair(
        self, question_id: str, a: str, b: str, on_done: Done[SimilarityDetail], on_error: Failed
    ) -> None:
        self.service.run(lambda c: c.similarity_pair(question_id, a, b), on_done, on_error)

    def set_override(
        self,
        student_id: str,
        question_id: str,
        points: float | None,
        reason: str,
        on_done: Done[StudentResult],
        on_error: Failed,
    ) -> None:
        self.service.run(
            lambda c: c.set_override(student_id, question_id, points, reason), on_done, on_error
        )

    def grade(self, student_id: str | None, on_done: Done[GradeResponse], on_error: Failed) -> None:
        self.service.run(lambda c: c.grade(student_id), on_done, on_error)

    def release(self, on_done: Done[ReleaseResponse], on_error: Failed) -> None:
        self.service.run(lambda c: c.release(), on_done, on_error)
