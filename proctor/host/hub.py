"""Live connections: every student's stream and every dashboard's admin stream.

A change is serialised once (the room part once per change, not once per student) and handed
to each connection's own sender task, so one slow client never holds up the others. A student
stream keeps only the newest state frame; an admin stream keeps every message, and a dashboard
that falls too far behind is disconnected (it reconnects and gets a fresh snapshot).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from typing import TYPE_CHECKING, Any

from aiohttp import web

from proctor.host.engine import Event, IncidentAdded, RoomChanged, StudentChanged, StudentState

if TYPE_CHECKING:
    from proctor.host.room import LiveRoom

log = logging.getLogger(__name__)

ADMIN_BACKLOG_LIMIT = 20_000


class Connection:
    """One WebSocket with its own sender task."""

    def __init__(self, ws: web.WebSocketResponse, *, keep_latest_only: bool) -> None:
        self.ws = ws
        self.keep_latest_only = keep_latest_only
        self._frames: deque[str] = deque()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._send_forever())

    def send(self, frame: str) -> None:
        if self.keep_latest_only:
            self._frames.clear()
        elif len(self._frames) >= ADMIN_BACKLOG_LIMIT:
            self._frames.clear()
            self._task.cancel()
            asyncio.create_task(self.ws.close(message=b"too far behind"))
            return
        self._frames.append(frame)
        self._wake.set()

    async def _send_forever(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._frames:
                    frame = self._frames.popleft()
                    if self.ws.closed:
                        return
                    await self.ws.send_str(frame)
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return
        except Exception:
            log.exception("stream sender failed")

    async def stop(self) -> None:
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Hub:
    def __init__(self, live: LiveRoom) -> None:
        self.live = live
        self.students: dict[str, set[Connection]] = {}
        self.admins: set[Connection] = set()
        self._policy_key: int | None = None
        self._policy_json = "null"

    # ---- frames ------------------------------------------------------------------------
    def room_json(self, now: int) -> str:
        return self.live.engine.room.to_wire(now).model_dump_json()

    def policy_json(self) -> str:
        policy = self.live.engine.room.policy
        if self._policy_key != id(policy):
            self._policy_key = id(policy)
            self._policy_json = self.live.engine.policy.model_dump_json()
        return self._policy_json

    def me_json(self, student: StudentState) -> str:
        base = _dumps(
            {
                "student_id": student.student_id,
                "name": student.name,
                "reg_no": student.reg_no,
                "status": student.status,
                "ends_ms": student.ends_ms,
            }
        )
        policy = "null" if student.status in ("waiting", "kicked") else self.policy_json()
        return base[:-1] + ',"policy":' + policy + "}"

    def state_frame(self, student: StudentState, room_json: str) -> str:
        return '{"type":"state","room":' + room_json + ',"me":' + self.me_json(student) + "}"

    def snapshot_frame(self, now: int) -> str:
        students = ",".join(
            s.to_row().model_dump_json() for s in self.live.engine.students.values()
        )
        return (
            '{"type":"snapshot","room":' + self.room_json(now) + ',"students":[' + students + "]}"
        )

    # ---- connections -------------------------------------------------------------------
    def add_student(self, student_id: str, ws: web.WebSocketResponse) -> Connection:
        conn = Connection(ws, keep_latest_only=True)
        self.students.setdefault(student_id, set()).add(conn)
        return conn

    async def remove_student(self, student_id: str, conn: Connection) -> None:
        conns = self.students.get(student_id)
        if conns is not None:
            conns.discard(conn)
            if not conns:
                del self.students[student_id]
        await conn.stop()

    def add_admin(self, ws: web.WebSocketResponse) -> Connection:
        conn = Connection(ws, keep_latest_only=False)
        self.admins.add(conn)
        return conn

    async def remove_admin(self, conn: Connection) -> None:
        self.admins.discard(conn)
        await conn.stop()

    # ---- publishing --------------------------------------------------------------------
    def publish(self, events: list[Event]) -> None:
        engine = self.live.engine
        now = self.live.clock()
        room_changed = any(isinstance(e, RoomChanged) for e in events)
        changed_ids: list[str] = []
        seen: set[str] = set()
        for event in events:
            if isinstance(event, StudentChanged) and event.student_id not in seen:
                seen.add(event.student_id)
                changed_ids.append(event.student_id)
        room_json = self.room_json(now)
        targets = (
            list(self.students) if room_changed else [i for i in changed_ids if i in self.students]
        )
        for student_id in targets:
            student = engine.students.get(student_id)
            if student is None:
                continue
            frame = self.state_frame(student, room_json)
            for conn in self.students.get(student_id, ()):
                conn.send(frame)
        if not self.admins:
            return
        frames: list[str] = []
        if room_changed:
            frames.append('{"type":"room","room":' + room_json + "}")
        for student_id in changed_ids:
            row = engine.students[student_id].to_row().model_dump_json()
            frames.append('{"type":"student","student":' + row + "}")
        for event in events:
            if isinstance(event, IncidentAdded):
                frames.append('{"type":"incident","incident":' + _dumps(event.incident) + "}")
        for conn in list(self.admins):
            for frame in frames:
                conn.send(frame)

    def push_state(self, student_id: str) -> None:
        """Send one student's current state to that student's streams."""
        student = self.live.engine.students.get(student_id)
        if student is None:
            return
        frame = self.state_frame(student, self.room_json(self.live.clock()))
        for conn in self.students.get(student_id, ()):
            conn.send(frame)

    async def close_all(self) -> None:
        conns = [c for group in self.students.values() for c in group] + list(self.admins)
        for conn in conns:
            await conn.stop()
            if not conn.ws.closed:
                await conn.ws.close(message=b"server shutting down")
        self.students.clear()
        self.admins.clear()
