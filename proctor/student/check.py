"""Check, on the student's computer: a code question's visible examples (test_* functions
with plain `assert`) and visible cases (stdin -> stdout), run on the student's own files.

Each run is a subprocess (`check_harness`) in a throwaway folder holding the student's files,
with a wall-clock timeout that kills its whole process group, CPU, memory and file-size
limits it sets on itself, output capped while it is read, and an environment scrubbed of
everything but PATH and a few UTF-8 settings. No hidden test exists on this side: the host
marks with its own, in its own sandbox.

`PythonChecker(paper).check(question_id, files) -> list[CaseResult]` blocks for as long as
the runs take (seconds): call it off the GUI thread."""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from proctor.common.checks import CaseResult
from proctor.common.protocol import Paper, Question

DEFAULT_TIME_LIMIT_S = 10.0
DEFAULT_MEMORY_MB = 512
MAX_FILE_MB = 16  # what the student's program may write to one file
MAX_OUTPUT_CHARS = 64_000  # of each of stdout and stderr
MAX_MESSAGE_CHARS = 1_500
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_HARNESS_MODULE = "proctor.student.check_harness"


class CheckError(ValueError):
    """A check that cannot run at all: not a code question of this paper."""


@dataclass(frozen=True)
class Outcome:
    """What a run did: its exit code (None when it was stopped), its output (capped)."""

    returncode: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    overflowed: bool = False


class PythonChecker:
    """Runs the checks of the code questions of one student's paper (its `Question`s carry
    the examples and the visible cases). Python only: the main file must end in `.py`."""

    def __init__(
        self,
        paper: Paper,
        *,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        memory_mb: int = DEFAULT_MEMORY_MB,
        max_output_chars: int = MAX_OUTPUT_CHARS,
        main_files: Mapping[str, str] | None = None,
    ) -> None:
        self.questions = {q.id: q for q in paper.questions if q.type == "code"}
        self.time_limit_s = time_limit_s
        self.memory_mb = memory_mb
        self.max_output_chars = max_output_chars
        # The wire's Question has no `main`: the first of its files, unless told otherwise.
        self.main_files = dict(main_files or {})

    def main_file(self, question: Question) -> str:
        return self.main_files.get(question.id) or (question.files[0] if question.files else "")

    def check(self, question_id: str, files: Mapping[str, str]) -> list[CaseResult]:
        """Every visible example test, then every visible case, in order."""
        question = self.questions.get(question_id)
        if question is None:
            raise CheckError(f'"{question_id}" is not a code question of this paper')
        main = self.main_file(question)
        if not main.endswith(".py"):
            return [
                CaseResult(
                    "check", False, message=f"Check runs Python programs; {main} is not one."
                )
            ]
        with tempfile.TemporaryDirectory(prefix="proctor-check-") as temporary:
            root = Path(temporary)
            work, harness = root / "work", root / "harness"
            work.mkdir()
            harness.mkdir()
            for name, text in files.items():
                if _PLAIN_NAME.match(name) and ".." not in name:
                    (work / name).write_text(text, encoding="utf-8", newline="\n")
            launcher = harness / "check_launcher.py"
            launcher.write_text(_launcher_text(), encoding="utf-8")
            results: list[CaseResult] = []
            for name, text in (question.examples or {}).items():
                if name.endswith(".py") and _PLAIN_NAME.match(name):
                    results += self._examples(root, launcher, name, text)
            for number, case in enumerate(question.cases, 1):
                results.append(
                    self._case(root, launcher, main, f"case {number}", case.input, case.output)
                )
        return results

    # -- the runs ----------------------------------------------------------------------

    def _argv(self, launcher: Path, *args: str) -> list[str]:
        limits = f"{self.time_limit_s:g},{self.memory_mb},{MAX_FILE_MB}"
        if getattr(sys, "frozen", False):  # the packaged app runs Python through itself
            return [sys.executable, "run-python", str(launcher), args[0], limits, *args[1:]]
        return [sys.executable, "-I", "-B", "-X", "utf8", str(launcher), args[0], limits, *args[1:]]

    def _examples(self, root: Path, launcher: Path, name: str, text: str) -> list[CaseResult]:
        examples = root / "harness" / name
        examples.write_text(text, encoding="utf-8", newline="\n")
        records_path = root / "harness" / f"{examples.stem}.results.jsonl"
        outcome = run_limited(
            self._argv(launcher, "examples", str(root / "work"), str(examples), str(records_path)),
            cwd=root / "work",
            stdin_text="",
            timeout_s=self.time_limit_s,
            max_chars=self.max_output_chars,
            env=scrubbed_env(root),
        )
        records = _read_records(records_path)
        expected_names = test_names(text)
        for record in records:
            if "load_error" in record:
                message = f"The examples could not run: {record['load_error']}"
                return [CaseResult(n, False, message=message) for n in expected_names or [name]]
        done = {r["name"]: r for r in records if "name" in r}
        started = [r["start"] for r in records if "start" in r]
        stopped = _stop_reason(outcome, self.time_limit_s, self.max_output_chars)
        if not started:  # stopped or crashed while importing the student's files
            reason = stopped or _crash(outcome)
            return [
                CaseResult(n, False, message=f"{reason}, before any test ran")
                for n in expected_names or [name]
            ]
        results = []
        for test in expected_names:
            if test in done:
                results.append(CaseResult.from_dict(done[test]))
            elif test in started:
                results.append(CaseResult(test, False, message=stopped or _crash(outcome)))
            else:
                results.append(CaseResult(test, False, message="not run: an earlier test stopped"))
        return results

    def _case(
        self, root: Path, launcher: Path, main: str, name: str, stdin_text: str, expected: str
    ) -> CaseResult:
        outcome = run_limited(
            self._argv(launcher, "run", str(root / "work"), main),
            cwd=root / "work",
            stdin_text=stdin_text,
            timeout_s=self.time_limit_s,
            max_chars=self.max_output_chars,
            env=scrubbed_env(root),
        )
        stopped = _stop_reason(outcome, self.time_limit_s, self.max_output_chars)
        if stopped:
            return CaseResult(name, False, expected, outcome.stdout, stopped)
        if outcome.returncode != 0:
            message = f"exited with code {outcome.returncode}"
            if outcome.stderr.strip():
                message += ":\n" + _tail(outcome.stderr)
            return CaseResult(name, False, expected, outcome.stdout, message)
        difference = output_difference(expected, outcome.stdout)
        return CaseResult(name, difference is None, expected, outcome.stdout, difference or "")


# -- helpers ---------------------------------------------------------------------------


def test_names(source: str) -> list[str]:
    """The test_* functions of an examples file, in file order ([] when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    ]


def normalize_output(text: str) -> list[str]:
    """Lines as marking compares them: any line ending, trailing spaces and trailing empty
    lines ignored; leading and inner spaces count."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def output_difference(expected: str, actual: str) -> str | None:
    """None when the outputs match, else where they first differ."""
    want, got = normalize_output(expected), normalize_output(actual)
    if want == got:
        return None
    if not got:
        return "no output"
    for index in range(max(len(want), len(got))):
        left = want[index] if index < len(want) else None
        right = got[index] if index < len(got) else None
        if left != right:
            if left is None:
                return f"wrong output at line {index + 1}: expected nothing more, got {right!r}"
            if right is None:
                return f"wrong output at line {index + 1}: expected {left!r}, got nothing"
            return f"wrong output at line {index + 1}: expected {left!r}, got {right!r}"
    return "wrong output"


def scrubbed_env(home: Path) -> dict[str, str]:
    """PATH and UTF-8 settings only: nothing of the app's own environment reaches the code."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "TMPDIR": str(home),
        "TEMP": str(home),
        "TMP": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUTF8": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if os.name == "nt":  # Python itself needs these on Windows
        for name in ("SYSTEMROOT", "WINDIR"):
            if name in os.environ:
                env[name] = os.environ[name]
    return env


def run_limited(
    argv: list[str],
    *,
    cwd: Path,
    stdin_text: str,
    timeout_s: float,
    max_chars: int,
    env: Mapping[str, str],
) -> Outcome:
    """Run `argv`, killing its process group after `timeout_s` or once it has printed more
    than `max_chars` on either stream; whatever it left running is killed too."""
    posix = os.name == "posix"
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=posix,
        creationflags=0 if posix else subprocess.CREATE_NEW_PROCESS_GROUP,  # type: ignore[attr-defined]
    )
    limit_bytes = max_chars * 4 + 4  # UTF-8: never cut before max_chars characters
    overflow = threading.Event()
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}

    def read(stream: IO[bytes], key: str) -> None:
        size = 0
        while True:
            block = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            if not block:
                return
            if size < limit_bytes:
                chunks[key].append(block[: limit_bytes - size])
            size += len(block)
            if size > limit_bytes and not overflow.is_set():
                overflow.set()
                _kill(process)

    def write() -> None:
        assert process.stdin is not None
        try:
            process.stdin.write(stdin_text.encode("utf-8"))
            process.stdin.close()
        except OSError:  # it stopped reading: fine
            pass

    assert process.stdout is not None and process.stderr is not None
    threads = [
        threading.Thread(target=read, args=(process.stdout, "out"), daemon=True),
        threading.Thread(target=read, args=(process.stderr, "err"), daemon=True),
        threading.Thread(target=write, daemon=True),
    ]
    for thread in threads:
        thread.start()
    timed_out = False
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
    _kill(process)  # also what it started and left behind, which would hold the pipes open
    process.wait()
    for thread in threads:
        thread.join(5)
    process.stdout.close()
    process.stderr.close()

    def text(key: str) -> str:
        decoded = b"".join(chunks[key]).decode("utf-8", "replace")
        return decoded[:max_chars]

    stopped = timed_out or overflow.is_set()
    return Outcome(
        None if stopped else process.returncode,
        text("out"),
        text("err"),
        timed_out=timed_out and not overflow.is_set(),
        overflowed=overflow.is_set(),
    )


def _kill(process: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif process.poll() is None:
        process.kill()


def _launcher_text() -> str:
    """The child's first file: imports the harness from this app (the packaged app's own
    modules when frozen, else the package folder, put last on sys.path)."""
    root = str(Path(__file__).resolve().parents[2])
    return (
        "import sys\n"
        f"if not getattr(sys, 'frozen', False):\n    sys.path.append({root!r})\n"
        f"from {_HARNESS_MODULE} import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )


def _read_records(path: Path) -> list[dict[str, Any]]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill
        if isinstance(record, dict):
            records.append(record)
    return records


def _stop_reason(outcome: Outcome, time_limit_s: float, max_chars: int) -> str:
    if outcome.overflowed:
        return f"stopped: printed more than {max_chars:,} characters"
    if outcome.timed_out:
        return f"stopped after {time_limit_s:g} s (the time Check allows)"
    return ""


def _crash(outcome: Outcome) -> str:
    message = f"the examples stopped (exit code {outcome.returncode})"
    if outcome.stderr.strip():
        message += ":\n" + _tail(outcome.stderr)
    return message


def _tail(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_MESSAGE_CHARS else "…" + text[-MAX_MESSAGE_CHARS:]
