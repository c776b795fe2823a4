"""The spawn sandbox (a fresh interpreter per case: Windows' path, and `mode="spawn"`)
exercised here on Linux: the same harness and audit hook, limits set on the child."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from proctor.marking.code import mark_code
from proctor.marking.sandbox import SandboxSettings, open_sandbox
from proctor.marking.sandbox.host import JobRunner
from proctor.marking.specs import CaseSpec, CodeSpec

TESTS = "from solution import double\n\ndef test_two():\n    assert double(2) == 4\n"
SPEC = CodeSpec(
    id="q",
    files=("solution.py",),
    tests=TESTS,
    cases=(CaseSpec("21\n", "42\n"),),
    time_limit_s=1,
    points=2,
)


@pytest.fixture(scope="module")
def spawn_box(work_dir: Path) -> Iterator[JobRunner]:
    box = open_sandbox(work_dir, 7, SandboxSettings(mode="spawn"))
    strength = box.start()
    assert strength.mode == "spawn" and strength.weaker
    yield box
    box.stop()


def test_honest_code_passes_both_kinds(spawn_box: JobRunner) -> None:
    code = (
        "def double(x):\n    return 2 * x\n"
        "if __name__ == '__main__':\n    print(double(int(input())))\n"
    )
    result = mark_code(SPEC, {"solution.py": code}, spawn_box)
    assert result.status == "correct", [c.message for c in result.cases]


def test_failures_and_refusals_are_reported(spawn_box: JobRunner) -> None:
    wrong = mark_code(SPEC, {"solution.py": "def double(x):\n    return x\n"}, spawn_box)
    assert wrong.cases[0].message.startswith("tests.py line 4: assert double(2) == 4")
    passwd = "def double(x):\n    return open('/etc/passwd').read()\n"
    result = mark_code(SPEC, {"solution.py": passwd}, spawn_box)
    assert "refused: tried to open /etc/passwd" in result.cases[0].message


def test_limits_hold(spawn_box: JobRunner) -> None:
    loop = mark_code(SPEC, {"solution.py": "while True:\n    pass\n"}, spawn_box)
    assert all("used more than 1 s of CPU" in c.message for c in loop.cases), loop
    flood = mark_code(SPEC, {"solution.py": "while True:\n    print('x' * 10000)\n"}, spawn_box)
    assert all("printed more than 64 KiB" in c.message for c in flood.cases), flood
