"""What a student is sent: their variant's questions in PAPER.md's shape, and nothing hidden:
no answer, hidden test, hidden case or runner can appear in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proctor.common.protocol import Paper
from proctor.paper.load import load_paper
from proctor.paper.model import ChoiceQuestion, CodeQuestion, MultiQuestion
from proctor.paper.variants import make_variant
from proctor.paper.view import student_paper
from tests.helpers.paper_secrets import hidden_texts
from tests.paper.helpers import MIXED

STUDENTS = [f"s{n}" for n in range(30)]
QUESTION_KEYS = {"id", "type", "text", "points", "options", "files", "examples", "cases", "tags"}
CODE_KEYS = QUESTION_KEYS | {"main", "language"}  # which file the cases run, and how


def keys_of(question: dict) -> set[str]:
    return CODE_KEYS if question["type"] == "code" else QUESTION_KEYS


def views(folder: Path = MIXED, overrides: dict[str, str] | None = None) -> list[str]:
    paper = load_paper(folder, overrides=overrides)
    return [student_paper(paper, make_variant(paper, s)).model_dump_json() for s in STUDENTS]


def test_the_view_has_the_question_shape_of_paper_md() -> None:
    paper = load_paper(MIXED)
    variant = make_variant(paper, "s1")
    body = json.loads(student_paper(paper, variant).model_dump_json())
    assert set(body) == {"title", "instructions", "files", "questions"}
    assert [q["id"] for q in body["questions"]] == variant.questions
    for question in body["questions"]:
        assert set(question) == keys_of(question)
        spec = paper.question(question["id"]).spec
        assert question["type"] == spec.type and question["points"] == spec.points
        assert question["tags"] == spec.tags
        if isinstance(spec, ChoiceQuestion | MultiQuestion):
            order = variant.options[spec.id]
            assert question["options"] == [spec.options[i] for i in order]
        else:
            assert question["options"] is None
        if isinstance(spec, CodeQuestion):
            assert question["files"] == spec.files
            assert all(name in body["files"] for name in spec.files)
            examples = paper.question(spec.id).examples
            assert question["examples"] == examples and examples
            visible = [{"input": c.input, "output": c.output} for c in spec.cases if not c.hidden]
            assert question["cases"] == visible and visible
        else:
            assert (question["files"], question["examples"], question["cases"]) == ([], None, [])
    Paper.model_validate(body)  # what a student app parses


def test_a_paper_without_questions_is_served_as_before() -> None:
    paper = load_paper(None)
    body = student_paper(paper, None)
    assert body.questions == [] and body.files == paper.files and body.title == paper.title
    with pytest.raises(ValueError):
        student_paper(load_paper(MIXED), None)


def test_nothing_hidden_appears_in_any_students_view() -> None:
    texts = views()
    hidden = hidden_texts(MIXED)
    assert len(hidden) > 20
    for text in texts:
        decoded = json.dumps(json.loads(text), ensure_ascii=False)  # as a client reads it
        for secret in hidden:
            assert secret not in text and secret not in decoded, secret
        for question in json.loads(text)["questions"]:
            assert set(question) == keys_of(question)  # no answer, hidden, tests, pool, match...


def test_changing_every_answer_and_hidden_part_changes_no_view() -> None:
    """The strongest form: the views do not depend on anything hidden at all."""
    toml = (MIXED / "paper.toml").read_text(encoding="utf-8")
    bank = (MIXED / "bank/dsa_basics.toml").read_text(encoding="utf-8")
    edits = [
        ('answer = "dict"', 'answer = "list"'),
        ('answer = ["merge sort", "insertion sort"]', 'answer = ["heapsort"]'),
        ('answer = ["4096"]', 'answer = ["4095"]'),
        ('answer = ["bisect"]', 'answer = ["halving"]'),
        ('output = "quokka 3\\nzebra 2\\n"', 'output = "other\\n"'),
        ('input = "70 10 90 30 50\\n"', 'input = "5\\n"'),
        ('match = "nocase"', 'match = "exact"'),
        ('"gcc", "-O2"', '"clang", "-O3"'),
    ]
    for old, new in edits:
        assert old in toml, old
        toml = toml.replace(old, new)
    bank = bank.replace('answer = "stack"', 'answer = "queue"').replace('"0", "zero"', '"1"')
    overrides = {
        "paper.toml": toml,
        "bank/dsa_basics.toml": bank,
        "tests/word_counts_hidden.py": "def test_other():\n    assert 1\n",
        "tests/running_median_hidden.py": "def test_else():\n    assert 2\n",
    }
    assert views(MIXED, overrides) == views(MIXED)
