"""What a student sees once the proctor releases the results (GET /rooms/{room}/result),
as the paper's `feedback` allows, and the sentences that say it.

- none: `released` and a sentence, nothing else;
- score: also points, max_points, percent and passed;
- full: also each question's status and points, the outcome of its visible cases, and how
  many hidden cases passed. Never a hidden case's input, output or message, never a line of
  a hidden test (a test's failure message quotes its source), never the right answers and
  never an override's reason (the proctor writes those for the record).

While a student's marks are not all in, the body says so (`ready: false`) and shows no
points: a student never sees a half-added score.
"""

from __future__ import annotations

from proctor.common.marks import (
    Feedback,
    QuestionMark,
    ResultCase,
    ResultQuestion,
    ResultResponse,
    StudentResult,
)

NOT_RELEASED = "Your results are not released yet."
NO_RESULT = "There is no result for you in this room."
MARKING = "Your work is still being marked. Look again in a minute."
RELEASED_NONE = "Your work has been marked. Your teacher will give you your results."
SCORE = "You scored {points} of {max_points} points ({percent}%)."
SCORE_PASSED = "You scored {points} of {max_points} points ({percent}%): a pass."
SCORE_NOT_PASSED = "You scored {points} of {max_points} points ({percent}%): not a pass."


def number(value: float) -> str:
    """Points and percents as people write them: 7.5, 10, 66.67 (never 10.0)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def score_sentence(result: StudentResult) -> str:
    template = {None: SCORE, True: SCORE_PASSED, False: SCORE_NOT_PASSED}[result.passed]
    return template.format(
        points=number(result.points),
        max_points=number(result.max_points),
        percent=number(result.percent),
    )


def student_view(
    feedback: Feedback, result: StudentResult | None, released: bool
) -> ResultResponse:
    """The body of GET /rooms/{room}/result for one student."""
    if not released:
        return ResultResponse(released=False, message=NOT_RELEASED)
    if feedback == "none":
        return ResultResponse(released=True, message=RELEASED_NONE, feedback="none")
    if result is None:
        return ResultResponse(released=True, message=NO_RESULT, feedback=feedback, ready=False)
    if result.pending:
        return ResultResponse(released=True, message=MARKING, feedback=feedback, ready=False)
    body = ResultResponse(
        released=True,
        message=score_sentence(result),
        feedback=feedback,
        ready=True,
        points=result.points,
        max_points=result.max_points,
        percent=result.percent,
        passed=result.passed,
    )
    if feedback == "full":
        body.questions = [_question(qid, mark) for qid, mark in result.questions.items()]
    return body


def _question(qid: str, mark: QuestionMark) -> ResultQuestion:
    hidden = [c for c in mark.cases if c.hidden]
    return ResultQuestion(
        id=qid,
        status=mark.status,
        points=mark.points,
        max_points=mark.max_points,
        cases=[
            ResultCase(name=c.name, passed=c.passed, message=c.message)
            for c in mark.cases
            if not c.hidden
        ],
        hidden_passed=sum(1 for c in hidden if c.passed),
        hidden_total=len(hidden),
        overridden=mark.override is not None,
    )
