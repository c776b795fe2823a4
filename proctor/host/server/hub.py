"""Live connections: every student's stream and every dashboard's admin stream, and the one
owner of them. The routes hand an upgraded WebSocket to `serve_student` or `serve_admin`, which
read it until it closes; a stream is closed early only through the hub (`close_student`,
`close_admins_of`, `close_all`).

A change is serialised once, not once per student. A state frame is a tuple of UTF-8 parts:
the room, each student's identity and the status/ends/policy part are encoded once and shared,
so a push to 2,000 students allocates almost nothing per student (a copy of the 6 KB policy
per student cost more in fresh memory than everything else). One flusher task writes the
frames in a single pass: straight to every socket with nothing buffered (`fanout`), through
the transport for a socket with a little buffered, and a backed-up connection is left to its
own sender task (`connection`), so one slow client never holds up the others.
A student stream keeps only the newest state frame; an admin stream keeps every message, and a
dashboard that falls too far behind is disconnected (it reconnects and gets a fresh snapshot).
A lean stream (`?lean=1`) has `policy_rev` in every frame and the policy only when that
connection has not been sent that revision (its first frame, and after a change): a start is
then a few hundred bytes per student instead of the 6 KB policy each time.
A student has one live stream: a new one replaces the old, which is closed with
`STREAM_REPLACED` (so many streams on one token cost one frame each, not n²). A stream that
sends far more than heartbeats is throttled, noted once a minute, and cut off (`STREAM_FLOODED`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from json.encoder import encode_basestring
from typing import Any

from aiohttp import WSMsgType, web

from proctor.common.protocol import STREAM_FLOODED, STREAM_REPLACED, StudentStatus
from proctor.host.server.connection import Connection, utf8
from proctor.host.server.engine import RoomEngine
from proctor.host.server.events import (
    ActionLogged,
    Event,
    IncidentAdded,
    RoomChanged,
    StudentChanged,
)
from proctor.host.server.fanout import Payload, write_direct
from proctor.host.server.states import WITHOUT_POLICY, StudentState
from proctor.host.server.store import compact_json

log = logging.getLogger(__name__)

Settle = Callable[[list[Event]], Awaitable[None]]  # commit what events name, then push them

REPLACED_MESSAGE = b"Your exam was opened on another connection; this one is closed."
NO_POLICY_TAIL = b',"policy":null}}'
# What a lean frame's end holds: the policy (sent), or null (this connection has it).
WITH_POLICY, POLICY_KNOWN = True, False
# A client sends a heartbeat every 2 s. Messages beyond this rate are dropped unread, the
# first with an incident (at most one a minute per student); a client that keeps on is cut
# off (STREAM_FLOODED).
STREAM_RATE_PER_S = 5.0
STREAM_BURST = 20
FLOOD_CLOSE_AFTER = 1000  # dropped messages on one stream
FLOODED_MESSAGE = b"Too many messages on this stream."
FLOOD_NOTE_EVERY_MS = 60_000


class StreamEnd(Enum):
    """Why the host closes a student's stream, and the close frame's reason."""

    REMOVED = b"removed by the proctor"  # after the last state frame, which says so
    MOVED = b"moved to another computer"  # at once: the token is dead
    REJOINED = b"replaced by a new join"  # at once: the token was replaced


def heartbeat_frame(now: int) -> str:
    return f'{{"type":"heartbeat","server_time_ms":{now}}}'


class Hub:
    """The room's live connections; it reads the engine's state and the clock, never the
    store (a stream's own changes go through `settle`)."""

    def __init__(self, engine: RoomEngine, clock: Callable[[], int]) -> None:
        self.engine = engine
        self.clock = clock
        self.students: dict[str, Connection] = {}  # one live stream per student
        self.admins: set[Connection] = set()
        self._policy_source: object = None
        self._policy_tail = b""
        self._identities: dict[str, tuple[tuple[str, str, str | None], bytes]] = {}
        self._status_tails: dict[tuple[str, int | None], bytes] = {}
        # lean tails by (status, ends_ms, policy revision, with the policy)
        self._lean_tails: dict[tuple[str, int | None, int, bool], bytes] = {}
        self._flush_queue: dict[Connection, None] = {}  # insertion-ordered set
        self._flush_wake = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None
        self._floods: dict[str, int] = {}  # when each student's flood was last noted

    # ---- frames ------------------------------------------------------------------------
    def room_json(self, now: int) -> str:
        return self.engine.room.to_wire(now).model_dump_json()

    def policy_tail(self) -> bytes:
        """The end of an active student's state frame: `,"policy":{...}}}`, encoded once."""
        policy = self.engine.room.policy
        if policy is not self._policy_source:  # a new policy is a new dict
            self._policy_source = policy
            self._status_tails.clear()
            self._lean_tails.clear()
            policy_json = self.engine.policy.model_dump_json()
            self._policy_tail = (',"policy":' + policy_json + "}}").encode("utf-8")
        return self._policy_tail

    def _identity(self, student: StudentState) -> bytes:
        """`{"student_id":…,"name":…,"reg_no":…,"status":`, kept while those stay the same
        (with `"accommodations":{…}` before the status when the proctor granted any)."""
        granted = student.accommodations
        key = (student.name, student.reg_no, None if granted is None else str(granted))
        cached = self._identities.get(student.student_id)
        if cached is None or cached[0] != key:
            text = (
                '{"student_id":'
                + encode_basestring(student.student_id)
                + ',"name":'
                + encode_basestring(student.name)
                + ',"reg_no":'
                + encode_basestring(student.reg_no)
            )
            if granted is not None:
                text += ',"accommodations":' + compact_json(granted)
            text += ',"status":'
            cached = self._identities[student.student_id] = (key, text.encode("utf-8"))
        return cached[1]

    def _status_tail(self, status: str, ends_ms: int | None) -> bytes:
        """`"active","ends_ms":…,"policy":…}}`, the end of a state frame: the same bytes for
        every student with the same status and end (a start gives the whole room one)."""
        policy_tail = self.policy_tail()  # first: a new policy empties the cache
        part = self._status_tails.get((status, ends_ms))
        if part is None:
            if len(self._status_tails) > 64:
                self._status_tails.clear()
            tail = NO_POLICY_TAIL if status in WITHOUT_POLICY else policy_tail
            ends = "null" if ends_ms is None else str(int(ends_ms))
            part = (encode_basestring(status) + ',"ends_ms":' + ends).encode("utf-8") + tail
            self._status_tails[(status, ends_ms)] = part
        return part

    def _lean_tail(self, status: str, ends_ms: int | None, with_policy: bool) -> bytes:
        """A lean frame's end: `"active","ends_ms":…,"policy_rev":R,"policy":… or null}}`."""
        policy_tail = self.policy_tail()  # first: a new policy empties the cache
        rev = self.engine.room.policy_rev
        key = (status, ends_ms, rev, with_policy)
        part = self._lean_tails.get(key)
        if part is None:
            if len(self._lean_tails) > 64:
                self._lean_tails.clear()
            tail = policy_tail if with_policy else NO_POLICY_TAIL
            ends = "null" if ends_ms is None else str(int(ends_ms))
            head = encode_basestring(status) + ',"ends_ms":' + ends + ',"policy_rev":' + str(rev)
            part = self._lean_tails[key] = head.encode("utf-8") + tail
        return part

    @staticmethod
    def state_head(room_json: str) -> bytes:
        return ('{"type":"state","room":' + room_json + ',"me":').encode("utf-8")

    def state_payload(self, student: StudentState, head: bytes) -> Payload:
        """`{"type":"state","room":Room,"me":Me}` from parts that are built once and shared."""
        return (head, self._identity(student), self._status_tail(student.status, student.ends_ms))

    def queue_state(self, conn: Connection, student: StudentState, head: bytes) -> bool:
        """Queue the student's state frame on `conn` (lean or not); False if it was given up.
        A lean frame has the policy when the connection was not sent this revision, or when
        the frame it replaces (not yet written) had it; a kicked student's never has it."""
        if not conn.lean:
            return conn.queue(self.state_payload(student, head))
        rev = self.engine.room.policy_rev
        with_policy = student.status != StudentStatus.KICKED and (
            conn.policy_rev_sent != rev or conn.policy_queued
        )
        tail = self._lean_tail(student.status, student.ends_ms, with_policy)
        queued = conn.queue((head, self._identity(student), tail), carries_policy=with_policy)
        if queued and with_policy:
            conn.policy_rev_sent = rev
        return queued

    def snapshot_frame(self, now: int) -> str:
        students = ",".join(s.to_row().model_dump_json() for s in self.engine.students.values())
        return (
            '{"type":"snapshot","room":' + self.room_json(now) + ',"students":[' + students + "]}"
        )

    # ---- streams -----------------------------------------------------------------------
    async def serve_student(
        self,
        student_id: str,
        ws: web.WebSocketResponse,
        transport: asyncio.BaseTransport | None,
        settle: Settle,
        *,
        lean: bool = False,
    ) -> None:
        """The student's stream, until it closes: it replaces an older one, gets the state at
        once and on every change, and each heartbeat counts as one (and is answered).
        `lean`: frames carry `policy_rev`, and the policy once per revision."""
        conn = self._add_student(student_id, ws, transport, lean)
        try:
            await self._heartbeat(student_id, settle)
            self.push_state(student_id)
            await self._read_student(student_id, ws, settle)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            await self._remove_student(student_id, conn)
            if not ws.closed:
                await ws.close()

    async def _heartbeat(self, student_id: str, settle: Settle) -> int:
        now = self.clock()
        events = self.engine.heartbeat(student_id, now)
        if events:
            await settle(events)
        return now

    async def _read_student(self, sid: str, ws: web.WebSocketResponse, settle: Settle) -> None:
        loop = asyncio.get_running_loop()
        allowance, last, dropped = float(STREAM_BURST), loop.time(), 0
        async for msg in ws:
            arrived = loop.time()
            allowance = min(STREAM_BURST, allowance + (arrived - last) * STREAM_RATE_PER_S)
            last = arrived
            if allowance < 1:
                dropped += 1
                if dropped == 1:
                    events = self._note_flood(sid)
                    if events:
                        await settle(events)
                if dropped >= FLOOD_CLOSE_AFTER:
                    await ws.close(code=STREAM_FLOODED, message=FLOODED_MESSAGE)
                    return
                continue
            allowance -= 1
            if msg.type != WSMsgType.TEXT or not _is_heartbeat(msg.data):
                continue
            if self.engine.students[sid].status == StudentStatus.KICKED:
                return
            now = await self._heartbeat(sid, settle)
            await ws.send_str(heartbeat_frame(now))

    def _note_flood(self, student_id: str) -> list[Event]:
        """A stream flooded the host: an incident, at most one a minute per student."""
        now = self.clock()
        if now - self._floods.get(student_id, -FLOOD_NOTE_EVERY_MS) < FLOOD_NOTE_EVERY_MS:
            return []
        self._floods[student_id] = now
        detail = {"rate_per_s": STREAM_RATE_PER_S, "burst": STREAM_BURST}
        return self.engine.note_flood(student_id, detail, now)

    async def serve_admin(self, ws: web.WebSocketResponse, token_hash: str) -> None:
        """A dashboard's stream, until it closes: a snapshot first, then every change."""
        conn = Connection(ws, keep_latest_only=False)
        conn.token_hash = token_hash
        self.admins.add(conn)
        try:
            conn.send(utf8(self.snapshot_frame(self.clock())))
            async for msg in ws:
                if msg.type == WSMsgType.TEXT and '"heartbeat"' in msg.data:
                    await ws.send_str(heartbeat_frame(self.clock()))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.admins.discard(conn)
            await conn.stop()
            if not ws.closed:
                await ws.close()

    # ---- connections -------------------------------------------------------------------
    def _add_student(
        self,
        student_id: str,
        ws: web.WebSocketResponse,
        transport: asyncio.BaseTransport | None,
        lean: bool,
    ) -> Connection:
        conn = Connection(ws, keep_latest_only=True, transport=transport)
        conn.lean = lean
        old = self.students.get(student_id)
        self.students[student_id] = conn
        if old is not None:
            self._flush_queue.pop(old, None)
            old.give_up(STREAM_REPLACED, REPLACED_MESSAGE)
        return conn

    async def _remove_student(self, student_id: str, conn: Connection) -> None:
        if self.students.get(student_id) is conn:
            del self.students[student_id]
        self._flush_queue.pop(conn, None)
        await conn.stop()

    async def close_student(self, student_id: str, why: StreamEnd) -> None:
        """Close the student's stream, if one is open: a removed student's after the state
        frames still queued (the last says they were removed); a moved or rejoined seat's at
        once, sending nothing more (its token no longer counts)."""
        conn = self.students.get(student_id)
        if conn is None:
            return
        if why is StreamEnd.REMOVED:
            await conn.close_after_queued(why.value)
            return
        await conn.stop()
        self._flush_queue.pop(conn, None)
        if not conn.ws.closed:
            await conn.ws.close(message=why.value)

    def close_admins_of(self, token_hashes: set[str]) -> None:
        """A token logged out or expired: the streams it opened end with it."""
        for conn in [c for c in self.admins if c.token_hash in token_hashes]:
            self.admins.discard(conn)
            conn.give_up(1008, b"the admin token ended")

    # ---- publishing --------------------------------------------------------------------
    def publish(self, events: list[Event]) -> None:
        engine = self.engine
        now = self.clock()
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
        head = self.state_head(room_json)
        for student_id in targets:
            student = engine.students.get(student_id)
            if student is None:
                continue
            conn = self.students.get(student_id)
            if conn is not None and self.queue_state(conn, student, head):
                self._flush_queue[conn] = None
        if self._flush_queue:
            self._start_flusher()
            self._flush_wake.set()
        if not self.admins:
            return
        incidents = [e.incident for e in events if isinstance(e, IncidentAdded)]
        actions = [e.action for e in events if isinstance(e, ActionLogged)]
        room_part = room_json if room_changed else None
        # The dashboards' rows are built once the students' senders have run: a start
        # reaches 2,000 students before 2,000 rows are serialised. Order per dashboard holds.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._publish_admin(room_part, changed_ids, incidents, actions)
        else:
            loop.call_soon(self._publish_admin, room_part, changed_ids, incidents, actions)

    def _publish_admin(
        self,
        room_json: str | None,
        changed_ids: list[str],
        incidents: list[dict[str, Any]],
        actions: list[dict[str, Any]],
    ) -> None:
        if not self.admins:
            return
        students = self.engine.students
        frames: list[str] = []
        if room_json is not None:
            frames.append('{"type":"room","room":' + room_json + "}")
        for student_id in changed_ids:
            student = students.get(student_id)
            if student is not None:
                row = student.to_row().model_dump_json()
                frames.append('{"type":"student","student":' + row + "}")
        for incident in incidents:
            frames.append('{"type":"incident","incident":' + compact_json(incident) + "}")
        for action in actions:
            frames.append('{"type":"action","action":' + compact_json(action) + "}")
        for conn in list(self.admins):
            for frame in frames:
                conn.send(utf8(frame))

    def send_admins(self, frame: str) -> None:
        """One message to every dashboard (marking progress, say)."""
        if self.admins:
            data = utf8(frame)
            for conn in list(self.admins):
                conn.send(data)

    def _start_flusher(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_forever(), name="stream-flusher")

    async def _flush_forever(self) -> None:
        """Write the students' queued frames, one connection after the other, in one task."""
        while True:
            await self._flush_wake.wait()
            self._flush_wake.clear()
            # Plain calls, no await: the whole batch is written in one go, and nothing can
            # change the queue meanwhile.
            while self._flush_queue:
                batch, self._flush_queue = self._flush_queue, {}
                direct: list[tuple[asyncio.BaseTransport, int, Payload]] = []
                for conn in batch:
                    try:
                        frame = conn.take_direct()
                        if frame is None:
                            conn.flush()
                        else:
                            direct.append((conn.transport, conn.fd, frame))  # type: ignore[arg-type]
                    except Exception:  # one broken connection must not stop the others
                        log.exception("stream flush failed")
                try:
                    write_direct(direct)
                except Exception:
                    log.exception("stream fan-out failed")

    def push_state(self, student_id: str) -> None:
        """Send one student's current state to that student's stream."""
        student = self.engine.students.get(student_id)
        conn = self.students.get(student_id)
        if student is not None and conn is not None:
            head = self.state_head(self.room_json(self.clock()))
            if self.queue_state(conn, student, head):
                conn.wake()

    async def close_all(self) -> None:
        """The server is stopping: every stream closes (once; nothing is served after)."""
        if self._flusher is not None:
            self._flusher.cancel()
            try:
                await self._flusher
            except asyncio.CancelledError:
                pass
        self._flush_queue.clear()
        conns = list(self.students.values()) + list(self.admins)
        self.students.clear()
        self.admins.clear()
        for conn in conns:
            await conn.stop()
            if not conn.ws.closed:
                await conn.ws.close(message=b"server shutting down")


def _is_heartbeat(data: str) -> bool:
    try:
        message = json.loads(data)
    except ValueError:
        return False
    return isinstance(message, dict) and message.get("type") == "heartbeat"
