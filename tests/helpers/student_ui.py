"""Helpers for the student app's Qt tests: a real host in a thread, a server that is not a
Proctor host, a free port, and a way to drive the app until a condition holds."""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import shiboken6
from aiohttp import web
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from proctor.student.ui.app import StudentApp
from tests.helpers.hosts import HostThread


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("0.0.0.0", 0))
        return sock.getsockname()[1]


@contextmanager
def other_server(status: int = 200) -> Iterator[int]:
    """A web server on loopback that answers like some other product, not a Proctor host:
    with JSON of its own (200), or "not found" to every path (404, as most web servers)."""

    async def anything(_request: web.Request) -> web.Response:
        if status == 404:
            return web.Response(status=404, text="<h1>Not Found</h1>", content_type="text/html")
        return web.json_response({"status": "ok", "service": "printer"})

    loop = asyncio.new_event_loop()
    runner_box: dict[str, Any] = {}
    started = threading.Event()
    port = free_port()

    async def serve() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", anything)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runner_box["runner"] = runner
        started.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(serve(), loop).result(10)
    started.wait(10)
    try:
        yield port
    finally:
        asyncio.run_coroutine_threadsafe(runner_box["runner"].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def start_host(data_dir: Path, **kwargs: Any) -> HostThread:
    kwargs.setdefault("name", "Algorithms midterm")
    kwargs.setdefault("duration_s", 3600)
    return HostThread(data_dir, **kwargs).start()


def make_student(
    data_dir: Path, camera_source: str | None = None, *, beacon_port: int | None = None
) -> StudentApp:
    """The student app, listening for rooms on `beacon_port` (a free one by default, so it
    hears only the rooms its test announces there) and not over mDNS."""
    app = StudentApp(
        data_dir,
        camera_source=camera_source,
        full_screen=False,
        beacon_port=beacon_port or free_udp_port(),
        mdns=False,
    )
    app.window.resize(1366, 768)
    return app


def close_student(app: StudentApp) -> None:
    app.controller._closing = True
    if shiboken6.isValid(app.window):  # pytest-qt may have closed and deleted it already
        app.window.close()
    app.close()
    # Let Qt objects die here, on the GUI thread: a collection that happens later in a
    # host or loop thread must not be the one that destroys widgets.
    QApplication.processEvents()
    with warnings.catch_warnings():
        # A connection the app was still opening when it closed (a TLS handshake to a host
        # coming back up) can leave its socket or transport to the collector: asyncio (3.11)
        # does not always close those of a connect cancelled mid-handshake. The app is
        # closing, and they go with it: only those two warnings are let through here.
        warnings.filterwarnings("ignore", r"unclosed <socket\.socket", ResourceWarning)
        warnings.filterwarnings("ignore", r"unclosed transport <_Selector", ResourceWarning)
        gc.collect()


def join_via_form(qtbot: Any, app: StudentApp, host: HostThread, name: str, reg_no: str) -> None:
    page = app.window.join_page
    page.host.edit.setText(f"127.0.0.1:{host.port}")
    page.room.edit.setText(host.join_code)  # what the projector shows
    page.name.edit.setText(name)
    page.reg_no.edit.setText(reg_no)
    page._validate()
    assert page.join_button.isEnabled()
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)


def join_lobby(qtbot: Any, app: StudentApp, host: HostThread, name: str, reg_no: str) -> None:
    """Join through the form and wait for the lobby."""
    join_via_form(qtbot, app, host, name, reg_no)
    qtbot.waitUntil(lambda: app.window.current_page() is app.window.lobby_page, timeout=10_000)


def join_and_start(qtbot: Any, app: StudentApp, host: HostThread, name: str, reg_no: str) -> Any:
    """Join through the form, let the proctor start, and return the editable exam page."""
    join_lobby(qtbot, app, host, name, reg_no)
    host.admin("POST", "start")
    exam = app.window.exam_page
    qtbot.waitUntil(exam.is_editable, timeout=10_000)
    return exam
