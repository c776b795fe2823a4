"""The results endpoints (PAPER.md "Wire additions", docs/RESULTS.md): the proctor's
results, answer sheets, overrides, re-marking, release, analytics and similarity (admin
token), and a student's released result (their own token).

Bodies are built by `proctor.results` from the marking service's `StudentWork`s, off the
event loop (they read every student's marks; similarity reads every file).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web

from proctor.common.errors import ErrorCode
from proctor.common.marks import (
    GradeRequest,
    GradeResponse,
    OverrideRequest,
    ReleaseResponse,
    SimilarityResponse,
    dump,
)
from proctor.host.server.events import ActionLogged
from proctor.host.server.plumbing import authenticate_student, live_room, read_model
from proctor.host.server.refusals import ApiError
from proctor.host.server.room import LiveRoom, PaperRefused
from proctor.host.server.routes_admin import ADMIN, admin_room
from proctor.marking.results import Override
from proctor.results.release import NOT_RELEASED, number, student_view
from proctor.results.sheets import answer_sheet, results_body, student_result
from proctor.results.stats import analytics_body, similarity_body, similarity_detail
from proctor.results.work import StudentWork, check_override_request

routes = web.RouteTableDef()
T = TypeVar("T")
NO_QUESTIONS = "This paper has no questions, so there is nothing to mark."


def _marked_room(request: web.Request) -> LiveRoom:
    live = admin_room(request)
    if not live.marking.enabled:
        raise ApiError(409, ErrorCode.NO_QUESTIONS, NO_QUESTIONS)
    return live


def works(live: LiveRoom) -> list[StudentWork]:
    """Every student's marked work, in the order they joined."""
    return [live.marking.work_of(s) for s in live.engine.students.values()]


def work_of(live: LiveRoom, student_id: str) -> StudentWork:
    return live.marking.work_of(live.engine.student(student_id))  # 404 unknown_student


async def off_loop(build: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(None, build, *args)


def body(model: Any, status: int = 200) -> web.Response:
    return web.json_response(dump(model), status=status)


@routes.get(ADMIN + "/results")
async def results(request: web.Request) -> web.Response:
    live = _marked_room(request)
    return body(await off_loop(results_body, live.paper, works(live), live.released))


@routes.get(ADMIN + "/results/{sid}")
async def sheet(request: web.Request) -> web.Response:
    live = _marked_room(request)
    work = work_of(live, request.match_info["sid"])
    return body(await off_loop(answer_sheet, live.paper, work))


@routes.put(ADMIN + "/results/{sid}/{qid}")
async def set_override(request: web.Request) -> web.Response:
    live = _marked_room(request)
    sid, qid = request.match_info["sid"], request.match_info["qid"]
    work = work_of(live, sid)
    asked = await read_model(request, OverrideRequest)
    try:
        override = check_override_request(live.paper, work, qid, asked.points, asked.reason)
    except ValueError as exc:
        code = ErrorCode.NOT_ON_PAPER if "is not on" in str(exc) else ErrorCode.INVALID_BODY
        raise ApiError(400, code, _sentence(str(exc))) from None
    now = live.clock()
    action = ActionLogged(
        {
            "at_ms": now,
            "action": "override",
            "student_id": sid,
            "reason": _override_reason(qid, override, asked.reason),
        }
    )
    await live.commit_and_push([action], live.marking.override_ops(sid, qid, override))
    live.marking.keep_override(sid, qid, override)
    return body(student_result(live.paper, work_of(live, sid)))


def _override_reason(qid: str, override: Override | None, reason: str) -> str:
    if override is None:
        return f"{qid}: the automatic mark again: {reason.strip()}"
    return f"{qid}: {number(override.points)} points: {override.reason}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


@routes.post(ADMIN + "/grade")
async def grade(request: web.Request) -> web.Response:
    live = _marked_room(request)
    asked = await read_model(request, GradeRequest)
    if asked.student_id is not None:
        ids = [live.engine.student(asked.student_id).student_id]
    else:
        ids = list(live.engine.students)
    try:
        reread = await live.reread_paper()
    except PaperRefused as exc:
        message = f"{exc} Nothing was marked again."
        raise ApiError(409, ErrorCode.PAPER_CHANGED, message) from None
    now = live.clock()
    reason = "the paper read again from its folder" if reread else None
    action = ActionLogged(
        {"at_ms": now, "action": "grade", "student_id": asked.student_id, "reason": reason}
    )
    await live.commit_and_push([action])
    queued = await live.marking.remark(ids)
    return body(GradeResponse(queued=queued, paper_reread=reread), status=202)


@routes.post(ADMIN + "/release")
async def release(request: web.Request) -> web.Response:
    live = _marked_room(request)
    if not live.ended:
        message = "Results can be released once the exam has ended."
        raise ApiError(409, ErrorCode.WRONG_STATE, message)
    if not live.released:
        now = live.clock()
        action = ActionLogged(
            {"at_ms": now, "action": "release", "student_id": None, "reason": None}
        )
        await live.commit_and_push([action], [live.store.op_meta("released", True)])
        live.meta["released"] = True
    return body(ReleaseResponse(released=True, feedback=live.paper.feedback))


@routes.get(ADMIN + "/analytics")
async def analytics(request: web.Request) -> web.Response:
    live = _marked_room(request)
    return body(await off_loop(analytics_body, live.paper, works(live)))


@routes.get(ADMIN + "/similarity")
async def similarity(request: web.Request) -> web.Response:
    """The most similar pairs; kept until a mark or a student's work changes."""
    live = _marked_room(request)
    version = live.marking.version
    cached = live.marking.similarity_cache
    if cached is None or cached[0] != version:
        answer: SimilarityResponse = await off_loop(similarity_body, live.paper, works(live))
        cached = live.marking.similarity_cache = (version, answer)
    return body(cached[1])


@routes.get(ADMIN + "/similarity/{qid}/{a}/{b}")
async def similar_pair(request: web.Request) -> web.Response:
    live = _marked_room(request)
    qid = request.match_info["qid"]
    if not any(q.id == qid for q in live.paper.code_questions()):
        message = f'There is no code question "{qid}" on this paper.'
        raise ApiError(404, ErrorCode.UNKNOWN_QUESTION, message)
    a = work_of(live, request.match_info["a"])
    b = work_of(live, request.match_info["b"])
    try:
        detail = await off_loop(similarity_detail, live.paper, qid, a, b)
    except ValueError as exc:
        raise ApiError(404, ErrorCode.NO_CODE, _sentence(str(exc))) from None
    return body(detail)


@routes.get("/api/v1/rooms/{room}/result")
async def student_result_view(request: web.Request) -> web.Response:
    """A student's own result, as the paper's `feedback` allows, once released."""
    live = live_room(request)
    student = authenticate_student(request, live)
    if not live.marking.enabled:
        raise ApiError(409, ErrorCode.NO_QUESTIONS, NO_QUESTIONS)
    if not live.released:
        raise ApiError(409, ErrorCode.NOT_RELEASED, NOT_RELEASED)
    result = student_result(live.paper, work_of(live, student.student_id))
    return body(student_view(live.paper.feedback, result, True))
