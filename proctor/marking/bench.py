"""Marking benchmark: N students x 4 code questions x 10 cases each, marked by the real pool
after "the end" (every job submitted at once, all cores), plus the per-case overhead of one
sandbox and the similarity pass. Prints a summary and writes the figures as JSON.

    python -m proctor.marking.bench                      # 500 students
    python -m proctor.marking.bench --students 50 --out small.json

Half the questions are hidden `test_*` functions, half stdin/stdout cases; a quarter of
the students get one case wrong, so the marks are checked too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from proctor.marking.code import mark_code
from proctor.marking.pool import MarkingPool, available_cores
from proctor.marking.sandbox import Sandbox
from proctor.marking.similarity import similarity_report
from proctor.marking.specs import CaseSpec, CodeSpec

CASES = 10


def _test_question(qid: str, func: str, body: str) -> tuple[CodeSpec, str, str]:
    tests = f"from {qid} import {func}\n\n" + "".join(
        f"def test_{i}():\n    assert {func}({i}) == {eval(body.replace('x', str(i)))}\n"  # noqa: S307
        for i in range(CASES)
    )
    spec = CodeSpec(id=qid, files=(f"{qid}.py",), tests=tests, tests_name=f"tests/{qid}.py")
    good = f"def {func}(x):\n    return {body}\n"
    wrong = f"def {func}(x):\n    return {body} if x != 3 else -1\n"
    return spec, good, wrong


def _io_question(qid: str, op: str) -> tuple[CodeSpec, str, str]:
    cases = tuple(
        CaseSpec(f"{i} {i + 1}\n", f"{eval(f'{i} {op} {i + 1}')}\n", hidden=i > 2)  # noqa: S307
        for i in range(CASES)
    )
    spec = CodeSpec(id=qid, files=(f"{qid}.py",), cases=cases)
    good = f"a, b = map(int, input().split())\nprint(a {op} b)\n"
    wrong = f"a, b = map(int, input().split())\nprint(a {op} b if a != 3 else 0)\n"
    return spec, good, wrong


def paper() -> list[tuple[CodeSpec, str, str]]:
    return [
        _test_question("squares", "square", "x * x"),
        _test_question("triples", "triple", "3 * x + 1"),
        _io_question("adding", "+"),
        _io_question("multiplying", "*"),
    ]


def per_case_overhead(work: Path, runs: int = 20) -> dict[str, float]:
    """One sandbox, sequential: wall time per case of a trivial test and a trivial io case."""
    out: dict[str, float] = {}
    with Sandbox(work, slot=99) as box:
        box.start()
        for spec, good, _ in paper()[::2]:
            files = {spec.files[0]: good}
            mark_code(spec, files, box)  # warm
            started = time.perf_counter()
            for _ in range(runs):
                mark_code(spec, files, box)
            kind = "test_function" if spec.tests else "stdin_stdout"
            out[kind + "_ms"] = round((time.perf_counter() - started) / (runs * CASES) * 1000, 2)
        out["sandbox_start_ms"] = round(_time_start(work) * 1000, 1)
    return out


def _time_start(work: Path) -> float:
    box = Sandbox(work, slot=98)
    started = time.perf_counter()
    box.start()
    took = time.perf_counter() - started
    box.stop()
    return took


async def mark_everyone(students: int, work: Path) -> dict[str, Any]:
    questions = paper()
    jobs = []
    for s in range(students):
        for q, (spec, good, wrong) in enumerate(questions):
            code = wrong if (s + q) % 4 == 0 else good
            jobs.append((f"s{s}", spec, {spec.files[0]: code}))
    pool_started = time.perf_counter()
    with MarkingPool(work_dir=work / "pool") as pool:
        pool.use_all_cores()
        await asyncio.get_running_loop().run_in_executor(None, _warm, pool, questions)
        pool.reset_progress()
        cpu_before = _pool_cpu(pool)
        started = time.perf_counter()
        results = await asyncio.gather(
            *[pool.mark((sid, spec.id), spec, files=files) for sid, spec, files in jobs]
        )
        elapsed = time.perf_counter() - started
        cpu = _pool_cpu(pool) - cpu_before
        workers = pool.worker_count
    marked_down = sum(1 for r in results if r.points != r.max_points)
    expected_wrong = sum(1 for s in range(students) for q in range(4) if (s + q) % 4 == 0)
    statuses: set[str] = {r.status for r in results}
    return {
        "jobs": len(jobs),
        "cases": len(jobs) * CASES,
        "workers": workers,
        "pool_start_s": round(started - pool_started, 2),
        "end_to_all_results_s": round(elapsed, 2),
        "cases_per_s": round(len(jobs) * CASES / elapsed, 1),
        "cpu_core_s": round(cpu, 1),
        "cpu_ms_per_case": round(1000 * cpu / (len(jobs) * CASES), 2),
        "on_idle_cores_s": round(cpu / available_cores(), 1),
        "load_after": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "marks_correct": marked_down == expected_wrong and statuses <= {"correct", "partial"},
        "statuses": sorted(statuses),
    }


def _pool_cpu(pool: MarkingPool) -> float:
    """CPU seconds used by the workers, their zygotes and every case the zygotes reaped:
    what marking costs, whatever else the machine is doing."""
    total = 0.0
    for pid in pool.worker_pids().values():
        try:
            worker = psutil.Process(pid)
            times = worker.cpu_times()
            total += times.user + times.system
            for zygote in worker.children():
                z = zygote.cpu_times()
                total += z.user + z.system + z.children_user + z.children_system
        except psutil.Error:
            pass
    return total


def _warm(pool: MarkingPool, questions: list[tuple[CodeSpec, str, str]]) -> None:
    """Start every worker's zygote before the clock starts (as during the exam)."""
    spec, good, _ = questions[0]
    futures = [pool.submit(("warm", i), spec, files={spec.files[0]: good}) for i in range(4)]
    for future in futures:
        future.result(timeout=120)


def similarity_time(students: int) -> dict[str, float]:
    questions = {}
    for spec, good, wrong in paper():
        subs = {
            f"s{s}": {spec.files[0]: (wrong if s % 4 == 0 else good) + f"\n# student {s}\n"}
            for s in range(students)
        }
        questions[spec.id] = ("python", subs, None)
    started = time.perf_counter()
    report = similarity_report(questions)
    return {
        "similarity_s": round(time.perf_counter() - started, 3),
        "pairs_reported": len(report["pairs"]),
    }


def run(students: int) -> dict[str, Any]:
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    work = Path(tempfile.mkdtemp(prefix="proctor-marking-bench-"))
    os.chmod(work, 0o711)
    try:
        overhead = per_case_overhead(work)
        marking = asyncio.run(mark_everyone(students, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "machine": {
            "cores": available_cores(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "root": hasattr(os, "geteuid") and os.geteuid() == 0,
            "load_before": load_before,
        },
        "students": students,
        "questions": 4,
        "cases_per_question": CASES,
        "per_case": overhead,
        "marking": marking,
        "similarity": similarity_time(students),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proctor.marking.bench")
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    figures = run(args.students)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    m = figures["marking"]
    per_case = [v for k, v in figures["per_case"].items() if k.endswith("_ms") and "start" not in k]
    print(
        f"\n{args.students} students x 4 questions x {CASES} cases = {m['cases']} cases on "
        f"{m['workers']} workers: {m['end_to_all_results_s']} s from the end to every result "
        f"({m['cases_per_s']} cases/s, load {m['load_after']:.1f}); {m['cpu_ms_per_case']} ms "
        f"of CPU a case, {m['on_idle_cores_s']} s on idle cores; one case alone "
        f"{statistics.fmean(per_case):.1f} ms"
    )
    return 0 if m["marks_correct"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
