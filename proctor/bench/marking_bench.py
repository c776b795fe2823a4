"""`proctor bench --marking`: the room server marking a hall's hand-ins.

Writes a paper folder of the marking benchmark's 4 code questions × 10 cases
(`proctor.marking.bench.paper`: two of hidden `test_*` functions, two of stdin/stdout
cases), starts a real headless host on it, and runs `marking_load` against it: hand-ins
marked during the exam while pushes are timed, then the end and every result.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from proctor.bench.host_proc import HostProcess, child_env
from proctor.bench.loadgen import progress
from proctor.bench.marking_load import MarkingLoadConfig
from proctor.bench.report import machine
from proctor.marking.bench import CASES, paper
from proctor.marking.specs import CodeSpec

POINTS = 10  # per question; a wrong answer fails one case of ten: 9 points


def _toml_text(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string


def write_paper(folder: Path) -> dict[str, tuple[CodeSpec, str, str]]:
    """The paper folder; its questions by id with (spec, right code, code one case wrong)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tests").mkdir(exist_ok=True)
    lines = ['title = "Marking benchmark"', "pass_percent = 50", ""]
    questions: dict[str, tuple[CodeSpec, str, str]] = {}
    for spec, good, wrong in paper():
        questions[spec.id] = (spec, good, wrong)
        name = spec.files[0]
        (folder / name).write_text("# write your answer here\n", encoding="utf-8")
        lines += [
            "[[questions]]",
            f'id = "{spec.id}"',
            'type = "code"',
            f"text = {_toml_text('Complete ' + name + '.')}",
            f'files = ["{name}"]',
            f"points = {POINTS}",
        ]
        if spec.tests:
            (folder / "tests" / name).write_text(spec.tests, encoding="utf-8")
            lines.append(f'tests = "tests/{name}"')
        for case in spec.cases:
            lines += [
                "  [[questions.cases]]",
                f"  input = {_toml_text(case.input)}",
                f"  output = {_toml_text(case.output)}",
                f"  hidden = {'true' if case.hidden else 'false'}",
            ]
        lines.append("")
    (folder / "paper.toml").write_text("\n".join(lines), encoding="utf-8")
    return questions


def hand_ins(
    questions: dict[str, tuple[CodeSpec, str, str]], students: int
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Each simulated student's files and the total they must get: a quarter of the answers
    get one case of ten wrong (as in `proctor.marking.bench`)."""
    files: dict[str, dict[str, str]] = {}
    totals: dict[str, float] = {}
    for index in range(1, students + 1):
        reg_no = f"BENCH-{index:05d}"  # SimStudent's
        mine: dict[str, str] = {}
        total = 0.0
        for q, (spec, good, wrong) in enumerate(questions.values()):
            one_wrong = (index + q) % 4 == 0
            mine[spec.files[0]] = wrong if one_wrong else good
            total += POINTS * (CASES - 1) / CASES if one_wrong else POINTS
        files[reg_no] = mine
        totals[reg_no] = round(total, 2)
    return files, totals


def run_marking(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine(), "started_at": time.time()}
    with tempfile.TemporaryDirectory(prefix="proctor-bench-marking-") as tmp:
        work = Path(tmp)
        questions = write_paper(work / "paper")
        files, totals = hand_ins(questions, args.students)
        host = HostProcess(work / "host", paper=work / "paper")
        progress("starting the host")
        host.start()
        try:
            config = MarkingLoadConfig(
                base_url=host.base_url,
                room_id=host.room_id,
                admin_key="",  # in the environment
                host_pid=host.pid,
                fingerprint=host.fingerprint,
                students=args.students,
                early=min(args.early, args.students),
                exam_s=args.exam_s,
                handins=files,
                expected_points=totals,
            )
            config_file, out_file = work / "marking-load.json", work / "marking-result.json"
            config_file.write_text(json.dumps(asdict(config)))
            subprocess.run(
                [sys.executable, "-m", "proctor.bench.marking_load", "--config", str(config_file)]
                + ["--out", str(out_file)],
                env=child_env(PROCTOR_ADMIN_KEY=host.admin_key),
                timeout=1800 + args.exam_s * 2,
                check=True,
            )
            result["load"] = json.loads(out_file.read_text())
        finally:
            result["host_exit_code"] = host.stop()
    result["machine"]["load_average_after"] = [round(x, 2) for x in machine()["load_average"]]
    return result


def render_marking(result: dict[str, Any]) -> str:
    load = result["load"]
    config = load["config"]
    before = load["push_before_marking"]["latency_ms"]
    during = load["push_while_marking"]["latency_ms"]
    end = load["end_to_every_result"]
    rows = [
        ("students × questions × cases", f"{config['students']} × 4 × {CASES}"),
        ("handed in during the exam", f"{config['early']} over {config['exam_s']:.0f} s"),
        ("push p50 / p99 / max, no marking", f"{before['p50']} / {before['p99']} / "
                                             f"{before['max']} ms (n={before['n']})"),
        ("push p50 / p99 / max, while marking", f"{during['p50']} / {during['p99']} / "
                                                f"{during['max']} ms (n={during['n']})"),
        ("marked before the end", f"{load['marking_during_exam']['marked']} of "
                                  f"{load['marking_during_exam']['handed_in']} early hand-ins"),
        ("end to every result", f"{end['seconds']} s ({end['late_handins_s']} s of hand-ins)"),
        ("marks correct", str(end["marks_correct"])),
        ("load average before / after", f"{result['machine']['load_average']} / "
                                        f"{result['machine']['load_average_after']}"),
    ]  # fmt: skip
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)
