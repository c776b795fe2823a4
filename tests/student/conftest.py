"""Fixtures shared by the student tests: a pool of Qt-free sessions, and for the app's Qt
tests a real host in a thread and a running student app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.student.ui.app import StudentApp
from tests.helpers.hosts import HostThread
from tests.helpers.session import SessionPool
from tests.helpers.student_ui import close_student, make_student, start_host


@pytest.fixture
async def pool(tmp_path: Path) -> AsyncIterator[SessionPool]:
    sessions = SessionPool(tmp_path / "student")
    yield sessions
    await sessions.close_all()


@pytest.fixture
def host_thread(tmp_path: Path) -> Iterator[HostThread]:
    """A room server on its own loop thread, for the synchronous (Qt) tests."""
    running = start_host(tmp_path / "host")
    yield running
    running.stop()


@pytest.fixture
def student(qtbot: Any, tmp_path: Path) -> Iterator[StudentApp]:
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    yield app
    close_student(app)
