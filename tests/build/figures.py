"""The build's figures for the README: build time, sizes, and start times from a warm disk.

    python -m tests.build.figures [--runs N] [--out FILE.json] [--dist DIR [--skip-build]]

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
            errors = Path(home) / "stderr.txt"
            with errors.open("w") as stderr:
                started = time.perf_counter()
                app = subprocess.Popen(
                    [str(executable)],
                    env=clean_env(Path(home), display),
                    cwd=home,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            try:
                _, elapsed = time_to_window(app, started, display, timeout_s=120)
            except AssertionError as exc:
                raise AssertionError(f"{exc}:\n{errors.read_text(errors='replace')}") from None
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


def measure(runs: int, base: Path, skip_build: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "packages": [
            p
            for p in installed_distributions()
            if p.lower().startswith(("pyside6", "shiboken6", "opencv", "numpy", "pyinstaller"))
        ],
    }
    folder = base / "dist-onedir" / "proctor"
    onefile = base / "dist-onefile" / "onefile" / "proctor"
    if not skip_build:
        for form in ("onedir", "onefile"):
            seconds = build(base / f"dist-{form}", base / f"work-{form}", f"--{form}")
            result[f"{form}_build_s"] = round(seconds, 1)
            print(f"{form} built in {seconds:.0f} s", file=sys.stderr, flush=True)
    archive = base / "proctor-onedir.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="proctor")
    parts = sorted(
        (mb(folder_size(p)), p.name) for p in (folder / "_internal").iterdir() if not p.is_symlink()
    )
    result["onedir_size_mb"] = mb(folder_size(folder))
    result["onedir_tar_gz_mb"] = mb(archive.stat().st_size)
    result["onedir_largest_parts_mb"] = {name: size for size, name in reversed(parts[-12:])}
    result["onefile_size_mb"] = mb(onefile.stat().st_size)
    with PrivateDisplay() as screen:
        if screen.name is None:
            raise SystemExit("needs an X display or Xvfb")
        for form, executable in (("onedir", folder / "proctor"), ("onefile", onefile)):
            result[f"{form}_landing_window_s"] = summary(
                landing_seconds(executable, screen.name, runs)
            )
            result[f"{form}_run_python_s"] = summary(run_python_seconds(executable, runs))
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed launches of each (default 5)")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("--dist", type=Path, help="build into this folder and keep it")
    parser.add_argument(
        "--skip-build", action="store_true", help="measure the builds already in --dist"
    )
    args = parser.parse_args()
    if args.skip_build and args.dist is None:
        parser.error("--skip-build needs --dist")
    if args.dist is not None:
        args.dist.mkdir(parents=True, exist_ok=True)
        result = measure(max(1, args.runs), args.dist.resolve(), args.skip_build)
    else:
        with tempfile.TemporaryDirectory(prefix="proctor-build-") as tmp:
            result = measure(max(1, args.runs), Path(tmp), skip_build=False)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
