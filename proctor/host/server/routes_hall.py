"""The hall's endpoints (PROTOCOL.md "Hall"): announcements, raised hands and the roster.

Students call theirs with their own token (`authenticate_student`: a removed student's opens
nothing); the proctor's are under `admin/` with the admin token. Every body is size-capped and
validated; what changes is committed before it is answered, then pushed (`apply`).
"""

from __future__ import annotations

from aiohttp import web

from proctor.common.errors import ErrorCode
from proctor.common.hall import (
    AckResponse,
    AdminAnnouncementsResponse,
    AnnounceRequest,
    HandAnswerRequest,
    HandsResponse,
    RaiseHandRequest,
    StudentAnnouncementsResponse,
)
from proctor.common.protocol import ActionRequest
from proctor.host.server.connection import utf8
from proctor.host.server.hall_state import HallOutcome
from proctor.host.server.plumbing import (
    authenticate_student,
    json_model,
    live_room,
    read_model,
)
from proctor.host.server.refusals import ApiError
from proctor.host.server.room import LiveRoom
from proctor.host.server.routes_admin import ADMIN, admin_room
from proctor.host.server.tentative import Tentative

routes = web.RouteTableDef()
STUDENT = "/api/v1/rooms/{room}"


async def apply(
    live: LiveRoom, outcome: HallOutcome, undo: Tentative, proctors: bool = False
) -> None:
    """Commit what `outcome` names (the hall's operations with the engine's events), then
    push its frames: to the students it names (or all connected), and to every dashboard. A
    proctor's message (`proctors`) is pushed first and committed after, as the proctor's
    commands are (`LiveRoom.push_and_commit`): it acknowledges nothing a student sent, and
    the proctor's answer still waits for the commit. If the commit fails, the hall's change
    and the students' rows (`undo`, taken before the command) are taken back."""
    try:
        if proctors:
            push_frames(live, outcome)
            live.hub.publish(outcome.events)
            ops = live.store_ops(outcome.events) + outcome.ops
            undo.seal()
            try:
                await live.store.commit(ops)
            except Exception:
                restored = undo.undo()
                if restored:
                    live.hub.publish(restored)
                raise
            return
        await live.commit_and_push(outcome.events, outcome.ops, undo)
    except Exception:
        if outcome.undo is not None:
            outcome.undo()
        raise
    push_frames(live, outcome)


def push_frames(live: LiveRoom, outcome: HallOutcome) -> None:
    hub = live.hub
    if outcome.to_everyone is not None:
        for sid in list(hub.students):
            send_student(live, sid, outcome.to_everyone)
    for sid, frame in outcome.to_students.items():
        send_student(live, sid, frame)
    for frame in outcome.to_admins:
        for conn in list(hub.admins):
            conn.send(utf8(frame))


def send_student(live: LiveRoom, student_id: str, frame: str) -> None:
    """A message on the student's stream, beside the state frames (which keep only the
    newest): sent through aiohttp as a whole frame of its own. A student not connected now
    reads it with the list when the app reconnects."""
    conn = live.hub.students.get(student_id)
    if conn is None or conn.ws.closed:
        return
    conn.send_extra(frame)


# ---- announcements --------------------------------------------------------------------------
@routes.post(ADMIN + "/announce")
async def announce(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, AnnounceRequest)
    undo = live.tentative()
    outcome = live.hall.announce(body.text, body.student_id, live.clock())
    await apply(live, outcome, undo, proctors=True)
    return json_model(live.hall.admin_announcements()[-1])


@routes.get(ADMIN + "/announcements")
async def admin_announcements(request: web.Request) -> web.Response:
    live = admin_room(request)
    return json_model(AdminAnnouncementsResponse(announcements=live.hall.admin_announcements()))


@routes.get(STUDENT + "/announcements")
async def student_announcements(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    items = live.hall.student_announcements(student.student_id)
    return json_model(StudentAnnouncementsResponse(announcements=items))


@routes.post(STUDENT + "/announcements/{aid}/ack")
async def acknowledge(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    raw = request.match_info["aid"]
    if not raw.isdigit() or len(raw) > 9:
        message = "There is no such announcement for you."
        raise ApiError(404, ErrorCode.UNKNOWN_ANNOUNCEMENT, message)
    undo = live.tentative()
    at, outcome = live.hall.acknowledge(student.student_id, int(raw), live.clock())
    await apply(live, outcome, undo)
    return json_model(AckResponse(id=int(raw), acknowledged_ms=at))


# ---- raised hands ---------------------------------------------------------------------------
@routes.post(STUDENT + "/hand")
async def raise_hand(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    body = await read_model(request, RaiseHandRequest, 4 * 1024)
    undo = live.tentative([student.student_id])
    hand, outcome = live.hall.raise_hand(student.student_id, body.text, live.clock())
    await apply(live, outcome, undo)
    return json_model(hand)


@routes.get(STUDENT + "/hand")
async def my_hand(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    hand = live.hall.student_hand(student.student_id)
    if hand is None:
        raise ApiError(404, ErrorCode.NO_HAND, "You have not raised your hand in this exam.")
    return json_model(hand)


@routes.delete(STUDENT + "/hand")
async def lower_hand(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    undo = live.tentative([student.student_id])
    hand, outcome = live.hall.close_hand(student.student_id, "lowered", None, live.clock())
    await apply(live, outcome, undo)
    return json_model(hand)


@routes.get(ADMIN + "/hands")
async def hands(request: web.Request) -> web.Response:
    live = admin_room(request)
    return json_model(HandsResponse(hands=live.hall.hand_list()))


@routes.post(ADMIN + "/students/{sid}/hand/answer")
async def answer_hand(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, HandAnswerRequest, 8 * 1024)
    sid = request.match_info["sid"]
    undo = live.tentative([sid])
    hand, outcome = live.hall.close_hand(sid, "answered", body.text, live.clock())
    await apply(live, outcome, undo, proctors=True)
    return json_model(hand)


@routes.post(ADMIN + "/students/{sid}/hand/dismiss")
async def dismiss_hand(request: web.Request) -> web.Response:
    live = admin_room(request)
    await read_model(request, ActionRequest)
    sid = request.match_info["sid"]
    undo = live.tentative([sid])
    hand, outcome = live.hall.close_hand(sid, "dismissed", None, live.clock())
    await apply(live, outcome, undo, proctors=True)
    return json_model(hand)
