"""The build's figures for the README: build time, sizes, and start times from a warm disk.

    python -m tests.build.figures [--runs N] [--out FILE.json]

Builds the one-folder and the one-file form from scratch (each with its own empty work
folder), then times, for each, N launches of the landing window under X (after one warm-up
launch, so the files are in the page cache) and N runs of `proctor run-python` on a one-line
program (what the exam's Run button pays on top of the program itself).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from proctor.bench.xdisplay import PrivateDisplay
from tests.build.bundle import build, folder_size, installed_distributions
from tests.build.xwindows import time_to_window


def mb(size: int) -> float:
    return round(size / 2**20, 1)


def clean_env(home: Path, display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "XDG_"))}
    env.update(DISPLAY=display, XDG_DATA_HOME=str(home), XDG_CONFIG_HOME=str(home))
    return env


def landing_seconds(executable: Path, display: str, runs: int) -> list[float]:
    seconds = []
    for run in range(runs + 1):  # the first launch warms the page cache and is not counted
        with tempfile.TemporaryDirectory(prefix="proctor-figures-") as home:
            started = time.perf_counter()
            app = subprocess.Popen(
                [str(executable)],
                env=clean_env(Path(home), display),
                cwd=home,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                _, elapsed = time_to_window(app, started, display, timeout_s=120)
            finally:
                app.send_signal(signal.SIGINT)
                try:
                    app.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait()
            if run:
                seconds.append(round(elapsed, 3))
    return seconds


def run_python_seconds(executable: Path, runs: int) -> list[float]:
    seconds = []
    with tempfile.TemporaryDirectory(prefix="proctor-figures-") as home:
        program = Path(home) / "main.py"
        program.write_text("print('hello')\n")
        for run in range(runs + 1):
            started = time.perf_counter()
            subprocess.run(
                [str(executable), "run-python", str(program)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            if run:
                seconds.append(round(time.perf_counter() - started, 3))
    return seconds


def summary(values: list[float]) -> dict[str, Any]:
    return {"runs": values, "median": statistics.median(values), "max": max(values)}


def measure(runs: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "packages": [p for p in installed_distributions() if p.lower().startswith(
            ("pyside6", "shiboken6", "opencv", "numpy", "pyinstaller"))],
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="proctor-build-") as tmp, PrivateDisplay() as screen:
        if screen.name is None:
            raise SystemExit("needs an X display or Xvfb")
        base = Path(tmp)
        onedir_s = build(base / "dist-onedir", base / "work-onedir", "--onedir")
        onefile_s = build(base / "dist-onefile", base / "work-onefile", "--onefile")
        folder = base / "dist-onedir" / "proctor"
        onefile = base / "dist-onefile" / "onefile" / "proctor"
        archive = base / "proctor-onedir.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname="proctor")
        result["onedir"] = {
            "build_s": round(onedir_s, 1),
            "size_mb": mb(folder_size(folder)),
            "tar_gz_mb": mb(archive.stat().st_size),
            "landing_window_s": summary(landing_seconds(folder / "proctor", screen.name, runs)),
            "run_python_s": summary(run_python_seconds(folder / "proctor", runs)),
        }
        result["onefile"] = {
            "build_s": round(onefile_s, 1),
            "size_mb": mb(onefile.stat().st_size),
            "landing_window_s": summary(landing_seconds(onefile, screen.name, runs)),
            "run_python_s": summary(run_python_seconds(onefile, runs)),
        }
        parts = sorted(
            (
                (mb(folder_size(p)), p.name)
                for p in (folder / "_internal").iterdir()
                if not p.is_symlink()
            ),
            reverse=True,
        )
        result["onedir"]["largest_parts_mb"] = dict((name, size) for size, name in parts[:12])
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed launches of each (default 5)")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    result = measure(max(1, args.runs))
    text = json.dumps(result, indent=2)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
