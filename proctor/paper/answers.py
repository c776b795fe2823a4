"""Checking a student's `answers` ({qid: value}) against their variant before a host keeps
them: choice -> one of the student's option texts; multi -> a list of them, each once;
short -> text of at most MAX_ANSWER_CHARS; code -> null (its code is in `files`). null is
"not answered" for every type. Every problem is named with its question; a host answers 400
and keeps nothing."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from proctor.common.protocol import MAX_ANSWER_CHARS, MAX_ANSWERS
from proctor.paper.exam import ExamPaper
from proctor.paper.variants import Variant, option_texts

_LINE_BREAKS = frozenset("\n\r\t")


@dataclass(frozen=True)
class AnswerProblem:
    question: str
    message: str

    def __str__(self) -> str:
        return f'question "{self.question}": {self.message}'


class AnswerError(ValueError):
    """Answers a host must refuse; `problems` names each question and what is wrong."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def check_answers(
    paper: ExamPaper, variant: Variant | None, answers: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The answers as they are to be kept (a plain dict), or AnswerError with every problem."""
    if answers is None:
        return {}
    problems: list[AnswerProblem] = []
    in_variant = set(variant.questions) if variant is not None else set()
    in_paper = {q.id for q in paper.questions}
    if len(answers) > MAX_ANSWERS:
        raise AnswerError([AnswerProblem("*", f"more than {MAX_ANSWERS} answers")])
    for question_id, value in answers.items():
        if question_id not in in_variant:
            where = "your paper" if question_id in in_paper else "this paper"
            problems.append(AnswerProblem(str(question_id), f"is not a question of {where}"))
            continue
        assert variant is not None
        message = _problem(paper, variant, question_id, value)
        if message:
            problems.append(AnswerProblem(question_id, message))
    if problems:
        raise AnswerError(problems)
    return dict(answers)


def _problem(paper: ExamPaper, variant: Variant, question_id: str, value: Any) -> str | None:
    if value is None:
        return None
    kind = paper.question(question_id).spec.type
    options = option_texts(paper, variant, question_id) or []
    if kind == "choice":
        if not isinstance(value, str):
            return "a choice answer is the text of one option"
        return None if value in options else f"{_quote(value)} is not one of its options"
    if kind == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "a multi answer is a list of option texts"
        for item in value:
            if item not in options:
                return f"{_quote(item)} is not one of its options"
        if len(set(value)) != len(value):
            return "an option is chosen twice"
        return None
    if kind == "short":
        if not isinstance(value, str):
            return "a short answer is text"
        if len(value) > MAX_ANSWER_CHARS:
            return f"the answer is longer than {MAX_ANSWER_CHARS} characters"
        if any(unicodedata.category(c) == "Cc" and c not in _LINE_BREAKS for c in value):
            return "the answer holds control characters"
        return None
    return "a code question's answer is its files: send null"


def _quote(text: str) -> str:
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
