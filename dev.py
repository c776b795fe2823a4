#!/usr/bin/env python3
"""Bootstrap: `python3 dev.py run [ARGS]` runs Proctor, `python3 dev.py test` installs and tests.

Needs only Python 3.11+. Creates `.venv` beside this file, installs the project into it and
(for tests on Debian/Ubuntu) the system libraries Qt and Xvfb need.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
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


def sh(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv(extras: str) -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = (ROOT / "pyproject.toml").read_bytes()
    wanted = f"{extras}:{hashlib.sha256(spec).hexdigest()}"
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    sh(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    sh(PY, "-m", "pip", "install", "-q", "-e", target, cwd=ROOT)
    STAMP.write_text(wanted)


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


def test(args: list[str]) -> int:
    ensure_system_packages()
    ensure_venv("dev")
    sh(BIN / "ruff", "check", ".", cwd=ROOT)
    sh(BIN / "ruff", "format", "--check", ".", cwd=ROOT)
    sh(BIN / "mypy", cwd=ROOT)
    pytest = [str(PY), "-m", "pytest", *args]
    if shutil.which("xvfb-run") and not os.environ.get("DISPLAY"):
        pytest = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", *pytest]
    print("+", " ".join(pytest), flush=True)
    return subprocess.call(pytest, cwd=ROOT)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    cmd, rest = sys.argv[1], sys.argv[2:]
    try:
        return run(rest) if cmd == "run" else test(rest)
    except subprocess.CalledProcessError as exc:
        print(f"dev.py: {' '.join(map(str, exc.cmd))} failed (exit {exc.returncode})")
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
