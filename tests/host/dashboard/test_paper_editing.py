"""The paper editor's Qt-free half on the sample mixed paper: rows and the tag filter, tags
as text both ways, form values to a question with sentences for mistakes, the files a
question names, the comments a save would drop, previews, and the blocking work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proctor.host.dashboard.paper_editing import (
    FormError,
    build_spec,
    check_texts,
    comments_lost,
    fork,
    format_tags,
    matches_filter,
    new_question,
    open_paper,
    parse_tags,
    preview,
    question_files,
    question_rows,
    read_files,
    save_paper,
    summary,
    tag_choices,
    toml_comments,
)
from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError

SAMPLE = Path(__file__).resolve().parents[3] / "assets" / "sample_mixed_paper"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "paper"))


def test_rows_list_every_question_with_its_file_pool_and_tags(folder: Path) -> None:
    opened = open_paper(folder)
    rows = question_rows(opened.doc)
    assert [r.id for r in rows][:2] == ["lookup", "stable_sorts"]
    lifo = next(r for r in rows if r.id == "lifo")
    assert (lifo.type, lifo.points, lifo.pool, lifo.file) == (
        "choice",
        1,
        "warmup",
        "bank/dsa_basics.toml",
    )
    assert lifo.tags_text == "course=DSA, concept=stacks, difficulty=easy"
    assert all(r.valid for r in rows) and len(rows) == 10
    assert opened.outcome.paper is not None and not opened.outcome.problems


def test_the_tag_filter(folder: Path) -> None:
    rows = question_rows(open_paper(folder).doc)

    def ids(query: str) -> list[str]:
        return [r.id for r in rows if matches_filter(r, query)]

    assert ids("difficulty=hard") == ["running_median"]
    assert ids("Difficulty=EASY topic=hashing") == ["lookup", "table_size"]
    assert set(ids("concept=")) == {"lifo", "deque_ops", "heap_root", "binary_search_cost"}
    assert ids("heaps") == ["running_median", "heap_root"]  # a value, in any tag
    assert ids("warmup") == ["lifo", "deque_ops", "heap_root"]  # the pool
    assert ids("code") == ["word_counts", "running_median"]  # the type
    assert ids("weight=2") == ["binary_search_cost"]
    assert ids("") == [r.id for r in rows]
    assert ids("nothing-like-this") == []
    assert "difficulty=medium" in tag_choices(rows) and "weight=2" in tag_choices(rows)


def test_tags_as_text_both_ways() -> None:
    tags = {"course": "DSA", "weight": 2, "ratio": 0.5, "level": "3", "note": 'a, "b"'}
    text = format_tags(tags)
    assert text == 'course=DSA, weight=2, ratio=0.5, level="3", note="a, \\"b\\""'
    assert parse_tags(text) == tags
    assert parse_tags("  a = x y ,b=1,  ") == {"a": "x y", "b": 1}
    assert parse_tags("") == {}
    for bad, message in [
        ("course", "key=value"),
        ("a=1, a=2", "given twice"),
        ('a="open', "not closed"),
        ("a=", "has no value"),
        ('a="x" b=2', "a comma should follow"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_tags(bad)


def test_form_values_become_a_question_or_sentences() -> None:
    spec = build_spec(
        {
            "id": "q1",
            "type": "choice",
            "text": "Pick.",
            "options": ["a", "b"],
            "answer": "a",
            "points": 2.0,
            "tags": {},
            "pool": "",
            "text_file": None,
        }
    )
    assert spec.points == 2 and isinstance(spec.points, int)
    assert spec.pool is None and spec.tags == {}
    with pytest.raises(FormError) as refused:
        build_spec(
            {
                "id": "bad id",
                "type": "choice",
                "text": "Pick.",
                "options": ["a"],
                "answer": "a",
                "points": -1,
            }
        )
    problems = refused.value.problems
    assert any(p.startswith('question "bad id": id: should match pattern') for p in problems)
    assert any("options: should have at least 2 items" in p for p in problems)
    assert any("points: should be greater than or equal to 0" in p for p in problems)


def test_the_files_a_question_names_are_relative_to_the_paper(folder: Path) -> None:
    doc = open_paper(folder).doc
    word_counts = doc.find("word_counts").spec
    heap_root = doc.find("heap_root").spec
    assert word_counts is not None and heap_root is not None
    assert question_files("paper.toml", word_counts) == {
        "text_file": "word_counts.md",
        "starter:word_counts.py": "word_counts.py",
        "examples": "tests/word_counts_examples.py",
        "tests": "tests/word_counts_hidden.py",
    }
    assert question_files("bank/dsa_basics.toml", heap_root) == {"text_file": "bank/heap_root.md"}
    texts = read_files(folder, ["bank/heap_root.md", "missing.md", "../outside.md"])
    assert texts["bank/heap_root.md"] is not None and "min-heap" in texts["bank/heap_root.md"]
    assert texts["missing.md"] is None and texts["../outside.md"] is None


def test_new_questions_take_free_ids_and_load(folder: Path) -> None:
    doc = open_paper(folder).doc
    for kind in ("choice", "multi", "short", "code"):
        taken = [q.id for q in doc.questions() if q.id]
        spec, starter = new_question(kind, taken)
        assert spec.id not in taken and spec.type == kind
        doc.put_question(spec)
        for name, text in starter.items():
            doc.put_file(name, text)
    paper = doc.check()
    assert {"new_choice_1", "new_multi_1", "new_short_1", "new_code_1"} <= {
        q.id for q in paper.questions
    }


def test_comments_are_found_outside_strings_and_losses_are_listed() -> None:
    text = (
        '# top\ntitle = "a # not a comment"  # after\n'
        'text = """\nline # inside\n"""  # closing\n'
        "x = 'single # quoted' # single\n"
    )
    assert toml_comments(text) == ["# top", "# after", "# closing", "# single"]
    after = '# top\ntitle = "b"\n'
    assert comments_lost({"paper.toml": text}, {"paper.toml": after}) == [
        ("paper.toml", "# after"),
        ("paper.toml", "# closing"),
        ("paper.toml", "# single"),
    ]
    assert comments_lost({"paper.toml": text}, {"paper.toml": text}) == []


def test_a_moved_question_loses_its_comments_and_the_loss_is_listed(folder: Path) -> None:
    opened = open_paper(folder)
    doc = fork(opened.doc)
    spec = doc.find("stable_sorts").spec
    assert spec is not None
    doc.put_question(spec, file="bank/dsa_basics.toml")
    lost = comments_lost(opened.texts, doc.texts())
    assert lost == [("paper.toml", "# all and only these score")]
    assert opened.doc.find("stable_sorts").file == "paper.toml"  # the fork only


def test_previews_differ_between_students_and_show_nothing_hidden(folder: Path) -> None:
    exam = load_paper(folder)
    first, second = preview(exam, 1), preview(exam, 2)
    assert first.student_id == "sample-student-1"
    assert first.variant != second.variant
    body = first.paper.model_dump_json()
    assert "quokka" not in body and "test_hidden" not in body and "4096" not in body
    assert summary(exam).startswith("10 questions (3 choice, 2 multi, 3 short, 2 code)")


def test_check_save_and_refusal(folder: Path) -> None:
    opened = open_paper(folder)
    doc = opened.doc
    spec = doc.find("lookup").spec
    assert spec is not None
    doc.put_question(spec.model_copy(update={"answer": "hashmap"}))
    outcome = check_texts(folder, doc.changed())
    assert outcome.paper is None
    assert [str(p) for p in outcome.problems] == [
        'paper.toml:23: question "lookup": answer "hashmap" is not one of its options'
    ]
    before = (folder / "paper.toml").read_text(encoding="utf-8")
    refused = save_paper(doc)
    assert refused.paper is None and refused.problems == outcome.problems
    assert (folder / "paper.toml").read_text(encoding="utf-8") == before
    doc.put_question(spec.model_copy(update={"points": 3}))
    saved = save_paper(doc)
    assert saved.paper is not None and saved.paper.question("lookup").spec.points == 3


def test_a_folder_without_paper_toml_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(PaperError, match="no paper.toml"):
        open_paper(tmp_path)
