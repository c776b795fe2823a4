#!/usr/bin/env python3
"""Bootstrap: `python3 dev.py run [ARGS]` runs Proctor, `python3 dev.py test` installs and tests,
`python3 dev.py build [--onedir | --onefile]` builds the executable (both forms by default):
dist/proctor/proctor (one folder: ship the whole dist/proctor folder) and dist/onefile/proctor.
`python3 dev.py translations` refreshes proctor/translations/proctor_<lang>.ts from the app's
sentences and compiles each to the .qm the app loads (commit both).

Needs only Python 3.11+. Creates `.venv` beside this file, installs the project into it and
(for tests on Debian/Ubuntu) the system libraries Qt and Xvfb need.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"

APT_PACKAGES = [
    "xvfb",
    "xauth",
    "xdotool",
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libglib2.0-0",
    "fonts-dejavu-core",
    "xclip",
    "x11-xserver-utils",  # xrandr: monitors added and removed under Xvfb
    "iproute2",  # network namespaces for the hall tests
    "nftables",  # a firewall rule inside a test namespace
]


def sh(*cmd: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=cwd, env=env)


def ensure_venv(extras: str) -> None:
    """The project installed in .venv with at least `extras` (comma-separated)."""
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    wanted = {e for e in extras.split(",") if e}
    stamp = STAMP.read_text().rpartition(":") if STAMP.exists() else ("", "", "")
    installed = {e for e in stamp[0].split(",") if e} if stamp[2] == digest else set()
    if stamp[2] == digest and wanted <= installed:
        return
    wanted |= installed
    sh(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
    target = f".[{','.join(sorted(wanted))}]" if wanted else "."
    sh(PY, "-m", "pip", "install", "-q", "-e", target, cwd=ROOT)
    STAMP.write_text(f"{','.join(sorted(wanted))}:{digest}")


def missing_apt_packages() -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in APT_PACKAGES:
        res = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in res.stdout:
            missing.append(name)
    return missing


def ensure_system_packages() -> None:
    missing = missing_apt_packages()
    if not missing:
        return
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(*prefix, "apt-get", "update", "-q", env=env)
    sh(*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=env)


def run(args: list[str]) -> int:
    ensure_venv("")
    return subprocess.call([str(PY), "-m", "proctor", *args])


def build(args: list[str]) -> int:
    """PyInstaller over build.spec, in .venv; prints where the executables are."""
    forms = [a for a in args if a in ("--onedir", "--onefile")]
    if len(forms) != len(args) or len(forms) > 1:
        print("usage: python3 dev.py build [--onedir | --onefile]")
        return 2
    ensure_venv("build")
    spec_args = ["--", *forms] if forms else []
    started = time.monotonic()
    pyinstaller: list[str | Path] = [PY, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    sh(*pyinstaller, "build.spec", *spec_args, cwd=ROOT)
    print(f"built in {time.monotonic() - started:.0f} s:")
    exe = ".exe" if os.name == "nt" else ""
    onedir, onefile = ROOT / "dist" / "proctor", ROOT / "dist" / "onefile" / f"proctor{exe}"
    if "--onefile" not in forms:
        print(f"  one folder: {onedir / f'proctor{exe}'}  ({megabytes(onedir)}; ship the folder)")
    if "--onedir" not in forms:
        print(f"  one file:   {onefile}  ({megabytes(onefile)})")
    return 0


def megabytes(path: Path) -> str:
    files = [path] if path.is_file() else [f for f in path.rglob("*") if not f.is_symlink()]
    return f"{sum(f.stat().st_size for f in files if f.is_file()) / 2**20:.0f} MB"


def translations(args: list[str]) -> int:
    """The .ts sources from the sentence tables and tr() calls, compiled to .qm."""
    ensure_venv("")
    return subprocess.call([str(PY), "-m", "proctor.translations.catalog", "update", *args])


def test(args: list[str]) -> int:
    ensure_system_packages()
    ensure_venv("dev,build")  # PyInstaller: a slow test builds and runs the bundle
    sh(BIN / "ruff", "check", ".", cwd=ROOT)
    sh(BIN / "ruff", "format", "--check", ".", cwd=ROOT)
    sh(BIN / "mypy", cwd=ROOT)
    pytest = [str(PY), "-m", "pytest", *args]
    if shutil.which("xvfb-run") and not os.environ.get("DISPLAY"):
        pytest = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", *pytest]
    print("+", " ".join(pytest), flush=True)
    return subprocess.call(pytest, cwd=ROOT)


def main() -> int:
    commands = {"run": run, "test": test, "build": build, "translations": translations}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    cmd, rest = sys.argv[1], sys.argv[2:]
    try:
        return commands[cmd](rest)
    except subprocess.CalledProcessError as exc:
        print(f"dev.py: {' '.join(map(str, exc.cmd))} failed (exit {exc.returncode})")
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
