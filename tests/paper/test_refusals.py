"""A broken paper is refused with every problem by file and line: one test per kind of
mistake, and one with many mistakes at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError
from tests.paper.helpers import make_paper, problems

CHOICE = """
[[questions]]
id = "q1"
type = "choice"
text = "Pick one"
options = ["a", "b"]
answer = "a"
"""

CODE = """
[[questions]]
id = "c1"
type = "code"
text = "Write it"
files = ["sol.py"]
tests = "hidden.py"
"""
SHORT = '[[questions]]\nid = "s"\ntype = "short"\ntext = "t"\n'
CODE_FILES = {"sol.py": "def f():\n    pass\n", "hidden.py": "def test_f():\n    assert True\n"}


def refused(tmp_path: Path, toml: str, files: dict[str, str | bytes] | None = None) -> list[str]:
    return problems(make_paper(tmp_path / "paper", toml, files))


def test_bad_toml_names_its_line(tmp_path: Path) -> None:
    assert refused(tmp_path, 'title = "x"\n\n[[questions]\nid = "q1"\n') == [
        "paper.toml:3: not valid TOML: Expected ']]' at the end of an array declaration"
    ]


def test_an_unknown_question_type(tmp_path: Path) -> None:
    toml = CHOICE + '\n[[questions]]\nid = "q2"\ntype = "essay"\ntext = "Discuss"\n'
    assert refused(tmp_path, toml) == [
        'paper.toml:11: question "q2": type "essay" is not one of choice, multi, short, code'
    ]


def test_a_question_without_a_type(tmp_path: Path) -> None:
    toml = '[[questions]]\nid = "q1"\ntext = "t"\n'
    assert refused(tmp_path, toml) == [
        'paper.toml:1: question "q1": type is required: one of choice, multi, short, code'
    ]


def test_an_answer_that_is_not_an_option(tmp_path: Path) -> None:
    toml = CHOICE.replace('answer = "a"', 'answer = "dict2"')
    assert refused(tmp_path, toml) == [
        'paper.toml:7: question "q1": answer "dict2" is not one of its options'
    ]


def test_an_option_listed_twice(tmp_path: Path) -> None:
    toml = CHOICE.replace('["a", "b"]', '["a", "b", "a"]')
    assert refused(tmp_path, toml) == ['paper.toml:6: question "q1": option "a" is listed 2 times']


def test_a_missing_text_file(tmp_path: Path) -> None:
    toml = CHOICE.replace('text = "Pick one"', 'text_file = "q1.md"')
    assert refused(tmp_path, toml) == [
        'paper.toml:5: question "q1": text_file "q1.md" does not exist'
    ]


def test_missing_starter_tests_and_examples_files(tmp_path: Path) -> None:
    toml = CODE + 'examples = "ex/examples.py"\n'
    assert refused(tmp_path, toml) == [
        'paper.toml:6: question "c1": file "sol.py" does not exist',
        'paper.toml:7: question "c1": tests "hidden.py" does not exist',
        'paper.toml:8: question "c1": examples "ex/examples.py" does not exist',
    ]


def test_a_missing_instructions_file(tmp_path: Path) -> None:
    toml = 'instructions = "intro.md"\n' + CHOICE
    assert refused(tmp_path, toml) == ['paper.toml:1: instructions "intro.md" does not exist']


def test_duplicate_ids_in_one_file(tmp_path: Path) -> None:
    assert refused(tmp_path, CHOICE + CHOICE) == [
        'paper.toml:10: question "q1": id is already used at paper.toml:2'
    ]


def test_duplicate_ids_across_banks(tmp_path: Path) -> None:
    toml = 'include = ["bank/*.toml"]\n' + CHOICE
    files: dict[str, str | bytes] = {"bank/a.toml": CHOICE, "bank/b.toml": "\n" + CHOICE}
    assert refused(tmp_path, toml, files) == [
        'bank/a.toml:3: question "q1": id is already used at paper.toml:3',
        'bank/b.toml:4: question "q1": id is already used at paper.toml:3',
    ]


def test_a_pool_drawing_more_than_it_has(tmp_path: Path) -> None:
    toml = CHOICE.replace('answer = "a"', 'answer = "a"\npool = "p"') + (
        '\n[[pools]]\nid = "p"\ndraw = 2\n'
    )
    assert refused(tmp_path, toml) == ['paper.toml:12: pool "p": draws 2 but has 1 question']


def test_an_unknown_pool(tmp_path: Path) -> None:
    toml = CHOICE.replace('answer = "a"', 'answer = "a"\npool = "warmup"')
    assert refused(tmp_path, toml) == [
        'paper.toml:8: question "q1": pool "warmup" is not in [[pools]]'
    ]


def test_text_and_text_file_both_or_neither(tmp_path: Path) -> None:
    both = CHOICE.replace('text = "Pick one"', 'text = "Pick one"\ntext_file = "q.md"')
    assert refused(tmp_path / "both", both, {"q.md": "Pick"}) == [
        'paper.toml:5: question "q1": give text or text_file, not both'
    ]
    neither = CHOICE.replace('text = "Pick one"\n', "")
    assert refused(tmp_path / "neither", neither) == [
        'paper.toml:2: question "q1": text or text_file is required'
    ]


def test_a_multi_answer_that_is_not_a_subset(tmp_path: Path) -> None:
    toml = (
        '[[questions]]\nid = "m"\ntype = "multi"\ntext = "t"\noptions = ["a", "b", "c"]\n'
        'answer = [\n  "a",\n  "d",\n]\n'
    )
    assert refused(tmp_path, toml) == [
        'paper.toml:8: question "m": answer "d" is not one of its options'
    ]


def test_a_multi_question_with_no_right_option(tmp_path: Path) -> None:
    toml = (
        '[[questions]]\nid = "m"\ntype = "multi"\ntext = "t"\noptions = ["a", "b"]\nanswer = []\n'
    )
    (problem,) = refused(tmp_path, toml)
    assert problem.startswith('paper.toml:6: question "m": answer: should have at least 1 item')


def test_a_regex_that_does_not_compile(tmp_path: Path) -> None:
    toml = SHORT + 'answer = ["ok", "(a"]\nmatch = "regex"\n'
    assert refused(tmp_path, toml) == [
        'paper.toml:5: question "s": answer "(a" is not a regex: missing ) at position 2'
    ]


def test_number_answers_must_be_numbers_and_tolerance_needs_number(tmp_path: Path) -> None:
    number = SHORT + 'answer = ["1e3", "ten"]\nmatch = "number"\n'
    assert refused(tmp_path / "n", number) == [
        'paper.toml:5: question "s": answer "ten" is not a number'
    ]
    tolerance = number.replace('match = "number"', "tolerance = 0.5").replace('"1e3", ', "")
    assert refused(tmp_path / "t", tolerance) == [
        'paper.toml:6: question "s": tolerance is only for match = "number"'
    ]


def test_a_code_question_with_neither_tests_nor_cases(tmp_path: Path) -> None:
    toml = CODE.replace('tests = "hidden.py"\n', "")
    assert refused(tmp_path, toml, CODE_FILES) == [
        'paper.toml:2: question "c1": a code question needs tests or cases to be marked'
    ]


def test_main_not_in_files(tmp_path: Path) -> None:
    toml = CODE + 'main = "other.py"\n'
    assert refused(tmp_path, toml, CODE_FILES) == [
        'paper.toml:8: question "c1": main "other.py" is not one of its files'
    ]


def test_an_unknown_language_without_a_runner(tmp_path: Path) -> None:
    toml = CODE + 'language = "rust"\n'
    assert refused(tmp_path, toml, CODE_FILES) == [
        'paper.toml:8: question "c1": language "rust" has no [runners.rust] (known: python)'
    ]
    with_runner = (
        toml + '\n[runners.rust]\nbuild = ["rustc", "-o", "{exe}", "{main}"]\nrun = ["{exe}"]\n'
    )
    paper = load_paper(make_paper(tmp_path / "ok", with_runner, CODE_FILES))
    assert paper.runners["rust"].run == ["{exe}"] and "python" in paper.runners


def test_runner_templates_are_checked(tmp_path: Path) -> None:
    toml = (
        CHOICE
        + '\n[runners.c]\nbuild = ["gcc", "-o", "{exe}", "src/{sources}"]\n'
        + 'run = ["{exe}", "{input}"]\n'
    )
    assert refused(tmp_path, toml) == [
        'paper.toml:10: runner "c": build: "{sources}" must be an item of its own',
        'paper.toml:11: runner "c": run: unknown "{input}"'
        " (known: {main}, {sources}, {exe}, {python})",
    ]
    no_build = CHOICE + '\n[runners.c]\nrun = ["{exe}"]\n'
    assert refused(tmp_path / "b", no_build) == [
        'paper.toml:10: runner "c": run uses "{exe}" but there is no build to make it'
    ]


def test_python_tests_and_examples_must_parse_and_hold_tests(tmp_path: Path) -> None:
    toml = CODE + 'examples = "examples.py"\n'
    files: dict[str, str | bytes] = {
        **CODE_FILES,
        "hidden.py": "def test_x(:\n    pass\n",
        "examples.py": "def check():\n    assert True\n",
    }
    assert refused(tmp_path, toml, files) == [
        'paper.toml:7: question "c1": tests "hidden.py" line 1: invalid syntax',
        'paper.toml:8: question "c1": examples "examples.py" has no test_* function',
    ]


def test_a_non_utf8_file(tmp_path: Path) -> None:
    toml = CHOICE.replace('text = "Pick one"', 'text_file = "q1.md"')
    assert refused(tmp_path, toml, {"q1.md": b"line one\ncaf\xe9\n"}) == [
        'paper.toml:5: question "q1": text_file "q1.md" is not UTF-8 text (line 2)'
    ]
    (tmp_path / "paper" / "paper.toml").write_bytes(b'title = "caf\xe9"\n' + CHOICE.encode())
    assert problems(tmp_path / "paper") == ["paper.toml: is not UTF-8 text (line 1)"]


def test_an_oversized_or_binary_file(tmp_path: Path) -> None:
    toml = CODE.replace('files = ["sol.py"]', 'files = ["sol.py", "data.bin"]')
    files: dict[str, str | bytes] = {
        **CODE_FILES,
        "sol.py": "x" * (513 * 1024),
        "data.bin": b"\0\1",
    }
    assert refused(tmp_path, toml, files) == [
        'paper.toml:6: question "c1": file "sol.py" is larger than 512 KiB',
        'paper.toml:6: question "c1": file "data.bin" is not a text file',
    ]


def test_starter_files_that_could_not_be_handed_back(tmp_path: Path) -> None:
    """Each file is within its limit, but a variant's files would fill most of a hand-in."""
    toml = ""
    files: dict[str, str | bytes] = {"hidden.py": "def test_f():\n    assert True\n"}
    for k in range(6):
        toml += CODE.replace("c1", f"c{k}").replace("sol.py", f"sol{k}.py")
        files[f"sol{k}.py"] = "é" * (200 * 1024)  # 400 KiB of UTF-8, 1.2 MiB as JSON escapes
    [problem] = refused(tmp_path, toml, files)
    assert problem.startswith("paper.toml: a student's starter files and answers could take")
    assert problem.endswith("at most 2048 KiB leaves room to write")


def test_the_same_starter_file_in_two_questions(tmp_path: Path) -> None:
    toml = CODE + CODE.replace("c1", "c2")
    assert refused(tmp_path, toml, CODE_FILES) == [
        'paper.toml:13: question "c2": file "sol.py" is also a file of question "c1"'
    ]


def test_examples_named_like_a_starter_file(tmp_path: Path) -> None:
    toml = CODE + 'examples = "tests/sol.py"\n'
    files: dict[str, str | bytes] = {**CODE_FILES, "tests/sol.py": "def test_a():\n    pass\n"}
    assert refused(tmp_path, toml, files) == [
        'paper.toml:8: question "c1": examples "sol.py" has the name of a starter file'
    ]


def test_fields_of_the_wrong_kind_and_unknown_fields(tmp_path: Path) -> None:
    toml = 'title = 3\nfeedback = "partial"\nshufle_questions = true\n' + CHOICE.replace(
        'answer = "a"', 'answer = "a"\npoints = -1\nanwser = 2\ntags = { difficulty = true }'
    )
    assert refused(tmp_path, toml) == [
        "paper.toml:1: title: should be text (it is 3)",
        "paper.toml:2: feedback: should be 'none', 'score' or 'full' (it is \"partial\")",
        'paper.toml:3: "shufle_questions" is not a known field',
        'paper.toml:11: question "q1": points: should be greater than or equal to 0 (it is -1)',
        'paper.toml:12: question "q1": "anwser" is not a known field',
        'paper.toml:13: question "q1": tags.difficulty: should be text, a whole number or a'
        " number (it is true)",
    ]


def test_ids_paths_and_file_names_are_checked(tmp_path: Path) -> None:
    toml = (
        'include = ["/etc/*.toml"]\n'
        + CHOICE.replace('id = "q1"', 'id = "q 1"')
        + CODE.replace('files = ["sol.py"]', 'files = ["../sol.py"]').replace(
            '"hidden.py"', '"../hidden.py"'
        )
    )
    found = refused(tmp_path, toml)
    pattern = "'^[A-Za-z0-9_-]{1,40}$'"
    assert found[0].startswith("paper.toml:1: include[0]: a glob inside the paper folder")
    assert (
        found[1]
        == f'paper.toml:4: question "q 1": id: should match pattern {pattern} (it is "q 1")'
    )
    assert found[2].startswith('paper.toml:14: question "c1": files[0]: file names are')
    assert found[3].startswith('paper.toml:15: question "c1": tests: a path inside the paper')
    assert len(found) == 4


def test_include_that_matches_nothing_and_a_bank_with_other_keys(tmp_path: Path) -> None:
    toml = 'include = ["bank/*.toml", "more/*.toml"]\n' + CHOICE
    bank = 'title = "not here"\n' + CHOICE.replace("q1", "b1")
    assert refused(tmp_path, toml, {"bank/b.toml": bank}) == [
        'paper.toml:1: include "more/*.toml" matches no .toml file',
        'bank/b.toml:1: "title" is not a known field'
        " (a question bank file holds [[questions]] only)",
    ]


def test_a_bank_names_its_files_relative_to_itself(tmp_path: Path) -> None:
    toml = 'include = ["bank/*.toml"]\n'
    bank = CHOICE.replace('text = "Pick one"', 'text_file = "q1.md"')
    assert refused(tmp_path, toml, {"bank/b.toml": bank, "q1.md": "at the top"}) == [
        'bank/b.toml:5: question "q1": text_file "q1.md" does not exist'
    ]
    (tmp_path / "paper" / "bank" / "q1.md").write_text("beside the bank", encoding="utf-8")
    assert load_paper(tmp_path / "paper").questions[0].text == "beside the bank"


def test_a_paper_toml_without_questions(tmp_path: Path) -> None:
    assert refused(tmp_path, 'title = "Empty"\n') == [
        "paper.toml: there are no questions (a paper without questions needs no paper.toml)"
    ]


def test_every_problem_is_listed_at_once_in_file_and_line_order(tmp_path: Path) -> None:
    toml = (
        'include = ["bank/*.toml"]\nfeedback = "loud"\n'
        + CHOICE.replace('answer = "a"', 'answer = "z"')
        + CODE.replace('tests = "hidden.py"\n', 'main = "x.py"\n')
        + '\n[[pools]]\nid = "p"\ndraw = 3\n'
    )
    bank = CHOICE.replace("q1", "c1").replace('type = "choice"', 'type = "quiz"') + CHOICE
    found = refused(tmp_path, toml, {"sol.py": "", "bank/b.toml": bank})
    assert found == [
        "paper.toml:2: feedback: should be 'none', 'score' or 'full' (it is \"loud\")",
        'paper.toml:9: question "q1": answer "z" is not one of its options',
        'paper.toml:11: question "c1": a code question needs tests or cases to be marked',
        'paper.toml:16: question "c1": main "x.py" is not one of its files',
        'paper.toml:20: pool "p": draws 3 but has 0 questions',
        'bank/b.toml:4: question "c1": type "quiz" is not one of choice, multi, short, code',
        'bank/b.toml:10: question "q1": id is already used at paper.toml:4',
    ]


def test_a_refused_paper_is_never_half_loaded(tmp_path: Path) -> None:
    folder = make_paper(
        tmp_path / "paper", CHOICE + CHOICE.replace("q1", "q2").replace('"a"\n', '"c"\n')
    )
    with pytest.raises(PaperError) as refused_paper:
        load_paper(folder)
    assert len(refused_paper.value.problems) == 1
    assert (
        str(refused_paper.value)
        == 'paper.toml:14: question "q2": answer "c" is not one of its options'
    )


FIELDS = [
    *"title instructions pass_percent shuffle_questions feedback include pools runners".split(),
    *"id type text text_file options answer points tags pool match tolerance".split(),
    *"language files main tests examples scoring time_limit_s memory_mb cases input output".split(),
    *"hidden draw build run c choice code".split(),
]
scalars = st.one_of(
    st.sampled_from(["choice", "multi", "short", "code", "regex", "number", "a", "x.py", "p"]),
    st.integers(-3, 3),
    st.text(max_size=8),
    st.booleans(),
    st.floats(allow_nan=False, width=32),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
    st.lists(st.dictionaries(st.sampled_from(FIELDS), values, max_size=8), max_size=3),
)
def test_any_toml_loads_or_is_refused_with_problems(
    tmp_path: Path, top: dict, questions: list
) -> None:
    """Whatever a teacher writes, the loader answers with a paper or with located problems,
    never with another exception."""
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    document = dict(top)
    if questions:
        document["questions"] = questions
    (folder / "paper.toml").write_text(tomlkit.dumps(document), encoding="utf-8")
    try:
        load_paper(folder)
    except PaperError as refused:
        assert refused.problems and all(p.file == "paper.toml" for p in refused.problems)
