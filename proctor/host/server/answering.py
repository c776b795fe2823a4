"""A paper with questions, served student by student: each student's variant (made from their
id at their first GET paper, kept with the student, served from then on: after a restart and
on another computer too) and the check of the answers a snapshot or hand-in carries against
it. A paper without questions has no variants; its bodies carry no answers, or `{}`."""

from __future__ import annotations

from typing import Any

from proctor.common.errors import ErrorCode
from proctor.host.server.engine import RoomEngine
from proctor.host.server.events import Event
from proctor.host.server.refusals import ApiError
from proctor.host.server.states import StudentState
from proctor.paper.answers import AnswerError, check_answers
from proctor.paper.exam import ExamPaper
from proctor.paper.variants import Variant, check_variant, make_variant

PROBLEMS_SHOWN = 5  # in a refusal's message; the rest are counted


class Variants:
    """The students' variants of one room's paper, parsed once each."""

    def __init__(self, paper: ExamPaper) -> None:
        self.paper = paper
        self._parsed: dict[str, Variant] = {}

    def stored(self, student: StudentState) -> Variant | None:
        """The variant kept with the student, or None (no questions, or not given yet)."""
        if student.variant is None:
            return None
        parsed = self._parsed.get(student.student_id)
        if parsed is None:
            parsed = self._parsed[student.student_id] = check_variant(self.paper, student.variant)
        return parsed

    def served(self, student: StudentState) -> tuple[Variant | None, bool]:
        """The student's variant and whether it is new (to be kept with `keep`): the stored
        one, or the one their id gives; (None, False) for a paper without questions."""
        if not self.paper.has_questions:
            return None, False
        stored = self.stored(student)
        if stored is not None:
            return stored, False
        return make_variant(self.paper, student.student_id), True

    def keep(self, engine: RoomEngine, student_id: str, variant: Variant) -> list[Event]:
        """Fix `variant` as the student's; the events to commit (none if they had one)."""
        events = engine.fix_variant(student_id, variant.to_json())
        if events:
            self._parsed[student_id] = variant
        return events


def checked_answers(
    paper: ExamPaper, variant: Variant | None, answers: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The answers to keep, as sent (None when the body carried none); 400 `invalid_answers`
    naming each question whose answer does not fit the student's variant (what the wire
    model cannot say: the body's shape was checked already, 400 `invalid_body`)."""
    if answers is None:
        return None
    try:
        check_answers(paper, variant, answers)
    except AnswerError as exc:
        shown = "; ".join(str(p) for p in exc.problems[:PROBLEMS_SHOWN])
        more = len(exc.problems) - PROBLEMS_SHOWN
        tail = f" (and {more} more problems)" if more > 0 else ""
        message = f"The answers cannot be kept: {shown}{tail}. Nothing was saved."
        raise ApiError(400, ErrorCode.INVALID_ANSWERS, message) from None
    return answers
