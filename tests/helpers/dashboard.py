"""A dashboard on the real widgets for tests, attached to a room server in a thread, and
students who speak the protocol over plain HTTP from the test's thread."""

from __future__ import annotations

import json
import os
import ssl
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from proctor.common.timeutil import now_ms
from proctor.host.dashboard.supervisor import ServerInfo, ServerProcess
from proctor.host.dashboard.ui.actions import DashboardActions
from proctor.host.dashboard.ui.hall_desk import HallDesk, install_hall
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.window import DashboardWindow
from proctor.ui.bridge import AsyncBridge
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.e2e import trusting_certificate_of
from tests.helpers.hosts import HostThread


def trusting_only(host: HostThread) -> ssl.SSLContext | None:
    """A TLS context for urllib that trusts exactly the host's own certificate (its data
    folder's copy), checked to be the one the host announced; None for a plain-HTTP host."""
    return trusting_certificate_of(host.data_dir, host.fingerprint)


class StudentClient:
    """A student's side of the protocol, synchronous, for tests on the GUI thread."""

    def __init__(self, host: HostThread, name: str, reg_no: str) -> None:
        self.room_url = host.room_url
        self.context = trusting_only(host)
        joined = host.join(name, reg_no)
        self.token: str = joined["token"]
        self.student_id: str = joined["student_id"]
        self.name = name

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.room_url}/{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10, context=self.context) as resp:
            return json.loads(resp.read())

    def state(self) -> Any:
        return self.call("GET", "state")

    def report(self, kind: str, **detail: Any) -> Any:
        event = {"id": str(uuid.uuid4()), "kind": kind, "at_ms": now_ms(), "detail": detail}
        return self.call("POST", "events", {"events": [event]})

    def save(self, files: dict[str, str], seq: int) -> Any:
        return self.call("PUT", "work", {"seq": seq, "files": files})

    def submit(self, files: dict[str, str]) -> Any:
        return self.call("POST", "submit", {"files": files})


class Heartbeats:
    """Keeps students online by polling their state every second, off the GUI thread."""

    def __init__(self, students: list[StudentClient]) -> None:
        self.students = list(students)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeats", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            for student in self.students:
                try:
                    student.state()
                except (urllib.error.URLError, OSError):
                    pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


@dataclass
class Dashboard:
    host: HostThread
    service: DashboardService
    window: DashboardWindow
    actions: DashboardActions
    hall: HallDesk | None = None

    def students(self) -> dict[str, dict[str, Any]]:
        """The server's own view of every student, by student_id."""
        return {s["student_id"]: s for s in self.host.admin("GET", "students")["students"]}

    def room(self) -> dict[str, Any]:
        return self.host.admin("GET", "room")["room"]


def wait_closed(future: Any) -> None:
    """Wait for a service's shutdown (the GUI never waits for it)."""
    if future is not None:
        future.result(timeout=10)


def dashboard_for(host: HostThread, bridge: AsyncBridge) -> Dashboard:
    server = ServerProcess(host.data_dir, ADMIN_KEY)
    server.info = ServerInfo(
        room_id=host.room_id,
        port=host.port,
        pid=os.getpid(),
        data_dir=host.data_dir,
        urls=[host.base_url],
        bind="127.0.0.1",
        fingerprint=host.fingerprint,
        join_code=host.info.get("join_code"),
    )
    service = DashboardService(bridge, server, ADMIN_KEY)
    window = DashboardWindow(service, ["127.0.0.1"], "Data structures")
    actions = DashboardActions(window, service)
    hall = install_hall(window, service)
    actions.detailOpened.connect(hall.decorate_detail)
    service.start_stream()
    return Dashboard(host, service, window, actions, hall)
