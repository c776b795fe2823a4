"""One entry point for marking any question, and a student's whole paper.

`mark_question` applies the rules for choice, multi and short questions (pure, cheap: fine
in the server's process) and sends code to a sandbox (call it from a worker process; the
pool does). `mark_paper` sums a student's marks, applying the proctor's overrides last so
they survive every re-marking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from proctor.marking.code import mark_code
from proctor.marking.results import Override, QuestionResult, Totals
from proctor.marking.rules import apply_override, mark_choice, mark_multi, mark_short, totals
from proctor.marking.sandbox.host import JobRunner
from proctor.marking.specs import ChoiceSpec, CodeSpec, MultiSpec, QuestionSpec, ShortSpec


def mark_question(
    spec: QuestionSpec,
    answer: Any = None,
    files: Mapping[str, str] | None = None,
    sandbox: JobRunner | None = None,
) -> QuestionResult:
    """Mark one question of one student: `answer` for choice/multi/short, `files` (name ->
    text) for code, which needs a sandbox."""
    if isinstance(spec, ChoiceSpec):
        return mark_choice(spec, answer)
    if isinstance(spec, MultiSpec):
        return mark_multi(spec, answer)
    if isinstance(spec, ShortSpec):
        return mark_short(spec, answer)
    if isinstance(spec, CodeSpec):
        if sandbox is None:
            raise ValueError("a code question is marked in a sandbox")
        return mark_code(spec, files or {}, sandbox)
    raise TypeError(f"not a question spec: {type(spec).__name__}")


def mark_paper(
    marks: Mapping[str, QuestionResult],
    overrides: Mapping[str, Override],
    pass_percent: float | None,
    max_points: float | None = None,
) -> Totals:
    """Totals over the automatic marks with the proctor's overrides applied on top."""
    applied = {qid: apply_override(r, overrides.get(qid)) for qid, r in marks.items()}
    return totals(applied, pass_percent, max_points)
