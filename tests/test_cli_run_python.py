"""`proctor run-python FILE ARGS`: the exam's Run button, run in a real child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from proctor.cli import main
from tests.helpers.constants import ROOT
from tests.helpers.e2e import child_env


def run_python(script: Path | str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "proctor", "run-python", str(script), *args],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_script_gets_its_arguments_and_its_exit_code_is_returned(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text("import sys\nprint(sys.argv)\nsys.exit(3)\n")
    done = run_python("script.py", "a", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stdout.strip() == "['script.py', 'a']"
    assert done.stderr == ""


def test_a_sibling_module_is_importable(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("VALUE = 42\n")
    script = tmp_path / "main.py"
    script.write_text("import helper\nprint(helper.VALUE)\n")
    done = run_python(script, cwd=ROOT)  # elsewhere: the script's folder goes on sys.path
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"


def test_an_exit_message_goes_to_stderr_with_code_1(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text("import sys\nsys.exit('wrong answer')\n")
    done = run_python(script, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "wrong answer"
    assert done.stdout == ""


def test_without_a_file_it_prints_usage(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "proctor", "run-python"],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "usage: proctor run-python" in done.stderr


def test_the_sandbox_python_command_takes_one_script() -> None:
    """`proctor _sandbox-python SCRIPT.py` (the packaged build's Python for the marking
    sandbox) refuses anything else; the bundle test runs it for real."""
    assert main(["_sandbox-python"]) == 2
    assert main(["_sandbox-python", "a.txt"]) == 2
