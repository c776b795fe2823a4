"""The admin client's results calls, and the contract the room server's endpoints meet
(PAPER.md "Wire additions"): a small aiohttp app in front of the same builders the server
calls, with real marks of the sample paper. It checks each path, method, body and the
token, as the server will; the client checks each answer's shape."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from pydantic import ValidationError

from proctor.common.marks import (
    GradeRequest,
    GradeResponse,
    OverrideRequest,
    ReleaseResponse,
    dump,
)
from proctor.host.dashboard.admin_client import AdminApiError, AdminClient
from proctor.results.sheets import answer_sheet, results_body, student_result
from proctor.results.stats import analytics_body, similarity_body, similarity_detail
from proctor.results.work import check_override_request
from tests.helpers.sample_marks import cohort

ROOM = "ABC123"
KEY = "an admin key long enough"
TOKEN = "token-1"


def results_app() -> tuple[web.Application, dict[str, Any]]:
    marked = cohort()
    paper = marked.paper
    works = {w.student_id: w for w in marked.works}
    state: dict[str, Any] = {"released": False, "graded": []}
    routes = web.RouteTableDef()
    base = f"/api/v1/rooms/{ROOM}/admin"

    @web.middleware
    async def auth(request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.endswith("/login"):
            if request.headers.get("Authorization") != f"Bearer {TOKEN}":
                return web.json_response(
                    {"error": {"code": "unauthorized", "message": "no"}}, status=401
                )
        return await handler(request)

    def refuse(message: str) -> web.Response:
        return web.json_response(
            {"error": {"code": "invalid_body", "message": message}}, status=400
        )

    @routes.post(f"{base}/login")
    async def login(request: web.Request) -> web.Response:
        body = await request.json()
        assert body == {"admin_key": KEY}
        return web.json_response({"token": TOKEN, "expires_ms": 0, "lifetime_s": 3600})

    @routes.get(f"{base}/results")
    async def results(request: web.Request) -> web.Response:
        return web.json_response(dump(results_body(paper, works.values(), state["released"])))

    @routes.get(f"{base}/results/{{sid}}")
    async def sheet(request: web.Request) -> web.Response:
        return web.json_response(dump(answer_sheet(paper, works[request.match_info["sid"]])))

    @routes.put(f"{base}/results/{{sid}}/{{qid}}")
    async def override(request: web.Request) -> web.Response:
        sid, qid = request.match_info["sid"], request.match_info["qid"]
        try:
            body = OverrideRequest.model_validate(await request.json())
            chosen = check_override_request(paper, works[sid], qid, body.points, body.reason)
        except (ValidationError, ValueError) as exc:
            return refuse(str(exc))
        overrides = dict(works[sid].overrides)
        if chosen is None:
            overrides.pop(qid, None)
        else:
            overrides[qid] = chosen
        works[sid] = dataclasses.replace(works[sid], overrides=overrides)
        return web.json_response(dump(student_result(paper, works[sid])))

    @routes.post(f"{base}/grade")
    async def grade(request: web.Request) -> web.Response:
        body = GradeRequest.model_validate(await request.json())
        state["graded"].append(body.student_id)
        queued = 9 if body.student_id else 9 * len(works)
        return web.json_response(dump(GradeResponse(queued=queued)), status=202)

    @routes.post(f"{base}/release")
    async def release(request: web.Request) -> web.Response:
        state["released"] = True
        return web.json_response(dump(ReleaseResponse(released=True, feedback=paper.feedback)))

    @routes.get(f"{base}/analytics")
    async def analytics(request: web.Request) -> web.Response:
        return web.json_response(dump(analytics_body(paper, list(works.values()))))

    @routes.get(f"{base}/similarity")
    async def similarity(request: web.Request) -> web.Response:
        return web.json_response(dump(similarity_body(paper, list(works.values()))))

    @routes.get(f"{base}/similarity/{{qid}}/{{a}}/{{b}}")
    async def pair(request: web.Request) -> web.Response:
        m = request.match_info
        detail = similarity_detail(paper, m["qid"], works[m["a"]], works[m["b"]])
        return web.json_response(dump(detail))

    app = web.Application(middlewares=[auth])
    app.add_routes(routes)
    return app, state


GRADED: list[str | None] = []


@pytest.fixture
async def client() -> Any:
    app, state = results_app()
    state["graded"] = GRADED
    GRADED.clear()
    server = TestServer(app)
    await server.start_server()
    async with AdminClient(str(server.make_url("/")), ROOM, KEY) as admin:
        yield admin
    await server.close()


async def test_reading_the_results(client: AdminClient) -> None:
    results = await client.results()
    assert {s.reg_no: s.points for s in results.students}["CS/2021/005"] == 14
    assert results.released is False and results.max_points == 30
    sheet = await client.answer_sheet("s-dagny")
    assert sheet.name == "Dagny Holm" and len(sheet.questions) == 9
    analytics = await client.analytics()
    assert [b.count for b in analytics.histogram] == [2, 0, 0, 1, 1, 0, 0, 0, 0, 2]
    assert [q.id for q in analytics.questions if q.check] == ["lookup"]
    similarity = await client.similarity()
    top = similarity.pairs[0]
    detail = await client.similarity_pair(top.question, top.a, top.b)
    assert detail.a.student_id == top.a and detail.a.lines and detail.b.lines


async def test_an_override_and_its_refusal(client: AdminClient) -> None:
    changed = await client.set_override("s-dagny", "word_counts", 7.5, "fair: the idea is right")
    assert changed.points == 13.5 and changed.questions["word_counts"].auto_points == 4
    with pytest.raises(AdminApiError) as refused:
        await client.set_override("s-dagny", "word_counts", 11, "too many")
    assert refused.value.status == 400 and "within 0..10" in refused.value.message
    back = await client.set_override("s-dagny", "word_counts", None, "back to the automatic mark")
    assert back.points == 10 and back.questions["word_counts"].override is None


async def test_marking_again_and_the_release(client: AdminClient) -> None:
    assert (await client.grade()).queued == 54
    assert (await client.grade("s-ada")).queued == 9
    assert GRADED == [None, "s-ada"]
    released = await client.release()
    assert released.released and released.feedback == "score"
    assert (await client.results()).released is True
