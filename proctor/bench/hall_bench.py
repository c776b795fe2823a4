"""`proctor bench --hall`: the Start and a steady minute over a shaped link (`hall`).

For each kind of student stream asked for (lean frames, as the student app uses, and full
frames, as before them), a fresh host in the hall's host namespace and the load generator in
the students' namespace: the join burst, the streams, the start (its p99 at the students'
sockets, and the bytes it put on the link per student), then a steady exam (heartbeats,
snapshots, incidents; no probes and no pauses, which a real hall does not have) and its bytes
per student per minute. The dashboard is left out: in a hall it runs on the host's own
laptop, not over the air. The host takes any number of connections from the one address the
simulated students share (`--max-connections 0`). On a machine of two or more cores the host
runs on the first and the load generator on the second (`taskset`), as on machines of their
own: sharing a core, the students' side decrypting 500 TLS streams slowed the host's writes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from proctor.bench import hall
from proctor.bench.host_proc import HostProcess, HostStartError, child_env
from proctor.bench.loadgen import progress
from proctor.bench.report import machine
from proctor.common.openfiles import raise_open_file_limit

START_BYTES_TARGET = 600  # per student, host to students, for a Start
START_P99_TARGET_MS = 30.0  # 500 students over 100 Mbit/s


HOST_CPU, LOADGEN_CPU = 0, 1  # on a machine of two or more cores


def _on_cpu(cpu: int, argv: list[str]) -> list[str]:
    """Run `argv` on one core when the machine has two or more and `taskset` is there: the
    host and the students' side then do not take each other's core, as on separate machines
    (other work on the machine still can)."""
    if (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        return argv
    return ["taskset", "-c", str(cpu), *argv]


def run_hall(args: argparse.Namespace) -> dict[str, Any]:
    from proctor.bench.__main__ import run_load

    raise_open_file_limit()
    kinds = ["full", "lean"] if (args.frames or "both") == "both" else [args.frames]
    result: dict[str, Any] = {"machine": machine(), "started_at": time.time(), "runs": {}}
    with hall.shaped_hall(args.rate) as link, tempfile.TemporaryDirectory() as tmp:
        result["link"] = {"rate": args.rate, "qdisc": link.qdisc()}
        for kind in kinds:
            work_dir = Path(tmp) / kind
            work_dir.mkdir()
            host = HostProcess(
                work_dir / "host",
                insecure_http=args.insecure_http,
                bind=hall.HOST_IP,
                wrap=lambda argv: _on_cpu(HOST_CPU, link.in_host(argv)),
                extra_args=("--max-connections", "0"),
            )
            progress(f"{kind} frames: starting the host behind {args.rate}")
            host.start()
            try:
                load = run_load(
                    host,
                    args,
                    work_dir,
                    wrap=lambda argv: _on_cpu(LOADGEN_CPU, link.in_students(argv)),
                    lean=kind == "lean",
                    dashboard=False,
                    pauses=0,
                    state_probe_hz=0.0,
                    link_device=link.student_device,
                )
            finally:
                exit_code = host.stop()
            result["runs"][kind] = {"load": load, "host_exit_code": exit_code}
        result["per_student"] = _messages(args, link, Path(tmp))
    result["machine"]["load_average_after"] = [round(x, 2) for x in machine()["load_average"]]
    return result


def _messages(args: argparse.Namespace, link: hall.Hall, tmp: Path) -> dict[str, Any]:
    """One student alone on the link: each message's bytes, and the app's minute
    (`hall_messages`), against a host of its own."""
    host = HostProcess(
        tmp / "messages-host",
        insecure_http=args.insecure_http,
        bind=hall.HOST_IP,
        wrap=lambda argv: _on_cpu(HOST_CPU, link.in_host(argv)),
    )
    progress("one student alone on the link: each message, then the app's minute")
    host.start()
    try:
        out = tmp / "messages.json"
        argv = [sys.executable, "-m", "proctor.bench.hall_messages", "--base-url", host.base_url]
        argv += ["--room", host.room_id, "--join-code", host.join_code]
        argv += ["--device", link.student_device, "--admin-namespace", link.host_ns]
        argv += ["--minute-s", str(args.steady_s), "--out", str(out)]
        if host.fingerprint:
            argv += ["--fingerprint", host.fingerprint]
        subprocess.run(
            _on_cpu(LOADGEN_CPU, link.in_students(argv)),
            env=child_env(PROCTOR_ADMIN_KEY=host.admin_key),
            timeout=120 + 3 * args.steady_s,
            check=True,
        )
        figures: dict[str, Any] = json.loads(out.read_text())
        return figures
    finally:
        host.stop()


def render_hall(result: dict[str, Any]) -> str:
    lines = [f"proctor bench --hall: link {result['link']['rate']} ({result['link']['qdisc']})"]
    for kind, run in result["runs"].items():
        load = run["load"]
        n = load["config"]["students"]
        fan = load.get("start_fanout", {})
        p99 = fan.get("latency_ms", {}).get("p99")
        start = load.get("start_link", {})
        steady = load.get("steady_link", {})
        down = start.get("down_per_student")
        tls = "off" if load["config"]["fingerprint"] is None else "on"
        lines += [
            f"\n{kind} frames, {n} students, TLS {tls}:",
            f"  start p99 at the sockets   {p99} ms (target <= {START_P99_TARGET_MS:.0f} ms)"
            f"{'  ok' if p99 is not None and p99 <= START_P99_TARGET_MS else '  MISSED'}",
            f"  start, bytes per student   down {down}, up {start.get('up_per_student')}"
            f" (target down <= {START_BYTES_TARGET})"
            f"{'  ok' if down is not None and down <= START_BYTES_TARGET else '  MISSED'}",
            f"  steady exam, per student   {steady.get('total_per_student')} bytes a minute"
            f" (down {steady.get('down_per_student')}, up {steady.get('up_per_student')});"
            f" {_hour(steady.get('total_per_student'))} an hour",
            f"  students missing the start {fan.get('missing')}; errors {load.get('errors')}",
        ]
    per_student = result.get("per_student")
    if per_student:
        lines.append("\none student alone on the link (bytes on the wire: down / up):")
        for label, m in per_student["messages"].items():
            lines.append(f"  {label:<52} {m['down']:>6} / {m['up']:<6}")
        for label, m in per_student["app"].items():
            lines.append(
                f"  the student app, {label:<35} {m['total_per_minute']:>6} a minute"
                f" ({m['down_per_minute']} / {m['up_per_minute']});"
                f" {_hour(m['total_per_minute'])} an hour"
            )
    return "\n".join(lines)


def _hour(per_minute: float | None) -> str:
    return "?" if per_minute is None else f"{per_minute * 60 / 1024:.0f} KiB"


def main_hall(args: argparse.Namespace) -> int:
    reason = hall.unavailable_reason()
    if reason:
        print(f"proctor bench --hall: {reason}", file=sys.stderr)
        return 2
    try:
        result = run_hall(args)
    except HostStartError as exc:
        print(f"proctor bench: the host did not start: {exc}", file=sys.stderr)
        return 1
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"proctor bench: the load generator failed: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"proctor bench --hall: {exc}", file=sys.stderr)
        return 2
    print(render_hall(result))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=2))
        print(f"\nresults written to {args.out}")
    return 0
