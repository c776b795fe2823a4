"""Variants: fixed by the student id and the paper, the same after a reload, different
between students when shuffling, exactly `draw` questions from each pool."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from proctor.paper.load import load_paper
from proctor.paper.variants import (
    Stream,
    Variant,
    VariantError,
    check_variant,
    count_variants,
    make_variant,
    option_texts,
)
from tests.paper.helpers import MIXED, make_paper

STUDENTS = [f"student-{n}" for n in range(40)]


def test_the_same_student_always_gets_the_same_variant() -> None:
    first = [make_variant(load_paper(MIXED), s) for s in STUDENTS]
    again = [make_variant(load_paper(MIXED), s) for s in STUDENTS]  # a fresh load: a restart
    assert first == again


def test_a_variant_is_the_same_in_another_process() -> None:
    """A host restart or another computer: nothing but the ids and the paper seed it."""
    code = (
        "import json, sys; from proctor.paper.load import load_paper; "
        "from proctor.paper.variants import make_variant; "
        f"p = load_paper(__import__('pathlib').Path({str(MIXED)!r})); "
        "print(json.dumps([make_variant(p, s).to_json() for s in sys.argv[1:]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *STUDENTS[:5]],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    ).stdout
    paper = load_paper(MIXED)
    assert json.loads(out) == [make_variant(paper, s).to_json() for s in STUDENTS[:5]]


def test_the_random_stream_is_pinned() -> None:
    """SHA-256 in counter mode: these numbers must never change, or a paper would be drawn
    differently by another version of Proctor for a student whose variant was not stored."""
    stream = Stream("paper", "student")
    assert [stream.below(1000) for _ in range(5)] == [416, 307, 367, 338, 487]
    assert Stream("a").shuffled(range(10)) == [1, 8, 5, 0, 7, 3, 6, 2, 9, 4]
    assert Stream("a").sample("abcdefgh", 3) == ["b", "f", "h"]  # kept in their order


PINNED_PAPER = """
title = "Pinned"
shuffle_questions = true
shuffle_options = true

[[pools]]
id = "p"
draw = 2

[[questions]]
id = "a"
type = "choice"
text = "A"
options = ["1", "2", "3", "4"]
answer = "1"

[[questions]]
id = "b"
type = "short"
text = "B"
answer = "x"
pool = "p"

[[questions]]
id = "c"
type = "short"
text = "C"
answer = "x"
pool = "p"

[[questions]]
id = "d"
type = "multi"
text = "D"
options = ["1", "2", "3"]
answer = ["1"]
pool = "p"
"""


def test_a_variant_is_pinned(tmp_path: Path) -> None:
    """What a paper and a student id give must not change between versions."""
    paper = load_paper(make_paper(tmp_path / "p", PINNED_PAPER))
    assert make_variant(paper, "student-0").to_json() == {
        "questions": ["d", "b", "a"],
        "options": {"d": [0, 1, 2], "a": [1, 0, 2, 3]},
    }
    assert make_variant(paper, "student-1").to_json() == {
        "questions": ["a", "d", "c"],
        "options": {"a": [2, 1, 0, 3], "d": [0, 1, 2]},
    }


def test_students_differ_when_shuffling() -> None:
    paper = load_paper(MIXED)
    variants = [make_variant(paper, s) for s in STUDENTS]
    orders = {tuple(v.questions) for v in variants}
    assert len(orders) > len(STUDENTS) * 0.9
    lookup = {tuple(v.options["lookup"]) for v in variants}
    assert len(lookup) > 10  # of 24 orders of 4 options


def test_each_student_gets_draw_questions_of_each_pool_and_every_other_question() -> None:
    paper = load_paper(MIXED)
    pool = {q.id for q in paper.questions if q.spec.pool == "warmup"}
    always = {q.id for q in paper.questions if q.spec.pool is None}
    picked: Counter[str] = Counter()
    for student in STUDENTS:
        variant = make_variant(paper, student)
        held = set(variant.questions)
        assert len(held) == len(variant.questions) == len(always) + 2
        assert always <= held and len(held & pool) == 2
        picked.update(held & pool)
        for qid in variant.questions:
            options = paper.question(qid).options
            assert (qid in variant.options) == bool(options)
            if options:
                assert sorted(option_texts(paper, variant, qid) or []) == sorted(options)
    assert set(picked) == pool  # every pool question is drawn for someone


def test_without_shuffling_the_teachers_order_stands(tmp_path: Path) -> None:
    text = (MIXED / "paper.toml").read_text(encoding="utf-8")
    text = text.replace("shuffle_questions = true", "shuffle_questions = false")
    text = text.replace("shuffle_options = true", "shuffle_options = false")
    folder = tmp_path / "paper"
    import shutil

    shutil.copytree(MIXED, folder)
    (folder / "paper.toml").write_text(text, encoding="utf-8")
    paper = load_paper(folder)
    written = [q.id for q in paper.questions]
    for student in STUDENTS[:10]:
        variant = make_variant(paper, student)
        assert variant.questions == [q for q in written if q in variant.questions]
        assert all(order == sorted(order) for order in variant.options.values())
    # the pools still differ between students
    assert len({tuple(make_variant(paper, s).questions) for s in STUDENTS}) == 3


def test_identical_pool_rules_give_identical_sets_of_ids(tmp_path: Path) -> None:
    """Editing a text keeps every variant; what counts is ids, option counts and pools."""
    paper = load_paper(MIXED)
    import shutil

    folder = tmp_path / "paper"
    shutil.copytree(MIXED, folder)
    toml = (folder / "paper.toml").read_text(encoding="utf-8")
    (folder / "paper.toml").write_text(
        toml.replace("O(1) average-time", "O(1) average"), encoding="utf-8"
    )
    edited = load_paper(folder)
    assert edited.identity == paper.identity
    assert [make_variant(edited, s) for s in STUDENTS] == [make_variant(paper, s) for s in STUDENTS]


def test_a_stored_variant_round_trips_and_is_checked() -> None:
    paper = load_paper(MIXED)
    variant = make_variant(paper, "s1")
    stored = json.loads(json.dumps(variant.to_json()))
    assert check_variant(paper, stored) == variant
    bad = [
        {**stored, "questions": [*stored["questions"], "nope"]},
        {**stored, "questions": stored["questions"] + stored["questions"][:1]},
        {**stored, "options": {**stored["options"], "lookup": [0, 1, 2]}},
        {**stored, "options": {**stored["options"], "table_size": [0]}},
        {"questions": stored["questions"], "options": {}},
    ]
    for value in bad:
        with pytest.raises(VariantError):
            check_variant(paper, value)
    with pytest.raises(ValueError):
        check_variant(paper, {"questions": "q1"})


def test_count_variants(tmp_path: Path) -> None:
    paper = load_paper(MIXED)
    sets, total = count_variants(paper)
    assert sets == 3  # two of three warm-up questions
    assert total >= sets * 362880  # 9 questions in any order, at least


def test_variant_is_small(tmp_path: Path) -> None:
    variant = make_variant(load_paper(MIXED), "s")
    assert isinstance(variant, Variant) and len(json.dumps(variant.to_json())) < 400
