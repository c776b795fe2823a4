"""`proctor` with no arguments, as a real process on the X display: Ctrl+C in its terminal
closes the landing window like its close button, and the program ends cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from proctor.bench.xdisplay import window_visible
from tests.helpers.constants import ROOT
from tests.helpers.e2e import child_env, stop
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (run under Xvfb)")
def test_ctrl_c_closes_the_landing_window(tmp_path: Path) -> None:
    env = child_env(XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    env.pop("QT_QPA_PLATFORM", None)  # a real window on the X server
    landing = subprocess.Popen(
        [sys.executable, "-m", "proctor"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        display = os.environ["DISPLAY"]
        wait_until(lambda: window_visible(landing.pid, display), 30, "the landing window")
        landing.send_signal(signal.SIGINT)
        assert landing.wait(timeout=15) == 0
    finally:
        stop(landing)
        _, errors = landing.communicate()
    assert "Traceback" not in errors
