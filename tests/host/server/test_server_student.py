"""Student endpoints of PROTOCOL.md through a real aiohttp server."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from proctor.common.ids import ROOM_ALPHABET
from proctor.common.protocol import JoinResponse, Paper, StateResponse, canonical_files
from proctor.host.server import engine as engine_module
from proctor.host.server.states import OFFLINE_AFTER_MS
from tests.helpers.api import PAPER, Api, Clock, MakeApi, receive

FILES = {"main.py": "def sort(items):\n    return sorted(items)\n", "notes.txt": "ünïcode ✓"}


def canonical_sha256(files: dict[str, str]) -> str:
    text = json.dumps(files, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event(kind: str = "focus_lost", **detail: object) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "kind": kind, "at_ms": 1_700_000_000_000, "detail": detail}


async def test_hello_names_the_app_and_protocol_but_no_room(api: Api) -> None:
    body = await api.ok("GET", "/api/v1/hello")
    assert body["app"] == "proctor" and body["protocol"] == 1
    assert isinstance(body["version"], str) and isinstance(body["server_time_ms"], int)
    assert api.live.id not in json.dumps(body)


async def test_join_in_the_lobby_returns_a_token_and_a_waiting_student(api: Api) -> None:
    body = await api.join("CS-001", "Ada Lovelace")
    answer = JoinResponse.model_validate(body)
    assert answer.room.id == api.live.id and answer.room.status == "lobby"
    assert answer.me.status == "waiting" and answer.me.policy is None
    assert answer.me.name == "Ada Lovelace" and answer.me.reg_no == "CS-001"
    assert answer.token.startswith(answer.student_id + ".")
    assert answer.student_id in api.live.engine.students
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["address"] == "127.0.0.1" and row["online"] is True


async def test_room_ids_match_case_insensitively(api: Api) -> None:
    body = {"name": "Grace Hopper", "reg_no": "CS-002"}
    answer = await api.ok("POST", f"/api/v1/rooms/{api.live.id.lower()}/join", 201, json=body)
    assert answer["room"]["id"] == api.live.id


async def test_unknown_room_is_404_on_every_student_endpoint(api: Api) -> None:
    student = await api.join("CS-003")
    other = "".join(c for c in ROOM_ALPHABET if c not in api.live.id)[:6]
    for method, path, body in [
        ("POST", "join", {"name": "X", "reg_no": "Y"}),
        ("GET", "state", None),
        ("GET", "paper", None),
        ("POST", "events", {"events": []}),
        ("PUT", "work", {"seq": 1, "files": {}}),
        ("POST", "submit", {"files": {}}),
        ("GET", "stream", None),
    ]:
        kwargs = {"json": body} if body is not None else {}
        for room in (other, "nope", "0OIL11"):
            await api.fail(
                method, f"/api/v1/rooms/{room}/{path}", 404, "unknown_room",
                token=student["token"], **kwargs,
            )  # fmt: skip


async def test_state_is_a_heartbeat_and_brings_an_offline_student_back(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    student = await api.join("CS-004")
    sid = student["student_id"]
    clock.advance(OFFLINE_AFTER_MS + 1)
    await api.tick()
    assert api.live.engine.students[sid].online is False

    body = await api.ok("GET", "state", token=student["token"])

    StateResponse.model_validate(body)
    assert body["me"]["student_id"] == sid and body["room"]["server_time_ms"] == clock.now
    assert api.live.engine.students[sid].online is True
    kinds = [i["kind"] for i in (await api.admin("GET", "incidents"))["incidents"]]
    assert kinds == ["went_offline", "back_online"]


async def test_same_reg_no_is_409_seat_taken_and_with_the_seat_key_resumes(
    make_api: MakeApi,
) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    first = await api.join("CS-005", "Alan Turing")
    await api.fail("POST", "join", 409, "seat_taken", json={"name": "A", "reg_no": "cs-005"})

    clock.advance(OFFLINE_AFTER_MS + 1)
    await api.tick()
    await api.fail("POST", "join", 409, "seat_taken", json={"name": "A", "reg_no": "cs-005"})
    body = {"name": "Alan M. Turing", "reg_no": "cs-005", "seat_key": first["seat_key"]}
    again = await api.ok("POST", "join", 201, json=body)

    assert again["student_id"] == first["student_id"]
    assert again["token"] != first["token"]
    assert again["me"]["name"] == "Alan Turing"
    await api.fail("GET", "state", 401, "invalid_token", token=first["token"])
    await api.ok("GET", "state", token=again["token"])
    incidents = (await api.admin("GET", "incidents"))["incidents"]
    assert [(i["kind"], i["source"]) for i in incidents][-1] == ("rejoined", "network")
    assert len(api.live.engine.students) == 1


async def test_a_kicked_student_cannot_join_again_until_readmitted(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    student = await api.join("CS-006")
    await api.admin("POST", f"students/{student['student_id']}/kick", {"reason": "phone"})
    clock.advance(OFFLINE_AFTER_MS + 1)
    await api.tick()
    await api.fail("POST", "join", 403, "kicked", json={"name": "B", "reg_no": "CS-006"})
    await api.admin("POST", f"students/{student['student_id']}/readmit")
    body = {"name": "B", "reg_no": "CS-006", "seat_key": student["seat_key"]}
    again = await api.ok("POST", "join", 201, json=body)
    assert again["student_id"] == student["student_id"] and again["me"]["status"] == "waiting"


async def test_the_paper_is_403_not_started_until_the_exam_starts(api: Api) -> None:
    student = await api.join("CS-007")
    await api.fail("GET", "paper", 403, "not_started", token=student["token"])
    await api.admin("POST", "start")
    body = await api.ok("GET", "paper", token=student["token"])
    assert Paper.model_validate(body).model_dump() == PAPER


async def test_events_are_accepted_once_and_duplicates_counted(api: Api) -> None:
    student = await api.join("CS-008")
    await api.admin("POST", "start")
    first, second = event("focus_lost", duration_s=3), event("external_paste", chars=120)
    answer = await api.ok("POST", "events", token=student["token"], json={"events": [first, first]})
    assert answer == {"accepted": 1, "duplicates": 1, "dropped": 0}
    upper = dict(first, id=str(first["id"]).upper())
    answer = await api.ok(
        "POST", "events", token=student["token"], json={"events": [upper, second]}
    )
    assert answer == {"accepted": 1, "duplicates": 1, "dropped": 0}

    incidents = (await api.admin("GET", "incidents"))["incidents"]
    assert [(i["kind"], i["source"]) for i in incidents] == [
        ("focus_lost", "focus"),
        ("external_paste", "clipboard"),
    ]
    assert incidents[0]["detail"] == {"duration_s": 3}
    assert incidents[0]["reg_no"] == "CS-008"
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["violations"] == 2 and row["latest_incident"] == "external_paste"


async def test_an_empty_event_batch_is_fine(api: Api) -> None:
    student = await api.join("CS-009")
    answer = await api.ok("POST", "events", token=student["token"], json={"events": []})
    assert answer == {"accepted": 0, "duplicates": 0, "dropped": 0}


async def test_shield_events_set_and_clear_the_flag(api: Api) -> None:
    student = await api.join("CS-010")
    await api.admin("POST", "start")
    found = event("process_blacklisted", name="Discord", rule="Discord", pid=4242)
    await api.ok("POST", "events", token=student["token"], json={"events": [found]})
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["flagged"] and row["shield_processes"] == ["Discord"] and not row["manual_flag"]
    cleared = event("process_cleared", name="Discord", rule="Discord", pid=4242)
    await api.ok("POST", "events", token=student["token"], json={"events": [cleared]})
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["flagged"] and row["shield_processes"] == [] and row["shield_seen"] == ["Discord"]
    assert row["flag_reasons"] == ["shield: Discord was running"]
    await api.admin("POST", f"students/{student['student_id']}/unflag")
    row = (await api.admin("GET", "students"))["students"][0]
    assert not row["flagged"] and row["flag_reasons"] == [] and row["shield_seen"] == []


async def test_work_snapshots_keep_the_highest_seq(api: Api) -> None:
    student = await api.join("CS-011")
    token, sid = student["token"], student["student_id"]
    await api.fail("PUT", "work", 409, "not_started", token=token, json={"seq": 1, "files": FILES})
    await api.admin("POST", "start")

    answer = await api.ok("PUT", "work", token=token, json={"seq": 5, "files": FILES})
    assert answer == {"seq": 5, "sha256": canonical_sha256(FILES), "accepts_base": True}
    older = {"main.py": "old"}
    answer = await api.ok("PUT", "work", token=token, json={"seq": 4, "files": older})
    assert answer == {
        "seq": 5,
        "sha256": canonical_sha256(FILES),
        "accepts_base": True,
    }  # ignored: the stored one
    view = await api.admin("GET", f"students/{sid}/work")
    assert view["snapshot"]["seq"] == 5 and view["snapshot"]["files"] == FILES
    assert view["submission"] is None

    newer = dict(FILES, extra_py="x = 1\n")
    answer = await api.ok("PUT", "work", token=token, json={"seq": 6, "files": newer})
    assert answer["seq"] == 6
    view = await api.admin("GET", f"students/{sid}/work")
    assert view["snapshot"]["files"] == newer


async def test_submit_returns_a_receipt_of_the_canonical_json(api: Api) -> None:
    student = await api.join("CS-012")
    token, sid = student["token"], student["student_id"]
    await api.fail("POST", "submit", 409, "not_started", token=token, json={"files": FILES})
    await api.admin("POST", "start")

    receipt = await api.ok("POST", "submit", token=token, json={"files": FILES})

    assert receipt["sha256"] == canonical_sha256(FILES) == canonical_files(FILES)[1]
    assert abs(receipt["received_ms"] - api.live.clock()) < 5000
    state = await api.ok("GET", "state", token=token)
    assert state["me"]["status"] == "submitted"
    view = await api.admin("GET", f"students/{sid}/work")
    assert view["submission"] == {"files": FILES, **receipt}
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["submission_sha256"] == receipt["sha256"]


async def test_submit_while_paused_is_409(api: Api) -> None:
    student = await api.join("CS-013")
    await api.admin("POST", "start")
    await api.admin("POST", f"students/{student['student_id']}/pause")
    await api.fail("POST", "submit", 409, "paused", token=student["token"], json={"files": FILES})


async def test_submit_after_the_grace_period_is_409_exam_over(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False, duration_s=60, grace_ms=30_000)
    student = await api.join("CS-014")
    token = student["token"]
    await api.admin("POST", "start")
    await api.ok("PUT", "work", token=token, json={"seq": 1, "files": FILES})
    clock.advance(60_000)
    api.live.engine.heartbeat(student["student_id"], clock.now)
    await api.tick()
    state = await api.ok("GET", "state", token=token)
    assert state["me"]["status"] == "ended" and state["room"]["status"] == "ended"

    clock.advance(30_000)  # the last moment of the grace period
    await api.ok("POST", "submit", token=token, json={"files": FILES})
    clock.advance(1)
    await api.fail("POST", "submit", 409, "exam_over", token=token, json={"files": {"a.py": ""}})
    await api.fail("PUT", "work", 409, "exam_over", token=token, json={"seq": 9, "files": {}})
    view = await api.admin("GET", f"students/{student['student_id']}/work")
    assert view["submission"]["files"] == FILES and view["snapshot"]["seq"] == 1


async def test_missing_garbage_and_foreign_tokens_are_401(make_api: MakeApi) -> None:
    api, other = await make_api(), await make_api()
    foreign = await other.join("CS-015")
    for method, path, body in [
        ("GET", "state", None),
        ("GET", "paper", None),
        ("POST", "events", {"events": []}),
        ("PUT", "work", {"seq": 1, "files": {}}),
        ("POST", "submit", {"files": {}}),
    ]:
        kwargs = {"json": body} if body is not None else {}
        await api.fail(method, path, 401, "missing_token", **kwargs)
        for token in ("garbage", "s_123.abc", ".", foreign["token"]):
            await api.fail(method, path, 401, "invalid_token", token=token, **kwargs)
        admin = await api.admin_token()
        await api.fail(method, path, 403, "wrong_role", token=admin, **kwargs)


async def test_failed_joins_are_rate_limited_per_address(api: Api) -> None:
    for _ in range(20):
        await api.fail("POST", "join", 400, "invalid_body", json={"name": ""})
    status, body = await api.call("POST", "join", json={"name": "Late", "reg_no": "OK-1"})
    assert (status, body["error"]["code"]) == (429, "too_many_attempts")
    async with api.client.post(api.url("join"), json={"name": "A", "reg_no": "B"}) as resp:
        assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1
    assert api.live.engine.students == {}


async def test_successful_joins_are_not_rate_limited(api: Api) -> None:
    for n in range(30):
        await api.join(f"R-{n}")
    assert len(api.live.engine.students) == 30


def test_the_host_keeps_an_idle_connection_longer_than_the_student_app_does() -> None:
    """Otherwise a student's request can go out on a connection the host is just closing."""
    from proctor.host.server.app import KEEPALIVE_TIMEOUT_S
    from proctor.student.host_client import IDLE_CONNECTION_S

    assert IDLE_CONNECTION_S < KEEPALIVE_TIMEOUT_S


async def test_a_token_in_the_query_is_taken_on_websocket_upgrades_only(api: Api) -> None:
    """A token in a URL ends up in logs and histories: plain requests must send the header."""
    student = await api.join("Q-1")
    token = student["token"]
    message = await api.fail("GET", f"state?token={token}", 401, "missing_token")
    assert "WebSocket" in message
    admin = await api.admin_token()
    await api.fail("GET", f"admin/students?token={admin}", 401, "missing_token")
    ws = await api.ws("stream", token)  # the upgrade may carry it (browsers cannot set headers)
    assert (await receive(ws))["type"] == "state"
    await ws.close()


async def test_incidents_per_student_are_capped_with_one_incident_saying_so(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "MAX_REPORTS_PER_STUDENT", 10)
    student = await api.join("C-1")
    token, sid = student["token"], student["student_id"]

    def batch(n: int) -> dict:
        return {
            "events": [
                {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": {}}
                for _ in range(n)
            ]
        }

    assert await api.ok("POST", "events", token=token, json=batch(8)) == {
        "accepted": 8, "duplicates": 0, "dropped": 0,
    }  # fmt: skip
    assert await api.ok("POST", "events", token=token, json=batch(5)) == {
        "accepted": 2, "duplicates": 0, "dropped": 3,
    }  # fmt: skip
    assert (await api.ok("POST", "events", token=token, json=batch(4)))["dropped"] == 4
    rows = (await api.admin("GET", f"incidents?student_id={sid}"))["incidents"]
    kinds = [r["kind"] for r in rows]
    assert kinds.count("focus_lost") == 10 and kinds.count("reports_capped") == 1
    assert api.live.engine.students[sid].violations == 10
