"""`proctor bench` (also `python -m proctor.bench`): one command, every figure.

    proctor bench [--students N] [--steady-s S] [--pauses P] [--out FILE.json]
                  [--skip-student-side] [--sleepers K] [--shield-scans N] [--insecure-http]
    proctor bench --abuse [--bombers B] [--slow N] [--abuse-s S] [--out FILE.json]
    proctor bench --hall [--rate 100mbit] [--frames lean|full|both] [--students N] [--steady-s S]
    proctor bench --marking [--students N] [--early E] [--exam-s S] [--out FILE.json]

Starts a real headless host, drives N simulated students against it from a separate process,
measures the student-side costs, prints a table and writes everything as JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from proctor.bench.host_proc import (
    HostProcess,
    HostStartError,
    child_env,
)
from proctor.bench.loadgen import LoadConfig, progress
from proctor.bench.report import machine, render
from proctor.bench.student_side import measure_all
from proctor.common.openfiles import raise_open_file_limit


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="proctor bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=500, help="simulated students (default 500)")
    p.add_argument(
        "--steady-s", type=float, default=60, help="seconds of steady load after the start"
    )
    p.add_argument("--pauses", type=int, default=50, help="single-student pauses to time")
    p.add_argument("--out", type=Path, help="write the results here as JSON")
    p.add_argument("--skip-student-side", action="store_true", help="only the host and its load")
    p.add_argument(
        "--sleepers", type=int, default=500, help="extra processes for the shield scan (500)"
    )
    p.add_argument(
        "--shield-scans",
        type=int,
        default=1800,
        help="scans for the shield's memory figure (1,800: an hour at 2 s)",
    )
    p.add_argument(
        "--app-runs", type=int, default=3, help="launches of the app to time (default 3)"
    )
    p.add_argument(
        "--app-settle-s",
        type=float,
        default=10,
        help="seconds the joined student app runs before its memory is read",
    )
    p.add_argument(
        "--abuse",
        action="store_true",
        help="instead: an honest student's GET /state while the host is attacked",
    )
    p.add_argument("--bombers", type=int, default=2, help="--abuse: clients sending bombs (2)")
    p.add_argument("--slow", type=int, default=300, help="--abuse: slow bodies in flight (300)")
    p.add_argument("--abuse-s", type=float, default=30, help="--abuse: seconds of attack (30)")
    p.add_argument(
        "--baseline-s", type=float, default=10, help="--abuse: seconds with no attack first (10)"
    )
    p.add_argument(
        "--marking",
        action="store_true",
        help="instead: the host marking 4 code questions x 10 cases for every student",
    )
    p.add_argument(
        "--early", type=int, default=100, help="--marking: hand-ins during the exam (100)"
    )
    p.add_argument(
        "--exam-s", type=float, default=60, help="--marking: seconds of exam with marking (60)"
    )
    p.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve the room over plain HTTP (to measure what TLS costs; default: HTTPS)",
    )
    p.add_argument(
        "--frames",
        choices=("lean", "full", "both"),
        help="the students' streams: lean (as the app; the default), full (as before lean "
        "frames), or both one after the other (the default with --hall)",
    )
    p.add_argument(
        "--hall",
        action="store_true",
        help="instead: the host behind a shaped link in a network namespace (Linux, root)",
    )
    p.add_argument("--rate", default="100mbit", help="--hall: the link's rate for tc (100mbit)")
    p.add_argument(
        "--incident-every-s",
        type=float,
        default=120,
        help="mean seconds between one student's incident reports",
    )
    p.add_argument(
        "--screens",
        action="store_true",
        help="the wall of screens on: every student sends a thumbnail, the dashboard reads all",
    )
    p.add_argument(
        "--screen-interval-s",
        type=float,
        default=10,
        help="--screens: seconds between one student's thumbnails (10)",
    )
    return p


def run_load(
    host: HostProcess,
    args: argparse.Namespace,
    work_dir: Path,
    *,
    wrap: Callable[[list[str]], list[str]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Run the load generator against `host` (its argv through `wrap`: e.g. in the hall's
    students' namespace); `overrides` are more LoadConfig fields."""
    config = LoadConfig(
        base_url=host.base_url,
        room_id=host.room_id,
        admin_key="",  # passed in the environment, not on disk
        host_pid=host.pid,
        students=args.students,
        steady_s=args.steady_s,
        pauses=args.pauses,
        incident_every_s=args.incident_every_s,
        fingerprint=host.fingerprint,
        lean=(args.frames or "lean") == "lean",
        screens=args.screens,
        screen_interval_s=args.screen_interval_s,
    )
    config = replace(config, **overrides)
    config_file = work_dir / "loadgen.json"
    out_file = work_dir / "loadgen-result.json"
    config_file.write_text(json.dumps(asdict(config)))
    budget = 300 + args.steady_s + args.students * 0.05
    argv = [sys.executable, "-m", "proctor.bench.loadgen", "--config", str(config_file)]
    argv += ["--out", str(out_file)]
    subprocess.run(
        argv if wrap is None else wrap(argv),
        env=child_env(PROCTOR_ADMIN_KEY=host.admin_key),
        timeout=budget,
        check=True,
    )
    report: dict[str, Any] = json.loads(out_file.read_text())
    return report


def run(args: argparse.Namespace) -> dict[str, Any]:
    raise_open_file_limit()
    result: dict[str, Any] = {"machine": machine(), "started_at": time.time()}
    with tempfile.TemporaryDirectory(prefix="proctor-bench-") as tmp:
        work_dir = Path(tmp)
        host = HostProcess(work_dir / "host", insecure_http=args.insecure_http)
        progress("starting the host")
        host.start()
        try:
            result["load"] = run_load(host, args, work_dir)
            if not args.skip_student_side:
                result["student_side"] = measure_all(
                    host,
                    args.sleepers,
                    args.app_runs,
                    args.app_settle_s,
                    shield_scans=args.shield_scans,
                )
        finally:
            result["host_exit_code"] = host.stop()
    result["machine"]["load_average_after"] = [round(x, 2) for x in machine()["load_average"]]
    return result


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.students < 1 or args.steady_s < 0 or args.pauses < 0:
        message = "--students must be positive and the other numbers not negative"
        print(f"proctor bench: {message}", file=sys.stderr)
        return 2
    if args.abuse:
        return _abuse(args)
    if args.hall:
        from proctor.bench.hall_bench import main_hall

        return main_hall(args)
    if args.marking:
        return _marking(args)
    try:
        result = run(args)
    except HostStartError as exc:
        print(f"proctor bench: the host did not start: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"proctor bench: the load generator failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired:
        print("proctor bench: the load generator did not finish in time", file=sys.stderr)
        return 1
    print(render(result))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=2))
        print(f"\nresults written to {args.out}")
    return 0


def _abuse(args: argparse.Namespace) -> int:
    from proctor.bench.abuse_bench import render_abuse, run_abuse

    if args.bombers < 0 or args.slow < 0 or args.abuse_s <= 0 or args.baseline_s <= 0:
        print(
            "proctor bench: --abuse needs counts of 0 or more and positive times", file=sys.stderr
        )
        return 2
    raise_open_file_limit()
    try:
        result = run_abuse(args)
    except HostStartError as exc:
        print(f"proctor bench: the host did not start: {exc}", file=sys.stderr)
        return 1
    print(render_abuse(result))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=2))
        print(f"\nresults written to {args.out}")
    return 0


def _marking(args: argparse.Namespace) -> int:
    from proctor.bench.marking_bench import render_marking, run_marking

    if args.early < 0 or args.exam_s <= 0:
        print("proctor bench: --marking needs --early >= 0 and --exam-s > 0", file=sys.stderr)
        return 2
    raise_open_file_limit()
    try:
        result = run_marking(args)
    except HostStartError as exc:
        print(f"proctor bench: the host did not start: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"proctor bench: the marking load failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    print(render_marking(result))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=2))
        print(f"\nresults written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
