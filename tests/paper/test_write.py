"""Saving a paper back to paper.toml for the dashboard's editor: load -> edit -> save -> load
gives the edited paper, the teacher's comments and order survive, and a save that would break
the paper changes nothing."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proctor.paper.load import load_paper
from proctor.paper.model import (
    Case,
    ChoiceQuestion,
    CodeQuestion,
    MultiQuestion,
    Pool,
    ShortQuestion,
)
from proctor.paper.problems import PaperError
from proctor.paper.write import PaperDocument
from tests.paper.helpers import MIXED


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "paper"
    shutil.copytree(MIXED, copy)
    return copy


def comments(text: str) -> list[str]:
    """The comments of a TOML text (the samples hold no '#' inside strings)."""
    return ["#" + line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_saving_without_edits_changes_no_byte(folder: Path) -> None:
    before = snapshot(folder)
    document = PaperDocument.open(folder)
    assert document.changed() == {}
    assert document.save() == load_paper(folder)
    assert snapshot(folder) == before


def test_load_edit_save_load_gives_the_edited_paper_and_keeps_comments(folder: Path) -> None:
    original = load_paper(folder)
    toml_before = (folder / "paper.toml").read_text(encoding="utf-8")
    bank_before = (folder / "bank/dsa_basics.toml").read_text(encoding="utf-8")
    document = PaperDocument.open(folder)

    lookup = document.find("lookup").spec
    assert isinstance(lookup, ChoiceQuestion)
    edited_lookup = lookup.model_copy(update={"options": ["list", "dict", "set"], "points": 3})
    document.put_question(edited_lookup)
    median = document.find("running_median").spec
    assert isinstance(median, CodeQuestion)
    new_cases = [*median.cases, Case(input="5\n", output="5\n", hidden=True)]
    edited_median = median.model_copy(update={"cases": new_cases, "time_limit_s": 3})
    document.put_question(edited_median)
    lifo = document.find("lifo").spec
    assert isinstance(lifo, ChoiceQuestion)
    edited_lifo = lifo.model_copy(update={"tags": {**lifo.tags, "difficulty": "medium"}})
    document.put_question(edited_lifo)
    added = ShortQuestion(
        id="added",
        type="short",
        text="Two lines:\nWhat is 6 × 7?",
        answer=["42"],
        match="number",
        tolerance=0.5,
        points=2,
        tags={"course": "DSA", "difficulty": "easy"},
    )
    document.put_question(added)
    document.delete_question("table_size")
    document.set_setting("feedback", "full")
    document.set_setting("pass_percent", None)
    document.put_pool(Pool(id="warmup", draw=1))
    saved = document.save()

    again = load_paper(folder)
    assert saved == again
    expected = {q.id: q.spec for q in original.questions if q.id != "table_size"}
    expected.update(
        lookup=edited_lookup, running_median=edited_median, lifo=edited_lifo, added=added
    )
    assert {q.id: q.spec for q in again.questions} == expected
    order = [q.id for q in again.questions]
    assert order[:5] == [
        "lookup",
        "stable_sorts",
        "halving_module",
        "word_counts",
        "running_median",
    ]
    assert order[5] == "added"  # a new question ends paper.toml's questions
    assert (again.feedback, again.pass_percent, again.pools[0].draw) == ("full", None, 1)
    assert again.question("added").text == "Two lines:\nWhat is 6 × 7?"

    toml_after = (folder / "paper.toml").read_text(encoding="utf-8")
    bank_after = (folder / "bank/dsa_basics.toml").read_text(encoding="utf-8")
    assert comments(toml_after) == comments(toml_before)  # all there, in order
    assert "draw = 1   # each student gets two" in toml_after  # a changed value's comment stays
    assert "\n# A language the host can build and run" in toml_after  # still above [runners.c]
    assert comments(bank_after) == comments(bank_before)
    # untouched questions keep their exact text
    untouched = toml_before[toml_before.index('[[questions]]\nid = "stable_sorts"') :]
    untouched = untouched[: untouched.index("# --- code")]
    untouched = untouched.replace(
        untouched[untouched.index('[[questions]]\nid = "table_size"') :], ""
    )
    assert untouched in toml_after


def test_a_save_that_would_break_the_paper_changes_nothing(folder: Path) -> None:
    before = snapshot(folder)
    document = PaperDocument.open(folder)
    lookup = document.find("lookup").spec
    assert isinstance(lookup, ChoiceQuestion)
    document.put_question(lookup.model_copy(update={"answer": "hashmap"}))
    document.put_pool(Pool(id="warmup", draw=4))
    with pytest.raises(PaperError) as refused:
        document.save()
    assert [str(p) for p in refused.value.problems] == [
        'paper.toml:14: pool "warmup": draws 4 but has 3 questions',
        'paper.toml:23: question "lookup": answer "hashmap" is not one of its options',
    ]
    assert snapshot(folder) == before


def test_moving_a_question_out_of_a_bank_rebases_its_paths(folder: Path) -> None:
    document = PaperDocument.open(folder)
    heap_root = document.find("heap_root").spec
    assert heap_root is not None
    document.put_question(heap_root, file="paper.toml")
    paper = document.save()
    assert paper.question("heap_root").source == "paper.toml"
    assert paper.question("heap_root").spec.text_file == "bank/heap_root.md"
    assert paper.question("heap_root").text.startswith("A binary min-heap")
    assert "heap_root" not in (folder / "bank/dsa_basics.toml").read_text(encoding="utf-8")


def test_a_new_bank_file_and_edited_files(folder: Path) -> None:
    document = PaperDocument.open(folder)
    question = MultiQuestion(
        id="graphs",
        type="multi",
        text_file="graphs.md",
        options=["BFS", "DFS", "Dijkstra"],
        answer=["BFS", "DFS"],
        tags={"concept": "graphs"},
    )
    with pytest.raises(ValueError):
        document.put_question(question, file="elsewhere/graphs.toml")  # not included
    document.put_question(question, file="bank/graphs.toml")
    document.put_file("bank/graphs.md", "Which searches visit every vertex?")
    hidden = "from word_counts import word_counts\n\n\ndef test_new():\n"
    hidden += "    assert word_counts('') == {}\n"
    document.put_file("tests/word_counts_hidden.py", hidden)
    paper = document.save()
    assert paper.question("graphs").source == "bank/graphs.toml"
    assert paper.question("graphs").text == "Which searches visit every vertex?"
    assert paper.question("word_counts").tests == hidden
    assert (folder / "bank/graphs.md").read_text(encoding="utf-8").startswith("Which")
    with pytest.raises(ValueError):
        document.put_file("../outside.md", "x")


def test_a_code_question_added_in_the_editor(folder: Path) -> None:
    document = PaperDocument.open(folder)
    code = CodeQuestion(
        id="fizz",
        type="code",
        text="FizzBuzz to n",
        files=["fizz.py"],
        cases=[
            Case(input="3\n", output="1\n2\nFizz\n"),
            Case(input="5\n", output="…Buzz\n", hidden=True),
        ],
        scoring="all_or_nothing",
        points=4,
    )
    document.put_question(code)
    document.put_file("fizz.py", "def fizz(n):\n    pass\n")
    paper = document.save()
    assert paper.question("fizz").spec == code
    assert paper.question("fizz").starter == {"fizz.py": "def fizz(n):\n    pass\n"}
    text = (folder / "paper.toml").read_text(encoding="utf-8")
    assert re.search(r'\[\[questions\]\]\nid = "fizz"\ntype = "code"\ntext = "FizzBuzz to n"', text)
    assert text.count("[[questions.cases]]") == 6  # two new ones as tables, like the others
    assert text.rstrip().endswith('run = ["{exe}"]')  # [runners.c] stays last
    assert "# A language the host can build and run" in text


def test_a_new_case_without_input_is_written(folder: Path) -> None:
    document = PaperDocument.open(folder)
    code = CodeQuestion(
        id="hello",
        type="code",
        text="Say hello.",
        files=["hello.py"],
        cases=[Case(output="hello\n")],
    )
    document.put_question(code)
    document.put_file("hello.py", "print('hello')\n")
    assert document.save().question("hello").spec == code
    assert 'input = ""\n  output = "hello\\n"' in (folder / "paper.toml").read_text("utf-8")


def test_renaming_a_question(folder: Path) -> None:
    document = PaperDocument.open(folder)
    lookup = document.find("lookup").spec
    assert lookup is not None
    document.put_question(lookup.model_copy(update={"id": "hash_lookup"}), replace="lookup")
    paper = document.save()
    assert paper.questions[0].id == "hash_lookup"
    assert "lookup" not in {q.id for q in paper.questions}


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Co", "Cn")), min_size=1, max_size=60
).filter(lambda t: t.strip())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts, answer=texts.filter(lambda t: len(t) <= 2000))
def test_any_text_survives_the_writer(tmp_path: Path, text: str, answer: str) -> None:
    folder = tmp_path / "any"
    folder.mkdir(exist_ok=True)
    (folder / "paper.toml").write_text(
        '# mine\n[[questions]]\nid = "q"\ntype = "short"\ntext = "t"\nanswer = "a"\n',
        encoding="utf-8",
    )
    document = PaperDocument.open(folder)
    document.put_question(ShortQuestion(id="q", type="short", text=text, answer=[answer]))
    paper = document.save()
    assert paper.questions[0].text == text and paper.questions[0].spec.answer == [answer]  # type: ignore[union-attr]
    raw = (folder / "paper.toml").read_text(encoding="utf-8")
    assert raw.startswith("# mine\n") and tomllib.loads(raw)["questions"][0]["text"] == text
