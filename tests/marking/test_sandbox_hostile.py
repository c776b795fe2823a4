"""Real hostile submissions against the real sandbox: each scores 0 with its reason, and
nothing escapes (no connection reaches a real listener, no file appears outside, no process
survives)."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from proctor.marking.code import mark_code
from proctor.marking.results import QuestionResult
from proctor.marking.sandbox import Sandbox
from proctor.marking.specs import CaseSpec, CodeSpec

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the zygote sandbox needs fork")

TESTS = """
from solution import double

def test_two():
    assert double(2) == 4

def test_ten():
    assert double(10) == 20
"""


def spec(time_limit_s: int = 1, memory_mb: int = 128, cases: tuple[CaseSpec, ...] = ()) -> CodeSpec:
    return CodeSpec(
        id="q",
        files=("solution.py",),
        tests=TESTS,
        tests_name="tests/q_hidden.py",
        cases=cases,
        time_limit_s=time_limit_s,
        memory_mb=memory_mb,
        points=4,
    )


def mark(box: Sandbox, code: str, **kw: object) -> QuestionResult:
    return mark_code(spec(**kw), {"solution.py": code}, box)  # type: ignore[arg-type]


def messages(result: QuestionResult) -> list[str]:
    return [c.message for c in result.cases]


def assert_all_fail(result: QuestionResult, fragment: str) -> None:
    assert result.points == 0, result
    assert result.status == "wrong", result
    assert result.cases and all(not c.passed for c in result.cases)
    for message in messages(result):
        assert fragment in message, messages(result)


def test_honest_submission_passes(sandbox: Sandbox) -> None:
    result = mark(sandbox, "def double(x):\n    return 2 * x\n")
    assert result.status == "correct" and result.points == 4
    assert [c.name for c in result.cases] == ["test_two", "test_ten"]


def test_infinite_loop_is_stopped_by_the_cpu_limit(sandbox: Sandbox) -> None:
    result = mark(sandbox, "def double(x):\n    while True:\n        pass\n")
    assert_all_fail(result, "used more than 1 s of CPU")


def test_sleeping_forever_is_stopped_by_the_wall_clock(sandbox: Sandbox) -> None:
    result = mark(sandbox, "import time\ndef double(x):\n    time.sleep(1000)\n")
    assert_all_fail(result, "took longer than 5 s (wall clock)")


def test_memory_bomb_hits_the_memory_limit(sandbox: Sandbox) -> None:
    code = "def double(x):\n    hog = []\n    while True:\n        hog.append(bytearray(10**7))\n"
    assert_all_fail(mark(sandbox, code), "the memory limit (128 MB) was reached")


def test_100_mb_of_output_is_cut_at_64_kib(sandbox: Sandbox) -> None:
    code = (
        "import sys\n"
        "def double(x):\n"
        "    for _ in range(100):\n"
        "        sys.stdout.write('x' * 1_000_000)\n"
    )
    assert_all_fail(mark(sandbox, code), "printed more than 64 KiB: stopped")


def test_reading_etc_passwd_is_refused_and_reported(sandbox: Sandbox) -> None:
    code = (
        "def double(x):\n"
        "    try:\n"
        "        print(open('/etc/passwd').read())\n"
        "    except Exception:\n"
        "        pass\n"
        "    return 2 * x\n"
    )
    assert_all_fail(mark(sandbox, code), "refused: tried to open /etc/passwd (outside its folder)")


def test_reading_etc_passwd_without_the_hook_is_denied_by_the_os(bare_sandbox: Sandbox) -> None:
    code = "def double(x):\n    return len(open('/etc/passwd').read())\n"
    assert_all_fail(mark(bare_sandbox, code), "PermissionError")


def test_reading_the_hidden_test_file_is_refused(sandbox: Sandbox, bare_sandbox: Sandbox) -> None:
    paper = Path(sandbox.work_dir).parent / "paper" / "tests"
    paper.mkdir(parents=True, exist_ok=True)
    hidden = paper / "q_hidden.py"
    hidden.write_text(TESTS)
    os.chmod(paper.parent, 0o755)
    os.chmod(paper, 0o755)
    os.chmod(hidden, 0o644)  # readable by anyone: only the sandbox stands in the way
    code = f"def double(x):\n    return open({str(hidden)!r}).read()\n"
    assert_all_fail(mark(sandbox, code), f"refused: tried to open {hidden} (outside its folder)")
    assert_all_fail(mark(bare_sandbox, code), "PermissionError")


def test_the_hidden_tests_are_not_in_the_case_folder(sandbox: Sandbox) -> None:
    code = (
        "import os\n"
        "FOUND = sorted(os.listdir('.'))\n"
        "def double(x):\n"
        "    assert FOUND == ['solution.py'], FOUND\n"
        "    return 2 * x\n"
    )
    assert mark(sandbox, code).status == "correct"


def test_writing_outside_the_folder_is_refused(sandbox: Sandbox, bare_sandbox: Sandbox) -> None:
    target = Path(sandbox.work_dir).parent / "escaped.txt"
    code = f"def double(x):\n    open({str(target)!r}, 'w').write('x')\n    return 2 * x\n"
    assert_all_fail(mark(sandbox, code), f"refused: tried to write {target} (outside its folder)")
    assert_all_fail(mark(bare_sandbox, code), "PermissionError")
    assert not target.exists()


def test_writing_inside_the_folder_is_fine(sandbox: Sandbox) -> None:
    code = (
        "def double(x):\n"
        "    open('scratch.txt', 'w').write(str(x))\n"
        "    return 2 * int(open('scratch.txt').read())\n"
    )
    assert mark(sandbox, code).status == "correct"


@pytest.fixture
def listener() -> socket.socket:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def assert_nothing_connected(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        server.accept()


def socket_code(port: int) -> str:
    return (
        "import socket\n"
        "def double(x):\n"
        "    try:\n"
        f"        socket.create_connection(('127.0.0.1', {port}), timeout=1).sendall(b'hi')\n"
        "    except Exception:\n"
        "        pass\n"
        "    return 2 * x\n"
    )


def test_a_socket_to_localhost_is_refused(sandbox: Sandbox, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    assert_all_fail(mark(sandbox, socket_code(port)), "refused: tried to use the network")
    assert_nothing_connected(listener)


def test_a_socket_without_the_hook_is_killed_by_seccomp(
    bare_sandbox: Sandbox, listener: socket.socket
) -> None:
    assert bare_sandbox.strength is not None and bare_sandbox.strength.seccomp
    port = listener.getsockname()[1]
    assert_all_fail(mark(bare_sandbox, socket_code(port)), "a forbidden system call")
    assert_nothing_connected(listener)


def test_starting_a_process_is_refused(sandbox: Sandbox) -> None:
    code = "import subprocess\ndef double(x):\n    subprocess.run(['true'])\n    return 2 * x\n"
    assert_all_fail(mark(sandbox, code), "refused: tried to start a process")


def test_ctypes_is_refused(sandbox: Sandbox) -> None:
    code = "def double(x):\n    import ctypes\n    return 2 * x\n"
    assert_all_fail(mark(sandbox, code), "refused: tried to load native code")


def test_a_forged_verdict_is_ignored(sandbox: Sandbox) -> None:
    code = (
        "import os\n"
        "def double(x):\n"
        "    os.write(3, b'0123456789abcdef0123456789abcdef V 1 \\n')\n"
        "    os._exit(0)\n"
    )
    assert_all_fail(mark(sandbox, code), "the test did not finish")


def processes_of(uid: int) -> list[str]:
    out = subprocess.run(["ps", "-o", "pid=", "-u", str(uid)], capture_output=True, text=True)
    return out.stdout.split()


FORK_COUNT = """
import os, time
def double(x):
    children = 0
    for _ in range(200):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        children += 1
    assert children < 40, children
    return 2 * x
"""


@pytest.mark.slow
def test_fork_bomb_is_contained(work_dir: Path) -> None:
    """First prove the process limit holds without seccomp (RLIMIT_NPROC on the case's own
    uid or user namespace, under a PID namespace), then let a real fork bomb loose in every
    configuration, each with its timeout, and check that nothing survives."""
    from tests.helpers.sandbox import make_sandbox

    bounded = make_sandbox(work_dir, 5, audit=False, seccomp=False)
    try:
        assert bounded.strength is not None
        result = mark(bounded, FORK_COUNT, time_limit_s=2)
        assert result.status == "correct", messages(result)  # fork failed before 40
        bomb = "import os\ndef double(x):\n    while True:\n        os.fork()\n"
        result = mark(bounded, bomb, time_limit_s=1)
        assert result.points == 0
        assert not processes_of(bounded.settings.uid_base + 5)
    finally:
        bounded.stop()
    seccomp_only = make_sandbox(work_dir, 6, audit=False)
    try:
        bomb = "import os\ndef double(x):\n    while True:\n        os.fork()\n"
        assert_all_fail(mark(seccomp_only, bomb), "a forbidden system call")
    finally:
        seccomp_only.stop()


def test_the_strength_on_this_machine_is_recorded() -> None:
    from proctor.marking.sandbox import probe_strength

    strength = probe_strength()
    if os.geteuid() == 0 and strength.platform.startswith("linux"):
        assert strength.mode == "root" and strength.uid_drop
    assert strength.to_dict()["seccomp"] == strength.seccomp
    if strength.landlock_abi and strength.seccomp and strength.netns:
        assert strength.weaker == ()
