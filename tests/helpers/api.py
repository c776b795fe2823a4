"""A room under aiohttp's test client (the `api` fixture): calls whose every answer is checked,
the room's whole state for before/after comparisons, and a settable clock."""

from __future__ import annotations

import asyncio
import copy
import io
import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient

from proctor.common.timeutil import now_ms
from proctor.host.server.room import LiveRoom
from tests.helpers.constants import ADMIN_KEY

PAPER = {
    "title": "Sorting",
    "instructions": "# Sorting\n\nSort the list in `main.py`.\n",
    "files": {"main.py": "def sort(items):\n    return items\n"},
}


_UNSET: Any = object()


class Clock:
    """A settable server clock (epoch ms) for a room (`LiveRoom.create(clock=...)`)."""

    def __init__(self, start: int | None = None) -> None:
        self.now = now_ms() if start is None else start

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> int:
        self.now += ms
        return self.now


def assert_error_shape(body: Any) -> dict[str, str]:
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message"}, error
    assert error["code"] and error["code"].replace("_", "").isalpha() and error["code"].islower()
    assert error["message"] and error["message"][0].isupper()
    return error


class Api:
    """Calls against one room; every answer is checked: never a 5xx, errors in the set shape."""

    def __init__(self, client: TestClient, live: LiveRoom) -> None:
        self.client = client
        self.live = live
        self.room = f"/api/v1/rooms/{live.id}"
        self._admin_token: str | None = None

    def url(self, path: str) -> str:
        return path if path.startswith("/") else f"{self.room}/{path}"

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = _UNSET,
        data: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        kwargs: dict[str, Any] = {"headers": headers}
        if json is not _UNSET:
            kwargs["json"] = json
        elif data is not None:
            raw = data.encode() if isinstance(data, str) else data
            kwargs["data"] = io.BytesIO(raw)  # a streamed body, as a real client sends it
            headers.setdefault("Content-Type", "application/json")
        async with self.client.request(method, self.url(path), **kwargs) as resp:
            assert resp.status < 500, (resp.status, await resp.text())
            assert resp.content_type == "application/json", resp.content_type
            body = await resp.json()
            if resp.status >= 400:
                assert_error_shape(body)
            return resp.status, body

    async def ok(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        status, body = await self.call(method, path, **kwargs)
        assert status == expect, body
        return body

    async def fail(self, method: str, path: str, status: int, code: str, **kwargs: Any) -> str:
        got, body = await self.call(method, path, **kwargs)
        assert (got, body["error"]["code"]) == (status, code), body
        return str(body["error"]["message"])

    async def admin_token(self) -> str:
        if self._admin_token is None:
            body = await self.ok("POST", "admin/login", json={"admin_key": ADMIN_KEY})
            self._admin_token = body["token"]
        return self._admin_token

    async def admin(self, method: str, path: str, json: Any = _UNSET, expect: int = 200) -> Any:
        token = await self.admin_token()
        return await self.ok(method, f"admin/{path}", expect, token=token, json=json)

    async def admin_fail(self, method: str, path: str, status: int, code: str, **kw: Any) -> str:
        token = await self.admin_token()
        return await self.fail(method, f"admin/{path}", status, code, token=token, **kw)

    async def join(self, reg_no: str, name: str | None = None) -> dict[str, Any]:
        body = {"name": name or f"Student {reg_no}", "reg_no": reg_no, "client": {"os": "test"}}
        return dict(await self.ok("POST", "join", 201, json=body))

    async def tick(self) -> None:
        """Apply the clock now, as the room's ticker does."""
        events = self.live.engine.tick(self.live.clock())
        await self.live.commit_and_push(events)

    async def ws(self, path: str, token: str, **kwargs: Any) -> aiohttp.ClientWebSocketResponse:
        return await self.client.ws_connect(self.url(path), params={"token": token}, **kwargs)


REFUSAL_KINDS = ("join_refused", "admin_key_refused")  # refusals the host logs


def room_state(live: LiveRoom, *, except_logged_refusals: bool = False) -> dict[str, Any]:
    """Everything a request could change: the engine's state and the store's rows. With
    `except_logged_refusals`, leave out what logging a refused join or admin key changes
    (its incident and the student's latest incident), for tests that expect that log."""
    engine = live.engine
    conn = sqlite3.connect(f"file:{live.store.path}?mode=ro", uri=True)
    try:
        rows = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("meta", "students", "incidents", "actions", "work", "submissions")
        }
    finally:
        conn.close()
    students = {sid: asdict(s) for sid, s in engine.students.items()}
    if except_logged_refusals:
        rows["incidents"] = [r for r in rows["incidents"] if r[4] not in REFUSAL_KINDS]
        rows["students"] = [
            (sid, reg, json.dumps(json.loads(data) | {"latest_incident": None}))
            for sid, reg, data in rows["students"]
        ]
        for student in students.values():
            student["latest_incident"] = None
    return copy.deepcopy(
        {
            "room": asdict(engine.room),
            "students": students,
            "seen": set(engine.seen_event_ids),
            "rows": rows,
        }
    )


async def receive(ws: aiohttp.ClientWebSocketResponse, timeout: float = 3.0) -> dict[str, Any]:
    msg = await asyncio.wait_for(ws.receive(), timeout)
    assert msg.type == aiohttp.WSMsgType.TEXT, msg
    return dict(msg.json())


async def receive_until(
    ws: aiohttp.ClientWebSocketResponse, wanted: Callable[[dict[str, Any]], bool], timeout=3.0
) -> dict[str, Any]:
    """The first message `wanted` accepts (others are skipped)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        message = await receive(ws, max(0.01, deadline - loop.time()))
        if wanted(message):
            return message


MakeApi = Callable[..., Awaitable[Api]]
