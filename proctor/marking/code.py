"""Marking a code question: turn a spec and one student's files into a sandbox job, and the
sandbox's reports into case results and the question's mark.

Decisions: a case passes only if it exits 0 inside its limits, did nothing the sandbox
refused, and (stdin/stdout cases) printed the expected output after normalisation: line
ends unified, trailing whitespace cut from every line, trailing empty lines dropped; leading
and inner whitespace count. A student whose files are all missing or still the starter
(ignoring surrounding whitespace) is "unanswered" and nothing runs. The visible examples are
the student's own check, not part of the mark.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping
from typing import Any

from proctor.marking.results import CaseResult, QuestionResult, Status, kept_output
from proctor.marking.rules import score_cases, unanswered
from proctor.marking.sandbox._pytests import test_names
from proctor.marking.sandbox.host import JobRunner, Limits, SandboxError
from proctor.marking.specs import CodeSpec

MAX_FILE_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 1024 * 1024


def normalize_output(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def is_unanswered(spec: CodeSpec, files: Mapping[str, str]) -> bool:
    present = {n: files[n] for n in spec.files if isinstance(files.get(n), str)}
    if not any(text.strip() for text in present.values()):
        return True
    return all(text.strip() == spec.starter.get(n, "\0").strip() for n, text in present.items())


def case_names(spec: CodeSpec) -> list[tuple[str, bool]]:
    """(name, hidden) of every case, in order: hidden test functions, then stdin cases."""
    names: list[tuple[str, bool]] = []
    if spec.tests:
        names += [(n, True) for n in test_names(spec.tests, spec.tests_name)]
    for i, case in enumerate(spec.cases, start=1):
        names.append((case.name or f"case {i}", case.hidden))
    return names


def build_job(spec: CodeSpec, files: Mapping[str, str]) -> dict[str, Any]:
    """The zygote's job: the student's files, the hidden tests, the cases (never their
    expected output: the host compares), and the limits."""
    chosen: dict[str, str] = {}
    for name in spec.files:
        text = files.get(name)
        chosen[name] = text if isinstance(text, str) else ""
    for name, text in chosen.items():
        if len(text.encode()) > MAX_FILE_BYTES:
            raise ValueError(f"{name} is larger than {MAX_FILE_BYTES // 1024} KiB")
    if sum(len(t.encode()) for t in chosen.values()) > MAX_TOTAL_BYTES:
        raise ValueError("the files are larger than 1 MiB in all")
    limits = Limits.for_case(spec.time_limit_s, spec.memory_mb)
    cases: list[dict[str, Any]] = []
    if spec.tests:
        for name in test_names(spec.tests, spec.tests_name):
            cases.append({"name": name, "kind": "test", "test": name})
    runner = spec.runner if spec.language != "python" else None
    for i, case in enumerate(spec.cases, start=1):
        entry: dict[str, Any] = {"name": case.name or f"case {i}", "input": case.input}
        if runner is None:
            entry["kind"] = "io"
        else:
            entry.update(kind="program", argv=_expand(runner.run, spec), read_paths=[])
            entry["read_paths"] = list(runner.read_paths)
        cases.append(entry)
    job: dict[str, Any] = {
        "files": chosen,
        "main": spec.main,
        "tests": {"name": spec.tests_name, "source": spec.tests} if spec.tests else None,
        "cases": cases,
        "limits": limits.to_dict(),
    }
    if runner is not None and runner.build:
        build_limits = Limits(
            cpu_s=runner.build_time_limit_s,
            wall_s=2.0 * runner.build_time_limit_s + 1,
            memory_mb=runner.build_memory_mb,
            fsize_mb=64,
            nproc=64,
        )
        job["build"] = {
            "name": "build",
            "kind": "program",
            "argv": _expand(runner.build, spec),
            "allow_processes": True,
            "read_paths": list(runner.read_paths),
            "limits": build_limits.to_dict(),
        }
    return job


def _expand(template: tuple[str, ...], spec: CodeSpec) -> list[str]:
    argv: list[str] = []
    for part in template:
        if part == "{sources}":
            argv += list(spec.files)
        else:
            argv.append(part.replace("{main}", spec.main))
    return argv


def job_timeout(job: dict[str, Any]) -> float:
    walls: list[float] = [c.get("limits", job["limits"])["wall_s"] + 2.0 for c in job["cases"]]
    if job.get("build"):
        walls.append(job["build"]["limits"]["wall_s"] + 2.0)
    return sum(walls) + 10.0


def _channel(report: dict[str, Any]) -> tuple[list[str], str | None, str | None]:
    """Refusals, verdict ("1 message" / "0 message") and setup error from the result
    channel; lines without this job's nonce are ignored (the student may write there)."""
    nonce = report.get("nonce", "")
    refusals: list[str] = []
    verdict = error = None
    for line in report.get("result", "").splitlines():
        head, _, rest = line.partition(" ")
        if head != nonce or not nonce:
            continue
        kind, _, text = rest.partition(" ")
        text = text.replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\")
        if kind == "R":
            refusals.append(text)
        elif kind == "V" and verdict is None:
            verdict = text
        elif kind == "E":
            error = text
    return refusals, verdict, error


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _limit_message(report: dict[str, Any], limits: dict[str, Any]) -> str | None:
    if report.get("flooded"):
        return f"printed more than {limits['output_bytes'] // 1024} KiB: stopped"
    if report.get("timed_out"):
        return f"took longer than {limits['wall_s']:g} s (wall clock): stopped"
    sig = report.get("signal")
    if sig is None:
        return None
    cpu = report.get("cpu_s", 0.0)
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= limits["cpu_s"]):
        return f"used more than {limits['cpu_s']} s of CPU: stopped"
    if sig == signal.SIGSYS:
        return (
            "stopped by the sandbox: a forbidden system call "
            "(a new process, a socket or another escape)"
        )
    if sig == signal.SIGXFSZ:
        return f"wrote a file larger than {limits['fsize_mb']} MB: stopped"
    return f"crashed ({_signal_name(sig)})"


def _tail(text: str, lines: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _diff(expected: str, actual: str) -> str:
    want, got = expected.split("\n"), actual.split("\n")
    for i in range(max(len(want), len(got))):
        a = want[i] if i < len(want) else "<end of output>"
        b = got[i] if i < len(got) else "<end of output>"
        if a != b:
            return f"wrong output at line {i + 1}: expected {a[:200]!r}, got {b[:200]!r}"
    return "wrong output"


def case_result(
    report: dict[str, Any], name: str, hidden: bool, limits: dict[str, Any], expected: str | None
) -> tuple[CaseResult, bool]:
    """One case's result, and whether the sandbox itself failed on it."""
    status = report.get("status")
    if status == "setup_error":
        return CaseResult(
            name, False, hidden, "the sandbox failed: " + report.get("detail", "")
        ), True
    if status == "no_build":
        return CaseResult(name, False, hidden, "not run: the build failed"), False
    refusals, verdict, error = _channel(report)
    if error is not None:
        return CaseResult(name, False, hidden, "the sandbox could not be set up: " + error), True
    if refusals:
        return CaseResult(
            name, False, hidden, "refused: " + "; ".join(dict.fromkeys(refusals))
        ), False
    stopped = _limit_message(report, limits)
    if stopped:
        return CaseResult(name, False, hidden, stopped), False
    if expected is None:  # a hidden test function
        if verdict is None:
            text = "the test did not finish (the program exited during it)"
            return CaseResult(
                name, False, hidden, _join(text, _tail(report.get("stderr", "")))
            ), False
        ok, _, message = verdict.partition(" ")
        return CaseResult(name, ok == "1", hidden, "" if ok == "1" else message), False
    code = report.get("code")
    actual, want = normalize_output(report.get("stdout", "")), normalize_output(expected)
    shown = None if hidden else kept_output(actual)  # a hidden case's output is never kept
    if code != 0:
        return CaseResult(
            name,
            False,
            hidden,
            _join(f"exited with status {code}", _tail(report.get("stderr", ""))),
            shown,
        ), False
    if actual == want:
        return CaseResult(name, True, hidden, "", shown), False
    return CaseResult(name, False, hidden, _diff(want, actual), shown), False


def _join(head: str, tail: str) -> str:
    return head + ("\n" + tail if tail else "")


def interpret(spec: CodeSpec, job: dict[str, Any], reports: list[dict[str, Any]]) -> QuestionResult:
    names = dict(case_names(spec))
    expected: dict[str, str | None] = {c["name"]: None for c in job["cases"]}
    for i, case in enumerate(spec.cases, start=1):
        expected[case.name or f"case {i}"] = case.output
    by_name = {r.get("name"): r for r in reports if r.get("type") == "case"}
    build = next((r for r in reports if r.get("type") == "build"), None)
    results: list[CaseResult] = []
    broken = False
    for case in job["cases"]:
        name = case["name"]
        report = by_name.get(name)
        if report is None:
            results.append(
                CaseResult(name, False, names.get(name, True), "no report from the sandbox")
            )
            broken = True
            continue
        limits = case.get("limits") or job["limits"]
        if report.get("status") == "no_build" and build is not None:
            why = _limit_message(build, job["build"]["limits"]) or _tail(
                build.get("stderr", "") + build.get("stdout", ""), 8
            )
            results.append(
                CaseResult(name, False, names.get(name, True), "not run: the build failed\n" + why)
            )
            continue
        result, failed = case_result(
            report, name, names.get(name, True), limits, expected.get(name)
        )
        broken = broken or failed
        results.append(result)
    scored = score_cases(results, spec.points, spec.scoring)
    if broken:
        return QuestionResult(0.0, spec.points, "error", scored.cases, message="the sandbox failed")
    return scored


def mark_code(spec: CodeSpec, files: Mapping[str, str], sandbox: JobRunner) -> QuestionResult:
    """Mark one student's code question (all its cases) in the sandbox."""
    if is_unanswered(spec, files):
        return unanswered(spec.points)
    try:
        job = build_job(spec, files)
    except (ValueError, SyntaxError) as exc:
        status: Status = "error" if isinstance(exc, SyntaxError) else "wrong"
        return QuestionResult(0.0, spec.points, status, message=str(exc))
    try:
        reports = sandbox.run_job(job, job_timeout(job))
    except SandboxError as exc:
        return QuestionResult(0.0, spec.points, "error", message=f"the sandbox failed: {exc}")
    return interpret(spec, job, reports)
