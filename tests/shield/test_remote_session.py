"""Remote sessions, judged from a real process's environment (a child started with SSH, X11
forwarding or an xrdp desktop's variables) and from the rules for every variable."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from proctor.shield.remote_session import detect_remote_session, session_from_environment
from tests.helpers.constants import ROOT

_CHILD = (
    "import json; from proctor.shield.remote_session import detect_remote_session as d; "
    "f = d(); print(json.dumps(None if f is None else f.detail()))"
)


def judged_in_a_child(**env: str) -> dict | None:
    """Run the check inside a real process started with exactly these variables (and PATH)."""
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows asks the system, not variables")
def test_a_process_started_from_an_ssh_login_is_in_a_remote_session() -> None:
    detail = judged_in_a_child(SSH_CONNECTION="192.0.2.7 52144 192.0.2.1 22", SSH_TTY="/dev/pts/3")
    assert detail is not None and detail["suspected"] is False
    assert detail["name"] == "remote session"
    assert any("SSH_CONNECTION" in e for e in detail["evidence"])
    assert detail["message"].startswith("The exam app runs in a remote session")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows asks the system, not variables")
def test_a_local_desktop_is_not_a_remote_session() -> None:
    assert judged_in_a_child(DISPLAY=":0") is None
    assert judged_in_a_child() is None


@pytest.mark.skipif(sys.platform == "win32", reason="Windows asks the system, not variables")
def test_an_xrdp_desktop_and_a_forwarded_display() -> None:
    xrdp = judged_in_a_child(XRDP_SESSION="1", DISPLAY=":10.0")
    assert xrdp is not None and not xrdp["suspected"] and len(xrdp["evidence"]) == 2
    forwarded = judged_in_a_child(DISPLAY="localhost:10.0")
    assert forwarded is not None and not forwarded["suspected"]
    assert "forwarded over the network" in forwarded["evidence"][0]


def test_this_process_is_judged_by_its_own_environment() -> None:
    assert detect_remote_session() == session_from_environment(os.environ) or (
        sys.platform == "win32"
    )


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, None),
        ({"DISPLAY": ":0"}, None),
        ({"DISPLAY": ":1.0"}, None),
        ({"DISPLAY": "unix:0"}, None),
        ({"DISPLAY": "/private/tmp/com.apple.launchd.x1/org.xquartz:0"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"SSH_CLIENT": "192.0.2.7 52144 22"}, "certain"),
        ({"SSH_CONNECTION": ""}, None),  # set but empty: not a login
        ({"DISPLAY": "localhost:10.0"}, "certain"),
        ({"DISPLAY": "192.0.2.5:0"}, "certain"),
        ({"X2GO_SESSION": "user-50-1700000000_stDXFCE_dp24"}, "certain"),
        ({"CHROME_REMOTE_DESKTOP_SESSION": "1"}, "certain"),
        ({"DISPLAY": ":10"}, "suspected"),
        ({"DISPLAY": ":12.0"}, "suspected"),
    ],
)
def test_the_rules(env: dict[str, str], expected: str | None) -> None:
    finding = session_from_environment(env)
    if expected is None:
        assert finding is None
    else:
        assert finding is not None and finding.suspected == (expected == "suspected")
        assert finding.evidence
