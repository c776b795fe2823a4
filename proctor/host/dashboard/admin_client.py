"""Asyncio client of a room's admin API and admin stream (no Qt).

The dashboard talks to its room server only through this client, on loopback. It logs in
with the admin key, logs in again when the token is three quarters through its lifetime (the
old one is logged out) or when the server answers 401 (for example after the server
restarted), keeps the admin stream connected, reconnecting with backoff, and logs out when
it is closed. Given the server's certificate `fingerprint` (from its ready line or host.json)
every request and the stream are pinned to it; without one it talks plain HTTP to a server
started with --insecure-http.
"""

from __future__ import annotations

import asyncio
import json as json_module
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from pydantic import BaseModel

from proctor.common.errors import ErrorCode, ProctorError
from proctor.common.hall import HALL_MESSAGE_TYPES, HallMessage
from proctor.common.marks import (
    AnalyticsResponse,
    AnswerSheet,
    GradeResponse,
    ReleaseResponse,
    ResultsResponse,
    SimilarityDetail,
    SimilarityResponse,
    StudentResult,
)
from proctor.common.protocol import (
    Accommodations,
    Action,
    AdminActionMessage,
    AdminGradingMessage,
    AdminIncidentMessage,
    AdminRoom,
    AdminRoomMessage,
    AdminSnapshotMessage,
    AdminStudentMessage,
    Hello,
    Incident,
    Policy,
    Room,
    StudentRow,
    TimeResponse,
    WorkView,
)
from proctor.common.tls import normalize_fingerprint, pin, tls_failure_message
from proctor.host.transitions import PROCTOR_ACTIONS, StudentCommand

log = logging.getLogger(__name__)

UNREACHABLE = "unreachable"  # this client's own code: the server did not answer at all
StreamMessage = (
    AdminSnapshotMessage
    | AdminStudentMessage
    | AdminRoomMessage
    | AdminIncidentMessage
    | AdminActionMessage
    | AdminGradingMessage
    | HallMessage
)

_MESSAGE_TYPES: dict[str, type[BaseModel]] = {
    "snapshot": AdminSnapshotMessage,
    "student": AdminStudentMessage,
    "room": AdminRoomMessage,
    "incident": AdminIncidentMessage,
    "action": AdminActionMessage,
    "grading": AdminGradingMessage,
    **HALL_MESSAGE_TYPES,  # announcements, acknowledgements, hands, screens, the roster
}

RECONNECT_DELAYS_S = (0.2, 0.5, 1.0, 2.0, 3.0)
RENEW_AT = 0.75  # of a token's lifetime
LOGOUT_TIMEOUT = aiohttp.ClientTimeout(total=2.0)


class AdminApiError(ProctorError):
    """The server refused a request (`code` one of its `ErrorCode`s, passed on as it came),
    or could not be reached (status 0, code `UNREACHABLE`)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message)
        self.status = status

    @property
    def unreachable(self) -> bool:
        return self.status == 0


def parse_stream_message(data: Any) -> StreamMessage | None:
    """The typed form of one admin stream message, or None for a kind this client ignores."""
    if not isinstance(data, dict):
        return None
    model = _MESSAGE_TYPES.get(str(data.get("type")))
    if model is None:
        return None
    return model.model_validate(data)  # type: ignore[return-value]


class AdminClient:
    """One proctor's connection to one room. Create and use it on a single event loop."""

    def __init__(
        self,
        base_url: str,
        room_id: str,
        admin_key: str,
        *,
        fingerprint: str | None = None,
        request_timeout_s: float = 15.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.fingerprint = normalize_fingerprint(fingerprint) if fingerprint else None
        if self.fingerprint and not self.base_url.startswith("https://"):
            raise ValueError("a pinned admin client talks https")
        self.room_id = room_id
        self._admin_key = admin_key
        self._timeout = aiohttp.ClientTimeout(total=request_timeout_s)
        self._session: aiohttp.ClientSession | None = None
        self._token: str | None = None
        self._login_lock: asyncio.Lock | None = None
        self.token_expires_ms = 0
        self._renew_at = 0.0  # loop time

    @property
    def api(self) -> str:
        return f"{self.base_url}/api/v1"

    @property
    def admin_url(self) -> str:
        return f"{self.api}/rooms/{self.room_id}/admin"

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            pinned = pin(self.fingerprint) if self.fingerprint else True
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, connector=aiohttp.TCPConnector(ssl=pinned)
            )
        return self._session

    async def close(self) -> None:
        """Log out (if the server still answers) and close the connections."""
        token, self._token = self._token, None
        if token is not None and self._session is not None and not self._session.closed:
            await self._logout(token)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _logout(self, token: str) -> None:
        try:
            async with self._http().post(
                f"{self.admin_url}/logout",
                headers={"Authorization": f"Bearer {token}"},
                timeout=LOGOUT_TIMEOUT,
            ) as resp:
                await resp.read()
        except (aiohttp.ClientError, TimeoutError, OSError):
            pass  # the server is gone, and the token with it at its expiry

    async def __aenter__(self) -> AdminClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- plumbing -------------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        token: str | None = None,
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            async with self._http().request(
                method, url, json=json, params=params, headers=headers
            ) as resp:
                try:
                    body = await resp.json(content_type=None)
                except ValueError:
                    body = None
                return resp.status, body
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            untrusted = tls_failure_message(exc)
            if untrusted is not None:  # another server at the port: nothing was sent to it
                raise AdminApiError(0, "untrusted", untrusted) from exc
            raise AdminApiError(
                0, UNREACHABLE, f"The room server does not answer ({exc})."
            ) from exc

    @staticmethod
    def _error(status: int, body: Any) -> AdminApiError:
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            err = body["error"]
            code = str(err.get("code", ErrorCode.HTTP_ERROR))
            return AdminApiError(status, code, str(err.get("message", "")))
        return AdminApiError(status, ErrorCode.HTTP_ERROR, f"The room server answered {status}.")

    async def login(self) -> str:
        if self._login_lock is None:
            self._login_lock = asyncio.Lock()
        async with self._login_lock:
            status, body = await self._send(
                "POST", f"{self.admin_url}/login", json={"admin_key": self._admin_key}
            )
            if status != 200 or not isinstance(body, dict) or "token" not in body:
                raise self._error(status, body)
            self._token = str(body["token"])
            lifetime_s = float(body.get("lifetime_s") or 0)
            self.token_expires_ms = int(body.get("expires_ms") or 0)
            loop = asyncio.get_running_loop()
            self._renew_at = loop.time() + lifetime_s * RENEW_AT if lifetime_s else float("inf")
            return self._token

    async def _current_token(self) -> str:
        """The token to send: logged in if needed, renewed once it is getting old."""
        token = self._token
        if token is None:
            return await self.login()
        if asyncio.get_running_loop().time() < self._renew_at:
            return token
        fresh = await self.login()
        if fresh != token:
            await self._logout(token)
        return fresh

    async def request(
        self, method: str, path: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> Any:
        """Call `admin/<path>`; logs in first if needed and once more on a 401."""
        url = f"{self.admin_url}/{path.lstrip('/')}"
        for attempt in range(2):
            token = await self._current_token()
            status, body = await self._send(method, url, json=json, params=params, token=token)
            if status == 401 and attempt == 0:
                self._token = None
                continue
            if status >= 400:
                raise self._error(status, body)
            return body
        message = "The room server refused the admin login."
        raise AdminApiError(401, ErrorCode.UNAUTHORIZED, message)

    async def request_bytes(self, method: str, path: str) -> bytes | None:
        """`admin/<path>` whose answer is not JSON (a thumbnail); None when it is 404."""
        url = f"{self.admin_url}/{path.lstrip('/')}"
        for attempt in range(2):
            token = await self._current_token()
            try:
                async with self._http().request(
                    method, url, headers={"Authorization": f"Bearer {token}"}
                ) as resp:
                    status, data = resp.status, await resp.read()
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                raise AdminApiError(
                    0, UNREACHABLE, f"The room server does not answer ({exc})."
                ) from exc
            if status == 401 and attempt == 0:
                self._token = None
                continue
            if status == 404:
                return None
            if status >= 400:
                try:
                    body = json_module.loads(data)
                except ValueError:
                    body = None
                raise self._error(status, body)
            return data
        message = "The room server refused the admin login."
        raise AdminApiError(401, ErrorCode.UNAUTHORIZED, message)

    # -- the API --------------------------------------------------------------------------

    async def hello(self) -> Hello:
        status, body = await self._send("GET", f"{self.api}/hello")
        if status != 200:
            raise self._error(status, body)
        return Hello.model_validate(body)

    async def room(self) -> AdminRoom:
        return AdminRoom.model_validate(await self.request("GET", "room"))

    async def students(self) -> list[StudentRow]:
        body = await self.request("GET", "students")
        return [StudentRow.model_validate(s) for s in body["students"]]

    async def start(self) -> Room:
        return Room.model_validate(await self.request("POST", "start"))

    async def student_action(
        self, student_id: str, action: StudentCommand, reason: str | None = None
    ) -> StudentRow:
        """One of the proctor's actions on a student (`transitions.PROCTOR_ACTIONS`)."""
        if action not in PROCTOR_ACTIONS:
            raise ValueError(f"{action} is not an action on one student")
        body = {"reason": reason} if reason else {}
        answer = await self.request("POST", f"students/{student_id}/{action}", json=body)
        return StudentRow.model_validate(answer)

    async def move(self, student_id: str, reason: str | None = None) -> StudentRow:
        """Let the student's next join, from another computer, take the seat (once); the
        current computer's token and seat key stop working."""
        return await self.student_action(student_id, StudentCommand.MOVE, reason)

    async def accommodate(self, student_id: str, granted: Accommodations) -> StudentRow:
        """Grant larger fonts or the plain-text editor (the defaults take them back)."""
        path = f"students/{student_id}/accommodations"
        answer = await self.request("POST", path, json=granted.model_dump())
        return StudentRow.model_validate(answer)

    async def extra_time(self, extra_s: int, student_id: str | None = None) -> TimeResponse:
        body: dict[str, Any] = {"extra_s": int(extra_s)}
        if student_id is not None:
            body["student_id"] = student_id
        return TimeResponse.model_validate(await self.request("POST", "time", json=body))

    async def end(self, admin_key: str) -> Room:
        return Room.model_validate(await self.request("POST", "end", json={"admin_key": admin_key}))

    async def incidents(self, student_id: str | None = None) -> list[Incident]:
        params = {"student_id": student_id} if student_id else None
        body = await self.request("GET", "incidents", params=params)
        return [Incident.model_validate(i) for i in body["incidents"]]

    async def actions(self, student_id: str | None = None) -> list[Action]:
        """The proctor's actions, oldest first; with `student_id`, that student's and the
        room's."""
        params = {"student_id": student_id} if student_id else None
        body = await self.request("GET", "actions", params=params)
        return [Action.model_validate(a) for a in body["actions"]]

    async def work(self, student_id: str) -> WorkView:
        return WorkView.model_validate(await self.request("GET", f"students/{student_id}/work"))

    async def set_policy(self, policy: Policy) -> Policy:
        answer = await self.request("PUT", "policy", json=policy.model_dump(mode="json"))
        return Policy.model_validate(answer)

    async def session_log(self) -> dict[str, Any]:
        return dict(await self.request("GET", "log"))

    # -- results (PAPER.md "Wire additions") -----------------------------------------------

    async def results(self) -> ResultsResponse:
        return ResultsResponse.model_validate(await self.request("GET", "results"))

    async def answer_sheet(self, student_id: str) -> AnswerSheet:
        return AnswerSheet.model_validate(await self.request("GET", f"results/{student_id}"))

    async def set_override(
        self, student_id: str, question_id: str, points: float | None, reason: str
    ) -> StudentResult:
        """A proctor's mark for one question (`points=None` gives the automatic one back)."""
        body = {"points": points, "reason": reason}
        answer = await self.request("PUT", f"results/{student_id}/{question_id}", json=body)
        return StudentResult.model_validate(answer)

    async def grade(self, student_id: str | None = None) -> GradeResponse:
        """Mark again one student, or everyone (after a test is fixed); 202, progress on the
        stream as grading messages."""
        body = {"student_id": student_id} if student_id else {}
        return GradeResponse.model_validate(await self.request("POST", "grade", json=body))

    async def release(self) -> ReleaseResponse:
        return ReleaseResponse.model_validate(await self.request("POST", "release"))

    async def analytics(self) -> AnalyticsResponse:
        return AnalyticsResponse.model_validate(await self.request("GET", "analytics"))

    async def similarity(self) -> SimilarityResponse:
        return SimilarityResponse.model_validate(await self.request("GET", "similarity"))

    async def similarity_pair(self, question_id: str, a: str, b: str) -> SimilarityDetail:
        path = f"similarity/{question_id}/{a}/{b}"
        return SimilarityDetail.model_validate(await self.request("GET", path))

    # -- the stream -----------------------------------------------------------------------

    async def stream(
        self,
        on_message: Callable[[StreamMessage], None],
        on_connection: Callable[[bool, str], Awaitable[None] | None] | None = None,
    ) -> None:
        """Follow the admin stream until cancelled, reconnecting after every drop.

        `on_message` gets each typed message (first a snapshot after every connect);
        `on_connection(connected, why)` is told when the stream comes up or goes down.
        A wrong admin key ends the stream with AdminApiError. The token is renewed when due
        even if nothing else is asked meanwhile (the server then ends the old token's stream,
        and this one reconnects with the new token).
        """
        renewer = asyncio.create_task(self._renew_when_due())
        try:
            await self._follow(on_message, on_connection)
        finally:
            renewer.cancel()

    async def _renew_when_due(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(max(1.0, min(self._renew_at - loop.time(), 3600.0)))
            if self._token is not None and loop.time() >= self._renew_at:
                try:
                    await self._current_token()
                except AdminApiError as exc:  # the stream's own loop reports the trouble
                    log.info("token renewal failed: %s", exc.message)

    async def _follow(
        self,
        on_message: Callable[[StreamMessage], None],
        on_connection: Callable[[bool, str], Awaitable[None] | None] | None,
    ) -> None:
        failures = 0
        while True:
            why = ""
            try:
                token = await self._current_token()
                ws_url = f"{self.admin_url}/stream"
                async with self._http().ws_connect(
                    ws_url,
                    params={"token": token},
                    heartbeat=10.0,
                    timeout=aiohttp.ClientWSTimeout(ws_close=5.0),
                ) as ws:
                    failures = 0
                    await _maybe_await(on_connection, True, "")
                    async for msg in ws:
                        if msg.type == aiohttp.WSMsgType.TEXT:
                            parsed = parse_stream_message(msg.json())
                            if parsed is not None:
                                on_message(parsed)
                        elif msg.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                            break
                    why = "The room server closed the connection."
            except aiohttp.WSServerHandshakeError as exc:
                if exc.status in (401, 403):
                    self._token = None
                why = f"The room server refused the stream ({exc.status})."
            except AdminApiError as exc:
                if exc.code == ErrorCode.BAD_ADMIN_KEY:
                    raise
                why = exc.message
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                why = f"The room server does not answer ({exc})."
            await _maybe_await(on_connection, False, why)
            delay = RECONNECT_DELAYS_S[min(failures, len(RECONNECT_DELAYS_S) - 1)]
            failures += 1
            await asyncio.sleep(delay)


async def _maybe_await(
    callback: Callable[[bool, str], Awaitable[None] | None] | None, *args: Any
) -> None:
    if callback is None:
        return
    result = callback(*args)
    if asyncio.iscoroutine(result):
        await result
