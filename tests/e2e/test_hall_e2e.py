"""End to end, under Xvfb: a real `proctor host --headless` with a class list and the wall of
screens on, three real `proctor student` apps and 100 simulated students. Every student
acknowledges an announcement (the apps through their own window, with the keyboard), one app
raises a hand that the proctor answers, the wall holds the apps' thumbnails, one listed
student never came and one unknown one is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.e2e import AdminHttp, child_env, stop
from tests.helpers.headless import HeadlessHost
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

APPS = [("Ada Lovelace", "E2E-1"), ("Alan Turing", "E2E-2"), ("Grace Hopper", "E2E-3")]
SIMULATED = 100


def call(
    url: str, method: str, token: str | None, body: Any = None, context: Any = None
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def windows_of(pid: int) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--all", "--onlyvisible", "--pid", str(pid), "--name", "Hall check"],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout.split()
    return found


def raise_dialog(pid: int) -> str | None:
    """The app's "Raise your hand" dialog, once it is shown."""
    found = subprocess.run(
        ["xdotool", "search", "--all", "--onlyvisible", "--pid", str(pid), "--name", "Raise your"],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout.split()
    return found[0] if found else None


def keys(window: str, *sequence: str, text: str = "") -> None:
    subprocess.run(["xdotool", "windowactivate", window], check=False, timeout=10)
    time.sleep(0.5)
    subprocess.run(["xdotool", "windowfocus", window], check=False, timeout=10)
    time.sleep(0.3)
    for key in sequence:
        subprocess.run(["xdotool", "key", "--window", window, key], check=True, timeout=10)
        time.sleep(0.3)
    if text:
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True, timeout=30)


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (run under Xvfb)")
def test_a_hall_of_103_on_a_roster_with_announcements_hands_and_the_wall(tmp_path: Path) -> None:
    host = HeadlessHost(tmp_path / "host", name="Hall check", duration_min=30)
    ready = host.start()
    port, room_id, join_code = ready["port"], ready["room_id"], ready["join_code"]
    room_url = f"https://127.0.0.1:{port}/api/v1/rooms/{room_id}"
    admin = AdminHttp(ready, host.data_dir, ADMIN_KEY)
    pinned = admin.context
    listed = APPS + [(f"Sim Student {n:03d}", f"SIM-{n:03d}") for n in range(SIMULATED)]
    listed.append(("Never Came", "E2E-9"))
    csv_text = "reg_no,name\n" + "".join(f"{reg},{name}\n" for name, reg in listed)
    admin.call("PUT", "roster", {"csv": csv_text, "unknown": "refuse"})
    policy = admin.call("GET", "room")["policy"]
    admin.call("PUT", "policy", policy | {"screens": "thumbnail", "screen_interval_s": 3})

    status, refused = call(
        room_url + "/join", "POST", None, {"name": "Eve", "reg_no": "X-666"}, context=pinned
    )
    assert (status, refused["error"]["code"]) == (403, "not_on_roster")

    simulated: list[dict[str, Any]] = []
    for n in range(SIMULATED):
        body = {"name": f"Sim Student {n:03d}", "reg_no": f"SIM-{n:03d}"}
        status, joined = call(room_url + "/join", "POST", None, body, context=pinned)
        assert status == 201, joined
        simulated.append(joined)
    stop_beats = threading.Event()

    def heartbeats() -> None:
        while not stop_beats.wait(1.5):
            for student in simulated:
                call(room_url + "/state", "GET", student["token"], context=pinned)

    beating = threading.Thread(target=heartbeats, daemon=True)
    beating.start()

    env = child_env()
    env.pop("QT_QPA_PLATFORM", None)
    apps: list[subprocess.Popen[Any]] = []
    try:
        for name, reg_no in APPS:
            apps.append(
                subprocess.Popen(
                    [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{port}"]
                    + ["--room", join_code, "--name", name, "--reg-no", reg_no]
                    + ["--data-dir", str(tmp_path / reg_no), "--windowed"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        wait_until(
            lambda: all((admin.student(r) or {}).get("online") for _n, r in APPS),
            40,
            "the three apps to join",
        )
        admin.call("POST", "start")
        time.sleep(3.0)  # the paper arrives in each app

        # The wall: each app sends its exam window.
        def thumbnails() -> set[str]:
            return {s["student_id"] for s in admin.call("GET", "screens")["screens"]}

        app_ids = {admin.student(r)["student_id"] for _n, r in APPS}  # type: ignore[index]
        wait_until(lambda: app_ids <= thumbnails(), 30, "every app's thumbnail")
        sizes = [s["size"] for s in admin.call("GET", "screens")["screens"]]
        assert all(0 < size <= 40 * 1024 for size in sizes)

        sent = admin.call("POST", "announce", {"text": "Question 2: n is at most 100."})
        for student in simulated:
            status, _ack = call(
                f"{room_url}/announcements/{sent['id']}/ack",
                "POST",
                student["token"],
                context=pinned,
            )
            assert status == 200
        for app in apps:  # the card has the keyboard: "OK, I have read this" is Alt+O
            window = wait_until(lambda a=app: windows_of(a.pid), 20, "the app's window")[0]
            keys(window, "alt+o")

        def acknowledged() -> int:
            views = admin.call("GET", "announcements")["announcements"]
            return len(views[0]["acknowledged"])

        wait_until(lambda: acknowledged() == SIMULATED + len(APPS), 30, "every acknowledgement")

        # Ada raises her hand from her window; the proctor answers.
        ada_window = windows_of(apps[0].pid)[0]
        keys(ada_window, "alt+h")
        dialog = wait_until(lambda: raise_dialog(apps[0].pid), 20, "the raise-hand dialog")
        subprocess.run(["xdotool", "windowactivate", dialog], check=False, timeout=10)
        time.sleep(0.5)
        subprocess.run(["xdotool", "type", "--delay", "20", "My editor froze"], check=True)
        subprocess.run(["xdotool", "key", "Return"], check=True, timeout=10)  # the focused dialog
        hand = wait_until(
            lambda: [h for h in admin.call("GET", "hands")["hands"] if h["status"] == "waiting"],
            20,
            "Ada's raised hand",
        )[0]
        assert hand["text"] == "My editor froze"
        answered = admin.call(
            "POST", f"students/{hand['student_id']}/hand/answer", {"text": "Coming to you."}
        )
        assert answered["status"] == "answered"

        roster = admin.call("GET", "roster")
        assert roster["never_came"] == ["E2E-9"]
        log = admin.call("GET", "log")
        assert log["roster"]["never_came"] == ["E2E-9"]
        assert [h["status"] for h in log["hands"]] == ["answered"]
        assert len(log["announcements"][0]["acknowledged"]) == SIMULATED + len(APPS)
        assert all(app.poll() is None for app in apps)
    finally:
        stop_beats.set()
        for app in apps:
            stop(app)
        beating.join(10)
        assert host.stop() == 0
