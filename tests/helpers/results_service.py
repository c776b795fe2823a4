"""A ResultsService answered in this process from real marks (tests/helpers/sample_marks),
through the same builders the room server calls for its admin endpoints: the Results view
is tested with the bodies it will get, without a server that has those endpoints yet.
Answers arrive on the GUI thread's next turn, as the admin client's do."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from proctor.common.marks import GradeResponse, ReleaseResponse
from proctor.host.dashboard.ui.results_service import ResultsService
from proctor.paper.exam import ExamPaper
from proctor.results.sheets import answer_sheet, results_body, student_result
from proctor.results.stats import analytics_body, similarity_body, similarity_detail
from proctor.results.work import StudentWork, check_override_request, variant_of


class LocalResultsService(ResultsService):
    def __init__(
        self, paper: ExamPaper, works: list[StudentWork], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.paper = paper
        self.works = {w.student_id: w for w in works}
        self.released = False
        self.calls: list[tuple[Any, ...]] = []

    def _answer(
        self,
        make: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        def run() -> None:
            try:
                value = make()
            except (KeyError, ValueError) as exc:
                on_error(exc)
                return
            on_done(value)

        QTimer.singleShot(0, run)

    def results(self, on_done: Any, on_error: Any) -> None:
        self.calls.append(("results",))
        works = list(self.works.values())
        self._answer(lambda: results_body(self.paper, works, self.released), on_done, on_error)

    def answer_sheet(self, student_id: str, on_done: Any, on_error: Any) -> None:
        self.calls.append(("answer_sheet", student_id))
        self._answer(lambda: answer_sheet(self.paper, self.works[student_id]), on_done, on_error)

    def analytics(self, on_done: Any, on_error: Any) -> None:
        self.calls.append(("analytics",))
        works = list(self.works.values())
        self._answer(lambda: analytics_body(self.paper, works), on_done, on_error)

    def similarity(self, on_done: Any, on_error: Any) -> None:
        self.calls.append(("similarity",))
        works = list(self.works.values())
        self._answer(lambda: similarity_body(self.paper, works), on_done, on_error)

    def similarity_pair(
        self, question_id: str, a: str, b: str, on_done: Any, on_error: Any
    ) -> None:
        self.calls.append(("similarity_pair", question_id, a, b))
        self._answer(
            lambda: similarity_detail(self.paper, question_id, self.works[a], self.works[b]),
            on_done,
            on_error,
        )

    def set_override(
        self,
        student_id: str,
        question_id: str,
        points: float | None,
        reason: str,
        on_done: Any,
        on_error: Any,
    ) -> None:
        self.calls.append(("set_override", student_id, question_id, points, reason))

        def apply() -> Any:
            work = self.works[student_id]
            override = check_override_request(self.paper, work, question_id, points, reason)
            overrides = dict(work.overrides)
            if override is None:
                overrides.pop(question_id, None)
            else:
                overrides[question_id] = override
            self.works[student_id] = dataclasses.replace(work, overrides=overrides)
            return student_result(self.paper, self.works[student_id])

        self._answer(apply, on_done, on_error)

    def grade(self, student_id: str | None, on_done: Any, on_error: Any) -> None:
        self.calls.append(("grade", student_id))
        chosen = [self.works[student_id]] if student_id else list(self.works.values())
        total = sum(len(variant_of(self.paper, w).questions) for w in chosen)

        def progress(done: int) -> None:
            self.gradingProgressed.emit(done, total)
            if done < total:
                QTimer.singleShot(0, lambda: progress(min(total, done + 10)))

        self._answer(lambda: GradeResponse(queued=total), on_done, on_error)
        QTimer.singleShot(0, lambda: progress(0))

    def release(self, on_done: Any, on_error: Any) -> None:
        self.calls.append(("release",))

        def do() -> ReleaseResponse:
            self.released = True
            return ReleaseResponse(released=True, feedback=self.paper.feedback)

        self._answer(do, on_done, on_error)
