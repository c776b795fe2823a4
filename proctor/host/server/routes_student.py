"""Student endpoints of PROTOCOL.md."""

from __future__ import annotations

import asyncio
import json

from aiohttp import WSMsgType, web

from proctor import __version__
from proctor.common.ids import new_student_id
from proctor.common.protocol import (
    STREAM_FLOODED,
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
    canonical_files,
)
from proctor.host.server.engine import EngineError, SeatClaimRefused
from proctor.host.server.plumbing import (
    EVENTS_BODY,
    JOIN_LIMITER,
    LIVE_ROOM,
    WORK_BODY,
    ApiError,
    authenticate_student,
    check_origin,
    client_address,
    json_model,
    live_room,
    read_model,
)
from proctor.host.server.security import new_seat_key, new_student_token, token_hash
from proctor.host.server.tls_setup import hello_fields

routes = web.RouteTableDef()
WS_HEARTBEAT_S = 10.0
# A client sends a heartbeat every 2 s. Messages beyond this rate are dropped unread, the
# first with an incident; a client that keeps on is cut off (STREAM_FLOODED).
STREAM_RATE_PER_S = 5.0
STREAM_BURST = 20
FLOOD_CLOSE_AFTER = 1000  # dropped messages on one stream
FLOODED_MESSAGE = b"Too many messages on this stream."
LOGGED_REFUSALS = ("kicked",)  # joins refused for a known reg_no (seat claims: refuse_claim)


@routes.get("/api/v1/hello")
async def hello(request: web.Request) -> web.Response:
    clock = request.app[LIVE_ROOM].clock
    return json_model(
        Hello(version=__version__, server_time_ms=clock(), **hello_fields(request.app))
    )


@routes.post("/api/v1/rooms/{room}/join")
async def join(request: web.Request) -> web.Response:
    address = client_address(request)
    limiter = request.app[JOIN_LIMITER]
    if limiter.blocked(address):
        retry = str(limiter.retry_after_s(address))
        raise ApiError(
            429,
            "too_many_attempts",
            "Too many failed attempts to join; wait a minute.",
            {"Retry-After": retry},
        )
    try:
        live = live_room(request)
        body = await read_model(request, JoinRequest)
        student_id = new_student_id()
        token, digest = new_student_token(student_id)
        seat_key = body.seat_key or new_seat_key()
        now = live.clock()
        student, events = live.engine.join(
            name=body.name,
            reg_no=body.reg_no,
            address=address,
            client=body.client,
            new_student_id=student_id,
            token_hash=digest,
            seat_key_hash=token_hash(seat_key),
            key_presented=body.seat_key is not None,
            now=now,
        )
    except SeatClaimRefused as claim:
        limiter.failed(address)
        await live.commit_and_push(
            live.engine.refuse_claim(
                claim.student_id, name=body.name, address=address, reason=claim.reason, now=now
            )
        )
        raise
    except (ApiError, EngineError) as exc:
        logged = isinstance(exc, EngineError) and exc.code in LOGGED_REFUSALS
        if exc.status in (400, 404) or logged:
            limiter.failed(address)  # also bounds how many refusals reach the log
        if logged:
            await live.commit_and_push(
                live.engine.join_refused(
                    reg_no=body.reg_no, name=body.name, address=address, code=exc.code, now=now
                )
            )
        raise
    # Streams of the seat's previous connection (the app restarted, or a moved seat's old
    # computer): its token is replaced, so they are closed once the new one is committed.
    replaced = live.hub.streams_of(student.student_id)
    if student.student_id != student_id:  # resumed: the token belongs to the old student id
        token, digest = new_student_token(student.student_id)
        student.token_hash = digest
    await live.commit_and_push(events)
    if replaced:
        await live.hub.close_student_streams(
            student.student_id, b"replaced by a new join", replaced
        )
    answer = JoinResponse(
        student_id=student.student_id,
        token=token,
        seat_key=seat_key,
        room=live.engine.room.to_wire(now),
        me=live.engine.me(student),
    )
    return json_model(answer, status=201)


@routes.get("/api/v1/rooms/{room}/state")
async def state(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    now = live.clock()
    events = live.engine.heartbeat(student.student_id, now)
    if events:
        await live.commit_and_push(events)
    return json_model(StateResponse(room=live.engine.room.to_wire(now), me=live.engine.me(student)))


@routes.get("/api/v1/rooms/{room}/stream")
async def stream(request: web.Request) -> web.StreamResponse:
    live = live_room(request)
    student = authenticate_student(request, live)
    check_origin(request)
    ws = web.WebSocketResponse(heartbeat=WS_HEARTBEAT_S, max_msg_size=64 * 1024)
    await ws.prepare(request)
    sid = student.student_id
    conn = live.hub.add_student(sid, ws, request.transport)
    try:
        events = live.engine.heartbeat(sid, live.clock())
        if events:
            await live.commit_and_push(events)
        live.hub.push_state(sid)
        loop = asyncio.get_running_loop()
        allowance, last, dropped = float(STREAM_BURST), loop.time(), 0
        async for msg in ws:
            arrived = loop.time()
            allowance = min(STREAM_BURST, allowance + (arrived - last) * STREAM_RATE_PER_S)
            last = arrived
            if allowance < 1:
                dropped += 1
                if dropped == 1:
                    detail = {"rate_per_s": STREAM_RATE_PER_S, "burst": STREAM_BURST}
                    events = live.note_flood(sid, detail)
                    if events:
                        await live.commit_and_push(events)
                if dropped >= FLOOD_CLOSE_AFTER:
                    await ws.close(code=STREAM_FLOODED, message=FLOODED_MESSAGE)
                    break
                continue
            allowance -= 1
            if msg.type != WSMsgType.TEXT:
                continue
            try:
                kind = json.loads(msg.data).get("type")
            except (ValueError, AttributeError):
                continue
            if kind != "heartbeat":
                continue
            if live.engine.students[sid].status == "kicked":
                break
            now = live.clock()
            events = live.engine.heartbeat(sid, now)
            if events:
                await live.commit_and_push(events)
            await ws.send_str(f'{{"type":"heartbeat","server_time_ms":{now}}}')
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        await live.hub.remove_student(sid, conn)
        if not ws.closed:
            await ws.close()
    return ws


@routes.get("/api/v1/rooms/{room}/paper")
async def paper(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    live.engine.check_paper(student.student_id)
    return json_model(Paper.model_validate(live.paper))


@routes.post("/api/v1/rooms/{room}/events")
async def events(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    body = await read_model(request, EventsRequest, EVENTS_BODY)
    accepted, duplicates, dropped = await live.record_events(student.student_id, body.events)
    return json_model(EventsResponse(accepted=accepted, duplicates=duplicates, dropped=dropped))


@routes.put("/api/v1/rooms/{room}/work")
async def work(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    body = await read_model(request, WorkRequest, WORK_BODY)
    now = live.clock()
    live.engine.check_work(student.student_id, now)
    canonical, sha = canonical_files(body.files)
    seq = live.engine.save_work(student.student_id, body.seq)
    if seq is None:  # older than the stored one: ignored, and the stored one named
        stored = await live.read(live.reader.work, student.student_id)
        stored = stored or {"seq": student.work_seq, "sha256": sha}
        return json_model(WorkResponse(seq=stored["seq"], sha256=stored["sha256"]))
    await live.store.commit([live.store.op_work(student.student_id, seq, canonical, sha, now)])
    return json_model(WorkResponse(seq=seq, sha256=sha))


@routes.get("/api/v1/rooms/{room}/work")
async def latest_work(request: web.Request) -> web.Response:
    """The host's latest copy of this student's work: a moved or resumed seat starts from it.
    A hand-in newer than the last snapshot is that copy."""
    live = live_room(request)
    student = authenticate_student(request, live)
    sid = student.student_id
    snapshot = await live.read(live.reader.work, sid)
    handed = await live.read(live.reader.submission, sid)
    if handed is not None and (snapshot is None or handed["received_ms"] > snapshot["saved_ms"]):
        base = snapshot or {"seq": max(student.work_seq, 0)}
        snapshot = {**base, "files": handed["files"], "sha256": handed["sha256"],
                    "saved_ms": handed["received_ms"]}  # fmt: skip
    if snapshot is None:
        raise ApiError(404, "no_work", "The host has no work from this seat yet.")
    return json_model(LatestWork.model_validate(snapshot))


@routes.post("/api/v1/rooms/{room}/submit")
async def submit(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    body = await read_model(request, SubmitRequest, WORK_BODY)
    now = live.clock()
    canonical, sha = canonical_files(body.files)
    undo = live.tentative([student.student_id])
    events = live.engine.submit(student.student_id, sha, now)
    await live.commit_and_push(
        events, [live.store.op_submission(student.student_id, canonical, sha, now)], undo
    )
    return json_model(SubmitResponse(sha256=sha, received_ms=now))
