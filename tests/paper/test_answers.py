"""Checking a student's answers against their variant: what is kept, and every refusal
naming its question."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from proctor.common.protocol import MAX_ANSWER_CHARS, SubmitRequest, WorkRequest
from proctor.paper.answers import AnswerError, check_answers
from proctor.paper.exam import ExamPaper
from proctor.paper.load import load_paper
from proctor.paper.variants import Variant, make_variant, option_texts
from tests.paper.helpers import MIXED


@pytest.fixture(scope="module")
def paper() -> ExamPaper:
    return load_paper(MIXED)


@pytest.fixture(scope="module")
def variant(paper: ExamPaper) -> Variant:
    return make_variant(paper, "student-7")


def refusal(paper: ExamPaper, variant: Variant, answers: dict) -> list[str]:
    with pytest.raises(AnswerError) as refused:
        check_answers(paper, variant, answers)
    return [str(p) for p in refused.value.problems]


def full_answers(paper: ExamPaper, variant: Variant) -> dict:
    answers: dict = {}
    for qid in variant.questions:
        kind = paper.question(qid).spec.type
        options = option_texts(paper, variant, qid) or []
        answers[qid] = {
            "choice": options[-1] if options else None,
            "multi": options[:2],
            "short": "  some text\nover two lines ",
            "code": None,
        }[kind]
    return answers


def test_answers_of_every_type_are_kept_as_sent(paper: ExamPaper, variant: Variant) -> None:
    answers = full_answers(paper, variant)
    assert check_answers(paper, variant, answers) == answers
    assert check_answers(paper, variant, {}) == {} and check_answers(paper, variant, None) == {}
    unanswered = {qid: None for qid in variant.questions}
    assert check_answers(paper, variant, unanswered) == unanswered
    multi = next(q for q in variant.questions if paper.question(q).spec.type == "multi")
    assert check_answers(paper, variant, {multi: []}) == {multi: []}  # nothing ticked


def test_each_wrong_answer_is_named_with_its_question(paper: ExamPaper, variant: Variant) -> None:
    by_type = {paper.question(q).spec.type: q for q in variant.questions}
    choice, multi, short, code = (by_type[t] for t in ("choice", "multi", "short", "code"))
    options = option_texts(paper, variant, multi) or []
    left_out = next(q.id for q in paper.questions if q.spec.pool and q.id not in variant.questions)
    assert refusal(paper, variant, {choice: "not an option"}) == [
        f'question "{choice}": "not an option" is not one of its options'
    ]
    assert refusal(paper, variant, {choice: ["list"]}) == [
        f'question "{choice}": a choice answer is the text of one option'
    ]
    assert refusal(paper, variant, {multi: options[0]}) == [
        f'question "{multi}": a multi answer is a list of option texts'
    ]
    assert refusal(paper, variant, {multi: [options[0], "nope"]}) == [
        f'question "{multi}": "nope" is not one of its options'
    ]
    assert refusal(paper, variant, {multi: [options[0], options[0]]}) == [
        f'question "{multi}": an option is chosen twice'
    ]
    assert refusal(paper, variant, {short: 4096}) == [f'question "{short}": a short answer is text']
    assert refusal(paper, variant, {short: "x" * (MAX_ANSWER_CHARS + 1)}) == [
        f'question "{short}": the answer is longer than {MAX_ANSWER_CHARS} characters'
    ]
    assert refusal(paper, variant, {short: "a\x00b"}) == [
        f'question "{short}": the answer holds control characters'
    ]
    assert refusal(paper, variant, {code: "print(1)"}) == [
        f'question "{code}": a code question\'s answer is its files: send null'
    ]
    assert refusal(paper, variant, {"q404": "x"}) == [
        'question "q404": is not a question of this paper'
    ]
    assert refusal(paper, variant, {left_out: None}) == [
        f'question "{left_out}": is not a question of your paper'
    ]


def test_every_problem_is_reported_together(paper: ExamPaper, variant: Variant) -> None:
    answers = full_answers(paper, variant)
    code = next(q for q in variant.questions if paper.question(q).spec.type == "code")
    answers.update({"nope": None, code: "x"})
    problems = refusal(paper, variant, answers)
    assert sorted(problems) == sorted(
        [
            'question "nope": is not a question of this paper',
            f'question "{code}": a code question\'s answer is its files: send null',
        ]
    )


def test_a_paper_without_questions_takes_no_answers() -> None:
    plain = load_paper(None)
    assert check_answers(plain, None, {}) == {}
    assert refusal(plain, None, {"q1": "x"}) == ['question "q1": is not a question of this paper']  # type: ignore[arg-type]


def test_the_wire_models_bound_answers() -> None:
    body = WorkRequest.model_validate({"seq": 1, "files": {}, "answers": {"q1": "a", "q2": ["x"]}})
    assert body.answers == {"q1": "a", "q2": ["x"]}
    assert WorkRequest.model_validate({"seq": 1, "files": {}}).answers is None
    assert SubmitRequest.model_validate({"files": {}, "answers": {"c": None}}).answers == {
        "c": None
    }
    for bad in (
        {"bad id": "x"},
        {"q": 3},
        {"q": {"a": 1}},
        {"q": "x" * (MAX_ANSWER_CHARS + 1)},
        {"q": ["a"] * 21},
        {f"q{n}": None for n in range(501)},
    ):
        with pytest.raises(ValidationError):
            WorkRequest.model_validate({"seq": 1, "files": {}, "answers": bad})
