"""The packaged build, checked from the built executable: CI builds the one-folder bundle here
(or reuses the cached one, see bundle.py) and runs, from dist/proctor/proctor,

- `proctor --version`;
- `proctor run-python`, which the exam's Run button uses in the packaged app;
- an import of every module of the package inside the bundle;
- a headless host and the real student window (xdotool types into it under X): the student
  joins, types, saves, runs the program, hands in and gets a receipt, and the camera check
  (OpenCV and its face cascade, from the bundle) reports a second face; checked through the
  admin API and the student's own files;
- the dashboard, which starts its room server as a second process of the same executable;
- the landing window: really mapped on the X display, and how long it took.

Nothing from the checkout is on the bundle's path: it runs from a temporary folder with no
PYTHONPATH. Timings are recorded in artifacts/build/bundle-test.json, never asserted.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from proctor import __version__
from proctor.bench.xdisplay import PrivateDisplay
from proctor.common.protocol import PROTOCOL_VERSION
from tests.build.bundle import Bundle, cached_onedir, folder_size, pyinstaller_available
from tests.build.xwindows import mapped_windows, time_to_window, window_title, xdotool
from tests.helpers.constants import DATA, ROOT
from tests.helpers.e2e import AdminHttp, stop, trusting_certificate_of
from tests.helpers.waiting import wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform != "linux", reason="drives X11 windows with xdotool"),
]

FIGURES = ROOT / "artifacts" / "build" / "bundle-test.json"
ADMIN_KEY = "bundle admin key 0123"
LANDING_RUNS = 3
figures: dict[str, Any] = {}


@pytest.fixture(scope="module")
def bundle() -> Iterator[Bundle]:
    if not pyinstaller_available():
        pytest.fail("PyInstaller is not installed; `python3 dev.py test` installs the build extra")
    started = time.monotonic()
    built = cached_onedir()
    figures.update(
        bundle_key=built.key,
        reused_from_cache=built.reused,
        build_s=round(built.build_s, 1),
        fixture_s=round(time.monotonic() - started, 1),
        onedir_mb=round(folder_size(built.folder) / 2**20, 1),
    )
    yield built
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with PrivateDisplay() as screen:
        if screen.name is None:
            pytest.skip("no X display and no Xvfb to start one")
        yield screen.name


@pytest.fixture(autouse=True)
def timed(request: pytest.FixtureRequest, bundle: Bundle) -> Iterator[None]:
    """Each test's own time, the bundle's build (or reuse) not included."""
    started = time.monotonic()
    yield
    figures.setdefault("test_s", {})[request.node.name] = round(time.monotonic() - started, 1)


def bundle_env(home: Path, display: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a lab machine: no checkout on the path, its own data folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "XDG_"))}
    for name in ("PROCTOR_ADMIN_KEY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["DISPLAY"] = display
    env.update(extra)
    return env


def run_bundle(
    bundle: Bundle, *args: str, cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bundle.executable), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=bundle_env(cwd),
        timeout=60,
    )


def test_version(bundle: Bundle, tmp_path: Path) -> None:
    done = run_bundle(bundle, "--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"proctor {__version__} (protocol {PROTOCOL_VERSION})"


STUDENT_PROGRAM = """\
import fractions, heapq, statistics, sys
import helper  # beside the file, as in the exam's run folder
name = input()
print(f"hello {name}", helper.VALUE, statistics.median([3, 1, 2]), fractions.Fraction(2, 3) * 3,
      heapq.nsmallest(2, [5, 1, 4]), sys.argv[1:], __name__)
print("a warning", file=sys.stderr)
sys.exit(3)
"""


def test_run_python_runs_a_students_program(bundle: Bundle, tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(STUDENT_PROGRAM)
    (tmp_path / "helper.py").write_text("VALUE = 42\n")
    done = run_bundle(bundle, "run-python", "main.py", "x", "y", cwd=tmp_path, stdin="Ada\n")
    assert done.returncode == 3, done.stderr
    assert done.stdout == "hello Ada 42 2 2 [1, 4] ['x', 'y'] __main__\n"
    assert done.stderr == "a warning\n"

    (tmp_path / "broken.py").write_text("def f():\n    raise ValueError('boom')\nf()\n")
    done = run_bundle(bundle, "run-python", "broken.py", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "ValueError: boom" in done.stderr

    done = run_bundle(bundle, "run-python", cwd=tmp_path)
    assert done.returncode == 2 and "usage: proctor run-python FILE" in done.stderr


IMPORT_ALL = """\
import importlib, json, sys
failed = {}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failed))
"""


def package_modules() -> list[str]:
    """Every module under proctor/ of the checkout (the __main__ modules run on import)."""
    names = []
    for path in sorted((ROOT / "proctor").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] != "__main__":
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def import_failures(
    command: list[str], modules: list[str], cwd: Path, env: dict[str, str]
) -> dict[str, str]:
    """{module: error} for the modules that `command` (a Python) cannot import."""
    (cwd / "import_all.py").write_text(IMPORT_ALL)
    done = subprocess.run(
        [*command, "import_all.py", *modules],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_every_module_of_the_package_imports_in_the_bundle(bundle: Bundle, tmp_path: Path) -> None:
    """What the analysis could miss (a compiled module, a data file a dependency loads at
    import) fails here for the whole package, not only for the paths the other tests drive.
    Files that are not modules of the package (scripts a child interpreter runs by path, with
    their own folder on sys.path) fail in the checkout too and are left out."""
    modules = package_modules()
    assert "proctor.student.session" in modules and "proctor.landing" in modules
    checkout_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    not_modules = import_failures([sys.executable], modules, tmp_path, checkout_env)
    importable = [name for name in modules if name not in not_modules]
    assert len(importable) > 0.9 * len(modules), not_modules
    command = [str(bundle.executable), "run-python"]
    assert import_failures(command, importable, tmp_path, bundle_env(tmp_path)) == {}


def start_host(
    bundle: Bundle, home: Path, *extra: str
) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    args = ["host", "--headless", "--bind", "127.0.0.1", "--port", "0", "--camera", "report"]
    args += list(extra)
    args += ["--data-dir", str(home / "host"), "--name", "Bundle exam", "--duration", "30"]
    with (home / "host-stderr.txt").open("w") as errors:
        host = subprocess.Popen(
            [str(bundle.executable), *args],
            cwd=home,
            env=bundle_env(home, PROCTOR_ADMIN_KEY=ADMIN_KEY),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    assert host.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and host.poll() is None:
        if select.select([host.stdout], [], [], 0.2)[0]:
            info = json.loads(host.stdout.readline())
            assert info["event"] == "ready", info
            return host, info
    stop(host)
    host.stdout.close()
    raise AssertionError(f"the host did not start:\n{(home / 'host-stderr.txt').read_text()}")


def student_call(admin: AdminHttp, token: str, method: str, path: str, body: Any) -> Any:
    """A student's call to the room `admin` reaches, trusting the same certificate."""
    url = admin.url.removesuffix("admin/") + path
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10, context=admin.context) as response:
        return json.loads(response.read())


def test_the_bundle_marks_hand_ins_in_its_sandbox(bundle: Bundle, tmp_path: Path) -> None:
    """The room server in the bundle marks code the way the checkout does: its marking
    workers are the executable again (multiprocessing's spawn, `freeze_support`), each
    sandbox's zygote runs `proctor _sandbox-python _zygote.py`, and a hostile hand-in is
    refused there as here."""
    paper = ROOT / "assets" / "sample_mixed_paper"
    host, info = start_host(bundle, tmp_path, "--paper", str(paper))
    try:
        admin = AdminHttp(info, tmp_path / "host", ADMIN_KEY)
        code = {n: (paper / "solutions" / n).read_text() for n in ("word_counts.py",)}
        hostile = {"word_counts.py": "print(open('/etc/passwd').read())\n"}
        tokens = {}
        for reg in ("GOOD-1", "EVIL-1"):
            body = {"name": reg, "reg_no": reg, "client": {}}
            tokens[reg] = student_call(admin, "", "POST", "join", body)["token"]
        admin.call("POST", "start", {})
        for reg, files in (("GOOD-1", code), ("EVIL-1", hostile)):
            student_call(admin, tokens[reg], "POST", "submit", {"files": files})
        rows: dict[str, Any] = {}

        def marked() -> bool:
            results = admin.call("GET", "results")
            rows.update({s["reg_no"]: s for s in results["students"]})
            return all(not s["questions"]["word_counts"]["status"] == "pending"
                       for s in results["students"])  # fmt: skip

        wait_until(marked, timeout=120)
        good = rows["GOOD-1"]["questions"]["word_counts"]
        assert good["status"] == "correct", good
        evil = rows["EVIL-1"]["questions"]["word_counts"]
        assert evil["points"] == 0 and evil["cases"], evil
        assert all("refused: tried to open /etc/passwd" in c["message"] for c in evil["cases"])
        children = psutil.Process(host.pid).children(recursive=True)
        lines = [" ".join(c.cmdline()) for c in children]
        assert any("--multiprocessing-fork" in line for line in lines), lines
        assert any("_sandbox-python" in line and "_zygote.py" in line for line in lines), lines
    finally:
        stop(host)
        if host.stdout is not None:
            host.stdout.close()


def receipt_digest(files: dict[str, str]) -> str:
    """PROTOCOL.md: the SHA-256 of the files as canonical JSON."""
    canonical = json.dumps(files, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_an_exam_through_the_bundle(bundle: Bundle, display: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    typed = f"open({str(marker)!r}, 'w').write('ran from the bundle')"
    host, ready = start_host(bundle, tmp_path)
    student: subprocess.Popen[bytes] | None = None
    try:
        admin = AdminHttp(ready, tmp_path / "host", ADMIN_KEY)
        with (tmp_path / "student-stderr.txt").open("w") as errors:
            student = subprocess.Popen(
                [str(bundle.executable), "student", "--host", f"127.0.0.1:{ready['port']}"]
                + ["--room", ready["join_code"], "--name", "Ada Lovelace", "--reg-no", "B-0042"]
                + ["--data-dir", str(tmp_path / "student")]
                + ["--camera-source", str(DATA / "camera_two_faces.jpg")],
                cwd=tmp_path,
                env=bundle_env(tmp_path, display),
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
        wait_until(lambda: (admin.student("B-0042") or {}).get("online"), 60, "the join")
        joined = admin.student("B-0042")
        assert joined["status"] == "waiting" and joined["name"] == "Ada Lovelace"
        student_id = joined["student_id"]
        admin.call("POST", "start")
        wait_until(lambda: admin.student("B-0042")["status"] == "active", 15, "the start")
        (window,) = wait_until(lambda: mapped_windows(student.pid, display), 30, "the window")
        time.sleep(2.0)  # the paper arrives and the editor takes the keyboard focus

        # Type a line at the end of the file and save it (Ctrl+S).
        xdotool(display, "windowfocus", "--sync", window)
        xdotool(display, "key", "ctrl+End", "Return", check=True)
        xdotool(display, "type", "--delay", "15", typed, check=True)
        xdotool(display, "key", "ctrl+s", check=True)

        def host_snapshot() -> str:
            work = admin.call("GET", f"students/{student_id}/work")
            return ((work.get("snapshot") or {}).get("files") or {}).get("solution.py", "")

        wait_until(lambda: typed in host_snapshot(), 20, "the saved work on the host")
        local = wait_until(lambda: list((tmp_path / "student").rglob("work.json")), 10, "work.json")
        assert typed in json.loads(local[0].read_text(encoding="utf-8"))["files"]["solution.py"]

        # Run (F5): the program runs through `proctor run-python` of the bundle.
        xdotool(display, "key", "F5", check=True)
        wait_until(marker.exists, 30, "the program the Run button started")
        assert marker.read_text() == "ran from the bundle"

        # Hand in: Submit (Alt+S), confirm with Enter, and the receipt comes back.
        xdotool(display, "key", "alt+s", check=True)
        (question,) = wait_until(
            lambda: mapped_windows(student.pid, display, "Submit your work"), 15, "the question"
        )
        xdotool(display, "windowfocus", "--sync", question)
        xdotool(display, "key", "Return", check=True)

        def submission() -> dict[str, Any] | None:
            return admin.call("GET", f"students/{student_id}/work").get("submission")

        handed_in = wait_until(submission, 30, "the hand-in")
        assert typed in handed_in["files"]["solution.py"]
        assert "def word_counts" in handed_in["files"]["solution.py"]
        assert handed_in["sha256"] == receipt_digest(handed_in["files"])
        row = admin.student("B-0042")
        assert row["status"] == "submitted"
        assert row["submission_sha256"] == handed_in["sha256"]
        receipts = wait_until(
            lambda: list((tmp_path / "student").rglob("receipt.json")), 15, "the kept receipt"
        )
        assert json.loads(receipts[0].read_text())["sha256"] == handed_in["sha256"]
        wait_until(
            lambda: mapped_windows(student.pid, display, "Work submitted"), 15, "the receipt shown"
        )

        # The camera check ran from the bundle: OpenCV found the two faces in the picture.
        (incident,) = wait_until(
            lambda: admin.incidents(reg_no="B-0042", source="camera"), 30, "the camera report"
        )
        assert incident["kind"] == "multiple_faces" and incident["detail"]["faces"] == 2

        admin.call("POST", "end", {"admin_key": ADMIN_KEY})
        wait_until(lambda: admin.student("B-0042")["status"] == "ended", 20, "the end")
        assert admin.call("GET", f"students/{student_id}/work")["submission"] == handed_in
        assert student.poll() is None, "the student app exited during the exam"
        student.send_signal(signal.SIGINT)  # ended and handed in: Ctrl+C now closes it
        assert student.wait(timeout=20) == 0
    finally:
        if student is not None:
            stop(student)
        host.terminate()
        host_exit = host.wait(timeout=20)
        if host.stdout is not None:
            host.stdout.close()
    assert host_exit == 0
    for log in ("host-stderr.txt", "student-stderr.txt"):
        text = (tmp_path / log).read_text(errors="replace")
        assert "Traceback" not in text, text


def test_landing_window_is_shown(bundle: Bundle, display: str, tmp_path: Path) -> None:
    seconds = []
    for run in range(LANDING_RUNS):
        home = tmp_path / f"run{run}"
        home.mkdir()
        errors = home / "stderr.txt"
        with errors.open("w") as stderr:
            started = time.perf_counter()
            landing = subprocess.Popen(
                [str(bundle.executable)],
                cwd=home,
                env=bundle_env(home, display),
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        try:
            window, elapsed = time_to_window(landing, started, display, timeout_s=60)
            seconds.append(round(elapsed, 3))
            assert window_title(window, display) == "Proctor"
            landing.send_signal(signal.SIGINT)  # closes the window, as its close button would
            assert landing.wait(timeout=20) == 0
        finally:
            stop(landing)
        assert "Traceback" not in errors.read_text(errors="replace")
    figures["landing_window_s"] = seconds
    figures["landing_window_median_s"] = statistics.median(seconds)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_dashboard_starts_its_server_from_the_bundle(
    bundle: Bundle, display: str, tmp_path: Path
) -> None:
    """The dashboard runs the room server as `proctor host --headless`, a second process of
    the same executable: the packaged app has no Python to run `-m proctor` with."""
    args = ["host", "--name", "Dashboard exam", "--duration", "30", "--bind", "127.0.0.1"]
    args += ["--port", str(free_port()), "--data-dir", str(tmp_path / "room")]
    with (tmp_path / "dashboard-stderr.txt").open("w") as errors:
        dashboard = subprocess.Popen(
            [str(bundle.executable), *args],
            cwd=tmp_path,
            env=bundle_env(tmp_path, display, PROCTOR_ADMIN_KEY=ADMIN_KEY),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    server: psutil.Process | None = None
    try:
        assert dashboard.stdout is not None
        assert select.select([dashboard.stdout], [], [], 60)[0], "no ready line from the dashboard"
        ready = json.loads(dashboard.stdout.readline())
        assert ready["event"] == "ready" and ready["pid"] != dashboard.pid
        server = psutil.Process(ready["pid"])
        assert Path(server.exe()) == bundle.executable
        assert server.cmdline()[1:3] == ["host", "--headless"]
        room_dir = tmp_path / "room"
        pinned = trusting_certificate_of(room_dir, ready["fingerprint"])
        hello_url = f"https://127.0.0.1:{ready['port']}/api/v1/hello"
        with urllib.request.urlopen(hello_url, context=pinned) as hello:
            assert json.loads(hello.read())["protocol"] == PROTOCOL_VERSION
        admin = AdminHttp(ready, room_dir, ADMIN_KEY)
        assert admin.call("GET", "room")["room"]["name"] == "Dashboard exam"
        wait_until(lambda: mapped_windows(dashboard.pid, display), 30, "the dashboard window")

        dashboard.send_signal(signal.SIGINT)  # closes the dashboard, never the room
        assert dashboard.wait(timeout=20) == 0
        assert server.is_running() and admin.call("GET", "students")["students"] == []
    finally:
        stop(dashboard)
        if dashboard.stdout is not None:
            dashboard.stdout.close()
        if server is not None and server.is_running():
            server.terminate()  # not our child: its exit code cannot be read, only its end
            server.wait(timeout=20)
    errors_text = (tmp_path / "dashboard-stderr.txt").read_text(errors="replace")
    assert "Traceback" not in errors_text, errors_text
