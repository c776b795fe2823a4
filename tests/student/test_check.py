"""Check on the student's side: real Python subprocesses running the sample paper's visible
examples and cases on the starter files (they fail) and on the reference solutions (they
pass), and the limits: timeout, output cap, scrubbed environment, files kept inside the
throwaway folder, whatever the program left running killed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil
import pytest

from proctor.common.protocol import Paper, Question, QuestionCase
from proctor.paper.load import load_paper
from proctor.paper.variants import make_variant
from proctor.paper.view import student_paper
from proctor.student.check import CheckError, PythonChecker, output_difference

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "sample_mixed_paper"


@pytest.fixture(scope="module")
def sample() -> Paper:
    paper = load_paper(SAMPLE)
    return student_paper(paper, make_variant(paper, "student-1"))


def one_question(
    examples: str | None = None, cases: list[tuple[str, str]] = (), main: str = "main.py"
) -> Paper:  # type: ignore[assignment]
    question = Question(
        id="q",
        type="code",
        text="Write it.",
        points=1,
        files=[main],
        examples={"q_examples.py": examples} if examples is not None else None,
        cases=[QuestionCase(input=i, output=o) for i, o in cases],
    )
    return Paper(title="t", instructions="", files={main: ""}, questions=[question])


def starter(name: str) -> dict[str, str]:
    return {f"{name}.py": (SAMPLE / f"{name}.py").read_text(encoding="utf-8")}


def solution(name: str) -> dict[str, str]:
    return {f"{name}.py": (SAMPLE / "solutions" / f"{name}.py").read_text(encoding="utf-8")}


@pytest.mark.parametrize("question", ["word_counts", "running_median"])
def test_the_starter_files_fail_every_visible_check(sample: Paper, question: str) -> None:
    results = PythonChecker(sample).check(question, starter(question))
    visible = next(q for q in sample.questions if q.id == question)
    assert len(results) >= 2
    assert [r.name for r in results][-len(visible.cases) :] == [
        f"case {n}" for n in range(1, len(visible.cases) + 1)
    ]
    assert not any(r.passed for r in results)
    tests = [r for r in results if r.name.startswith("test")]
    assert tests and all("NotImplementedError" in r.message for r in tests)
    assert all(f"{question}.py line 8" in r.message for r in tests)
    case = results[-1]
    assert case.expected == visible.cases[-1].output
    assert "exited with code 1" in case.message and "NotImplementedError" in case.message
    assert "/tmp" not in case.message  # file names, not the throwaway folder's path


@pytest.mark.parametrize("question", ["word_counts", "running_median"])
def test_the_reference_solutions_pass_every_visible_check(sample: Paper, question: str) -> None:
    results = PythonChecker(sample).check(question, solution(question))
    assert results and all(r.passed for r in results), results
    case = results[-1]
    assert case.actual == case.expected and not case.message


def test_a_wrong_answer_shows_what_was_expected_and_what_came(sample: Paper) -> None:
    wrong = solution("word_counts")
    wrong["word_counts.py"] = wrong["word_counts.py"].replace(
        "counts[word] = counts.get(word, 0) + 1", "counts[word] = 1"
    )
    results = {r.name: r for r in PythonChecker(sample).check("word_counts", wrong)}
    example = results["test_the_example_of_the_question"]
    assert not example.passed
    assert example.expected == "{'the': 3, 'cat': 1, 'saw': 1, 'dog': 2, 'ran': 1}"
    assert example.actual == "{'the': 1, 'cat': 1, 'saw': 1, 'dog': 1, 'ran': 1}"
    assert example.message.startswith("line 7: assert word_counts(")
    assert results["test_no_words"].passed
    case = results["case 1"]
    assert not case.passed
    assert case.actual == "cat 1\ndog 1\nsaw 1\nthe 1\n"
    assert case.message == "wrong output at line 4: expected 'the 2', got 'the 1'"


def test_a_file_that_does_not_parse_fails_every_example_with_its_line(sample: Paper) -> None:
    broken = {"word_counts.py": "def word_counts(text):\n    return {\n"}
    results = PythonChecker(sample).check("word_counts", broken)
    tests = [r for r in results if r.name.startswith("test")]
    assert [r.name for r in tests] == ["test_the_example_of_the_question", "test_no_words"]
    for result in tests:
        assert not result.passed
        assert result.message.startswith("The examples could not run: SyntaxError")
        assert "word_counts.py line 2" in result.message


def test_other_asserts_show_both_values_and_their_message() -> None:
    examples = (
        "from main import f\n\n"
        "def test_less():\n    assert f() < 2, 'f should be small'\n\n"
        "def test_truth():\n    assert f() == 3 and False\n\n"
        "def test_passes():\n    assert f() == 3\n"
    )
    paper = one_question(examples)
    results = {
        r.name: r for r in PythonChecker(paper).check("q", {"main.py": "def f():\n    return 3\n"})
    }
    less = results["test_less"]
    assert not less.passed and less.expected == "" and less.actual == ""
    assert (
        less.message
        == "line 4: assert f() < 2, 'f should be small'\n3 < 2 is false\nf should be small"
    )
    assert results["test_truth"].message == "line 7: assert f() == 3 and False"
    assert results["test_passes"].passed


def test_a_program_that_never_ends_is_stopped_and_later_tests_are_not_run() -> None:
    examples = (
        "from main import spin\n\n"
        "def test_first():\n    assert 1 == 1\n\n"
        "def test_spins():\n    spin()\n\n"
        "def test_after():\n    assert 1 == 1\n"
    )
    code = "def spin():\n    while True:\n        pass\n\nif __name__ == '__main__':\n    spin()\n"
    paper = one_question(examples, [("", "x\n")])
    results = PythonChecker(paper, time_limit_s=1).check("q", {"main.py": code})
    names = {r.name: r for r in results}
    assert names["test_first"].passed
    assert names["test_spins"].message == "stopped after 1 s (the time Check allows)"
    assert names["test_after"].message == "not run: an earlier test stopped"
    assert names["case 1"].message == "stopped after 1 s (the time Check allows)"
    assert not any(r.passed for n, r in names.items() if n != "test_first")


def test_a_module_that_hangs_on_import_stops_every_example() -> None:
    examples = "import main\n\ndef test_a():\n    pass\n\ndef test_b():\n    pass\n"
    paper = one_question(examples)
    results = PythonChecker(paper, time_limit_s=1).check(
        "q", {"main.py": "while True:\n    pass\n"}
    )
    assert [r.name for r in results] == ["test_a", "test_b"]
    for result in results:
        assert not result.passed
        assert result.message == "stopped after 1 s (the time Check allows), before any test ran"


def test_output_is_capped_and_the_program_stopped() -> None:
    paper = one_question(cases=[("", "x\n")])
    flood = "while True:\n    print('y' * 1000)\n"
    result = PythonChecker(paper, max_output_chars=5000).check("q", {"main.py": flood})[0]
    assert not result.passed
    assert result.message == "stopped: printed more than 5,000 characters"
    assert 0 < len(result.actual) <= 5000


def test_the_environment_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCTOR_SEAT_KEY", "do-not-leak")
    program = (
        "import os\n"
        "home = os.environ['HOME'] == os.path.dirname(os.getcwd())\n"
        "print('PROCTOR_SEAT_KEY' in os.environ, home)\n"
        "print(sorted(k for k in os.environ if k not in ('PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP',"
        " 'LANG', 'LC_ALL', 'PYTHONIOENCODING', 'PYTHONUTF8', 'PYTHONDONTWRITEBYTECODE',"
        " 'LC_CTYPE')))\n"
    )
    paper = one_question(cases=[("", "False True\n[]\n")])
    result = PythonChecker(paper).check("q", {"main.py": program})[0]
    assert result.passed, result


def test_files_stay_in_a_throwaway_folder_that_is_removed(tmp_path: Path) -> None:
    program = "import os\nprint(os.getcwd())\nprint(sorted(os.listdir('.')))\n"
    paper = one_question(cases=[("", "")])
    files = {
        "main.py": program,
        "data.txt": "1\n",
        "../escape.py": "x",
        "sub/inner.py": "x",
        ".hidden": "x",
    }
    result = PythonChecker(paper).check("q", files)[0]
    folder, listing = result.actual.splitlines()
    assert listing == "['data.txt', 'main.py']"
    assert not Path(folder).exists()
    assert not (Path(folder).parent / "escape.py").exists()


def test_what_the_program_left_running_is_killed() -> None:
    program = (
        "import subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid)\n"
    )
    paper = one_question(cases=[("", "0\n")])
    result = PythonChecker(paper).check("q", {"main.py": program})[0]
    pid = int(result.actual)
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    alive = psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    assert not alive


@pytest.mark.skipif(os.name != "posix", reason="memory limits need POSIX rlimits")
def test_memory_is_limited() -> None:
    paper = one_question(cases=[("", "ok\n")])
    program = "block = bytearray(2 * 1024 * 1024 * 1024)\nprint('ok')\n"
    result = PythonChecker(paper, memory_mb=256).check("q", {"main.py": program})[0]
    assert not result.passed
    assert "MemoryError" in result.message


def test_stdin_reaches_the_program_and_sibling_modules_import() -> None:
    paper = one_question(cases=[("3\n4\n", "7\n"), ("1\n1\n", "3\n")])
    files = {
        "main.py": "from helper import add\nprint(add(int(input()), int(input())))\n",
        "helper.py": "def add(a, b):\n    return a + b\n",
    }
    first, second = PythonChecker(paper).check("q", files)
    assert first.passed and first.actual == "7\n"
    assert not second.passed and second.message == "wrong output at line 1: expected '3', got '2'"


def test_only_code_questions_of_the_paper_can_be_checked(sample: Paper) -> None:
    checker = PythonChecker(sample)
    with pytest.raises(CheckError, match='"lookup" is not a code question'):
        checker.check("lookup", {})
    with pytest.raises(CheckError, match='"nope"'):
        checker.check("nope", {})


def test_a_question_whose_main_file_is_not_python_is_not_run() -> None:
    paper = one_question(cases=[("", "1\n")], main="main.c")
    (result,) = PythonChecker(paper).check("q", {"main.c": "int main() { return 0; }"})
    assert not result.passed and result.message == "Check runs Python programs; main.c is not one."


def test_outputs_compare_as_marking_compares_them() -> None:
    assert output_difference("a\nb\n", "a  \r\nb\r\n\n\n") is None
    assert output_difference("a\n", " a\n") == "wrong output at line 1: expected 'a', got ' a'"
    assert output_difference("a\nb\n", "a\n") == "wrong output at line 2: expected 'b', got nothing"
    assert output_difference("a\n", "a\nb\n") == (
        "wrong output at line 2: expected nothing more, got 'b'"
    )
    assert output_difference("a\n", "") == "no output"


def test_runs_with_this_interpreter() -> None:
    paper = one_question(cases=[("", "")])
    program = "import sys\nprint(sys.version_info[:2])\nprint(sys.flags.isolated)\n"
    result = PythonChecker(paper).check("q", {"main.py": program})[0]
    assert result.actual.splitlines() == [str(sys.version_info[:2]), "1"]
