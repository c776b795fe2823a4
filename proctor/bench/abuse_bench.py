"""`proctor bench --abuse`: an honest student's `GET /state` while the host is attacked.

Three processes: the host (`proctor host --headless`), the attackers
(`python -m proctor.bench.abuse_bench --attack ...`: two clients sending compressed bombs back
to back and 300 slow bodies, by default), and the bench itself, which times the honest
student, first with no attack (the baseline), then during the attack.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from proctor.bench.abuse import HONEST_SOURCE, HonestStudent, Tally, attack, finish, make_bomb
from proctor.bench.host_proc import HostProcess, child_env
from proctor.bench.loadgen import progress
from proctor.bench.report import machine

TARGET_P99_MS = 50.0


async def _honest_student(host: HostProcess) -> tuple[str, str]:
    """Join one student (from a laptop of its own) and start the exam; its room URL and token."""
    room_url = f"{host.base_url}/api/v1/rooms/{host.room_id}"
    admin_key = host.admin_key
    connector = host.connector(local_addr=(HONEST_SOURCE, 0))
    async with aiohttp.ClientSession(connector=connector) as http:
        body = {"name": "Honest Student", "reg_no": "H-1"}
        async with http.post(room_url + "/join", json=body) as resp:
            resp.raise_for_status()
            token = (await resp.json())["token"]
        async with http.post(room_url + "/admin/login", json={"admin_key": admin_key}) as resp:
            resp.raise_for_status()
            admin = (await resp.json())["token"]
        headers = {"Authorization": f"Bearer {admin}"}
        async with http.post(room_url + "/admin/start", headers=headers, json={}) as resp:
            resp.raise_for_status()
    return room_url, token


async def _measure(
    room_url: str, token: str, seconds: float, fingerprint: str | None
) -> dict[str, Any]:
    student = HonestStudent(room_url, token, fingerprint=fingerprint)
    stop = asyncio.Event()
    task = asyncio.create_task(student.run(stop))
    await asyncio.sleep(seconds)
    stop.set()
    await task
    return student.summary()


def run_abuse(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine(), "started_at": time.time()}
    with tempfile.TemporaryDirectory(prefix="proctor-abuse-") as tmp:
        host = HostProcess(Path(tmp) / "host", insecure_http=args.insecure_http)
        progress("starting the host")
        host.start()
        try:
            room_url, token = asyncio.run(_honest_student(host))
            progress(f"baseline: GET /state for {args.baseline_s:.0f} s, no attack")
            baseline = asyncio.run(_measure(room_url, token, args.baseline_s, host.fingerprint))
            attackers = subprocess.Popen(
                [sys.executable, "-m", "proctor.bench.abuse_bench", "--attack"]
                + ["--port", str(host.info["port"]), "--room", host.room_id]
                + ["--bombers", str(args.bombers), "--slow", str(args.slow)]
                + ["--seconds", str(args.abuse_s + 5)]
                + (["--fingerprint", host.fingerprint] if host.fingerprint else []),
                env=child_env(),
                stdout=subprocess.PIPE,
                text=True,
            )
            assert attackers.stdout is not None
            ready = attackers.stdout.readline()  # once the bomb is made and the attack runs
            if not ready.strip():
                raise RuntimeError("the attackers did not start")
            progress(
                f"attack: {args.bombers} bombers and {args.slow} slow bodies, "
                f"GET /state for {args.abuse_s:.0f} s"
            )
            proc = psutil.Process(host.pid)
            cpu_before = sum(proc.cpu_times()[:2])
            started = time.perf_counter()
            under_attack = asyncio.run(_measure(room_url, token, args.abuse_s, host.fingerprint))
            window = time.perf_counter() - started
            host_cpu = 100 * (sum(proc.cpu_times()[:2]) - cpu_before) / window
            out, _ = attackers.communicate(timeout=args.abuse_s + 60)
            tally = json.loads(out.strip().splitlines()[-1])
        finally:
            result["host_exit_code"] = host.stop()
    result["abuse"] = {
        "config": {
            "bombers": args.bombers,
            "slow": args.slow,
            "baseline_s": args.baseline_s,
            "abuse_s": args.abuse_s,
        },
        "baseline": baseline,
        "under_attack": under_attack,
        "host_cpu_percent": round(host_cpu, 1),
        "attackers": tally,
    }
    result["machine"]["load_average_after"] = [round(x, 2) for x in machine()["load_average"]]
    return result


def render_abuse(result: dict[str, Any]) -> str:
    abuse = result["abuse"]
    config = abuse["config"]
    m = result["machine"]

    def line(label: str, summary: dict[str, Any]) -> str:
        lat = summary["latency_ms"]
        fails = summary["failures"] or "none"
        return (
            f"{label}: x{lat['n']}, p50 {lat['p50']} ms, p99 {lat['p99']} ms, "
            f"max {lat['max']} ms; failures {fails}"
        )

    p99 = abuse["under_attack"]["latency_ms"]["p99"]
    verdict = "ok" if p99 is not None and p99 < TARGET_P99_MS else "MISSED"
    counts = abuse["attackers"]["counts"]
    held = abuse["attackers"]["held_s"]
    return "\n".join(
        [
            f"proctor bench --abuse: {config['bombers']} bombers, {config['slow']} slow bodies",
            f"machine: {m['cpus']} CPUs, load average before {m['load_average']}",
            line("GET /state, no attack", abuse["baseline"]),
            line("GET /state under attack", abuse["under_attack"])
            + f"  (target p99 < {TARGET_P99_MS:.0f} ms: {verdict})",
            f"host CPU during the attack: {abuse['host_cpu_percent']} % of one core",
            "attackers: " + ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())),
            f"slow connections held by the host: p50 {held['p50']} s, max {held['max']} s",
        ]
    )


async def _attack_main(args: argparse.Namespace) -> dict[str, Any]:
    bomb = make_bomb() if args.bombers else b""
    stop = asyncio.Event()
    tally = Tally()
    tasks = await attack(
        "127.0.0.1",
        args.port,
        args.room,
        bombers=args.bombers,
        slow=args.slow,
        slow_kind="body",
        stop=stop,
        tally=tally,
        bomb=bomb,
        fingerprint=args.fingerprint,
    )
    print("ready", flush=True)
    await asyncio.sleep(args.seconds)
    stop.set()
    await finish(tasks)
    held = sorted(tally.held_s)
    return {
        "counts": dict(tally.counts),
        "held_s": {
            "n": len(held),
            "p50": round(held[len(held) // 2], 1) if held else None,
            "max": round(held[-1], 1) if held else None,
        },
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m proctor.bench.abuse_bench")
    p.add_argument("--attack", action="store_true", help="be the attackers (for the bench)")
    p.add_argument("--port", type=int)
    p.add_argument("--room")
    p.add_argument("--bombers", type=int, default=2)
    p.add_argument("--slow", type=int, default=300)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--fingerprint", help="the host's certificate, to pin (omit: plain HTTP)")
    args = p.parse_args(argv)
    if not args.attack:
        p.error("run `proctor bench --abuse` instead")
    print(json.dumps(asyncio.run(_attack_main(args))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
