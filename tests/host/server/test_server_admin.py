"""Admin endpoints of PROTOCOL.md (and the documented extensions) through a real server."""

from __future__ import annotations

import sqlite3
import uuid

import aiohttp
import pytest

from proctor.common.protocol import AdminRoom, Room, StudentRow, TimeResponse
from proctor.host.server.security import check_admin_key
from tests.helpers.api import Api, Clock, MakeApi, receive, room_state
from tests.helpers.constants import ADMIN_KEY

ADMIN_GETS = ["students", "room", "log", "incidents", "stream"]


async def joined(api: Api, *reg_nos: str) -> list[dict]:
    return [await api.join(reg) for reg in reg_nos]


async def test_login_gives_a_token_and_the_key_is_stored_only_as_scrypt(api: Api) -> None:
    body = await api.ok("POST", "admin/login", json={"admin_key": ADMIN_KEY})
    assert len(body["token"]) > 30
    stored = api.live.admin_key_hash
    assert ADMIN_KEY not in str(stored) and check_admin_key(ADMIN_KEY, stored)
    assert ADMIN_KEY.encode() not in api.live.store.path.read_bytes()


async def test_a_wrong_admin_key_is_403_and_repeated_failures_429(api: Api) -> None:
    for _ in range(5):
        await api.fail("POST", "admin/login", 403, "bad_admin_key", json={"admin_key": "guess!!!"})
    await api.fail("POST", "admin/login", 429, "too_many_attempts", json={"admin_key": ADMIN_KEY})
    async with api.client.post(api.url("admin/login"), json={"admin_key": "x"}) as resp:
        assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1


async def test_students_and_room_views(api: Api) -> None:
    await joined(api, "A-1", "B-2")
    rows = (await api.admin("GET", "students"))["students"]
    assert [StudentRow.model_validate(r).reg_no for r in rows] == ["A-1", "B-2"]
    view = AdminRoom.model_validate(await api.admin("GET", "room"))
    assert view.room.status == "lobby" and view.paper_title == "Sorting"
    assert view.counts["total"] == 2 and view.counts["waiting"] == 2


async def test_policy_can_be_set_in_the_lobby_only(api: Api) -> None:
    policy = {"blacklist": [{"name": "Discord", "match": ["discord"]}], "paste": "block"}
    body = await api.admin("PUT", "policy", policy)
    assert body["paste"] == "block" and body["blacklist"][0]["name"] == "Discord"
    assert (await api.admin("GET", "room"))["policy"]["paste"] == "block"
    await api.admin("POST", "start")
    before = room_state(api.live)
    await api.admin_fail("PUT", "policy", 409, "already_started", json={"paste": "allow"})
    assert room_state(api.live) == before


async def test_the_policy_reaches_students_once_the_exam_starts(api: Api) -> None:
    await api.admin("PUT", "policy", {"paste": "block", "camera": "report"})
    (student,) = await joined(api, "A-1")
    assert student["me"]["policy"] is None
    await api.admin("POST", "start")
    me = (await api.ok("GET", "state", token=student["token"]))["me"]
    assert me["policy"]["paste"] == "block" and me["policy"]["camera"] == "report"


async def test_start_then_start_again_is_409(api: Api) -> None:
    room = Room.model_validate(await api.admin("POST", "start"))
    assert room.status == "active" and room.started_ms is not None
    assert room.ends_ms == room.started_ms + 3600 * 1000
    before = room_state(api.live)
    await api.admin_fail("POST", "start", 409, "already_started")
    assert room_state(api.live) == before


async def test_every_student_action_returns_the_row(api: Api) -> None:
    (student,) = await joined(api, "A-1")
    sid = student["student_id"]
    await api.admin("POST", "start")
    expected = [
        ("pause", "paused", False),
        ("resume", "active", False),
        ("flag", "active", True),
        ("unflag", "active", False),
        ("kick", "kicked", False),
        ("readmit", "active", False),
    ]
    for action, status, flagged in expected:
        row = await api.admin("POST", f"students/{sid}/{action}", {"reason": f"why {action}"})
        assert (row["status"], row["flagged"]) == (status, flagged), action
    log = await api.admin("GET", "log")
    acted = [(a["action"], a["reason"]) for a in log["actions"] if a["student_id"] == sid]
    assert acted == [(a, f"why {a}") for a, _, _ in expected]


async def test_actions_without_a_body_work_too(api: Api) -> None:
    (student,) = await joined(api, "A-1")
    row = await api.admin("POST", f"students/{student['student_id']}/flag")
    assert row["flag_reasons"] == ["flagged by the proctor"]


async def test_student_actions_in_the_wrong_state_or_for_nobody_change_nothing(api: Api) -> None:
    (student,) = await joined(api, "A-1")
    sid = student["student_id"]
    before = room_state(api.live)
    for action, code in [
        ("pause", "wrong_state"),
        ("resume", "wrong_state"),
        ("unflag", "not_flagged"),
        ("readmit", "wrong_state"),
    ]:
        await api.admin_fail("POST", f"students/{sid}/{action}", 409, code)
    for action in ("pause", "resume", "flag", "unflag", "kick", "readmit"):
        await api.admin_fail("POST", f"students/s_nobody/{action}", 404, "unknown_student")
    await api.admin_fail("POST", f"students/{sid}/explode", 404, "unknown_action")
    assert room_state(api.live) == before


async def test_extra_time_for_one_and_for_all(api: Api) -> None:
    a, b = await joined(api, "A-1", "B-2")
    room = await api.admin("POST", "start")
    body = TimeResponse.model_validate(
        await api.admin("POST", "time", {"extra_s": 300, "student_id": a["student_id"]})
    )
    assert [r.student_id for r in body.students] == [a["student_id"]]
    assert body.students[0].ends_ms == room["ends_ms"] + 300_000
    assert body.students[0].extra_time_s == 300
    assert body.room.ends_ms == room["ends_ms"]

    body = TimeResponse.model_validate(await api.admin("POST", "time", {"extra_s": 60}))
    assert body.room.ends_ms == room["ends_ms"] + 60_000
    ends = {r.student_id: r.ends_ms for r in body.students}
    assert ends == {
        a["student_id"]: room["ends_ms"] + 360_000,
        b["student_id"]: room["ends_ms"] + 60_000,
    }
    state = await api.ok("GET", "state", token=b["token"])
    assert state["me"]["ends_ms"] == room["ends_ms"] + 60_000


async def test_extra_time_refusals(api: Api) -> None:
    await joined(api, "A-1")
    before = room_state(api.live)
    await api.admin_fail("POST", "time", 400, "invalid_body", json={"extra_s": 0})
    await api.admin_fail("POST", "time", 400, "invalid_body", json={"extra_s": 10**9})
    await api.admin_fail("POST", "time", 400, "invalid_body", json={"student_id": "x"})
    await api.admin_fail(
        "POST", "time", 404, "unknown_student", json={"extra_s": 5, "student_id": "s_nobody"}
    )
    assert room_state(api.live) == before


async def test_end_asks_for_the_admin_key_again(api: Api) -> None:
    a, b = await joined(api, "A-1", "B-2")
    await api.admin("POST", "start")
    before = room_state(api.live, except_logged_refusals=True)
    await api.admin_fail("POST", "end", 403, "bad_admin_key", json={"admin_key": "not the key"})
    await api.admin_fail("POST", "end", 400, "invalid_body", json={})
    assert room_state(api.live, except_logged_refusals=True) == before
    (refused,) = [i for i in api.live.reader.incidents() if i["kind"] == "admin_key_refused"]
    assert refused["student_id"] == "" and refused["source"] == "network"
    assert refused["detail"] == {"address": "127.0.0.1", "where": "end"}

    room = await api.admin("POST", "end", {"admin_key": ADMIN_KEY})

    assert room["status"] == "ended"
    for student in (a, b):
        state = await api.ok("GET", "state", token=student["token"])
        assert state["me"]["status"] == "ended"
    await api.admin_fail("POST", "end", 409, "exam_over", json={"admin_key": ADMIN_KEY})
    await api.admin_fail("POST", "start", 409, "exam_over")


async def test_end_from_the_lobby(api: Api) -> None:
    (student,) = await joined(api, "A-1")
    assert (await api.admin("POST", "end", {"admin_key": ADMIN_KEY}))["status"] == "ended"
    await api.fail("POST", "join", 409, "exam_over", json={"name": "New", "reg_no": "N-1"})
    state = await api.ok("GET", "state", token=student["token"])
    assert state["me"]["status"] == "ended"


async def test_the_session_log_has_every_section(make_api: MakeApi) -> None:
    api = await make_api(clock=Clock())
    a, b = await joined(api, "A-1", "B-2")
    await api.admin("POST", "start")
    ev = {"id": str(uuid.uuid4()), "kind": "no_face", "at_ms": api.live.clock(), "detail": {}}
    await api.ok("POST", "events", token=a["token"], json={"events": [ev]})
    await api.ok("POST", "submit", token=b["token"], json={"files": {"main.py": "x"}})
    await api.admin("POST", f"students/{a['student_id']}/flag", {"reason": "no face"})
    await api.admin("POST", "end", {"admin_key": ADMIN_KEY})

    log = await api.admin("GET", "log")

    session = log["session"]
    assert session["room_id"] == api.live.id and session["status"] == "ended"
    assert session["name"] == "Algorithms final" and session["planned_duration_s"] == 3600
    assert session["started_at"].endswith("Z") and session["actual_duration_s"] == 0
    attendance = {r["reg_no"]: r for r in log["attendance"]}
    assert attendance["A-1"]["flagged"] and attendance["A-1"]["flag_reasons"] == ["no face"]
    assert attendance["B-2"]["status"] == "ended"  # ended for all; the hand-in stands
    assert attendance["B-2"]["submission_sha256"] and attendance["B-2"]["submitted_at"]
    for row in log["attendance"]:
        assert {"student_id", "name", "joined_at", "last_seen_at", "address"} <= set(row)
    (incident,) = log["incidents"]
    assert (incident["kind"], incident["source"]) == ("no_face", "camera")
    assert incident["reg_no"] == "A-1" and incident["at"].endswith("Z")
    assert [a["action"] for a in log["actions"]] == ["start", "submitted", "flag", "end"]


async def test_incidents_can_be_filtered_by_student(api: Api) -> None:
    a, b = await joined(api, "A-1", "B-2")
    for student in (a, b, a):
        ev = {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": {}}
        await api.ok("POST", "events", token=student["token"], json={"events": [ev]})
    everything = (await api.admin("GET", "incidents"))["incidents"]
    assert len(everything) == 3
    only_a = (await api.admin("GET", f"incidents?student_id={a['student_id']}"))["incidents"]
    assert [i["student_id"] for i in only_a] == [a["student_id"]] * 2
    assert [i["id"] for i in only_a] == sorted(i["id"] for i in only_a)
    await api.admin_fail("GET", "incidents?student_id=s_nobody", 404, "unknown_student")


async def test_work_view_of_an_unknown_student_is_404(api: Api) -> None:
    await api.admin_fail("GET", "students/s_nobody/work", 404, "unknown_student")


@pytest.mark.parametrize(
    "method,path",
    [("GET", p) for p in ADMIN_GETS]
    + [
        ("PUT", "policy"),
        ("POST", "start"),
        ("POST", "time"),
        ("POST", "end"),
        ("GET", "students/SID/work"),
    ]
    + [("POST", f"students/SID/{a}") for a in ("pause", "resume", "flag", "unflag", "kick")],
)
async def test_admin_endpoints_refuse_student_missing_and_foreign_tokens(
    make_api: MakeApi, method: str, path: str
) -> None:
    api, other = await make_api(), await make_api()
    (student,) = await joined(api, "A-1")
    path = path.replace("SID", student["student_id"])
    await other.admin_token()
    foreign_admin = await other.admin_token()
    foreign_student = await other.join("A-1")
    before = room_state(api.live)
    url = f"admin/{path}"
    await api.fail(method, url, 401, "missing_token", json={})
    await api.fail(method, url, 403, "wrong_role", token=student["token"], json={})
    for token in ("garbage", foreign_admin, foreign_student["token"], "adm_x"):
        await api.fail(method, url, 401, "invalid_token", token=token, json={})
    assert room_state(api.live) == before


async def test_unknown_room_and_unknown_paths_use_the_error_shape(api: Api) -> None:
    token = await api.admin_token()
    await api.fail("GET", "/api/v1/rooms/ZZZZZZ/admin/students", 404, "unknown_room", token=token)
    await api.fail("POST", "/api/v1/rooms/ZZZZZZ/admin/login", 404, "unknown_room", json={})
    await api.fail("GET", "/api/v1/nothing-here", 404, "not_found")
    await api.fail("GET", "/", 404, "not_found")
    await api.fail("DELETE", "admin/students", 405, "method_not_allowed", token=token)
    await api.fail("GET", "join", 405, "method_not_allowed")


async def test_admin_tokens_last_twelve_hours_then_are_refused(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock)
    body = await api.ok("POST", "admin/login", json={"admin_key": ADMIN_KEY})
    assert body["lifetime_s"] == 12 * 3600
    assert body["expires_ms"] == clock.now + 12 * 3600_000
    token = body["token"]
    ws = await api.ws("admin/stream", token)
    assert (await receive(ws))["type"] == "snapshot"
    clock.advance(12 * 3600_000 - 1000)
    await api.ok("GET", "admin/students", token=token)
    clock.advance(2000)
    message = await api.fail("GET", "admin/students", 401, "token_expired", token=token)
    assert "log in again" in message
    closing = await receive_closing(ws)  # the stream of an expired token ends too
    assert closing.type == aiohttp.WSMsgType.CLOSE
    fresh = await api.ok("POST", "admin/login", json={"admin_key": ADMIN_KEY})
    await api.ok("GET", "admin/students", token=fresh["token"])


async def test_logout_ends_that_token_and_its_streams_only(api: Api) -> None:
    first = (await api.ok("POST", "admin/login", json={"admin_key": ADMIN_KEY}))["token"]
    second = (await api.ok("POST", "admin/login", json={"admin_key": ADMIN_KEY}))["token"]
    ws_first = await api.ws("admin/stream", first)
    ws_second = await api.ws("admin/stream", second)
    await receive(ws_first), await receive(ws_second)
    assert await api.ok("POST", "admin/logout", token=first) == {"logged_out": True}
    await api.fail("GET", "admin/students", 401, "invalid_token", token=first)
    assert (await receive_closing(ws_first)).type == aiohttp.WSMsgType.CLOSE
    await api.ok("GET", "admin/students", token=second)
    await api.join("L-1")
    assert (await receive(ws_second))["type"] == "student"  # the other dashboard goes on
    stored = sqlite3.connect(api.live.store.path).execute("SELECT count(*) FROM admin_tokens")
    assert stored.fetchone()[0] == 1  # the logged-out token is gone from the store too
    await ws_second.close()


async def receive_closing(ws: aiohttp.ClientWebSocketResponse) -> aiohttp.WSMessage:
    msg = await ws.receive(timeout=5)
    while msg.type == aiohttp.WSMsgType.TEXT:
        msg = await ws.receive(timeout=5)
    return msg
