"""Live connections: every student's stream and every dashboard's admin stream.

A change is serialised once, not once per student. A state frame is a tuple of UTF-8 parts:
the room, each student's identity and the status/ends/policy part are encoded once and shared,
so a push to 2,000 students allocates almost nothing per student (a copy of the 6 KB policy
per student cost more in fresh memory than everything else). One flusher task writes the
frames in a single pass: straight to every socket with nothing buffered (`fanout`, two threads
for a large push), through the transport for a socket with a little buffered, and a backed-up
connection is left to its own sender task, so one slow client never holds up the others.
A student stream keeps only the newest state frame; an admin stream keeps every message, and a
dashboard that falls too far behind is disconnected (it reconnects and gets a fresh snapshot).
A student has one live stream: a new one replaces the old, which is closed with
`STREAM_REPLACED` (so many streams on one token cost one frame each, not n²).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from aiohttp import web

from proctor.common.protocol import STREAM_REPLACED
from proctor.host.server.engine import (
    ActionLogged,
    Event,
    IncidentAdded,
    RoomChanged,
    StudentChanged,
)
from proctor.host.server.fanout import FanoutWriter, Payload, direct_fd, frame_bytes
from proctor.host.server.states import StudentState
from proctor.host.server.store import compact_json

if TYPE_CHECKING:
    from proctor.host.server.room import LiveRoom

log = logging.getLogger(__name__)

ADMIN_BACKLOG_LIMIT = 20_000
REPLACED_MESSAGE = b"Your exam was opened on another connection; this one is closed."
# A socket with less than this waiting in its write buffer takes a frame without blocking.
INLINE_BUFFER_LIMIT = 16 * 1024


def utf8(text: str) -> Payload:
    return (text.encode("utf-8"),)


class Connection:
    """One WebSocket with its own sender task (and, for students, the hub's flusher)."""

    def __init__(
        self,
        ws: web.WebSocketResponse,
        *,
        keep_latest_only: bool,
        transport: asyncio.BaseTransport | None = None,
    ) -> None:
        self.ws = ws
        self.keep_latest_only = keep_latest_only
        self.transport = transport
        self.fd = None if transport is None else direct_fd(transport)
        self._frames: deque[Payload] = deque()
        self._sending = False
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._send_forever())
        self._closing: asyncio.Task[bool] | None = None  # given up: closing, takes nothing
        self.token_hash = ""  # an admin stream's: the token it was opened with

    def queue(self, frame: Payload) -> bool:
        """Queue a frame without waking anyone; False if the connection was given up."""
        if self._closing is not None:
            return False
        if self.keep_latest_only:
            self._frames.clear()
        elif len(self._frames) >= ADMIN_BACKLOG_LIMIT:
            self.give_up(1000, b"too far behind")
            return False
        self._frames.append(frame)
        return True

    def give_up(self, code: int, message: bytes) -> None:
        """Close this connection with `code`; it takes nothing more."""
        if self._closing is None:
            self._frames.clear()
            self._task.cancel()
            self._closing = asyncio.create_task(self.ws.close(code=code, message=message))

    def send(self, frame: Payload) -> None:
        """Queue a frame for this connection's own sender task."""
        if self.queue(frame):
            self._wake.set()

    def take_direct(self) -> Payload | None:
        """The one queued frame, if it may go straight to the socket: nothing else is queued
        or buffered, and no sender is writing."""
        transport = self.transport
        if (
            self.fd is None
            or transport is None
            or len(self._frames) != 1
            or self._sending
            or transport.is_closing()
            or self.ws.closed
            or transport.get_write_buffer_size() != 0  # type: ignore[attr-defined]
        ):
            return None
        return self._frames.popleft()

    def flush(self) -> None:
        """Write the queued frames now if the socket has room, else leave them to the sender.

        Frames go to the transport as ready-made bytes: no coroutine per frame. Only whole
        frames are written, and only from the event loop, so they never interleave with
        aiohttp's own (pings, heartbeat replies, close)."""
        transport = self.transport
        if transport is None or self._sending or transport.is_closing():
            self._wake.set()
            return
        if self.ws.closed:
            self._frames.clear()
            return
        size = getattr(transport, "get_write_buffer_size", None)
        if size is None:
            self._wake.set()
            return
        write = transport.write  # type: ignore[attr-defined]
        frames = self._frames
        while frames and size() < INLINE_BUFFER_LIMIT:
            write(frame_bytes(frames.popleft()))
        if frames:
            self._wake.set()

    async def _drain(self) -> None:
        if self._sending:
            return  # the other writer picks up what is queued
        self._sending = True
        try:
            while self._frames:
                frame = self._frames.popleft()
                if self.ws.closed:
                    self._frames.clear()
                    return
                await self.ws.send_str(b"".join(frame).decode("utf-8"))
        finally:
            self._sending = False

    async def _send_forever(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                await self._drain()
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return
        except Exception:
            log.exception("stream sender failed")

    async def close_after_queued(self, message: bytes) -> None:
        """Send what is still queued (a kicked student's last state), then close."""
        await self.stop()
        try:
            while self._frames and not self.ws.closed:
                await self.ws.send_str(b"".join(self._frames.popleft()).decode("utf-8"))
        except ConnectionError:
            pass
        if not self.ws.closed:
            await self.ws.close(message=message)

    async def stop(self) -> None:
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


NO_POLICY_TAIL = b',"policy":null}}'


class Hub:
    def __init__(self, live: LiveRoom) -> None:
        self.live = live
        self.students: dict[str, Connection] = {}  # one live stream per student
        self.admins: set[Connection] = set()
        self._policy_source: object = None
        self._policy_tail = b""
        self._identities: dict[str, tuple[tuple[str, str], bytes]] = {}
        self._standings: dict[tuple[str, int | None], bytes] = {}
        self._flush_queue: dict[Connection, None] = {}  # insertion-ordered set
        self._flush_wake = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None
        self._fanout = FanoutWriter()

    # ---- frames ------------------------------------------------------------------------
    def room_json(self, now: int) -> str:
        return self.live.engine.room.to_wire(now).model_dump_json()

    def policy_tail(self) -> bytes:
        """The end of an active student's state frame: `,"policy":{...}}}`, encoded once."""
        policy = self.live.engine.room.policy
        if policy is not self._policy_source:  # a new policy is a new dict
            self._policy_source = policy
            self._standings.clear()
            policy_json = self.live.engine.policy.model_dump_json()
            self._policy_tail = (',"policy":' + policy_json + "}}").encode("utf-8")
        return self._policy_tail

    def _identity(self, student: StudentState) -> bytes:
        """`{"student_id":…,"name":…,"reg_no":…,"status":`, kept while those stay the same."""
        key = (student.name, student.reg_no)
        cached = self._identities.get(student.student_id)
        if cached is None or cached[0] != key:
            text = (
                '{"student_id":'
                + encode_basestring(student.student_id)
                + ',"name":'
                + encode_basestring(student.name)
                + ',"reg_no":'
                + encode_basestring(student.reg_no)
                + ',"status":'
            )
            cached = self._identities[student.student_id] = (key, text.encode("utf-8"))
        return cached[1]

    def _standing(self, status: str, ends_ms: int | None) -> bytes:
        """`"active","ends_ms":…,"policy":…}}`: shared by every student in the same standing
        (a start puts the whole room in one)."""
        policy_tail = self.policy_tail()  # first: a new policy empties the cache
        part = self._standings.get((status, ends_ms))
        if part is None:
            if len(self._standings) > 64:
                self._standings.clear()
            tail = NO_POLICY_TAIL if status in ("waiting", "kicked") else policy_tail
            ends = "null" if ends_ms is None else str(int(ends_ms))
            part = (encode_basestring(status) + ',"ends_ms":' + ends).encode("utf-8") + tail
            self._standings[(status, ends_ms)] = part
        return part

    @staticmethod
    def state_head(room_json: str) -> bytes:
        return ('{"type":"state","room":' + room_json + ',"me":').encode("utf-8")

    def state_payload(self, student: StudentState, head: bytes) -> Payload:
        """`{"type":"state","room":Room,"me":Me}` from parts that are built once and shared."""
        return (head, self._identity(student), self._standing(student.status, student.ends_ms))

    def snapshot_frame(self, now: int) -> str:
        students = ",".join(
            s.to_row().model_dump_json() for s in self.live.engine.students.values()
        )
        return (
            '{"type":"snapshot","room":' + self.room_json(now) + ',"students":[' + students + "]}"
        )

    # ---- connections -------------------------------------------------------------------
    def add_student(
        self,
        student_id: str,
        ws: web.WebSocketResponse,
        transport: asyncio.BaseTransport | None = None,
    ) -> Connection:
        conn = Connection(ws, keep_latest_only=True, transport=transport)
        old = self.students.get(student_id)
        self.students[student_id] = conn
        if old is not None:
            self._flush_queue.pop(old, None)
            old.give_up(STREAM_REPLACED, REPLACED_MESSAGE)
        return conn

    async def remove_student(self, student_id: str, conn: Connection) -> None:
        if self.students.get(student_id) is conn:
            del self.students[student_id]
        self._flush_queue.pop(conn, None)
        await conn.stop()

    def add_admin(self, ws: web.WebSocketResponse, token_hash: str = "") -> Connection:
        conn = Connection(ws, keep_latest_only=False)
        conn.token_hash = token_hash
        self.admins.add(conn)
        return conn

    def close_admins_of(self, token_hashes: set[str]) -> None:
        """A token logged out or expired: the streams it opened end with it."""
        for conn in [c for c in self.admins if c.token_hash in token_hashes]:
            self.admins.discard(conn)
            conn.give_up(1008, b"the admin token ended")

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
        head = self.state_head(room_json)
        for student_id in targets:
            student = engine.students.get(student_id)
            if student is None:
                continue
            conn = self.students.get(student_id)
            if conn is not None and conn.queue(self.state_payload(student, head)):
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
        students = self.live.engine.students
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
                    self._fanout.write(direct)
                except Exception:
                    log.exception("stream fan-out failed")

    def push_state(self, student_id: str) -> None:
        """Send one student's current state to that student's streams."""
        student = self.live.engine.students.get(student_id)
        if student is None:
            return
        conn = self.students.get(student_id)
        if conn is not None:
            head = self.state_head(self.room_json(self.live.clock()))
            conn.send(self.state_payload(student, head))

    def streams_of(self, student_id: str) -> list[Connection]:
        """The student's live stream, if any (one at most)."""
        conn = self.students.get(student_id)
        return [] if conn is None else [conn]

    async def close_student_streams(
        self, student_id: str, message: bytes, conns: list[Connection] | None = None
    ) -> None:
        """Close a student's streams (or those of `conns`) at once, sending nothing more:
        their token has been replaced."""
        for conn in self.streams_of(student_id) if conns is None else conns:
            await conn.stop()
            self._flush_queue.pop(conn, None)
            if not conn.ws.closed:
                await conn.ws.close(message=message)

    async def close_all(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            try:
                await self._flusher
            except asyncio.CancelledError:
                pass
        self._flush_queue.clear()
        self._fanout.close()
        conns = list(self.students.values()) + list(self.admins)
        for conn in conns:
            await conn.stop()
            if not conn.ws.closed:
                await conn.ws.close(message=b"server shutting down")
        self.students.clear()
        self.admins.clear()
