"""The dashboard as a real process: killing it (SIGKILL) while students write changes nothing
for them, and a new dashboard on the same data folder re-attaches to the same server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from proctor.common.tls import pin
from proctor.host.dashboard.supervisor import pid_alive
from proctor.host.layout import HOST_JSON
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.waiting import wait_until_async

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dashboard_env() -> dict[str, str]:
    env = dict(os.environ, PROCTOR_ADMIN_KEY=ADMIN_KEY, PYTHONPATH=str(ROOT))
    if env.get("DISPLAY"):
        env.pop("QT_QPA_PLATFORM", None)  # a real window on the X server
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


async def start_dashboard(argv: list[str]) -> tuple[asyncio.subprocess.Process, dict[str, Any]]:
    command = [sys.executable, "-m", "proctor", "host", *argv]
    proc = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dashboard_env(),
        cwd=str(ROOT),
    )
    assert proc.stdout is not None
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), READY_TIMEOUT_S)
    except TimeoutError:
        proc.kill()
        raise
    if not line:
        err = await proc.stderr.read() if proc.stderr else b""
        raise AssertionError(f"the dashboard printed no ready line: {err.decode()}")
    return proc, json.loads(line)


class ConnectedStudent:
    """A student with a live stream that heartbeats every second and keeps every state."""

    def __init__(self, http: aiohttp.ClientSession, api: str, name: str, reg_no: str) -> None:
        self.http, self.api, self.name, self.reg_no = http, api, name, reg_no
        self.states: list[dict[str, Any]] = []
        self.token = ""
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self._task: asyncio.Task[None] | None = None

    async def join(self) -> None:
        async with self.http.post(
            f"{self.api}/join", json={"name": self.name, "reg_no": self.reg_no}
        ) as resp:
            assert resp.status == 201, await resp.text()
            self.token = (await resp.json())["token"]
        self.ws = await self.http.ws_connect(f"{self.api}/stream", params={"token": self.token})
        self._task = asyncio.create_task(self._follow())

    async def _follow(self) -> None:
        assert self.ws is not None

        async def beat() -> None:
            while True:
                await self.ws.send_json({"type": "heartbeat"})
                await asyncio.sleep(1)

        beating = asyncio.create_task(beat())
        try:
            async for msg in self.ws:
                data = msg.json()
                if data.get("type") == "state":
                    self.states.append(data)
        finally:
            beating.cancel()

    @property
    def connected(self) -> bool:
        return self.ws is not None and not self.ws.closed

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.http.request(
            method, f"{self.api}/{path}", json=body, headers=headers
        ) as resp:
            return resp.status, await resp.json()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)


@pytest.fixture
async def cleanup() -> AsyncIterator[list[Any]]:
    """Processes, students and server pids to tear down, in reverse order."""
    things: list[Any] = []
    yield things
    for thing in reversed(things):
        if isinstance(thing, ConnectedStudent):
            await thing.close()
        elif isinstance(thing, asyncio.subprocess.Process):
            if thing.returncode is None:
                thing.kill()
            await thing.wait()
        elif isinstance(thing, int) and pid_alive(thing):
            os.kill(thing, signal.SIGTERM)
            deadline = time.monotonic() + 30
            while pid_alive(thing) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)


async def test_killing_the_dashboard_changes_nothing_for_students(
    tmp_path: Path, cleanup: list[Any]
) -> None:
    data_dir = tmp_path / "room"
    argv = ["--name", "Killed dashboard", "--duration", "30", "--data-dir", str(data_dir)]
    argv += ["--port", str(free_port()), "--bind", "127.0.0.1"]
    dashboard, ready = await start_dashboard(argv)
    cleanup.append(dashboard)
    server_pid = ready["pid"]
    cleanup.append(server_pid)
    assert ready["event"] == "ready" and server_pid != dashboard.pid
    assert json.loads((data_dir / HOST_JSON).read_text())["pid"] == server_pid
    api = f"https://127.0.0.1:{ready['port']}/api/v1/rooms/{ready['room_id']}"

    connector = aiohttp.TCPConnector(ssl=pin(ready["fingerprint"]))
    async with aiohttp.ClientSession(connector=connector) as http:
        students = [
            ConnectedStudent(http, api, name, f"R{i:03d}")
            for i, name in enumerate(["Ada Lovelace", "Alan Turing", "Grace Hopper"], 1)
        ]
        for student in students:
            await student.join()
            cleanup.append(student)
        async with http.post(f"{api}/admin/login", json={"admin_key": ADMIN_KEY}) as r:
            admin = {"Authorization": f"Bearer {(await r.json())['token']}"}
        async with http.post(f"{api}/admin/start", headers=admin) as r:
            assert r.status == 200
        await wait_until_async(
            lambda: all(s.states and s.states[-1]["me"]["status"] == "active" for s in students)
        )

        dashboard.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(dashboard.wait(), 10) == -signal.SIGKILL

        # The server never noticed: streams stay open, work and heartbeats are accepted.
        assert pid_alive(server_pid)
        await asyncio.sleep(2.5)
        for n, student in enumerate(students):
            assert student.connected
            status, state = await student.call("GET", "state")
            assert status == 200 and state["me"]["status"] == "active"
            status, saved = await student.call(
                "PUT", "work", {"seq": 1, "files": {"main.py": f"answer = {n}\n"}}
            )
            assert status == 200 and saved["seq"] == 1
        async with http.get(f"{api}/admin/students", headers=admin) as r:
            rows = (await r.json())["students"]
        assert [row["online"] for row in rows] == [True, True, True]

        # A new dashboard on the same folder re-attaches to the same server.
        again, ready_again = await start_dashboard(argv)
        cleanup.append(again)
        assert ready_again["attached"] is True
        assert (ready_again["pid"], ready_again["room_id"], ready_again["port"]) == (
            server_pid,
            ready["room_id"],
            ready["port"],
        )
        await asyncio.sleep(1)
        assert again.returncode is None  # the window is up
        statuses = [s.states[-1]["me"]["status"] for s in students]
        assert statuses == ["active"] * 3 and all(s.connected for s in students)

        # Ctrl+C in the proctor's terminal closes the dashboard, never the room.
        again.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(again.wait(), 10) == 0
        assert again.stderr is not None
        assert "the room keeps running" in (await again.stderr.read()).decode()
        assert pid_alive(server_pid)
        await asyncio.sleep(1)
        assert all(s.connected for s in students)
        status, state = await students[0].call("GET", "state")
        assert status == 200 and state["me"]["status"] == "active"
