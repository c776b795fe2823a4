"""The core never imports Qt: every module outside the `ui` packages, imported in a fresh
interpreter, leaves PySide6 unloaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "proctor"
QT_ALLOWED = {"proctor.landing", "proctor.cli", "proctor.__main__"}
SANDBOX_SCRIPTS = PACKAGE / "marking" / "sandbox"  # its _*.py run as scripts in the sandbox


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        in_sandbox = path.parent == SANDBOX_SCRIPTS and path.stem.startswith("_")
        if "ui" in parts or (in_sandbox and path.stem != "__init__"):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name not in QT_ALLOWED:
            names.append(name)
    return names


def test_no_core_module_loads_pyside6() -> None:
    modules = core_modules()
    assert "proctor.host.server.engine" in modules and "proctor.student.session" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    qt = ('PySide6', 'shiboken6')\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        "    if loaded:\n"
        "        print(name, loaded[:3]); sys.exit(1)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
