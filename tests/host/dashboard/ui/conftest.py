"""Dashboard tests: a real room server in a thread, students over plain HTTP, real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.ui.bridge import AsyncBridge
from tests.helpers.dashboard import Dashboard, dashboard_for, wait_closed
from tests.helpers.hosts import HostThread


@pytest.fixture(autouse=True)
def _own_data_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard remembers prefs in the user's data folder: a test's own, here."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def host_thread(tmp_path: Path) -> Iterator[HostThread]:
    thread = HostThread(tmp_path / "room", name="Data structures", duration_s=3600)
    thread.start()
    yield thread
    thread.stop()


@pytest.fixture
def bridge() -> Iterator[AsyncBridge]:
    b = AsyncBridge()
    yield b
    b.stop()


@pytest.fixture
def dashboard(qtbot: Any, host_thread: HostThread, bridge: AsyncBridge) -> Iterator[Dashboard]:
    d = dashboard_for(host_thread, bridge)
    qtbot.addWidget(d.window)
    d.window.show()
    qtbot.waitUntil(lambda: d.window.room is not None, timeout=10_000)
    yield d
    for detail in list(d.actions.details.values()):
        detail.close()
    d.window.allow_close = True
    d.window.close()
    wait_closed(d.service.shutdown())
