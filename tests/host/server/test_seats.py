"""Seats are owned: a seat is resumed only with its seat_key or after the proctor's move, a
refused claim is recorded, a moved seat gets its work back, and snapshots keep an order no
client can exhaust. Through a real aiohttp server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType

from proctor.common.protocol import MAX_SEQ
from proctor.host.server.app import make_app
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from proctor.host.server.states import OFFLINE_AFTER_MS
from tests.helpers.api import Api, Clock, MakeApi, receive_until

FILES = {"main.py": "def sort(items):\n    return sorted(items)\n"}
OWN_KEY = "k" * 43


async def join(api: Api, reg_no: str, name: str = "Ada Lovelace", **extra: Any) -> dict[str, Any]:
    body = {"name": name, "reg_no": reg_no, "client": {"os": "test"}, **extra}
    return dict(await api.ok("POST", "join", 201, json=body))


async def claim(api: Api, reg_no: str, name: str, code: str, **extra: Any) -> str:
    body = {"name": name, "reg_no": reg_no, **extra}
    return await api.fail("POST", "join", 409, code, json=body)


async def go_offline(api: Api, clock: Clock) -> None:
    clock.advance(OFFLINE_AFTER_MS + 1)
    await api.tick()


async def claims(api: Api) -> list[dict[str, Any]]:
    incidents = (await api.admin("GET", "incidents"))["incidents"]
    return [i for i in incidents if i["kind"] == "seat_claim_refused"]


async def closes(ws: Any) -> None:
    """The stream is closed by the host (state frames already on their way may come first)."""
    while (msg := await ws.receive(timeout=3)).type == WSMsgType.TEXT:
        pass
    assert msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING), msg


async def started_with_work(make_api: MakeApi, reg_no: str = "CS-1") -> tuple:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    owner = await join(api, reg_no)
    await api.admin("POST", "start")
    saved = await api.ok("PUT", "work", token=owner["token"], json={"seq": 7, "files": FILES})
    assert saved["seq"] == 7
    return api, clock, owner


# ---- the seat key ---------------------------------------------------------------------------
async def test_a_join_answer_carries_a_seat_key_the_host_keeps_only_hashed(api: Api) -> None:
    answer = await join(api, "CS-1")
    key = answer["seat_key"]
    assert isinstance(key, str) and len(key) >= 32
    student = api.live.engine.students[answer["student_id"]]
    assert key not in repr(student) and student.seat_key_hash
    other = await join(api, "CS-2")
    assert other["seat_key"] != key


async def test_a_key_proposed_by_the_app_is_adopted_so_a_lost_answer_can_be_repeated(
    make_api: MakeApi,
) -> None:
    api = await make_api(ticker=False)
    first = await join(api, "CS-1", seat_key=OWN_KEY)
    assert first["seat_key"] == OWN_KEY
    again = await join(api, "CS-1", seat_key=OWN_KEY)  # the first answer never arrived
    assert again["student_id"] == first["student_id"] and again["seat_key"] == OWN_KEY
    await api.fail("GET", "state", 401, "invalid_token", token=first["token"])
    await api.ok("GET", "state", token=again["token"])


async def test_a_proposed_key_must_be_long_and_plain(api: Api) -> None:
    for bad in ("short", "x" * 31, "é" * 40, "a b" * 20, "x" * 129):
        body = {"name": "A", "reg_no": "CS-1", "seat_key": bad}
        await api.fail("POST", "join", 400, "invalid_body", json=body)
    assert not api.live.engine.students


# ---- takeover attempts ----------------------------------------------------------------------
async def test_reg_no_alone_cannot_take_the_seat_of_an_offline_student(make_api: MakeApi) -> None:
    api, clock, owner = await started_with_work(make_api)
    await go_offline(api, clock)

    message = await claim(api, "cs-1", "Mallory", "seat_taken")

    assert "proctor" in message
    await api.ok("GET", "state", token=owner["token"])  # the owner's token still works
    work = await api.admin("GET", f"students/{owner['student_id']}/work")
    assert work["snapshot"]["files"] == FILES
    (refused,) = await claims(api)
    assert refused["student_id"] == owner["student_id"] and refused["source"] == "network"
    assert refused["detail"]["address"] == "127.0.0.1"
    assert refused["detail"]["name_given"] == "Mallory"
    assert refused["detail"]["owner_online"] is False
    assert refused["detail"]["reason"] == "no_key"
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["refused_claims"] == 1
    assert row["last_refused_claim"]["name_given"] == "Mallory"
    assert row["last_refused_claim"]["address"] == "127.0.0.1"
    assert row["violations"] == 0  # the owner did nothing wrong


async def test_reg_no_alone_cannot_take_the_seat_of_an_online_student(make_api: MakeApi) -> None:
    api, _clock, owner = await started_with_work(make_api)
    await claim(api, "CS-1", "Mallory", "seat_taken")
    (refused,) = await claims(api)
    assert refused["detail"]["owner_online"] is True
    await api.ok("GET", "state", token=owner["token"])


async def test_a_wrong_seat_key_is_refused(make_api: MakeApi) -> None:
    api, clock, owner = await started_with_work(make_api)
    await go_offline(api, clock)
    await claim(api, "CS-1", "Ada Lovelace", "seat_taken", seat_key="w" * 43)
    (refused,) = await claims(api)
    assert refused["detail"]["reason"] == "wrong_key"
    await api.ok("GET", "state", token=owner["token"])


async def test_refused_claims_count_towards_the_join_limit(api: Api) -> None:
    await join(api, "CS-1")
    for _ in range(20):
        await claim(api, "CS-1", "Mallory", "seat_taken")
    status, body = await api.call("POST", "join", json={"name": "Mallory", "reg_no": "CS-1"})
    assert (status, body["error"]["code"]) == (429, "too_many_attempts")
    assert len(await claims(api)) == 20


async def test_a_kicked_student_stays_kicked_whatever_the_key(make_api: MakeApi) -> None:
    api, _clock, owner = await started_with_work(make_api)
    await api.admin("POST", f"students/{owner['student_id']}/kick", {"reason": "phone"})
    for extra in ({}, {"seat_key": owner["seat_key"]}):
        body = {"name": "Ada Lovelace", "reg_no": "CS-1", **extra}
        await api.fail("POST", "join", 403, "kicked", json=body)


# ---- the owner coming back ------------------------------------------------------------------
async def test_the_right_key_resumes_an_offline_seat_and_keeps_the_key(make_api: MakeApi) -> None:
    api, clock, owner = await started_with_work(make_api)
    await go_offline(api, clock)
    again = await join(api, "CS-1", seat_key=owner["seat_key"])
    assert again["student_id"] == owner["student_id"] and again["seat_key"] == owner["seat_key"]
    await api.fail("GET", "state", 401, "invalid_token", token=owner["token"])
    kinds = [i["kind"] for i in (await api.admin("GET", "incidents"))["incidents"]]
    assert kinds[-1] == "rejoined" and "seat_claim_refused" not in kinds


async def test_the_right_key_while_the_old_connection_looks_online_replaces_it(
    make_api: MakeApi,
) -> None:
    """The app restarted within seconds: its old stream still looks alive to the host."""
    api, _clock, owner = await started_with_work(make_api)
    old_stream = await api.ws("stream", owner["token"])
    await receive_until(old_stream, lambda m: m["type"] == "state")

    again = await join(api, "CS-1", seat_key=owner["seat_key"])

    assert again["student_id"] == owner["student_id"]
    await closes(old_stream)
    await api.fail("GET", "state", 401, "invalid_token", token=owner["token"])
    await api.ok("GET", "state", token=again["token"])
    (rejoined,) = [
        i for i in (await api.admin("GET", "incidents"))["incidents"] if i["kind"] == "rejoined"
    ]
    assert rejoined["detail"]["replaced_connection"] is True
    await old_stream.close()


# ---- the proctor's move ---------------------------------------------------------------------
async def test_a_move_lets_one_new_computer_take_the_seat_with_its_work(make_api: MakeApi) -> None:
    api, _clock, owner = await started_with_work(make_api)
    sid = owner["student_id"]
    old_stream = await api.ws("stream", owner["token"])
    await receive_until(old_stream, lambda m: m["type"] == "state")

    row = await api.admin("POST", f"students/{sid}/move", {"reason": "laptop died"})

    assert row["move_pending"] is True and row["online"] is False
    await closes(old_stream)
    await old_stream.close()
    # The old computer's token stops working, and says why.
    message = await api.fail("GET", "state", 401, "seat_moved", token=owner["token"])
    assert "another computer" in message
    stale = {"seq": 99, "files": {"main.py": "old laptop"}}
    await api.fail("PUT", "work", 401, "seat_moved", token=owner["token"], json=stale)

    spare = await join(api, "CS-1", name="Ada L.")
    assert spare["student_id"] == sid and spare["seat_key"] != owner["seat_key"]
    assert spare["me"]["name"] == "Ada Lovelace"  # the name given at first join stands
    work = await api.ok("GET", "work", token=spare["token"])
    assert work["files"] == FILES and work["seq"] == 7
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["move_pending"] is False and row["online"] is True

    # Once: the next claim without the new key is refused again.
    await claim(api, "CS-1", "Mallory", "seat_taken")
    # The old laptop wakes up: its key is refused with the reason, its token too.
    message = await claim(api, "CS-1", "Ada Lovelace", "seat_moved", seat_key=owner["seat_key"])
    assert "another computer" in message
    await api.fail("GET", "state", 401, "seat_moved", token=owner["token"])
    kinds = [i["kind"] for i in (await api.admin("GET", "incidents"))["incidents"]]
    assert "seat_moved" in kinds
    reasons = [i["detail"]["reason"] for i in await claims(api)]
    assert reasons == ["no_key", "moved"]
    actions = [a["action"] for a in (await api.admin("GET", "log"))["actions"]]
    assert "move" in actions


async def test_the_old_key_cannot_use_a_pending_move(make_api: MakeApi) -> None:
    api, _clock, owner = await started_with_work(make_api)
    await api.admin("POST", f"students/{owner['student_id']}/move")
    await claim(api, "CS-1", "Ada Lovelace", "seat_moved", seat_key=owner["seat_key"])
    spare = await join(api, "CS-1", seat_key=OWN_KEY)  # the move is still there to use
    assert spare["seat_key"] == OWN_KEY


async def test_move_needs_a_known_student_who_is_not_removed(make_api: MakeApi) -> None:
    api, _clock, owner = await started_with_work(make_api)
    await api.admin_fail("POST", "students/s_nobody/move", 404, "unknown_student", json={})
    await api.admin("POST", f"students/{owner['student_id']}/kick", {"reason": "x"})
    await api.admin_fail(
        "POST", f"students/{owner['student_id']}/move", 409, "wrong_state", json={}
    )
    await api.fail("POST", f"admin/students/{owner['student_id']}/move", 401, "missing_token")


# ---- the host's copy of the work ------------------------------------------------------------
async def test_get_work_returns_the_latest_snapshot_or_404_before_any(make_api: MakeApi) -> None:
    api = await make_api(ticker=False)
    student = await join(api, "CS-1")
    await api.admin("POST", "start")
    await api.fail("GET", "work", 404, "no_work", token=student["token"])
    await api.ok("PUT", "work", token=student["token"], json={"seq": 3, "files": FILES})
    work = await api.ok("GET", "work", token=student["token"])
    assert (work["seq"], work["files"]) == (3, FILES)
    assert len(work["sha256"]) == 64 and isinstance(work["saved_ms"], int)
    await api.fail("GET", "work", 401, "missing_token")


async def test_get_work_prefers_a_newer_hand_in(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    student = await join(api, "CS-1")
    await api.admin("POST", "start")
    await api.ok("PUT", "work", token=student["token"], json={"seq": 3, "files": FILES})
    clock.advance(1000)
    handed = {"main.py": "handed in last"}
    await api.ok("POST", "submit", token=student["token"], json={"files": handed})
    work = await api.ok("GET", "work", token=student["token"])
    assert work["files"] == handed and work["seq"] == 3


# ---- snapshot order -------------------------------------------------------------------------
async def test_a_huge_seq_does_not_freeze_the_seat(make_api: MakeApi) -> None:
    api, _clock, owner = await started_with_work(make_api)
    token = owner["token"]
    frozen = await api.ok("PUT", "work", token=token, json={"seq": MAX_SEQ, "files": {"a": "1"}})
    assert frozen["seq"] < 10_000  # the host stores at most a small step past the last one
    # The client adopts the host's number, as the student app does, and carries on.
    later = {"main.py": "still saving"}
    answer = await api.ok(
        "PUT", "work", token=token, json={"seq": frozen["seq"] + 1, "files": later}
    )
    assert answer["seq"] == frozen["seq"] + 1
    work = await api.ok("GET", "work", token=token)
    assert work["files"] == later


async def test_a_client_offline_for_hours_or_ahead_is_stored_and_older_is_ignored(
    make_api: MakeApi,
) -> None:
    api, _clock, owner = await started_with_work(make_api)
    token = owner["token"]
    hours = {"main.py": "written offline"}
    answer = await api.ok("PUT", "work", token=token, json={"seq": 7 + 5000, "files": hours})
    assert answer["seq"] > 7
    stale = await api.ok("PUT", "work", token=token, json={"seq": 5, "files": {"main.py": "old"}})
    assert stale["seq"] == answer["seq"]
    assert (await api.ok("GET", "work", token=token))["files"] == hours


async def test_seat_keys_and_a_pending_move_survive_a_restart(
    aiohttp_client: Any, make_live: Callable[..., LiveRoom]
) -> None:
    client = await aiohttp_client(make_app(make_live, start_ticker=False))
    api = Api(client, client.app[LIVE_ROOM])
    owner, moving = await join(api, "CS-1"), await join(api, "CS-2")
    await api.admin("POST", f"students/{moving['student_id']}/move")
    path = api.live.store.path
    await api.client.close()  # the app closes the room

    client = await aiohttp_client(make_app(lambda: LiveRoom.resume(path), start_ticker=False))
    api = Api(client, client.app[LIVE_ROOM])
    await claim(api, "CS-1", "Mallory", "seat_taken")
    resumed = await join(api, "CS-1", seat_key=owner["seat_key"])
    assert resumed["student_id"] == owner["student_id"]
    await api.fail("GET", "state", 401, "seat_moved", token=moving["token"])
    spare = await join(api, "CS-2")
    assert spare["student_id"] == moving["student_id"]
