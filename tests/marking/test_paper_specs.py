"""The adapter from a loaded paper to the marking engine: the sample mixed paper, marked for
real, and a paper whose question the engine could not mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from proctor.common.paths import assets_dir
from proctor.marking.engine import mark_question
from proctor.marking.paper_specs import paper_specs
from proctor.marking.sandbox.host import Sandbox
from proctor.marking.specs import ChoiceSpec, CodeSpec, MultiSpec, ShortSpec
from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError

MIXED = assets_dir() / "sample_mixed_paper"


def test_every_question_of_the_mixed_paper_becomes_its_spec() -> None:
    paper = load_paper(MIXED)
    specs = paper_specs(paper)
    assert list(specs) == [q.id for q in paper.questions]
    for question in paper.questions:
        spec = specs[question.id]
        assert spec.points == float(question.spec.points)
        kind = {"choice": ChoiceSpec, "multi": MultiSpec, "short": ShortSpec, "code": CodeSpec}
        assert isinstance(spec, kind[question.spec.type])
    code = [s for s in specs.values() if isinstance(s, CodeSpec)]
    assert code and all(s.tests or s.cases for s in code)
    assert all(s.starter for s in code)


def test_a_choice_and_a_short_answer_are_marked_by_their_specs() -> None:
    paper = load_paper(MIXED)
    specs = paper_specs(paper)
    for question in paper.questions:
        spec = specs[question.id]
        if isinstance(spec, ChoiceSpec):
            assert mark_question(spec, spec.answer).status == "correct"
            wrong = next(o for o in spec.options if o != spec.answer)
            assert mark_question(spec, wrong).status == "wrong"
        elif isinstance(spec, ShortSpec):
            assert mark_question(spec, spec.accepted[0]).status == "correct"


@pytest.mark.slow
def test_the_reference_solutions_score_full_marks_and_the_starters_none(sandbox: Sandbox) -> None:
    paper = load_paper(MIXED)
    specs = paper_specs(paper)
    for spec in specs.values():
        if not isinstance(spec, CodeSpec):
            continue
        solution = {
            name: (MIXED / "solutions" / name).read_text(encoding="utf-8") for name in spec.files
        }
        assert mark_question(spec, None, solution, sandbox).points == spec.points
        assert mark_question(spec, None, dict(spec.starter), sandbox).points == 0


def test_a_paper_the_engine_cannot_mark_is_refused_naming_the_question(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "paper.toml").write_text(
        '[[questions]]\nid = "q1"\ntype = "code"\ntext = "Sum."\nfiles = ["a.py"]\n'
        '[[questions.cases]]\ninput = "1"\noutput = "1"\n',
        encoding="utf-8",
    )
    (folder / "a.py").write_text("print(input())\n", encoding="utf-8")
    paper = load_paper(folder)
    question = paper.questions[0]
    broken = paper.model_copy(
        update={"questions": [question.model_copy(update={"starter": {}, "tests": None})]}
    )
    broken.questions[0].spec.cases.clear()
    with pytest.raises(PaperError) as refused:
        paper_specs(broken)
    assert str(refused.value).startswith('paper.toml: question "q1": cannot be marked:')
