"""One live WebSocket of the hub: its queue of frames, its own sender task, and the fast path
that writes ready-made frames around aiohttp.

A frame is a tuple of UTF-8 parts (`fanout.Payload`). The hub's flusher takes a connection's
one queued frame straight to its socket (`take_direct`) or writes its frames to the transport
(`flush`); a connection with more than a little buffered is left to its own sender task,
which goes through aiohttp (`send_str`). Frames go around aiohttp only on a connection that
carries plain frames (`raw`): no TLS, and no permessage-deflate (RFC 7692). The student stream
declines compression (`routes_student`), so its frames always may; a compressed connection,
should one be served, takes every frame through aiohttp, which compresses it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from aiohttp import web

from proctor.host.server.fanout import Payload, direct_fd, frame_bytes

log = logging.getLogger(__name__)

ADMIN_BACKLOG_LIMIT = 20_000
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
        # Plain frames only: on a compressed connection aiohttp writes (and compresses) each.
        self.raw = transport is not None and not ws.compress
        self.fd = direct_fd(transport) if transport is not None and self.raw else None
        self._frames: deque[Payload] = deque()
        self._sending = False
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._send_forever())
        self._closing: asyncio.Task[bool] | None = None  # given up: closing, takes nothing
        self.token_hash = ""  # an admin stream's: the token it was opened with
        # A lean student stream (`?lean=1`): the policy revision this connection was sent (or
        # has queued), and whether the one frame queued carries the policy.
        self.lean = False
        self.policy_rev_sent: int | None = None
        self._queued_policy = False
        self._extra: set[asyncio.Task[None]] = set()

    def queue(self, frame: Payload, *, carries_policy: bool = False) -> bool:
        """Queue a frame without waking anyone; False if the connection was given up.
        `carries_policy`: the frame has the policy (a lean stream's replacement frame must
        then carry it too, or the policy would be dropped unsent)."""
        if self._closing is not None:
            return False
        if self.keep_latest_only:
            self._frames.clear()
            self._queued_policy = carries_policy
        elif len(self._frames) >= ADMIN_BACKLOG_LIMIT:
            self.give_up(1000, b"too far behind")
            return False
        self._frames.append(frame)
        return True

    @property
    def policy_queued(self) -> bool:
        """A frame with the policy is queued and not yet written."""
        return self._queued_policy and bool(self._frames)

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

    def wake(self) -> None:
        """Have this connection's own sender task write what is queued."""
        self._wake.set()

    def send_extra(self, text: str) -> None:
        """A message beside the state frames (which keep only the newest): an announcement,
        a hand's answer. aiohttp writes it as one whole frame at once (the student stream is
        not compressed), so it never interleaves with the flusher's; nothing once given up."""
        if self._closing is not None or self.ws.closed:
            return
        transport = self.transport
        if (
            self.raw
            and transport is not None
            and not self._sending
            and not transport.is_closing()
            and transport.get_write_buffer_size() < INLINE_BUFFER_LIMIT  # type: ignore[attr-defined]
        ):
            # The fast path of a fan-out to everyone: the frame as ready-made bytes, at once.
            transport.write(frame_bytes(utf8(text)))  # type: ignore[attr-defined]
            return
        task = asyncio.ensure_future(self._send_extra(text))
        self._extra.add(task)
        task.add_done_callback(self._extra.discard)

    async def _send_extra(self, text: str) -> None:
        try:
            await self.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            pass  # closing: the app reads the list when it is back

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
        if not self.raw or transport is None or self._sending or transport.is_closing():
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
