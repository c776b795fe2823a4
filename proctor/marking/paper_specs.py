"""From a loaded paper to the marking engine's specs: the one adapter between the paper's
models and the engine's own inputs.

Every question a paper holds must become a spec, or the paper cannot be marked: `paper_specs`
refuses such a paper with each question named, as the loader refuses a broken one.
"""

from __future__ import annotations

import sys

from proctor.marking.specs import (
    CaseSpec,
    ChoiceSpec,
    CodeSpec,
    MultiSpec,
    QuestionSpec,
    RunnerSpec,
    ShortSpec,
)
from proctor.paper.exam import ExamPaper, LoadedQuestion
from proctor.paper.model import ChoiceQuestion, CodeQuestion, MultiQuestion, ShortQuestion
from proctor.paper.problems import PaperError, Problem


def question_spec(
    paper: ExamPaper, question: LoadedQuestion, *, python: str = sys.executable
) -> QuestionSpec:
    """The marking spec of one question; ValueError if it cannot be marked."""
    spec = question.spec
    points = float(spec.points)
    if isinstance(spec, ChoiceQuestion):
        return ChoiceSpec(spec.id, tuple(spec.options), spec.answer, points)
    if isinstance(spec, MultiQuestion):
        return MultiSpec(spec.id, tuple(spec.options), tuple(spec.answer), points)
    if isinstance(spec, ShortQuestion):
        return ShortSpec(spec.id, tuple(spec.answer), spec.match, spec.tolerance, points)
    assert isinstance(spec, CodeQuestion)
    runner = None
    if spec.language != "python":
        chosen = paper.runners[spec.language]

        def expand(argv: list[str] | None) -> tuple[str, ...]:
            return tuple(part.replace("{python}", python) for part in argv or [])

        runner = RunnerSpec(run=expand(chosen.run), build=expand(chosen.build))
    cases = tuple(
        CaseSpec(case.input, case.output, case.hidden, name=f"case {number}")
        for number, case in enumerate(spec.cases, start=1)
    )
    return CodeSpec(
        spec.id,
        tuple(spec.files),
        main=spec.main or spec.files[0],
        language=spec.language,
        tests=question.tests,
        tests_name=question.tests_name or "tests.py",
        cases=cases,
        scoring=spec.scoring,
        time_limit_s=spec.time_limit_s,
        memory_mb=spec.memory_mb,
        points=points,
        runner=runner,
        starter=dict(question.starter),
    )


def paper_specs(paper: ExamPaper) -> dict[str, QuestionSpec]:
    """Every question's spec, by id; PaperError naming each question that cannot be marked."""
    specs: dict[str, QuestionSpec] = {}
    problems: list[Problem] = []
    for question in paper.questions:
        try:
            specs[question.id] = question_spec(paper, question)
        except ValueError as exc:
            message = f'question "{question.id}": cannot be marked: {exc}'
            problems.append(Problem(question.source, None, message))
    if problems:
        raise PaperError(problems)
    return specs
