"""Loading papers: every field of paper.toml, defaults, banks, and papers without paper.toml."""

from __future__ import annotations

from pathlib import Path

from proctor.paper.exam import ExamPaper
from proctor.paper.load import default_paper_dir, load_paper
from proctor.paper.model import ChoiceQuestion, CodeQuestion, MultiQuestion, ShortQuestion
from tests.paper.helpers import MIXED, make_paper

FULL = """
title = "Full paper"
instructions = "intro.md"
pass_percent = 62.5
shuffle_questions = true
shuffle_options = true
feedback = "full"
include = ["bank/*.toml"]

[[pools]]
id = "p1"
draw = 1

[[questions]]
id = "c"
type = "choice"
text = "Choose"
options = ["x", "y"]
answer = "y"
points = 2.5
tags = { topic = "t", level = 3 }
pool = "p1"

[[questions]]
id = "m"
type = "multi"
text_file = "m.md"
options = ["a", "b", "c"]
answer = ["a", "c"]

[[questions]]
id = "s"
type = "short"
text = "Approx pi"
answer = "3.14"
match = "number"
tolerance = 0.01

[[questions]]
id = "k"
type = "code"
text = "Build it"
language = "c"
files = ["main.c", "util.h"]
main = "main.c"
tests = "t/hidden.py"
examples = "t/examples.c"
scoring = "all_or_nothing"
time_limit_s = 2
memory_mb = 64
  [[questions.cases]]
  output = "ok\\n"
  [[questions.cases]]
  input = "1\\n"
  output = "2\\n"
  hidden = true

[runners.c]
build = ["gcc", "-o", "{exe}", "{sources}"]
run = ["{exe}"]
"""

FILES: dict[str, str | bytes] = {
    "intro.md": "# Not the title\n\nWelcome.\n",
    "m.md": "Pick *any*.",
    "main.c": "int main(void) { return 0; }\n",
    "util.h": "#pragma once\n",
    "t/hidden.py": "anything: C tests are not parsed as Python\n",
    "t/examples.c": "/* examples */\n",
    "bank/more.toml": '[[questions]]\nid = "c2"\ntype = "choice"\ntext = "Or"\n'
    'options = ["p", "q"]\nanswer = "p"\npool = "p1"\n',
    "unused.txt": "not named by paper.toml, so never served\n",
}


def test_every_field_of_paper_toml_is_loaded(tmp_path: Path) -> None:
    paper = load_paper(make_paper(tmp_path / "full", FULL, FILES))
    assert paper.title == "Full paper"
    assert paper.instructions == "# Not the title\n\nWelcome.\n"
    assert (paper.pass_percent, paper.shuffle_questions, paper.shuffle_options) == (
        62.5,
        True,
        True,
    )
    assert paper.feedback == "full"
    assert [q.id for q in paper.questions] == ["c", "m", "s", "k", "c2"]
    assert [(p.id, p.draw) for p in paper.pools] == [("p1", 1)]
    assert paper.runners["c"].build == ["gcc", "-o", "{exe}", "{sources}"]
    assert paper.runners["python"].run == ["{python}", "{main}"]
    c, m, s, k, c2 = (q.spec for q in paper.questions)
    assert isinstance(c, ChoiceQuestion) and c.answer == "y" and c.points == 2.5
    assert c.tags == {"topic": "t", "level": 3} and c.pool == "p1"
    assert isinstance(m, MultiQuestion) and m.answer == ["a", "c"] and m.points == 1
    assert paper.questions[1].text == "Pick *any*."
    assert isinstance(s, ShortQuestion) and s.answer == ["3.14"]  # a string is a list of one
    assert (s.match, s.tolerance) == ("number", 0.01)
    assert isinstance(k, CodeQuestion) and k.language == "c" and k.main_file == "main.c"
    assert (k.scoring, k.time_limit_s, k.memory_mb) == ("all_or_nothing", 2, 64)
    assert [(x.input, x.output, x.hidden) for x in k.cases] == [
        ("", "ok\n", False),
        ("1\n", "2\n", True),
    ]
    code = paper.questions[3]
    assert code.starter == {"main.c": FILES["main.c"], "util.h": FILES["util.h"]}
    assert code.tests == FILES["t/hidden.py"] and code.tests_name == "hidden.py"
    assert code.examples == {"examples.c": FILES["t/examples.c"]}
    assert paper.questions[4].source == "bank/more.toml" and isinstance(c2, ChoiceQuestion)
    assert paper.files == {} and paper.warnings == []


def test_defaults(tmp_path: Path) -> None:
    toml = """
    [[questions]]
    id = "k"
    type = "code"
    text = "Do it"
    files = ["a.py", "b.py"]
      [[questions.cases]]
      output = "1\\n"
    """
    folder = make_paper(tmp_path / "my_exam", toml, {"a.py": "", "b.py": ""})
    paper = load_paper(folder)
    spec = paper.questions[0].spec
    assert isinstance(spec, CodeQuestion)
    assert paper.title == "My Exam" and paper.instructions == ""  # no instructions.md
    assert (paper.shuffle_questions, paper.shuffle_options, paper.feedback) == (
        False,
        False,
        "none",
    )
    assert paper.pass_percent is None
    assert (spec.language, spec.main_file, spec.scoring) == ("python", "a.py", "proportional")
    assert (spec.time_limit_s, spec.memory_mb, spec.points, spec.tags) == (5.0, 256, 1, {})
    (folder / "instructions.md").write_text("Intro\n# From the heading\n", encoding="utf-8")
    assert load_paper(folder).title == "From the heading"


def test_the_mixed_sample_paper_and_its_bank(tmp_path: Path) -> None:
    paper = load_paper(MIXED)
    types = [q.spec.type for q in paper.questions]
    assert types.count("choice") >= 1 and types.count("multi") >= 1 and types.count("short") >= 1
    assert types.count("code") == 2
    for question in paper.code_questions():
        spec = question.spec
        assert isinstance(spec, CodeQuestion)
        assert question.examples and question.tests and question.starter
        assert any(c.hidden for c in spec.cases) and any(not c.hidden for c in spec.cases)
    bank = [q for q in paper.questions if q.source == "bank/dsa_basics.toml"]
    assert len(bank) == 4
    for question in bank:
        assert {"course", "concept", "difficulty"} <= set(question.spec.tags)
    assert [p.id for p in paper.pools] == ["warmup"]
    assert sum(q.spec.pool == "warmup" for q in paper.questions) == 3
    heap_root = paper.question("heap_root")
    assert heap_root.text.startswith("A binary min-heap")  # text_file beside the bank file


def test_a_loaded_paper_survives_json(tmp_path: Path) -> None:
    """A host keeps the paper it opened a room with and marks from it after a restart."""
    paper = load_paper(MIXED)
    again = ExamPaper.model_validate_json(paper.model_dump_json())
    assert again == paper and again.identity == paper.identity


def test_overrides_stand_in_for_files_not_yet_written(tmp_path: Path) -> None:
    folder = make_paper(
        tmp_path / "p", '[[questions]]\nid = "a"\ntype = "short"\ntext = "t"\nanswer = "1"\n'
    )
    edited = '[[questions]]\nid = "b"\ntype = "short"\ntext_file = "b.md"\nanswer = "2"\n'
    paper = load_paper(folder, overrides={"paper.toml": edited, "b.md": "Edited text"})
    assert [q.id for q in paper.questions] == ["b"] and paper.questions[0].text == "Edited text"
    assert [q.id for q in load_paper(folder).questions] == ["a"]  # the files are unchanged


# -- a paper without paper.toml, as before ------------------------------------------------


def test_without_paper_toml_a_paper_is_instructions_and_starter_files(tmp_path: Path) -> None:
    (tmp_path / "instructions.md").write_text("Intro\n# Binary search\n\nText\n", encoding="utf-8")
    (tmp_path / "search.py").write_text("def search(xs, x):\n    pass\n", encoding="utf-8")
    (tmp_path / "data.txt").write_bytes("ﬁle\n".encode("utf-8-sig"))
    paper = load_paper(tmp_path)
    assert paper.title == "Binary search" and not paper.has_questions
    assert paper.files == {"data.txt": "ﬁle\n", "search.py": "def search(xs, x):\n    pass\n"}
    assert paper.warnings == []


def test_without_paper_toml_odd_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "my_exam"
    folder.mkdir()
    (folder / "bad name.py").write_text("x", encoding="utf-8")
    (folder / "big.txt").write_bytes(b"x" * (512 * 1024 + 1))
    (folder / "blob.bin").write_bytes(b"\0\1\2")
    (folder / "latin.py").write_bytes(b"caf\xe9\n")
    paper = load_paper(folder)
    assert paper.title == "My Exam" and list(paper.files) == ["latin.py"]
    assert paper.files["latin.py"] == "caf\ufffd\n"
    assert len(paper.warnings) == 5  # missing instructions, name, size, binary, encoding


def test_the_old_sample_paper_still_loads() -> None:
    paper = load_paper(None)
    assert default_paper_dir().name == "sample_paper"
    assert paper.title and paper.instructions.strip() and paper.files and paper.warnings == []
