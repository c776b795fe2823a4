"""End to end: a real headless host, the real student app, and a process named Discord.

The student joins, the proctor starts the exam, Discord starts on the student's machine: the
host records a `process_blacklisted` incident and shows the student flagged by the shield;
Discord exits: `process_cleared`, and the flag is gone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.e2e import AdminHttp, child_env, stop
from tests.helpers.headless import HeadlessHost
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_discord_on_a_student_machine_flags_the_student_on_the_host(tmp_path):
    host = HeadlessHost(tmp_path / "host", name="Shield check", duration_min=30)
    ready = host.start()
    student = discord = None
    try:
        admin = AdminHttp(ready, host.data_dir, ADMIN_KEY)

        env = child_env(QT_QPA_PLATFORM="offscreen")
        student = subprocess.Popen(
            [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{ready['port']}"]
            + ["--room", ready["join_code"], "--name", "Ada Lovelace", "--reg-no", "E2E-001"]
            + ["--data-dir", str(tmp_path / "student"), "--windowed"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
        )
        wait_until(lambda: admin.student("E2E-001"), 30, "the student to join")
        admin.call("POST", "start")
        wait_until(
            lambda: (admin.student("E2E-001") or {}).get("status") == "active", 15, "the start"
        )
        time.sleep(1.0)  # the app receives the policy and starts its monitors
        assert admin.incidents("process_blacklisted") == []

        apps = tmp_path / "apps"
        apps.mkdir()
        shutil.copy2(shutil.which("sleep") or "/bin/sleep", apps / "Discord")
        started_ms = time.time() * 1000
        discord = subprocess.Popen([str(apps / "Discord"), "120"])

        (incident,) = wait_until(
            lambda: admin.incidents("process_blacklisted"), 15, "the shield's report"
        )
        assert incident["source"] == "shield"
        assert incident["detail"]["pid"] == discord.pid
        assert incident["detail"]["rule"] == "Discord"
        assert abs(incident["detail"]["started_ms"] - started_ms) < 500
        # Reported within two scan intervals (2 s each) and a little time on the wire.
        assert incident["at_ms"] - started_ms < 4500
        row = wait_until(
            lambda: (r := admin.student("E2E-001")) and r["shield_processes"] and r,
            5,
            "the flag",
        )
        assert row["flagged"] and row["shield_processes"] == ["Discord"]

        discord.kill()
        discord.wait()
        (cleared,) = wait_until(lambda: admin.incidents("process_cleared"), 15, "the clear")
        assert cleared["detail"]["pid"] == discord.pid
        assert cleared["detail"]["duration_s"] >= 0
        wait_until(
            lambda: (admin.student("E2E-001") or {}).get("shield_processes") == [],
            5,
            "the flag to clear",
        )
    finally:
        if discord is not None and discord.poll() is None:
            discord.kill()
            discord.wait()
        if student is not None:
            stop(student)
        assert host.stop() == 0
