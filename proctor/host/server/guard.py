"""What keeps one client on the LAN from stalling the host for everyone.

- Request bodies are never inflated: aiohttp's own inflating is off (`HANDLER_ARGS`) and a
  request with a `Content-Encoding` is refused with 415 before its body is read.
- A new connection must start its request within `connect_timeout_s`; a request's headers
  must arrive within `header_timeout_s` of its first byte, its body within `body_grace_s`,
  extended by one second per `min_body_rate` bytes received. Late ones are cut off with 408.
  (An honest client sends its headers in one packet; the longer allowances leave room for
  a busy laptop and a congested Wi-Fi.)
- At most `max_per_address` connections from one address; more are refused with 429. The
  host's own address (a proctor testing on their laptop, the dashboard) is not counted.
- A client's WebSocket frames must be masked (RFC 6455 5.1); an unmasked one closes the
  connection with 1002.
- The `Server` header names no versions.

The checks live in the connection's protocol (`GuardedRequestHandler`): a request that
arrives whole in one read, as every honest one does, costs a few attribute reads; the
deadlines are checked by one sweep every `SWEEP_S` while any request is still arriving, and
at most `MAX_TIMEOUTS_PER_SWEEP` late ones are cut off in each.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from proctor.common.errors import ErrorCode
from proctor.host.server.options import DEFAULT_MAX_CONNECTIONS
from proctor.host.server.plumbing import error_body
from proctor.host.server.refusals import ApiError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

log = logging.getLogger(__name__)

SERVER_NAME = "proctor"
HANDLER_ARGS = {"auto_decompress": False}  # never inflate a request body on the loop
SWEEP_S = 0.1
# Cut-offs per sweep: a crowd of slow clients that started together (an attack does) ends
# together, and is let go a few dozen at a time instead of in one long stall of the loop.
MAX_TIMEOUTS_PER_SWEEP = 25
REFUSAL_LINGER_S = 1.0  # time for the client to read a refusal before the socket closes
MAX_LINGERING = 256  # beyond this many refusals in flight, close at once
WARN_EVERY_S = 60.0


@dataclass(frozen=True)
class GuardLimits:
    connect_timeout_s: float = 10.0
    header_timeout_s: float = 5.0
    body_grace_s: float = 10.0
    min_body_rate: int = 16 * 1024  # bytes per second a slow body must keep up
    max_per_address: int = DEFAULT_MAX_CONNECTIONS  # 0: no cap (why 64: options.py)


class BodyTimedOut(ApiError, TimeoutError):
    """Raised in the handler reading a body that stopped arriving (a TimeoutError, so that
    aiohttp's lingering read after the answer stops on it too)."""

    def __init__(self) -> None:
        message = "The request body did not arrive in time."
        super().__init__(408, ErrorCode.REQUEST_TIMEOUT, message, {"Connection": "close"})


def raw_error(status: int, reason: str, code: ErrorCode, message: str, extra: str = "") -> bytes:
    """A whole HTTP answer with the protocol's error body, for a connection that is cut off
    before aiohttp could answer it."""
    body = json.dumps(error_body(code, message)).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


HEADERS_TIMED_OUT = raw_error(
    408, "Request Timeout", ErrorCode.REQUEST_TIMEOUT, "The request did not arrive in time."
)
TOO_MANY_CONNECTIONS = raw_error(
    429,
    "Too Many Requests",
    ErrorCode.TOO_MANY_CONNECTIONS,
    "Too many connections from this address; close some and try again.",
    "Retry-After: 5\r\n",
)


class ConnectionGuard:
    """Per-address connection counts and the deadlines of requests still arriving."""

    def __init__(self, limits: GuardLimits) -> None:
        self.limits = limits
        self.per_address: dict[str, int] = {}
        self.reading: dict[GuardedRequestHandler, None] = {}
        self.lingering: set[asyncio.Transport] = set()
        self.refused = 0
        self.timed_out = 0
        self._sweep: asyncio.TimerHandle | None = None
        self._warned: dict[str, float] = {}

    def watch(self, handler: GuardedRequestHandler) -> None:
        self.reading[handler] = None
        if self._sweep is None:
            self._sweep = asyncio.get_running_loop().call_later(SWEEP_S, self._run_sweep)

    def _run_sweep(self) -> None:
        self._sweep = None
        now = time.monotonic()
        late = [h for h in self.reading if h.deadline is not None and h.deadline <= now]
        late.sort(key=lambda h: h.deadline or 0.0)
        for handler in late[:MAX_TIMEOUTS_PER_SWEEP]:
            self.reading.pop(handler, None)
            try:
                handler.timed_out()
            except Exception:  # one broken connection must not stop the sweep
                log.exception("request timeout failed")
        if self.reading:
            self._sweep = asyncio.get_running_loop().call_later(SWEEP_S, self._run_sweep)

    def admit(self, address: str) -> bool:
        cap = self.limits.max_per_address
        count = self.per_address.get(address, 0)
        if cap and count >= cap:
            self.refused += 1
            now = time.monotonic()
            if now - self._warned.get(address, -WARN_EVERY_S) >= WARN_EVERY_S:
                if len(self._warned) > 1000:
                    self._warned.clear()
                self._warned[address] = now
                log.warning(
                    "refused a connection from %s: it holds %d already (--max-connections)",
                    address,
                    count,
                )
            return False
        self.per_address[address] = count + 1
        return True

    def release(self, address: str) -> None:
        count = self.per_address.get(address, 0) - 1
        if count > 0:
            self.per_address[address] = count
        else:
            self.per_address.pop(address, None)

    def stop(self) -> None:
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None
        self.reading.clear()
        for transport in list(self.lingering):
            transport.close()
        self.lingering.clear()


def linger_then_close(guard: ConnectionGuard, transport: asyncio.Transport, data: bytes) -> None:
    """Send `data` and half-close; the socket closes once the client had time to read it
    (closing with its unread request in our buffer would reset the connection instead)."""
    transport.write(data)
    if len(guard.lingering) >= MAX_LINGERING or not transport.can_write_eof():
        transport.close()
        return
    transport.write_eof()
    guard.lingering.add(transport)

    def close() -> None:
        guard.lingering.discard(transport)
        transport.close()

    asyncio.get_running_loop().call_later(REFUSAL_LINGER_S, close)


class MaskedFramesOnly:
    """Stands before aiohttp's WebSocket reader and checks each frame header of the client's
    bytes for the mask bit, which aiohttp does not. Payload bytes are skipped uncopied."""

    __slots__ = ("_reader", "_handler", "_skip", "_head", "_failed")

    def __init__(self, reader: Any, handler: GuardedRequestHandler) -> None:
        self._reader = reader
        self._handler = handler
        self._skip = 0  # payload bytes of the current frame still to come
        self._head = bytearray()  # the part of a frame header received so far
        self._failed = False

    def feed_eof(self) -> None:
        self._reader.feed_eof()

    def feed_data(self, data: bytes) -> tuple[bool, bytes]:
        if self._failed:
            return True, b""
        if not self._all_masked(data):
            self._failed = True
            self._handler.unmasked_frame()
            return True, b""
        return self._reader.feed_data(data)  # type: ignore[no-any-return]

    def _all_masked(self, data: bytes) -> bool:
        pos, end = 0, len(data)
        head = self._head
        while pos < end:
            if self._skip:
                step = min(self._skip, end - pos)
                self._skip -= step
                pos += step
                continue
            need = 2 if len(head) < 2 else _header_size(head)
            take = min(need - len(head), end - pos)
            head += data[pos : pos + take]
            pos += take
            if len(head) < 2:
                continue
            if not head[1] & 0x80:
                return False
            if len(head) < _header_size(head):
                continue
            size = head[1] & 0x7F
            if size == 126:
                size = int.from_bytes(head[2:4], "big")
            elif size == 127:
                size = int.from_bytes(head[2:10], "big")
            self._skip = size
            head.clear()
        return True


def _header_size(head: bytearray) -> int:
    size = head[1] & 0x7F
    return 2 + (2 if size == 126 else 8 if size == 127 else 0) + 4


_UNMASKED_REASON = b"client frames must be masked"
# A server's close frame (unmasked): 1002, protocol error, and the reason.
UNMASKED_CLOSE = (
    bytes((0x88, 2 + len(_UNMASKED_REASON))) + (1002).to_bytes(2, "big") + _UNMASKED_REASON
)


class GuardedRequestHandler(RequestHandler):
    """aiohttp's connection protocol with the guard's checks (see the module docstring)."""

    __slots__ = ("guard", "address", "deadline", "_body", "_counted", "_waiting_first_byte")

    def __init__(self, manager: web.Server, *, guard: ConnectionGuard, **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self.guard = guard
        self.address = ""
        self.deadline: float | None = None
        self._body: Any = None  # the payload of the request being read
        self._counted = False
        self._waiting_first_byte = False  # the deadline is the connect's

    # ---- connections -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        local = transport.get_extra_info("sockname")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        own = isinstance(local, tuple) and bool(local) and str(local[0]) == address
        if address and not own:
            if not self.guard.admit(address):
                self._manager = None  # never served: connection_lost has nothing to undo
                self._force_close = True  # and anything it sends is ignored
                linger_then_close(self.guard, transport, TOO_MANY_CONNECTIONS)  # type: ignore[arg-type]
                return
            self.address = address
            self._counted = True
        super().connection_made(transport)
        self._start_clock(self.guard.limits.connect_timeout_s)
        self._waiting_first_byte = True

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._counted:
            self._counted = False
            self.guard.release(self.address)
        self.guard.reading.pop(self, None)
        self._body = None
        super().connection_lost(exc)

    # ---- deadlines ---------------------------------------------------------------------
    def _start_clock(self, allowance_s: float) -> None:
        self.deadline = time.monotonic() + allowance_s
        self.guard.watch(self)

    def _stop_clock(self) -> None:
        if self.deadline is not None:
            self.deadline = None
            self.guard.reading.pop(self, None)

    def data_received(self, data: bytes) -> None:
        if self._upgraded or self._payload_parser is not None or self._force_close or self._close:
            super().data_received(data)
            return
        queued = len(self._messages)
        body = self._body
        reading_body = body is not None and not body.is_eof()
        if data and not reading_body and (self.deadline is None or self._waiting_first_byte):
            self._waiting_first_byte = False
            self._start_clock(self.guard.limits.header_timeout_s)  # a new request begins
        super().data_received(data)
        if self._upgraded:
            self._body = None
            self._stop_clock()
            return
        if len(self._messages) > queued:
            body = self._body = self._messages[-1][1]
        elif not reading_body:
            return  # still in the headers (or nothing new: aiohttp's own re-parse)
        if body is not None and not body.is_eof():
            limits = self.guard.limits
            if not reading_body:
                self._start_clock(limits.body_grace_s)
            elif self.deadline is not None:
                self.deadline += len(data) / limits.min_body_rate
        else:
            self._body = None
            self._stop_clock()

    def timed_out(self) -> None:
        """Called by the sweep once this connection's deadline has passed."""
        self.deadline = None
        if self.transport is None or self._upgraded or self._payload_parser is not None:
            return
        self.guard.timed_out += 1
        body, self._body = self._body, None
        if body is not None and not body.is_eof():
            body.set_exception(BodyTimedOut())  # the handler answers 408, then it closes
            self.close()
            return
        if self._request_in_progress or self._messages:
            self.close()  # headers behind a running request: close once it is answered
            return
        transport = self.transport
        self._force_close = True
        self.transport = None
        if self._keepalive_handle is not None:
            self._keepalive_handle.cancel()
            self._keepalive_handle = None
        if self._waiter is not None:
            self._waiter.cancel()
        linger_then_close(self.guard, transport, HEADERS_TIMED_OUT)

    # ---- WebSockets --------------------------------------------------------------------
    def set_parser(self, parser: Any, data_received_cb: Any = None) -> None:
        super().set_parser(MaskedFramesOnly(parser, self), data_received_cb)  # type: ignore[arg-type]

    def unmasked_frame(self) -> None:
        transport = self.transport
        if transport is not None and not transport.is_closing():
            transport.write(UNMASKED_CLOSE)
            transport.close()

    # ---- aiohttp's own error answers (a request line it cannot parse, ...) --------------
    def handle_error(self, request: Any, status: int = 500, exc: Any = None, message: Any = None):  # type: ignore[no-untyped-def]
        response = super().handle_error(request, status, exc, message)
        response.headers["Server"] = SERVER_NAME
        return response


class GuardedServer(web.Server):
    def __init__(self, *args: Any, guard: ConnectionGuard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard

    def __call__(self) -> RequestHandler:
        return GuardedRequestHandler(self, loop=self._loop, guard=self.guard, **self._kwargs)


class GuardedAppRunner(web.AppRunner):
    """An AppRunner whose connections go through the guard."""

    def __init__(self, app: web.Application, limits: GuardLimits, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.guard = ConnectionGuard(limits)

    async def _make_server(self) -> web.Server:
        plain = await super()._make_server()
        return GuardedServer(
            plain.request_handler,
            request_factory=plain.request_factory,
            handler_cancellation=plain.handler_cancellation,
            loop=plain._loop,
            guard=self.guard,
            **plain._kwargs,
        )

    async def cleanup(self) -> None:
        self.guard.stop()
        await super().cleanup()


@web.middleware
async def refuse_encoded_bodies(request: web.Request, handler: Handler) -> web.StreamResponse:
    """415 for a compressed request body, before anything reads it."""
    encoding = request.headers.get("Content-Encoding", "").strip().lower()
    if encoding and encoding != "identity":
        # Nor is it read after the answer (aiohttp would read and drop it for 10 s): the
        # socket is read no more, and the connection closes once the 415 is out.
        request.content.set_exception(BodyRefused())
        if request.transport is not None:
            request.transport.pause_reading()
        raise ApiError(
            415,
            ErrorCode.UNSUPPORTED_ENCODING,
            "Compressed request bodies are not accepted; send the body as it is.",
            {"Connection": "close"},
        )
    return await handler(request)


class BodyRefused(TimeoutError):
    """Set on a refused body so that aiohttp's lingering read after the answer stops at once
    (it stops on a TimeoutError)."""


async def name_no_versions(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: the Server header says what this is, not which versions."""
    response.headers["Server"] = SERVER_NAME
