"""The student's side of the wire: typed calls to the room host over aiohttp.

A client made with the host's `fingerprint` talks HTTPS and pins it (`tls.pin` on its
connector: every request and the stream); one made without talks plain HTTP to a host started
with --insecure-http. There is no third way: a certificate is never taken unchecked.

Failures, so callers can tell them apart:
- `HostUnreachable`: no answer at all (refused, timed out, connection dropped);
- `HostNotTrusted`, a `HostUnreachable`: the host at that address presents another certificate
  than the pinned one, or does not speak TLS; nothing was sent to it. Its message is the
  sentence for the student (`tls.tls_failure_message`);
- `HostRefused`: the host answered with an error status (and, usually, a code);
- `BadAnswer`: something answered, but not in this protocol (garbage, wrong shape).
"""

from __future__ import annotations

import asyncio
import io
import json
import platform
from collections.abc import Callable
from typing import Any, TypeVar

import aiohttp
from pydantic import BaseModel, ValidationError

from proctor import __version__
from proctor.common.errors import ProctorError
from proctor.common.protocol import (
    APP_NAME,
    ErrorBody,
    EventsRequest,
    EventsResponse,
    Hello,
    JoinRequest,
    JoinResponse,
    LatestWork,
    Paper,
    StateResponse,
    SubmitRequest,
    SubmitResponse,
    WorkRequest,
    WorkResponse,
)
from proctor.common.tls import normalize_fingerprint, pin, tls_failure_message
from proctor.student import wording

DEFAULT_PORT = 8080
REQUEST_TIMEOUT_S = 10.0
QUICK_TIMEOUT_S = 5.0  # state, hello and the stream's handshake: small answers
UPLOAD_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 4.0
# An idle pooled connection is dropped sooner than the host drops it (20 s), so a request never
# goes out on a connection the host is closing.
IDLE_CONNECTION_S = 10.0
MAX_STREAM_MESSAGE = 4 * 1024 * 1024
LARGE_BODY = 256 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)
# (request sent, answer received) on the monotonic clock in ms, and the host's server_time_ms
RoundTripSink = Callable[[float, float, int], None]


class HostUnreachable(Exception):
    """No answer from the host."""


class HostNotTrusted(HostUnreachable):
    """The connection was refused on our side: not the certificate this client pins, or no
    TLS at all. Callers that only need "no answer" treat it as one; the message says why."""


class HostRefused(ProctorError):
    """The host answered with an error status: its `code` and `message`, and the `status`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message)
        self.status = status

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


class BadAnswer(Exception):
    """The answer is not what this protocol promises."""


class HostClient:
    """One host, one student token. Create and use it on the loop it will live on."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        token: str | None = None,
        fingerprint: str | None = None,
        mono_ms: Callable[[], float],
        on_round_trip: RoundTripSink | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.token = token
        # The pin: a fingerprint (normalised, checked here) means HTTPS; None plain HTTP.
        self.fingerprint = normalize_fingerprint(fingerprint) if fingerprint else None
        self._pin = pin(self.fingerprint) if self.fingerprint else None
        host_in_url = f"[{host}]" if ":" in host else host
        scheme = "https" if self.fingerprint else "http"
        self.base_url = f"{scheme}://{host_in_url}:{port}/api/v1"
        self._mono_ms = mono_ms
        self._on_round_trip = on_round_trip
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    def _http(self) -> aiohttp.ClientSession:
        if self._closed:  # a task still running after close() must not open a new pool
            raise aiohttp.ClientConnectionError("this client was closed")
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
                connector=aiohttp.TCPConnector(
                    limit=8,
                    force_close=False,
                    keepalive_timeout=IDLE_CONNECTION_S,
                    # The pin for https; plain http has no TLS to check (True: aiohttp's
                    # default, never used without https).
                    ssl=self._pin if self._pin is not None else True,
                ),
            )
        return self._session

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def close(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def reset(self) -> None:
        """Drop every pooled connection: after an outage they may lead nowhere."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def _call(
        self,
        method: str,
        path: str,
        answer: type[ModelT],
        body: BaseModel | None = None,
        *,
        timeout_s: float = REQUEST_TIMEOUT_S,
        raw: bytes | None = None,
        content_type: str = "application/json",
    ) -> ModelT:
        raw_body = body.model_dump_json().encode("utf-8") if body is not None else raw
        headers = self._auth()
        data: bytes | io.BytesIO | None = raw_body
        if raw_body is not None:
            headers["Content-Type"] = content_type
            if len(raw_body) > LARGE_BODY:
                data = io.BytesIO(raw_body)  # streamed, so the loop is not held up
        sent = self._mono_ms()
        try:
            async with self._http().request(
                method,
                self.base_url + path,
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=timeout_s, connect=CONNECT_TIMEOUT_S),
            ) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise no_answer(exc) from exc
        received = self._mono_ms()
        if status >= 400:
            raise refusal(status, raw)
        try:
            parsed = answer.model_validate_json(raw)
        except ValidationError as exc:
            raise BadAnswer(f"{method} {path}: unexpected answer ({status})") from exc
        server_time = _server_time(parsed)
        if server_time is not None and self._on_round_trip is not None:
            self._on_round_trip(sent, received, server_time)
        return parsed

    async def call(
        self,
        method: str,
        path: str,
        answer: type[ModelT],
        body: BaseModel | None = None,
        *,
        raw: bytes | None = None,
        content_type: str = "application/json",
    ) -> ModelT:
        """Any other call of the protocol (the hall's: `student/hall.py`), `path` from the
        API's root; `raw` is a body that is not JSON, sent as `content_type`."""
        return await self._call(method, path, answer, body, raw=raw, content_type=content_type)

    async def hello(self) -> Hello:
        return await self._call("GET", "/hello", Hello, timeout_s=QUICK_TIMEOUT_S)

    async def join(self, room_id: str, request: JoinRequest) -> JoinResponse:
        return await self._call("POST", f"/rooms/{room_id}/join", JoinResponse, request)

    async def state(self, room_id: str, *, policy_rev: int | None = None) -> StateResponse:
        """The state; with `policy_rev` (the revision held) the host leaves the policy out
        while it is still that one."""
        query = "" if policy_rev is None else f"?policy_rev={int(policy_rev)}"
        return await self._call(
            "GET", f"/rooms/{room_id}/state{query}", StateResponse, timeout_s=QUICK_TIMEOUT_S
        )

    async def paper(self, room_id: str) -> Paper:
        return await self._call("GET", f"/rooms/{room_id}/paper", Paper, timeout_s=UPLOAD_TIMEOUT_S)

    async def events(self, room_id: str, request: EventsRequest) -> EventsResponse:
        return await self._call("POST", f"/rooms/{room_id}/events", EventsResponse, request)

    async def work(self, room_id: str, request: WorkRequest) -> WorkResponse:
        return await self._call(
            "PUT", f"/rooms/{room_id}/work", WorkResponse, request, timeout_s=UPLOAD_TIMEOUT_S
        )

    async def latest_work(self, room_id: str) -> LatestWork | None:
        """The host's latest copy of this seat's work; None when it has none yet."""
        try:
            return await self._call(
                "GET", f"/rooms/{room_id}/work", LatestWork, timeout_s=UPLOAD_TIMEOUT_S
            )
        except HostRefused as exc:
            if exc.status == 404 and exc.code == "no_work":
                return None
            raise

    async def submit(self, room_id: str, request: SubmitRequest) -> SubmitResponse:
        return await self._call(
            "POST", f"/rooms/{room_id}/submit", SubmitResponse, request, timeout_s=UPLOAD_TIMEOUT_S
        )

    async def open_stream(
        self, room_id: str, heartbeat_s: float, *, lean: bool = True
    ) -> aiohttp.ClientWebSocketResponse:
        """Open the state stream (lean: the policy once per revision, see `policy_keeper`).
        Raises HostRefused if the upgrade is refused."""
        query = "?lean=1" if lean else ""
        try:
            connecting = self._http().ws_connect(
                f"{self.base_url}/rooms/{room_id}/stream{query}",
                headers=self._auth(),
                heartbeat=heartbeat_s,
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=2.0),
                max_msg_size=MAX_STREAM_MESSAGE,
            )
            # asyncio.timeout, not wait_for: on 3.11 wait_for drops a cancel that lands as
            # the connection opens, and a closing session would then keep the stream.
            async with asyncio.timeout(QUICK_TIMEOUT_S):
                return await connecting
        except aiohttp.WSServerHandshakeError as exc:
            raise HostRefused(exc.status, "stream_refused", exc.message) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise no_answer(exc) from exc


def refusal(status: int, raw: bytes) -> HostRefused:
    """The error a 4xx/5xx answer carries, with a fallback when its body is not ours."""
    try:
        detail = ErrorBody.model_validate_json(raw).error
        return HostRefused(status, detail.code, detail.message)
    except ValidationError:
        return HostRefused(status, f"http_{status}", wording.HOST_STATUS.format(status=status))


def _server_time(parsed: BaseModel) -> int | None:
    direct = getattr(parsed, "server_time_ms", None)
    if isinstance(direct, int):
        return direct
    room = getattr(parsed, "room", None)
    nested = getattr(room, "server_time_ms", None)
    return nested if isinstance(nested, int) else None


def no_answer(exc: BaseException) -> HostUnreachable:
    """The failure to raise for an exception of the connection: HostNotTrusted for a TLS one
    (a changed certificate, no TLS at that address), else HostUnreachable."""
    untrusted = tls_failure_message(exc)
    if untrusted is not None:
        return HostNotTrusted(untrusted)
    return HostUnreachable(describe_network_error(exc))


def describe_network_error(exc: BaseException) -> str:
    """Why the host cannot be reached, in words for the student (part of a sentence)."""
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return wording.NO_ANSWER_IN_TIME
    if isinstance(exc, aiohttp.ClientConnectorError):
        return wording.CONNECTION_REFUSED
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
        return wording.CONNECTION_DROPPED
    return str(exc) or type(exc).__name__


def decode_message(text: str) -> dict[str, Any] | None:
    """A stream message as a JSON object, or None for anything else."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def client_info() -> dict[str, Any]:
    """What a student's app tells the host about itself when joining."""
    return {"app": APP_NAME, "version": __version__, "os": platform.platform(terse=True)}
