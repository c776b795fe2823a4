"""Student endpoints of PROTOCOL.md. A stream is handed to the hub (`Hub.serve_student`)."""

from __future__ import annotations

from aiohttp import web

from proctor import __version__
from proctor.common.errors import ErrorCode
from proctor.common.ids import new_student_id
from proctor.common.protocol import (
    MAX_FILES,
    EventsRequest,
    EventsResponse,
    Hello,
    JoinRequest,
    JoinResponse,
    LatestWork,
    StateResponse,
    SubmitRequest,
    SubmitResponse,
    WorkRequest,
    WorkResponse,
    canonical_handin,
)
from proctor.host.server.answering import checked_answers
from proctor.host.server.compressed import SharedBody
from proctor.host.server.hall_join import ROSTER_REFUSALS, admitted, check_join
from proctor.host.server.hub import StreamEnd
from proctor.host.server.plumbing import (
    EVENTS_BODY,
    JOIN_LIMITER,
    LIVE_ROOM,
    WORK_BODY,
    authenticate_student,
    check_origin,
    client_address,
    json_model,
    live_room,
    query_flag,
    query_revision,
    read_model,
    refuse_if_blocked,
)
from proctor.host.server.refusals import ApiError, Refusal
from proctor.host.server.room import LiveRoom
from proctor.host.server.seats import SeatClaimRefused
from proctor.host.server.security import new_seat_key, new_token_secret, student_token, token_hash
from proctor.host.server.states import StudentState
from proctor.host.server.tls_setup import hello_fields
from proctor.paper.view import student_paper

routes = web.RouteTableDef()
WS_HEARTBEAT_S = 10.0
MAX_STREAM_MESSAGE = 64 * 1024
LOGGED_REFUSALS = (
    ErrorCode.KICKED,
)  # joins refused for a known reg_no (seat claims: refuse_claim)


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
    refuse_if_blocked(limiter, address, "Too many failed attempts to join; wait a minute.")
    try:
        live = live_room(request)
        body = await read_model(request, JoinRequest)
        verdict = check_join(live, body)
        secret, digest = new_token_secret()
        seat_key = body.seat_key or new_seat_key()
        now = live.clock()
        student, events = live.engine.join(
            name=body.name,
            reg_no=body.reg_no,
            address=address,
            client=body.client,
            new_student_id=new_student_id(),
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
    except Refusal as exc:
        logged = exc.code in LOGGED_REFUSALS
        if exc.status in (400, 404) or logged or exc.code in ROSTER_REFUSALS:
            limiter.failed(address)  # also bounds how many refusals reach the log
        if logged:
            await live.commit_and_push(
                live.engine.join_refused(
                    reg_no=body.reg_no, name=body.name, address=address, code=exc.code, now=now
                )
            )
        raise
    events += admitted(live, student, verdict, address, now)
    await live.commit_and_push(events)
    # The seat's previous connection (the app restarted, or a moved seat's old computer): its
    # token is replaced now that the new one is committed, so its stream is closed.
    await live.hub.close_student(student.student_id, StreamEnd.REJOINED)
    answer = JoinResponse(
        student_id=student.student_id,
        token=student_token(student.student_id, secret),
        seat_key=seat_key,
        room=live.engine.room.to_wire(now),
        me=live.engine.me(student),
    )
    return json_model(answer, status=201)


@routes.get("/api/v1/rooms/{room}/state")
async def state(request: web.Request) -> web.Response:
    """The state; counts as a heartbeat. With `?policy_rev=N` (the revision the client
    holds) the policy is left out while it is still that revision."""
    live = live_room(request)
    student = authenticate_student(request, live)
    known_rev = query_revision(request, "policy_rev")
    now = live.clock()
    events = live.engine.heartbeat(student.student_id, now)
    if events:
        await live.commit_and_push(events)
    me = live.engine.me(student, known_rev=known_rev)
    return json_model(StateResponse(room=live.engine.room.to_wire(now), me=me))


@routes.get("/api/v1/rooms/{room}/stream")
async def stream(request: web.Request) -> web.StreamResponse:
    live = live_room(request)
    student = authenticate_student(request, live)
    check_origin(request)
    lean = query_flag(request, "lean")  # `policy_rev` always, the policy once per revision
    # No permessage-deflate: the hub writes ready-made frames around aiohttp (`connection`),
    # and a compressor per student would cost the host about 100 KiB each.
    ws = web.WebSocketResponse(
        heartbeat=WS_HEARTBEAT_S, max_msg_size=MAX_STREAM_MESSAGE, compress=False
    )
    await ws.prepare(request)
    await live.hub.serve_student(
        student.student_id, ws, request.transport, live.commit_and_push, lean=lean
    )
    return ws


@routes.get("/api/v1/rooms/{room}/paper")
async def paper(request: web.Request) -> web.Response:
    """The paper; with questions, this student's variant of it, fixed (and committed) at
    their first GET and served from then on."""
    live = live_room(request)
    student = authenticate_student(request, live)
    live.engine.check_paper(student.student_id)
    variant, new = live.variants.served(student)
    if variant is not None and new:
        undo = live.tentative([student.student_id])
        await live.commit_only(
            live.variants.keep(live.engine, student.student_id, variant), undo=undo
        )
    if variant is not None or live.paper.has_questions:
        return json_model(student_paper(live.paper, variant))  # each student's own variant
    if live.paper_body is None:  # the same for every student: encoded and compressed once
        live.paper_body = SharedBody(student_paper(live.paper, None).model_dump_json())
    return live.paper_body.response(request)


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
    if body.base_sha256 is None and body.removed is not None:
        message = "removed: names files of a base copy; send base_sha256 with it."
        raise ApiError(422, ErrorCode.REMOVED_WITHOUT_BASE, message)
    files = body.files if body.base_sha256 is None else await _on_base(live, student, body)
    variant, new = live.variants.served(student)
    answers = checked_answers(live.paper, variant, body.answers)
    files_json, answers_json, sha = canonical_handin(files, answers)
    if len(files_json.encode("utf-8")) > WORK_BODY:  # changes that grew the copy too far
        raise ApiError(413, ErrorCode.BODY_TOO_LARGE, "The work is larger than the host takes.")
    undo = live.tentative([student.student_id]) if new and answers is not None else None
    seq = live.engine.save_work(student.student_id, body.seq)
    if seq is None:  # older than the stored one: ignored, and the stored one named
        stored = await live.read(live.reader.work, student.student_id)
        stored = stored or {"seq": student.work_seq, "sha256": sha}
        answer = WorkResponse(seq=stored["seq"], sha256=stored["sha256"], accepts_base=True)
        return json_model(answer)
    op = live.store.op_work(student.student_id, seq, files_json, sha, now, answers_json)
    if undo is not None and variant is not None:  # answers before the paper: its variant too
        await live.commit_only(
            live.variants.keep(live.engine, student.student_id, variant), [op], undo
        )
    else:
        await live.store.commit([op])
    return json_model(WorkResponse(seq=seq, sha256=sha, accepts_base=True))


async def _on_base(live: LiveRoom, student: StudentState, body: WorkRequest) -> dict[str, str]:
    """The whole set a snapshot of changes makes: the host's copy it names by `base_sha256`,
    with its files put in and its `removed` taken out. 409 `base_mismatch` when the host's
    copy is another (the client then sends every file)."""
    stored = await live.read(live.reader.work, student.student_id)
    if stored is None or stored["sha256"] != body.base_sha256:
        message = "The host's copy of the work is not the one these changes are based on."
        raise ApiError(409, ErrorCode.BASE_MISMATCH, message + " Send all the files.")
    files: dict[str, str] = {**stored["files"], **body.files}
    for name in body.removed or ():
        files.pop(name, None)
    if len(files) > MAX_FILES:
        raise ApiError(400, ErrorCode.INVALID_BODY, f"files: at most {MAX_FILES} files.")
    return files


@routes.get("/api/v1/rooms/{room}/work")
async def latest_work(request: web.Request) -> web.Response:
    """The host's latest copy of this student's work, answers with it: a moved or resumed
    seat starts from it. A hand-in newer than the last snapshot is that copy."""
    live = live_room(request)
    student = authenticate_student(request, live)
    sid = student.student_id
    snapshot = await live.read(live.reader.work, sid)
    handed = await live.read(live.reader.submission, sid)
    if handed is not None and (snapshot is None or handed["received_ms"] > snapshot["saved_ms"]):
        base = snapshot or {"seq": max(student.work_seq, 0)}
        snapshot = {**base, "files": handed["files"], "sha256": handed["sha256"],
                    "saved_ms": handed["received_ms"], "answers": handed["answers"]}  # fmt: skip
    if snapshot is None:
        raise ApiError(404, ErrorCode.NO_WORK, "The host has no work from this seat yet.")
    return json_model(LatestWork.model_validate(snapshot))


@routes.post("/api/v1/rooms/{room}/submit")
async def submit(request: web.Request) -> web.Response:
    live = live_room(request)
    student = authenticate_student(request, live)
    body = await read_model(request, SubmitRequest, WORK_BODY)
    now = live.clock()
    sid = student.student_id
    live.engine.check_submit(sid, now)
    variant, new = live.variants.served(student)
    answers = checked_answers(live.paper, variant, body.answers)
    files_json, answers_json, sha = canonical_handin(body.files, answers)
    undo = live.tentative([sid])
    events = live.engine.submit(sid, sha, now)
    if new and answers is not None and variant is not None:  # answers before the paper
        events += live.variants.keep(live.engine, sid, variant)
    await live.commit_and_push(
        events, [live.store.op_submission(sid, files_json, sha, now, answers_json)], undo
    )
    live.marking.note_hand_in(student.student_id)
    return json_model(SubmitResponse(sha256=sha, received_ms=now))
