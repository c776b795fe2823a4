"""Nothing hidden leaves the host, and a variant survives everything: with the sample mixed
paper, no short answer, hidden test, hidden case or solution appears in any response a
student gets (paper, work, state, receipts, refusals), any frame of their stream or any log
line; and a real host process killed with SIGKILL serves each student the same variant and
answers after it resumes, and after the seat moves to another computer."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
import pytest

from proctor.common.paths import assets_dir
from proctor.host.server.headless import open_paper
from proctor.paper.variants import make_variant
from tests.helpers.api import Api, MakeApi
from tests.helpers.headless import HeadlessHost, HttpError, call
from tests.helpers.paper_secrets import hidden_texts, leaks

MIXED = assets_dir() / "sample_mixed_paper"


def answers_of(served: dict[str, Any]) -> dict[str, Any]:
    """An answer to each question, none of them right (and none a hidden text)."""
    answers: dict[str, Any] = {}
    for question in served["questions"]:
        options = question["options"]
        kind = question["type"]
        if kind == "choice":
            answers[question["id"]] = options[-1]
        elif kind == "multi":
            answers[question["id"]] = options[1:3]
        elif kind == "short":
            answers[question["id"]] = "eleven, maybe"
        else:
            answers[question["id"]] = None
    return answers


class Recorder:
    """Every text a student is sent, by where it came from."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    async def call(
        self, api: Api, method: str, path: str, token: str, json_body: Any = None
    ) -> tuple[int, Any]:
        kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
        if json_body is not None:
            kwargs["json"] = json_body
        async with api.client.request(method, api.url(path), **kwargs) as resp:
            text = await resp.text()
            self.texts.append((f"{method} {path} {resp.status}", text))
            return resp.status, json.loads(text)

    async def drain(self, ws: aiohttp.ClientWebSocketResponse, quiet_s: float = 0.3) -> None:
        while True:
            try:
                msg = await ws.receive(timeout=quiet_s)
            except TimeoutError:
                return
            if msg.type != aiohttp.WSMsgType.TEXT:
                return
            self.texts.append(("stream", msg.data))


async def test_nothing_hidden_reaches_a_student_or_the_log(
    make_api: MakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    paper = open_paper(MIXED)
    hidden = hidden_texts(MIXED)
    assert len(hidden) > 20
    api = await make_api(paper=paper, ticker=False)
    seen = Recorder()
    ada = await api.join("CS-1")
    token = ada["token"]
    ws = await api.ws("stream", token)
    await seen.call(api, "GET", "paper", token)  # 403 before the start
    await api.admin("POST", "start")
    await seen.drain(ws)

    status, served = await seen.call(api, "GET", "paper", token)
    assert status == 200 and served["questions"]
    answers = answers_of(served)
    files = dict(served["files"])
    await seen.call(api, "GET", "work", token)  # 404 before any
    await seen.call(api, "PUT", "work", token, {"seq": 1, "files": files, "answers": answers})
    drawn = make_variant(paper, ada["student_id"]).questions
    undrawn = next(q for q in ("lifo", "deque_ops", "heap_root") if q not in drawn)
    for bad in ({"lookup": "dict?"}, {undrawn: "stack"}, {"table_size": ["4096"]}, {"x": 1}):
        status, _ = await seen.call(api, "PUT", "work", token,
                                    {"seq": 2, "files": files, "answers": bad})  # fmt: skip
        assert status == 400
    await seen.call(api, "GET", "work", token)
    await seen.call(api, "GET", "state", token)
    sid = ada["student_id"]
    await api.admin("POST", f"students/{sid}/pause", {"reason": "check"})
    await api.admin("POST", f"students/{sid}/resume")
    await seen.call(api, "POST", "submit", token, {"files": files, "answers": answers})
    await seen.drain(ws)
    await seen.call(api, "GET", "work", token)
    await seen.call(api, "GET", "paper", token)
    await ws.close()

    kinds = {where.split(" ")[0] for where, _ in seen.texts}
    assert {"GET", "PUT", "POST", "stream"} <= kinds
    assert any(" 400" in where for where, _ in seen.texts)
    assert sum(where == "stream" for where, _ in seen.texts) >= 3
    for where, text in seen.texts:
        assert leaks(text, hidden) == [], where
    lines = [record.getMessage() for record in caplog.records]
    lines += [str(record.args) for record in caplog.records]
    for line in lines:
        assert [s for s in hidden if s in line] == [], line


@pytest.mark.e2e
@pytest.mark.slow
async def test_a_variant_and_its_answers_survive_sigkill_and_a_move(tmp_path: Any) -> None:
    data_dir = tmp_path / "host"
    host = HeadlessHost(data_dir, extra=["--paper", str(MIXED)])
    info = host.start()
    paper = open_paper(MIXED)
    async with host.http() as http:  # the restarted host keeps its certificate
        room = host.room_url
        admin = await call(http, "POST", room + "/admin/login", json={"admin_key": host.admin_key})
        ada = await call(http, "POST", room + "/join", json={"name": "Ada", "reg_no": "CS-1"})
        await call(http, "POST", room + "/admin/start", admin["token"])
        served = await call(http, "GET", room + "/paper", ada["token"])
        variant = make_variant(paper, ada["student_id"])
        assert [q["id"] for q in served["questions"]] == variant.questions
        answers = answers_of(served)
        body = {"seq": 5, "files": served["files"], "answers": answers}
        saved = await call(http, "PUT", room + "/work", ada["token"], body)
        host.kill()  # no cleanup at all

        again = HeadlessHost(data_dir, name=None, duration_min=None)
        assert again.start()["room_id"] == info["room_id"]
        room = again.room_url
        assert await call(http, "GET", room + "/paper", ada["token"]) == served
        work = await call(http, "GET", room + "/work", ada["token"])
        assert work["answers"] == answers and work["sha256"] == saved["sha256"]

        admin = await call(http, "POST", room + "/admin/login", json={"admin_key": host.admin_key})
        sid = ada["student_id"]
        await call(http, "POST", f"{room}/admin/students/{sid}/move", admin["token"], {})
        moved = await call(http, "POST", room + "/join", json={"name": "Ada", "reg_no": "CS-1"})
        assert moved["student_id"] == sid and moved["token"] != ada["token"]
        with pytest.raises(HttpError) as old:
            await call(http, "GET", room + "/paper", ada["token"])
        assert old.value.status == 401
        assert await call(http, "GET", room + "/paper", moved["token"]) == served
        work = await call(http, "GET", room + "/work", moved["token"])
        assert work["answers"] == answers and work["files"] == served["files"]
        await asyncio.sleep(0)
    assert again.stop() == 0
    hidden = hidden_texts(MIXED)
    for log in (host.log(), again.log()):
        assert [s for s in hidden if s in log] == []
