"""The wall of screens' endpoints (PROTOCOL.md "Screens"). A student's app sends a JPEG of its
exam window with its own token, only while `Policy.screens` is "thumbnail" and its exam is
open to it; the proctor reads the latest with the admin token. Bodies over 40 KB are 413, a
body that is not a JPEG 415, more than one a second 429."""

from __future__ import annotations

from aiohttp import web

from proctor.common.errors import ErrorCode
from proctor.common.hall import (
    MAX_SCREEN_BYTES,
    LiveScreenRequest,
    ScreenAnswer,
    ScreenInfo,
    ScreenMessage,
    ScreenRateMessage,
    ScreensResponse,
)
from proctor.common.protocol import StudentStatus
from proctor.host.server.connection import utf8
from proctor.host.server.plumbing import (
    authenticate_student,
    json_model,
    live_room,
    read_body,
    read_model,
)
from proctor.host.server.refusals import ApiError, EngineError
from proctor.host.server.routes_admin import ADMIN, admin_room
from proctor.host.server.routes_hall import STUDENT, send_student

routes = web.RouteTableDef()
SHOWING_THE_EXAM = frozenset({StudentStatus.ACTIVE, StudentStatus.PAUSED, StudentStatus.SUBMITTED})


def _is_jpeg(data: bytes) -> bool:
    return len(data) > 4 and data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"


@routes.put(STUDENT + "/screen")
async def put_screen(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    policy = live.engine.policy
    if policy.screens != "thumbnail":
        message = "The proctor has not turned the wall of screens on for this exam."
        raise EngineError(409, ErrorCode.SCREENS_OFF, message)
    if student.status not in SHOWING_THE_EXAM:
        message = f"No thumbnail while you are {student.status}: the exam is not open to you."
        raise EngineError(409, ErrorCode.WRONG_STATE, message)
    now = live.clock()
    wait_s = live.screens.too_soon(student.student_id, now)
    if wait_s > 0:
        retry = str(max(1, round(wait_s)))
        message = "Thumbnails come at most once a second."
        raise ApiError(429, ErrorCode.TOO_FAST, message, {"Retry-After": retry})
    if request.content_type != "image/jpeg":
        message = "A thumbnail is sent as image/jpeg."
        raise ApiError(415, ErrorCode.NOT_A_JPEG, message)
    too_large = ApiError(
        413, ErrorCode.BODY_TOO_LARGE, f"A thumbnail is at most {MAX_SCREEN_BYTES // 1024} KB."
    )
    if request.content_length is not None and request.content_length > MAX_SCREEN_BYTES:
        raise too_large
    data = await read_body(request, MAX_SCREEN_BYTES)
    if data is None:
        raise too_large
    if not _is_jpeg(data):
        raise ApiError(415, ErrorCode.NOT_A_JPEG, "This is not a JPEG picture.")
    changed = live.screens.put(student.student_id, data, now)
    if changed:
        info = ScreenInfo(student_id=student.student_id, at_ms=now, size=len(data))
        frame = utf8(ScreenMessage(screen=info).model_dump_json())
        for conn in list(live.hub.admins):
            conn.send(frame)
    interval = live.screens.interval_s(student.student_id, policy.screen_interval_s, now)
    return json_model(ScreenAnswer(at_ms=now, interval_s=interval))


@routes.get(ADMIN + "/screens")
async def screens(request: web.Request) -> web.Response:
    live = admin_room(request)
    wall = live.screens
    return json_model(ScreensResponse(screens=wall.infos(), bytes_kept=wall.bytes_kept))


@routes.get(ADMIN + "/students/{sid}/screen")
async def student_screen(request: web.Request) -> web.Response:
    live = admin_room(request)
    sid = request.match_info["sid"]
    live.engine.student(sid)
    screen = live.screens.get(sid)
    if screen is None:
        raise ApiError(404, ErrorCode.NO_SCREEN, "There is no picture from this student yet.")
    headers = {"Cache-Control": "no-store", "X-Screen-At-Ms": str(screen.at_ms)}
    return web.Response(body=screen.jpeg, content_type="image/jpeg", headers=headers)


@routes.post(ADMIN + "/students/{sid}/screen/live")
async def watch_live(request: web.Request) -> web.Response:
    live = admin_room(request)
    sid = request.match_info["sid"]
    student = live.engine.student(sid)
    body = await read_model(request, LiveScreenRequest)
    now = live.clock()
    live.screens.watch(sid, body.on, now)
    interval = live.screens.interval_s(sid, live.engine.policy.screen_interval_s, now)
    if student.status != StudentStatus.KICKED:
        send_student(live, sid, ScreenRateMessage(interval_s=interval).model_dump_json())
    return json_model(ScreenAnswer(at_ms=now, interval_s=interval))
