"""What a student is sent: the paper of their variant as PROTOCOL.md's `Paper`, with
PAPER.md's `Question` list. Never an answer, a hidden test, a hidden case or a runner."""

from __future__ import annotations

from proctor.common.protocol import Paper, Question, QuestionCase
from proctor.paper.exam import ExamPaper, LoadedQuestion
from proctor.paper.model import CodeQuestion
from proctor.paper.variants import Variant, option_texts


def student_paper(paper: ExamPaper, variant: Variant | None) -> Paper:
    """The body of GET paper for a student with `variant` (None for a paper without
    questions). `files` holds the starter files of the variant's code questions, in order."""
    if not paper.has_questions:
        return Paper(title=paper.title, instructions=paper.instructions, files=dict(paper.files))
    if variant is None:
        raise ValueError("a paper with questions is served by variant")
    questions = [student_question(paper, variant, qid) for qid in variant.questions]
    files: dict[str, str] = {}
    for question_id in variant.questions:
        files.update(paper.question(question_id).starter)
    return Paper(
        title=paper.title, instructions=paper.instructions, files=files, questions=questions
    )


def student_question(paper: ExamPaper, variant: Variant, question_id: str) -> Question:
    question = paper.question(question_id)
    spec = question.spec
    code = isinstance(spec, CodeQuestion)
    main = language = None
    if isinstance(spec, CodeQuestion):
        main, language = spec.main or spec.files[0], spec.language
    return Question(
        id=spec.id,
        type=spec.type,
        text=question.text,
        points=spec.points,
        options=option_texts(paper, variant, question_id),
        files=list(question.starter) if code else [],
        examples=dict(question.examples) if question.examples is not None else None,
        cases=visible_cases(question),
        tags=dict(spec.tags),
        main=main,
        language=language,
    )


def visible_cases(question: LoadedQuestion) -> list[QuestionCase]:
    spec = question.spec
    if not isinstance(spec, CodeQuestion):
        return []
    return [QuestionCase(input=c.input, output=c.output) for c in spec.cases if not c.hidden]
