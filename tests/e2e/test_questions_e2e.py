"""End to end, under Xvfb: the real `proctor student` sits the sample mixed paper served by a
real `proctor host --headless`, driven by the keyboard alone (xdotool): every choice, multi,
short and code question answered, a code file opened from its question and edited, Submit,
the summary, Submit again; the host holds exactly those answers and files, with a receipt
over both. Screenshots of the exam window go to artifacts/screenshots/e2e_questions_*.png."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import Paper, canonical_work
from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.e2e import AdminHttp, child_env, stop
from tests.helpers.headless import HeadlessHost
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MIXED = ROOT / "assets" / "sample_mixed_paper"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
TYPED_CODE = "# answered from the keyboard"


def _screenshot(name: str) -> None:
    if shutil.which("scrot") is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"e2e_questions_{name}.png"
    subprocess.run(["scrot", "-o", str(target)], check=False, timeout=20, capture_output=True)


def _keys(*keys: str) -> None:
    for key in keys:
        subprocess.run(["xdotool", "key", "--delay", "60", key], check=True, timeout=10)
        time.sleep(0.15)


def _type(text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True, timeout=30)


@pytest.fixture
def mixed_host(tmp_path: Path) -> Iterator[HeadlessHost]:
    host = HeadlessHost(
        tmp_path / "host", name="Mixed E2E", duration_min=30, extra=["--paper", str(MIXED)]
    )
    host.start()
    try:
        yield host
    finally:
        assert host.stop() == 0


def _students_paper(data_dir: Path) -> Paper:
    """The paper this student was served (their variant), as the app keeps it."""

    def kept() -> Path | None:
        return next(data_dir.rglob("paper.json"), None)

    path = wait_until(kept, 30, "the student's paper to arrive")
    return Paper.model_validate(json.loads(path.read_text()))


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (run under Xvfb)")
def test_the_student_answers_every_kind_of_question_and_the_host_holds_exactly_that(
    mixed_host: HeadlessHost, tmp_path: Path
) -> None:
    for old in SCREENSHOTS.glob("e2e_questions_*.png"):  # another variant's pictures
        old.unlink()
    port, join_code = mixed_host.info["port"], mixed_host.info["join_code"]
    admin = AdminHttp(mixed_host.info, mixed_host.data_dir, ADMIN_KEY)
    env = child_env()
    env.pop("QT_QPA_PLATFORM", None)
    data_dir = tmp_path / "student"
    errors = tmp_path / "student-stderr.txt"
    with errors.open("w") as stderr:
        student = subprocess.Popen(
            [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{port}"]
            + ["--room", join_code, "--name", "Ada Lovelace", "--reg-no", "2023CS0042"]
            + ["--data-dir", str(data_dir)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        rows = wait_until(
            lambda: [r for r in admin.call("GET", "students")["students"] if r["online"]],
            30,
            "the student to join",
        )
        student_id = rows[0]["student_id"]
        admin.call("POST", "start")
        paper = _students_paper(data_dir)
        assert {q.type for q in paper.questions} == {"choice", "multi", "short", "code"}
        assert len(paper.questions) <= 9  # each one reachable with Alt+1 … Alt+9
        time.sleep(2.5)  # the questions are on screen
        window = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(student.pid), "--name", "Proctor"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.split()
        assert window, "the student window is not on the display"
        subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], check=False, timeout=10)
        _screenshot("first")

        expected: dict[str, Any] = {}
        typed_files: list[str] = []
        for number, question in enumerate(paper.questions, 1):
            _keys(f"alt+{number}")  # shows the question, the keyboard focus in its answer
            options = question.options or []
            if question.type == "choice":
                _keys("space", "Down")  # the first option, then the arrow moves to the next
                expected[question.id] = options[1]
            elif question.type == "multi":
                _keys("space", "Down", "space")
                expected[question.id] = options[:2]
            elif question.type == "short":
                _type(f"typed {number}")
                expected[question.id] = f"typed {number}"
            else:  # code: Enter opens the file from the question's list in the editor
                _keys("Return", "ctrl+End", "Return")
                _type(f"{TYPED_CODE} {number}")
                expected[question.id] = None
                typed_files.append(question.main or question.files[0])
            time.sleep(0.3)
            _screenshot(f"q{number}_{question.type}")

        def snapshot_answers() -> Any:
            snapshot = admin.call("GET", f"students/{student_id}/work").get("snapshot") or {}
            return snapshot.get("answers")

        wait_until(lambda: snapshot_answers() == expected, 20, "the answers on the host")

        _keys("alt+s")  # Submit… : the summary first
        time.sleep(1.0)
        _screenshot("summary")
        _keys("alt+s")  # Submit, in the summary
        time.sleep(1.0)
        _screenshot("receipt")

        def handed_in() -> dict[str, Any] | None:
            return admin.call("GET", f"students/{student_id}/work").get("submission")

        submission = wait_until(handed_in, 30, "the hand-in")
        assert submission["answers"] == expected
        for number, name in enumerate(typed_files):
            assert TYPED_CODE in submission["files"][name], (number, name)
        assert submission["sha256"] == canonical_work(submission["files"], expected)[1]
        assert (
            admin.call("GET", "students")["students"][0]["submission_sha256"]
            == (submission["sha256"])
        )
        assert student.poll() is None, "the student app exited during the exam"
    finally:
        stop(student)
    log = errors.read_text(errors="replace")
    assert "Traceback" not in log, log
