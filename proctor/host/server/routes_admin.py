"""Admin endpoints of PROTOCOL.md (all but `login` need the admin token). A dashboard's stream
is handed to the hub (`Hub.serve_admin`)."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from proctor.common.errors import ErrorCode
from proctor.common.protocol import (
    Accommodations,
    AccommodationsRequest,
    Action,
    ActionRequest,
    ActionsResponse,
    AdminLoginRequest,
    AdminRoom,
    EndRequest,
    Incident,
    IncidentsResponse,
    LogoutResponse,
    Policy,
    StudentsResponse,
    TimeRequest,
    TimeResponse,
    TokenResponse,
    WorkView,
)
from proctor.host.server.hall_log import add_hall_sections
from proctor.host.server.hall_store import read_hall
from proctor.host.server.hub import StreamEnd
from proctor.host.server.plumbing import (
    LOGIN_LIMITER,
    authenticate_admin,
    check_origin,
    client_address,
    json_model,
    live_room,
    read_model,
    refuse_if_blocked,
)
from proctor.host.server.refusals import ApiError
from proctor.host.server.room import LiveRoom, collector_paused
from proctor.host.server.security import (
    ADMIN_TOKEN_LIFETIME_S,
    check_admin_key,
    new_admin_token,
)
from proctor.host.server.sessionlog import build_session_log
from proctor.host.transitions import PROCTOR_ACTIONS, StudentCommand
from proctor.results.grades import add_marks_to_log
from proctor.results.sheets import results_body

routes = web.RouteTableDef()
ADMIN = "/api/v1/rooms/{room}/admin"
# The streams a proctor's action closes: a removed student's once it has heard so, a moved
# seat's old computer's at once (its token and seat key are dead).
CLOSES_STREAM = {StudentCommand.KICK: StreamEnd.REMOVED, StudentCommand.MOVE: StreamEnd.MOVED}


def admin_room(request: web.Request) -> LiveRoom:
    live = live_room(request)
    authenticate_admin(request, live)
    return live


async def verify_admin_key(request: web.Request, live: LiveRoom, key: str) -> None:
    """Check the admin key (scrypt, off the event loop); failures count towards the limit."""
    limiter = request.app[LOGIN_LIMITER]
    address = client_address(request)
    refuse_if_blocked(limiter, address, "Too many wrong admin keys; wait a minute.")
    loop = asyncio.get_running_loop()
    ok = await loop.run_in_executor(None, check_admin_key, key, live.admin_key_hash)
    if not ok:
        limiter.failed(address)
        where = "end" if request.path.endswith("/end") else "login"
        await live.commit_and_push(
            live.engine.admin_key_refused(address=address, where=where, now=live.clock())
        )
        raise ApiError(403, ErrorCode.BAD_ADMIN_KEY, "The admin key is wrong.")


@routes.post(ADMIN + "/login")
async def login(request: web.Request) -> web.Response:
    live = live_room(request)
    body = await read_model(request, AdminLoginRequest)
    await verify_admin_key(request, live, body.admin_key)
    token, digest = new_admin_token()
    expires = await live.add_admin_token(digest)
    return json_model(
        TokenResponse(token=token, expires_ms=expires, lifetime_s=ADMIN_TOKEN_LIFETIME_S)
    )


@routes.post(ADMIN + "/logout")
async def logout(request: web.Request) -> web.Response:
    live = live_room(request)
    digest = authenticate_admin(request, live)
    await live.forget_admin_tokens([digest])
    return json_model(LogoutResponse(logged_out=True))


@routes.get(ADMIN + "/students")
async def students(request: web.Request) -> web.Response:
    live = admin_room(request)
    rows = [s.to_row() for s in live.engine.students.values()]
    return json_model(StudentsResponse(students=rows))


@routes.get(ADMIN + "/room")
async def room(request: web.Request) -> web.Response:
    live = admin_room(request)
    engine = live.engine
    answer = AdminRoom(
        room=engine.room.to_wire(live.clock()),
        policy=engine.policy,
        paper_title=live.paper.title,
        counts=engine.counts(),
    )
    return json_model(answer)


@routes.put(ADMIN + "/policy")
async def set_policy(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, Policy, 1024 * 1024)
    undo = live.tentative(room=True)
    events = live.engine.set_policy(body)
    await live.push_and_commit(events, undo)
    return json_model(live.engine.policy)


@routes.post(ADMIN + "/start")
async def start(request: web.Request) -> web.Response:
    live = admin_room(request)
    await read_model(request, ActionRequest)
    now = live.clock()
    with collector_paused():  # no collection between the start and its last frame
        undo = live.tentative(None, room=True)
        events = live.engine.start(now)
        await live.push_and_commit(events, undo)
    return json_model(live.engine.room.to_wire(now))


@routes.post(ADMIN + "/students/{sid}/accommodations")  # before the actions' pattern
async def accommodations(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, AccommodationsRequest)
    sid = request.match_info["sid"]
    granted = Accommodations(font_scale=body.font_scale, plain_editor=body.plain_editor)
    undo = live.tentative([sid])
    events = live.engine.accommodate(sid, granted, body.reason or None, live.clock())
    await live.push_and_commit(events, undo)
    return json_model(live.engine.students[sid].to_row())


@routes.post(ADMIN + "/students/{sid}/{action}")
async def student_action(request: web.Request) -> web.Response:
    live = admin_room(request)
    name = request.match_info["action"]
    action = next((a for a in PROCTOR_ACTIONS if a.value == name), None)
    if action is None:
        message = f"There is no student action '{name}'."
        raise ApiError(404, ErrorCode.UNKNOWN_ACTION, message)
    body = await read_model(request, ActionRequest)
    sid = request.match_info["sid"]
    undo = live.tentative([sid])
    events = live.engine.act(action, sid, body.reason or None, live.clock())
    await live.push_and_commit(events, undo)
    student = live.engine.students[sid]
    if action in CLOSES_STREAM:
        await live.hub.close_student(sid, CLOSES_STREAM[action])
    return json_model(student.to_row())


@routes.post(ADMIN + "/time")
async def extra_time(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, TimeRequest)
    now = live.clock()
    everyone = body.student_id is None
    undo = live.tentative(None if everyone else [str(body.student_id)], room=everyone)
    events = live.engine.add_time(body.extra_s, body.student_id, now)
    await live.push_and_commit(events, undo)
    if body.student_id is None:
        rows = [s.to_row() for s in live.engine.students.values()]
    else:
        rows = [live.engine.students[body.student_id].to_row()]
    return json_model(TimeResponse(room=live.engine.room.to_wire(now), students=rows))


@routes.post(ADMIN + "/end")
async def end(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, EndRequest)
    await verify_admin_key(request, live, body.admin_key)
    now = live.clock()
    undo = live.tentative(None, room=True)
    events = live.engine.end(now)
    await live.push_and_commit(events, undo)
    return json_model(live.engine.room.to_wire(now))


def session_log(live: LiveRoom) -> dict[str, Any]:
    students = list(live.engine.students.values())
    log = build_session_log(
        live.engine.room,
        students,
        live.reader.incidents(),
        live.reader.actions(),
        live.meta.get("host", {}),
    )
    if live.marking.enabled:  # each attendance row's points (PAPER.md)
        works = [live.marking.work_of(s) for s in students]
        add_marks_to_log(log, results_body(live.paper, works, live.released))
    return add_hall_sections(log, read_hall(live.store.path), students)


@routes.get(ADMIN + "/log")
async def get_log(request: web.Request) -> web.Response:
    live = admin_room(request)
    return web.json_response(await live.read(session_log, live))


@routes.get(ADMIN + "/incidents")
async def incidents(request: web.Request) -> web.Response:
    live = admin_room(request)
    sid = request.query.get("student_id")
    if sid is not None:
        live.engine.student(sid)
    rows = await live.read(live.reader.incidents, sid)
    reg = {s.student_id: s.reg_no for s in live.engine.students.values()}
    items = [Incident(reg_no=reg.get(r["student_id"], ""), **r) for r in rows]
    return json_model(IncidentsResponse(incidents=items))


@routes.get(ADMIN + "/actions")
async def actions(request: web.Request) -> web.Response:
    live = admin_room(request)
    sid = request.query.get("student_id")
    if sid is not None:
        live.engine.student(sid)
    rows = await live.read(live.reader.actions, sid)
    return json_model(ActionsResponse(actions=[Action(**r) for r in rows]))


@routes.get(ADMIN + "/students/{sid}/work")
async def student_work(request: web.Request) -> web.Response:
    live = admin_room(request)
    sid = request.match_info["sid"]
    student = live.engine.student(sid)
    snapshot = await live.read(live.reader.work, sid)
    submission = await live.read(live.reader.submission, sid)
    view = WorkView.model_validate(
        {
            "student_id": sid,
            "snapshot": snapshot,
            "submission": submission,
            "variant": student.variant,
        }
    )
    return json_model(view)


@routes.get(ADMIN + "/stream")
async def admin_stream(request: web.Request) -> web.StreamResponse:
    live = live_room(request)
    digest = authenticate_admin(request, live)
    check_origin(request)
    ws = web.WebSocketResponse(heartbeat=10.0, max_msg_size=64 * 1024)
    await ws.prepare(request)
    await live.hub.serve_admin(ws, digest)
    return ws
