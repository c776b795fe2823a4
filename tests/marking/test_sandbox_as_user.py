"""The sandbox as an ordinary (non-root) user: user and PID namespaces, RLIMIT_NPROC counted
in the case's own user namespace, Landlock and seccomp; checked by running the real engine
as uid 65534 with the system's Python."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from tests.helpers.constants import ROOT

SYSTEM_PYTHON = "/usr/bin/python3"


def _same_python() -> bool:
    """The system Python can load this venv's compiled `regex` (same minor version)."""
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = [SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info[:2])"]
    out = subprocess.run(probe, capture_output=True, text=True, timeout=30).stdout.strip()
    return out == str(sys.version_info[:2])


pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv") or not _same_python(),
    reason="needs root to switch to an unprivileged uid, setpriv and a system Python 3.x alike",
)


@pytest.fixture(scope="module")
def code_dir() -> Iterator[Path]:
    """The engine and its one third-party module where uid 65534 can read them (the checkout
    and the venv may sit in a private folder)."""
    folder = Path(tempfile.mkdtemp(prefix="proctor-user-code-"))
    (folder / "proctor").mkdir()
    shutil.copy(ROOT / "proctor" / "__init__.py", folder / "proctor")
    shutil.copytree(ROOT / "proctor" / "marking", folder / "proctor" / "marking")
    (folder / "proctor" / "common").mkdir()
    for name in ("__init__.py", "answer_syntax.py"):  # what the rules need, stdlib only
        shutil.copy(ROOT / "proctor" / "common" / name, folder / "proctor" / "common")
    shutil.copytree(Path(regex.__file__).parent, folder / "regex")
    shutil.copy(Path(__file__).parent / "as_user_script.py", folder)
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_as_nobody(code_dir: Path, secret: Path, audit: bool) -> dict:
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = ["env", f"PYTHONPATH={code_dir}", "HOME=/tmp"]
    script = [SYSTEM_PYTHON, "-m", "as_user_script", str(secret), "audit" if audit else "bare"]
    cmd = as_nobody + env + script
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd="/tmp")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def secret() -> Iterator[Path]:
    """A file the user may read by permission (as the hidden tests would be)."""
    folder = Path("/tmp") / f"proctor-secret-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    os.chmod(folder, 0o755)
    path = folder / "q_hidden.py"
    path.write_text("EXPECTED = 4\n")
    os.chmod(path, 0o644)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("audit", [True, False], ids=["with-hook", "os-layers-only"])
def test_sandbox_as_an_unprivileged_user(code_dir: Path, secret: Path, audit: bool) -> None:
    out = run_as_nobody(code_dir, secret, audit)
    assert out["uid"] == 65534
    strength = out["strength"]
    assert strength["mode"] == "userns"
    assert strength["netns"] and strength["pidns"] and strength["seccomp"]
    assert strength["landlock_abi"] >= 1
    results = out["results"]
    assert results["honest"]["points"] == 1
    for name in ("passwd", "fork_bomb", "loop", "secret"):
        assert results[name]["points"] == 0, (name, results[name])
    assert "used more than 1 s of CPU" in results["loop"]["message"]
    if audit:
        assert "refused: tried to open /etc/passwd" in results["passwd"]["message"]
        assert f"refused: tried to open {secret}" in results["secret"]["message"]
        assert "refused: tried to start a process" in results["fork_bomb"]["message"]
    else:
        assert "PermissionError" in results["passwd"]["message"]
        assert "PermissionError" in results["secret"]["message"]
        assert "a forbidden system call" in results["fork_bomb"]["message"]
    leftovers = subprocess.run(
        ["ps", "-o", "pid=,comm=", "-u", "65534"], capture_output=True, text=True
    )
    assert leftovers.stdout.strip() == ""
