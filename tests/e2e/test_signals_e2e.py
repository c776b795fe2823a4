"""End to end: a real headless host and the real student app on a computer with two screens
(Qt's offscreen platform set up with two) while a local AI model server (a real process named
ollama, listening on loopback) runs. The host records `second_screen` and `local_ai_server`
from the student's machine, with what a proctor needs to judge them, and the counts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from proctor.common.protocol import VIOLATION_KINDS
from tests.helpers import listening
from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.e2e import AdminHttp, child_env, stop
from tests.helpers.headless import HeadlessHost
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

serve = listening.serve  # the fixture: a real process listening on a TCP port


def test_a_second_screen_and_a_local_ai_server_reach_the_host(tmp_path, serve):
    screens = tmp_path / "screens.json"
    base = {"y": 0, "height": 1080, "width": 1920, "logicalDpi": 96, "dpr": 1}
    screens.write_text(
        json.dumps(
            {"screens": [{**base, "name": "eDP-1", "x": 0}, {**base, "name": "HDMI-1", "x": 1920}]}
        )
    )
    ollama = serve(port=0, name="ollama")
    host = HeadlessHost(tmp_path / "host", name="Signals check", duration_min=30)
    ready = host.start()
    student = None
    try:
        admin = AdminHttp(ready, host.data_dir, ADMIN_KEY)
        env = child_env(QT_QPA_PLATFORM=f"offscreen:configfile={screens}")
        student = subprocess.Popen(
            [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{ready['port']}"]
            + ["--room", ready["join_code"], "--name", "Ada Lovelace", "--reg-no", "E2E-002"]
            + ["--data-dir", str(tmp_path / "student"), "--windowed"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
        )
        wait_until(lambda: admin.student("E2E-002"), 30, "the student to join")
        assert admin.incidents("second_screen") == []  # nothing is watched before the start
        admin.call("POST", "start")

        (screen,) = wait_until(lambda: admin.incidents("second_screen"), 20, "the second screen")
        assert screen["source"] == "shield"
        assert screen["detail"]["screens"] == 2 and screen["detail"]["added"] is False
        assert sorted(d["name"] for d in screen["detail"]["displays"]) == ["HDMI-1", "eDP-1"]

        def ours():
            return [
                i for i in admin.incidents("local_ai_server") if ollama.pid in i["detail"]["pids"]
            ]

        (server,) = wait_until(ours, 30, "the local AI server")
        assert server["source"] == "shield"
        assert server["detail"]["name"] == "Ollama" and server["detail"]["suspected"] is False
        assert server["detail"]["ports"] == [ollama.port]

        row = admin.student("E2E-002")
        kinds = [i["kind"] for i in admin.incidents(reg_no="E2E-002")]
        assert row["violations"] == sum(1 for k in kinds if k in VIOLATION_KINDS) >= 2
    finally:
        if student is not None:
            stop(student)
        assert host.stop() == 0
