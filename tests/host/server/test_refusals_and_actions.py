"""What the proctor must be able to see afterwards: refused joins and wrong admin keys (with
where they came from), the reason of a removal, and every action per student."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp import web

from proctor.host.server.plumbing import error_middleware
from tests.helpers.api import Api
from tests.helpers.constants import ADMIN_KEY


async def test_a_join_refused_for_a_removed_student_is_logged(api: Api) -> None:
    ada = await api.join("CS/2021/045", "Ada Lovelace")
    await api.admin("POST", f"students/{ada['student_id']}/kick", {"reason": "copying"})
    await api.fail("POST", "join", 403, "kicked",
                   json={"name": "Not Ada", "reg_no": "cs/2021/045"})  # fmt: skip
    incidents = (await api.admin("GET", f"incidents?student_id={ada['student_id']}"))["incidents"]
    (refused,) = [i for i in incidents if i["kind"] == "join_refused"]
    assert refused["source"] == "network" and refused["reg_no"] == "CS/2021/045"
    assert refused["detail"] == {"code": "kicked", "address": "127.0.0.1", "name_given": "Not Ada"}
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["latest_incident"] == "join_refused"


async def test_a_join_for_an_unknown_number_is_refused_without_a_student_incident(
    api: Api,
) -> None:
    await api.fail("POST", "join", 400, "invalid_body", json={"name": "X", "reg_no": "a\\b"})
    assert (await api.admin("GET", "incidents"))["incidents"] == []


async def test_a_wrong_admin_key_is_logged_with_its_address(api: Api) -> None:
    await api.fail("POST", "admin/login", 403, "bad_admin_key", json={"admin_key": "guess one"})
    (refused,) = (await api.admin("GET", "incidents"))["incidents"]
    assert (refused["kind"], refused["student_id"], refused["reg_no"]) == (
        "admin_key_refused",
        "",
        "",
    )
    assert refused["detail"] == {"address": "127.0.0.1", "where": "login"}
    log = await api.admin("GET", "log")
    assert [i["kind"] for i in log["incidents"]] == ["admin_key_refused"]


async def test_removed_shows_the_reason_until_readmitted(api: Api) -> None:
    grace = await api.join("R-7", "Grace Hopper")
    await api.admin("POST", "start")
    row = await api.admin("POST", f"students/{grace['student_id']}/kick", {"reason": "phone"})
    assert (row["status"], row["removed_reason"]) == ("kicked", "phone")
    log = await api.admin("GET", "log")
    assert log["attendance"][0]["removed_reason"] == "phone"
    assert log["attendance"][0]["standing"] == "removed"
    row = await api.admin("POST", f"students/{grace['student_id']}/readmit")
    assert row["removed_reason"] is None and row["status"] == "active"


async def test_the_actions_of_one_student_and_of_the_room(api: Api) -> None:
    ada, alan = await api.join("A-1"), await api.join("B-2")
    await api.admin("POST", "start")
    await api.admin("POST", f"students/{ada['student_id']}/pause", {"reason": "toilet"})
    await api.admin("POST", f"students/{ada['student_id']}/resume")
    await api.admin("POST", f"students/{alan['student_id']}/flag", {"reason": "notes"})
    await api.admin("POST", "time", {"extra_s": 300, "student_id": ada["student_id"]})
    await api.admin("POST", "time", {"extra_s": 120})
    mine = (await api.admin("GET", f"actions?student_id={ada['student_id']}"))["actions"]
    assert [(a["action"], a["student_id"] is None, a["reason"]) for a in mine] == [
        ("start", True, None),
        ("pause", False, "toilet"),
        ("resume", False, None),
        ("extra_time +300s", False, None),
        ("extra_time +120s", True, None),
    ]
    assert all(isinstance(a["id"], int) and a["at_ms"] > 0 for a in mine)
    everything = (await api.admin("GET", "actions"))["actions"]
    assert len(everything) == 6 and everything[3]["student_id"] == alan["student_id"]
    await api.admin_fail("GET", "actions?student_id=s_nobody", 404, "unknown_student")
    await api.fail("GET", "admin/actions", 401, "missing_token")
    await api.admin("POST", "end", {"admin_key": ADMIN_KEY})


async def test_a_client_leaving_mid_answer_is_not_logged_as_a_bug(
    aiohttp_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async def handshake_cut(_request: web.Request) -> web.Response:
        raise ConnectionResetError("Cannot write to closing transport")

    app = web.Application(middlewares=[error_middleware])
    app.router.add_get("/cut", handshake_cut)
    client = await aiohttp_client(app)
    with caplog.at_level(logging.ERROR):
        async with client.get("/cut") as resp:
            assert resp.status == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
