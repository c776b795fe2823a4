"""HTTP plumbing shared by the student and admin routes: errors, bodies, auth, answers."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from typing import Any, TypeVar

from aiohttp import web
from aiohttp.typedefs import Handler
from pydantic import BaseModel, ValidationError
from yarl import URL

from proctor.common.errors import ErrorCode
from proctor.common.ids import normalize_room_id
from proctor.common.protocol import describe_invalid
from proctor.host.server import seats
from proctor.host.server.refusals import ApiError, Refusal, too_many_attempts
from proctor.host.server.room import LiveRoom, NotSaved
from proctor.host.server.security import RateLimiter, same_hash, split_student_token, token_hash
from proctor.host.server.states import StudentState

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

LIVE_ROOM = web.AppKey("live_room", LiveRoom)
JOIN_LIMITER = web.AppKey("join_limiter", RateLimiter)
LOGIN_LIMITER = web.AppKey("login_limiter", RateLimiter)

SMALL_BODY = 16 * 1024
MAX_JSON_DEPTH = 64
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
EVENTS_BODY = 2 * 1024 * 1024
WORK_BODY = 4 * 1024 * 1024


def error_body(code: ErrorCode, message: str) -> dict[str, dict[str, str]]:
    """The protocol's error shape (`ErrorBody`): every error answer of the host is one."""
    return {"error": {"code": code.value, "message": message}}


def error_response(refusal: Refusal) -> web.Response:
    body = error_body(refusal.code, refusal.message)
    return web.json_response(body, status=refusal.status, headers=refusal.headers)


_HTTP_CODES = {
    400: (ErrorCode.BAD_REQUEST, "The request could not be understood."),
    401: (ErrorCode.UNAUTHORIZED, "A valid token is needed."),
    403: (ErrorCode.FORBIDDEN, "This is not allowed."),
    404: (ErrorCode.NOT_FOUND, "There is nothing at this address."),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "This method is not allowed here."),
    413: (ErrorCode.BODY_TOO_LARGE, "The request body is too large."),
}


NOT_SAVED = "The host could not save this (its disk may be full); nothing changed. Try again."


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every error leaves in the protocol's shape; a 5xx is logged as the bug it is."""
    try:
        return await handler(request)
    except Refusal as exc:
        return error_response(exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code, message = _HTTP_CODES.get(exc.status, (ErrorCode.HTTP_ERROR, exc.reason))
        return error_response(ApiError(exc.status, code, message))
    except (NotSaved, sqlite3.OperationalError) as exc:  # not committed: a full disk, say
        log.error("could not save %s %s: %s", request.method, request.path, exc)
        return error_response(ApiError(503, ErrorCode.NOT_SAVED, NOT_SAVED, {"Retry-After": "5"}))
    except ConnectionResetError:  # the client left mid-answer (a WebSocket handshake): no bug
        log.debug("client gone during %s %s", request.method, request.path)
        return web.Response(status=400)  # reaches nobody; aiohttp drops it quietly
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        message = "The host hit an unexpected error."
        return error_response(ApiError(500, ErrorCode.INTERNAL_ERROR, message))


async def read_model(request: web.Request, model: type[M], limit: int = SMALL_BODY) -> M:
    """Read, size-check, parse and validate a JSON body; 413/400 with a clear message."""
    too_large = ApiError(
        413, ErrorCode.BODY_TOO_LARGE, f"The request body exceeds {limit // 1024} KiB."
    )
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    raw = await read_body(request, limit)
    if raw is None:
        raise too_large
    if not raw.strip():
        data: Any = {}
    else:
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
        except (ValueError, RecursionError):  # also bad UTF-8 and over-long integers
            message = "The request body is not valid JSON."
            raise ApiError(400, ErrorCode.MALFORMED_JSON, message) from None
    if not isinstance(data, dict):
        raise ApiError(400, ErrorCode.INVALID_BODY, "The request body must be a JSON object.")
    if _SURROGATE_ESCAPE.search(raw) and has_lone_surrogate(data):
        message = "The request body holds text that is not valid Unicode."
        raise ApiError(400, ErrorCode.INVALID_BODY, message)
    if nesting_exceeds(data, MAX_JSON_DEPTH):
        message = f"The request body is nested more than {MAX_JSON_DEPTH} levels deep."
        raise ApiError(400, ErrorCode.INVALID_BODY, message)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, ErrorCode.INVALID_BODY, describe_invalid(exc)) from None


async def read_body(request: web.Request, limit: int) -> bytes | None:
    """The whole body, or None once it exceeds `limit` bytes (a read returns what has
    arrived so far, so keep reading to the end)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.read(limit + 1 - size)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None


def nesting_exceeds(value: Any, limit: int) -> bool:
    """Is `value` (parsed JSON) nested deeper than `limit`? Deeper values could not be
    served back: the JSON serialiser of the answers stops at a fixed depth."""
    level: list[Any] = [value]
    for _ in range(limit):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


def has_lone_surrogate(value: Any) -> bool:
    """Does parsed JSON hold a string no UTF-8 can encode (a `\\ud800` escape alone)?"""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_model(model: BaseModel, status: int = 200) -> web.Response:
    return web.Response(
        text=model.model_dump_json(), status=status, content_type="application/json"
    )


def live_room(request: web.Request) -> LiveRoom:
    """The room named in the path (404 unless it is the one this host serves)."""
    live = request.app[LIVE_ROOM]
    wanted = normalize_room_id(request.match_info.get("room", ""))
    if wanted != live.id:
        message = "There is no room with this ID on this host."
        raise ApiError(404, ErrorCode.UNKNOWN_ROOM, message)
    return live


def bearer_token(request: web.Request) -> str | None:
    """The token of `Authorization: Bearer`, or, on a WebSocket upgrade only, of `?token=`
    (elsewhere a token in the URL would end up in logs and histories: 401 says so)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    if "token" not in request.query:
        return None
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return request.query.get("token") or None
    raise ApiError(401, ErrorCode.MISSING_TOKEN, QUERY_TOKEN_REFUSED)


def query_flag(request: web.Request, name: str) -> bool:
    """`?name=1` (or `true`) is on, `0`, `false` or no such parameter off; else 400."""
    value = request.query.get(name)
    if value is None or value.lower() in ("0", "false"):
        return False
    if value.lower() in ("1", "true"):
        return True
    raise ApiError(400, ErrorCode.BAD_REQUEST, f"?{name}= takes 1 or 0.")


def query_revision(request: web.Request, name: str) -> int | None:
    """`?name=N` with N a whole number from 0 to 2^53, or None without it; else 400."""
    value = request.query.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 16 or int(value) > 2**53:
        raise ApiError(400, ErrorCode.BAD_REQUEST, f"?{name}= takes a whole number.")
    return int(value)


QUERY_TOKEN_REFUSED = (
    "A token in the address is accepted on WebSocket upgrades only; "
    "send it as Authorization: Bearer."
)


def authenticate_student(request: web.Request, live: LiveRoom) -> StudentState:
    """The student whose token the request carries; a removed student's token opens nothing."""
    token = bearer_token(request)
    if token is None:
        message = "A student token is needed (Authorization: Bearer)."
        raise ApiError(401, ErrorCode.MISSING_TOKEN, message)
    parts = split_student_token(token)
    student = live.engine.students.get(parts[0]) if parts else None
    if parts is None or student is None or not same_hash(token_hash(parts[1]), student.token_hash):
        if parts is not None and student is not None and student.is_retired(token_hash(parts[1])):
            raise ApiError(401, ErrorCode.SEAT_MOVED, seats.SEAT_MOVED)
        if is_admin_token(live, token):
            message = "This endpoint is for students, not the proctor."
            raise ApiError(403, ErrorCode.WRONG_ROLE, message)
        raise ApiError(401, ErrorCode.INVALID_TOKEN, "This token is not valid in this room.")
    live.engine.require_usable(student)
    return student


def is_admin_token(live: LiveRoom, token: str) -> bool:
    return token_hash(token) in live.admin_tokens


def authenticate_admin(request: web.Request, live: LiveRoom) -> str:
    """Check the request's admin token; its hash."""
    token = bearer_token(request)
    if token is None:
        message = "An admin token is needed (Authorization: Bearer)."
        raise ApiError(401, ErrorCode.MISSING_TOKEN, message)
    digest = token_hash(token)
    expires = live.admin_tokens.get(digest)
    if expires is not None:
        if expires <= live.clock():
            message = "This admin token has expired; log in again."
            raise ApiError(401, ErrorCode.TOKEN_EXPIRED, message)
        return digest
    parts = split_student_token(token)
    if parts and parts[0] in live.engine.students:
        student = live.engine.students[parts[0]]
        if same_hash(token_hash(parts[1]), student.token_hash):
            message = "A student token cannot be used for admin actions."
            raise ApiError(403, ErrorCode.WRONG_ROLE, message)
    raise ApiError(401, ErrorCode.INVALID_TOKEN, "This admin token is not valid.")


def client_address(request: web.Request) -> str:
    return request.remote or "unknown"


def check_origin(request: web.Request) -> None:
    """Refuse a WebSocket upgrade from a web page of another origin (browsers send Origin)."""
    origin = request.headers.get("Origin")
    if not origin:
        return
    host = request.headers.get("Host", "")
    allowed = {f"http://{host}", f"https://{host}"}
    if origin in allowed:
        return
    try:
        url = URL(origin)
    except (ValueError, TypeError):
        url = None
    if url is not None and url.scheme in ("http", "https") and url.host in LOOPBACK_HOSTS:
        return
    message = "WebSocket connections from other web origins are refused."
    raise ApiError(403, ErrorCode.BAD_ORIGIN, message)


def refuse_if_blocked(limiter: RateLimiter, address: str, message: str) -> None:
    """429 with Retry-After while `address` has failed too often (`message` says at what)."""
    if limiter.blocked(address):
        raise too_many_attempts(message, limiter.retry_after_s(address))
