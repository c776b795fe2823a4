"""What each message of one student costs on the hall's link, and the student app's minute.

Run by `proctor bench --hall` in the students' namespace against a host of its own, with
nothing else on the link: for each message, the link's byte counters are read before it and
after it (and the acknowledgements that follow it), so a figure is everything on the wire:
Ethernet, IP and TCP headers, TLS records, HTTP or WebSocket framing and the body. Then the
student app's own session (`StudentSession`, default timings) sits the exam for a minute
without typing, and a minute with one of four files changed every 5 s.

    python -m proctor.bench.hall_messages --base-url URL --room ID [--join-code C]
        [--fingerprint FP] --device DEV --admin-namespace NS [--minute-s 60] --out FILE.json
    (the admin key from PROCTOR_ADMIN_KEY; the proctor's calls are made from NS)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from proctor.bench.hall import link_bytes, tcp_opened
from proctor.bench.host_proc import pinned_connector
from proctor.bench.students import SAMPLE_SOLUTION
from proctor.common import netns
from proctor.common.protocol import Me, Room, SubmitResponse
from proctor.common.timeutil import now_ms
from proctor.student.session import StudentSession

SETTLE_S = 0.25  # delayed acknowledgements (40 ms on Linux) and stragglers
FILES = {f"part{i}.py": SAMPLE_SOLUTION for i in range(1, 4)} | {"main.py": SAMPLE_SOLUTION}


class Quiet:
    """A session listener that only notes the status."""

    status: str | None = None

    def on_state(self, room: Room, me: Me) -> None:
        self.status = str(me.status)

    def on_connection(self, status: str, detail: str) -> None:
        pass

    def on_save_status(self, kind: str, message: str) -> None:
        pass

    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        pass

    def on_error(self, code: str, message: str) -> None:
        pass


class Meter:
    def __init__(self, device: str) -> None:
        self.device = device
        self.figures: dict[str, dict[str, int]] = {}

    async def measure(self, label: str, action: Callable[[], Awaitable[Any]]) -> Any:
        await asyncio.sleep(SETTLE_S)
        before = link_bytes(self.device)
        result = await action()
        await asyncio.sleep(SETTLE_S)
        after = link_bytes(self.device)
        down, up = after[0] - before[0], after[1] - before[1]
        self.figures[label] = {"down": down, "up": up, "total": down + up}
        return result


async def measure_messages(args: argparse.Namespace) -> dict[str, Any]:
    meter = Meter(args.device)
    room_url = f"{args.base_url}/api/v1/rooms/{args.room}"
    admin_key = os.environ.get("PROCTOR_ADMIN_KEY", "")

    # The proctor's calls come from the host's own namespace (a socket made there): in a hall
    # the dashboard runs on the host's laptop, and its bytes are not on the students' link.
    def admin_socket(_: Any) -> socket.socket:
        made = netns.socket_in_namespace(args.admin_namespace)
        made.setblocking(False)
        return made

    admin_connector = pinned_connector(args.fingerprint, socket_factory=admin_socket)
    async with (
        aiohttp.ClientSession(connector=admin_connector) as admin,
        aiohttp.ClientSession(connector=pinned_connector(args.fingerprint, limit=1)) as http,
    ):
        async with admin.post(f"{room_url}/admin/login", json={"admin_key": admin_key}) as r:
            admin_auth = {"Authorization": f"Bearer {(await r.json())['token']}"}

        async def call(method: str, path: str, **kw: Any) -> Any:
            async with http.request(method, room_url + path, **kw) as resp:
                body = await resp.read()
                assert resp.status < 300, (method, path, resp.status, body[:200])
                return json.loads(body) if body else None

        body = {"name": "Ada Lovelace", "reg_no": "HALL-0001", "client": {"app": "bench"}}
        joined = await meter.measure(
            "join, on a new connection (TLS set-up included)",
            lambda: call("POST", "/join", json=body),
        )
        auth = {"Authorization": f"Bearer {joined['token']}"}
        await meter.measure("GET state in the lobby", lambda: call("GET", "/state", headers=auth))

        async def stream(query: str) -> aiohttp.ClientWebSocketResponse:
            ws = await http.ws_connect(f"{room_url}/stream{query}", headers=auth)
            await ws.receive()
            return ws

        full = await meter.measure("stream opened, full frames (first frame)", lambda: stream(""))
        await full.close()
        lean = await meter.measure(
            "stream opened, lean (first frame: the policy)", lambda: stream("?lean=1")
        )

        async def heartbeat() -> None:
            await lean.send_str('{"type":"heartbeat"}')
            await lean.receive()

        await meter.measure("heartbeat and its reply", heartbeat)

        async def start() -> None:
            async with admin.post(f"{room_url}/admin/start", headers=admin_auth) as resp:
                await resp.read()
            await lean.receive()

        before_start = link_bytes(args.device)
        await start()
        await asyncio.sleep(SETTLE_S)
        after_start = link_bytes(args.device)
        await lean.close()
        full = await stream("")

        async def pause_resume_full(ws: aiohttp.ClientWebSocketResponse) -> None:
            for action in ("pause", "resume"):
                url = f"{room_url}/admin/students/{joined['student_id']}/{action}"
                async with admin.post(url, headers=admin_auth) as resp:
                    await resp.read()
                await ws.receive()

        # The start cannot be repeated: a pause and a resume stand for a push (two frames).
        await meter.measure("pause + resume pushed, full frames", lambda: pause_resume_full(full))
        await full.close()
        lean = await stream("?lean=1")
        await meter.measure("pause + resume pushed, lean frames", lambda: pause_resume_full(lean))
        await lean.close()
        meter.figures["start frame, lean"] = {
            "down": after_start[0] - before_start[0],
            "up": after_start[1] - before_start[1],
            "total": sum(after_start) - sum(before_start),
        }
        await meter.measure("GET state, exam running", lambda: call("GET", "/state", headers=auth))
        await meter.measure(
            "GET state?policy_rev (policy held)",
            lambda: call("GET", "/state?policy_rev=1", headers=auth),
        )
        first = await meter.measure(
            "PUT work, 4 files of 0.4 KB, all",
            lambda: call("PUT", "/work", headers=auth, json={"seq": 1, "files": FILES}),
        )
        changed = {"main.py": SAMPLE_SOLUTION + "\n# one more line\n"}
        delta = {"seq": 2, "files": changed, "base_sha256": first["sha256"]}
        await meter.measure(
            "PUT work, the one file changed (base_sha256)",
            lambda: call("PUT", "/work", headers=auth, json=delta),
        )
        at = now_ms()
        events = {
            "events": [
                {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": at, "detail": {}},
                {"id": str(uuid.uuid4()), "kind": "focus_regained", "at_ms": at + 800,
                 "detail": {"duration_ms": 800}},
            ]
        }  # fmt: skip
        await meter.measure(
            "POST events, focus lost and regained",
            lambda: call("POST", "/events", headers=auth, json=events),
        )
        await meter.measure(
            "GET paper, gzip",
            lambda: call("GET", "/paper", headers=auth | {"Accept-Encoding": "gzip"}),
        )
        await meter.measure(
            "GET paper, plain",
            lambda: call("GET", "/paper", headers=auth | {"Accept-Encoding": "identity"}),
        )
    return {"messages": meter.figures, "app": await measure_app(args)}


async def measure_app(args: argparse.Namespace) -> dict[str, Any]:
    """The student app's session: a minute without typing, a minute of a change every 5 s."""
    parts = urlsplit(args.base_url)
    assert parts.hostname is not None and parts.port is not None
    with tempfile.TemporaryDirectory() as tmp:
        listener = Quiet()
        session = StudentSession(Path(tmp), listener)
        try:
            code = args.join_code or args.room
            await session.join(parts.hostname, parts.port, code, "Grace Hopper", "HALL-0002")
            await session.start()
            session.work_changed(dict(FILES))
            await asyncio.sleep(8)  # the first snapshot (every file) is out of the way
            figures: dict[str, Any] = {}
            for label, typing in (("idle", False), ("a change every 5 s", True)):
                before, began = link_bytes(args.device), time.monotonic()
                opened = tcp_opened()
                n = 0
                while time.monotonic() - began < args.minute_s:
                    if typing:
                        n += 1
                        files = dict(FILES) | {"main.py": SAMPLE_SOLUTION + f"\n# {n}\n"}
                        session.work_changed(files)
                    await asyncio.sleep(5)
                after = link_bytes(args.device)
                minutes = (time.monotonic() - began) / 60
                down, up = after[0] - before[0], after[1] - before[1]
                figures[label] = {
                    "down_per_minute": round(down / minutes),
                    "up_per_minute": round(up / minutes),
                    "total_per_minute": round((down + up) / minutes),
                    "connections_opened_per_minute": round((tcp_opened() - opened) / minutes, 1),
                    "status": listener.status,
                }
            return figures
        finally:
            await session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proctor.bench.hall_messages")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--room", required=True)
    parser.add_argument("--join-code")
    parser.add_argument("--fingerprint")
    parser.add_argument("--device", required=True)
    parser.add_argument("--admin-namespace", required=True, help="the host's namespace")
    parser.add_argument("--minute-s", type=float, default=60.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.write_text(json.dumps(asyncio.run(measure_messages(args)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
