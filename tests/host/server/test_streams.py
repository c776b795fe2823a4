"""Both WebSockets with real round trips: the student's state pushes and the admin stream."""

from __future__ import annotations

import asyncio
import uuid

import aiohttp
import pytest

from proctor.common.protocol import (
    STREAM_FLOODED,
    STREAM_REPLACED,
    AdminActionMessage,
    AdminIncidentMessage,
    AdminRoomMessage,
    AdminSnapshotMessage,
    AdminStudentMessage,
    StateMessage,
)
from proctor.host.server import connection, hub
from proctor.host.server.connection import utf8
from proctor.host.server.states import OFFLINE_AFTER_MS
from tests.helpers.api import Api, Clock, MakeApi, receive, receive_until
from tests.helpers.constants import ADMIN_KEY


async def test_student_stream_pushes_state_on_connect_and_on_every_change(api: Api) -> None:
    student = await api.join("S-1")
    sid, token = student["student_id"], student["token"]
    ws = await api.ws("stream", token)

    first = StateMessage.model_validate(await receive(ws))
    assert first.me.student_id == sid and first.me.status == "waiting"
    assert first.room.status == "lobby"

    room = await api.admin("POST", "start")
    started = StateMessage.model_validate(await receive(ws))
    assert started.room.status == "active" and started.me.status == "active"
    assert started.me.ends_ms == room["ends_ms"] and started.me.policy is not None

    await api.admin("POST", f"students/{sid}/pause")
    assert (await receive(ws))["me"]["status"] == "paused"
    await api.admin("POST", f"students/{sid}/resume")
    resumed = await receive(ws)
    assert resumed["me"]["status"] == "active"

    await api.admin("POST", "time", {"extra_s": 120, "student_id": sid})
    extended = await receive(ws)
    assert extended["me"]["ends_ms"] == resumed["me"]["ends_ms"] + 120_000

    await api.admin("POST", "time", {"extra_s": 60})
    everyone = await receive(ws)
    assert everyone["room"]["ends_ms"] == room["ends_ms"] + 60_000
    assert everyone["me"]["ends_ms"] == extended["me"]["ends_ms"] + 60_000
    await ws.close()


@pytest.mark.parametrize("lean", [False, True], ids=["full", "lean"])
@pytest.mark.parametrize("name", ['Zoë "Q" O\'Brien \\ 李雷 😀', "Ann </script>"])
async def test_state_frames_carry_exactly_the_rooms_and_the_students_models(
    api: Api, name: str, lean: bool
) -> None:
    """The frames are assembled from shared, pre-encoded parts: they must still say exactly
    what the models say, for any name, before and after the policy joins them. A full frame
    is Me without `policy_rev`, as before lean frames; a lean one has the policy only in the
    first frame of the connection (in the lobby too)."""
    student = await api.join("S-ü.1", name=name)
    sid = student["student_id"]
    await api.admin("PUT", "policy", {"paste": "block", "camera": "report"})
    ws = await api.ws("stream?lean=1" if lean else "stream", student["token"])
    engine = api.live.engine
    for step in ("lobby", "start", "pause"):
        if step == "start":
            await api.admin("POST", "start")
        elif step == "pause":
            await api.admin("POST", f"students/{sid}/pause")
        frame = await receive(ws)
        me = engine.me(engine.students[sid]).model_dump(mode="json")
        if lean:
            assert me["policy_rev"] == 2
            me["policy"] = engine.policy.model_dump(mode="json") if step == "lobby" else None
        else:
            del me["policy_rev"]
        assert frame["me"] == me
        assert frame["me"]["name"] == name and frame["me"]["reg_no"] == "S-ü.1"
        room = engine.room.to_wire(frame["room"]["server_time_ms"]).model_dump(mode="json")
        assert frame["room"] == room
        assert (frame["me"]["policy"] is None) == (step != "lobby" if lean else step == "lobby")
        if frame["me"]["policy"] is not None:
            assert frame["me"]["policy"]["paste"] == "block"
    await ws.close()


async def test_a_change_for_one_student_is_not_pushed_to_another(api: Api) -> None:
    a, b = await api.join("S-1"), await api.join("S-2")
    await api.admin("POST", "start")
    ws_b = await api.ws("stream", b["token"])
    await receive(ws_b)
    await api.admin("POST", f"students/{a['student_id']}/pause")
    with pytest.raises(asyncio.TimeoutError):
        await receive(ws_b, timeout=0.3)
    await ws_b.close()


async def test_heartbeats_are_answered_with_the_server_time(api: Api) -> None:
    student = await api.join("S-1")
    ws = await api.ws("stream", student["token"])
    await receive(ws)
    await ws.send_json({"type": "heartbeat"})
    answer = await receive(ws)
    assert answer["type"] == "heartbeat" and abs(answer["server_time_ms"] - api.live.clock()) < 5000
    await ws.send_str("not json")  # ignored, the stream stays up
    await ws.send_json({"type": "something else"})
    await ws.send_json(["a", "list"])
    await ws.send_json({"type": "heartbeat"})
    assert (await receive(ws))["type"] == "heartbeat"
    await ws.close()


async def test_the_stream_needs_a_valid_student_token(api: Api) -> None:
    for token, status in [("garbage", 401), (await api.admin_token(), 403)]:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await api.ws("stream", token)
        assert caught.value.status == status


async def test_a_kicked_student_gets_the_kicked_state_then_the_stream_closes(api: Api) -> None:
    student = await api.join("S-1")
    sid, token = student["student_id"], student["token"]
    await api.admin("POST", "start")
    ws = await api.ws("stream", token)
    assert (await receive(ws))["me"]["status"] == "active"

    await api.admin("POST", f"students/{sid}/kick", {"reason": "phone"})

    kicked = await receive(ws)
    assert kicked["me"]["status"] == "kicked" and kicked["me"]["policy"] is None
    closing = await asyncio.wait_for(ws.receive(), 3)
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert ws.closed or (await ws.receive()).type == aiohttp.WSMsgType.CLOSED

    await api.fail("GET", "state", 403, "kicked", token=token)
    await api.fail("GET", "paper", 403, "kicked", token=token)
    await api.fail("PUT", "work", 403, "kicked", token=token, json={"seq": 1, "files": {}})
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await api.ws("stream", token)
    assert caught.value.status == 403

    await api.admin("POST", f"students/{sid}/readmit")
    assert (await api.ok("GET", "state", token=token))["me"]["status"] == "active"
    ws = await api.ws("stream", token)
    assert (await receive(ws))["me"]["status"] == "active"
    await ws.close()


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "https://exam.example.org", "http://127.0.0.1.evil.example",
     "http://localhost.evil.example", "null"],
)  # fmt: skip
async def test_a_foreign_origin_is_refused_on_both_streams(api: Api, origin: str) -> None:
    student = await api.join("S-1")
    admin = await api.admin_token()
    for path, token in [("stream", student["token"]), ("admin/stream", admin)]:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await api.ws(path, token, origin=origin)
        assert caught.value.status == 403, path


@pytest.mark.parametrize("origin", ["SELF", "http://127.0.0.1:9", "http://localhost:8080"])
async def test_same_origin_and_loopback_pages_may_connect(api: Api, origin: str) -> None:
    student = await api.join("S-1")
    if origin == "SELF":
        origin = f"http://{api.client.host}:{api.client.port}"
    ws = await api.ws("stream", student["token"], origin=origin)
    assert (await receive(ws))["type"] == "state"
    await ws.close()


async def test_admin_stream_starts_with_a_snapshot_then_pushes_every_change(api: Api) -> None:
    early = await api.join("A-1")
    ws = await api.ws("admin/stream", await api.admin_token())

    snapshot = AdminSnapshotMessage.model_validate(await receive(ws))
    assert snapshot.room.id == api.live.id
    assert [s.student_id for s in snapshot.students] == [early["student_id"]]

    late = await api.join("B-2")
    joined = AdminStudentMessage.model_validate(await receive(ws))
    assert joined.student.student_id == late["student_id"] and joined.student.status == "waiting"

    await api.admin("POST", "start")
    room_msg = await receive_until(ws, lambda m: m["type"] == "room")
    assert AdminRoomMessage.model_validate(room_msg).room.status == "active"
    rows = [await receive_until(ws, lambda m: m["type"] == "student") for _ in range(2)]
    assert {r["student"]["status"] for r in rows} == {"active"}
    started = AdminActionMessage.model_validate(await receive(ws)).action
    assert (started.action, started.student_id, started.reason) == ("start", None, None)

    ev = {"id": str(uuid.uuid4()), "kind": "multiple_faces", "at_ms": 1, "detail": {"faces": 2}}
    await api.ok("POST", "events", token=late["token"], json={"events": [ev]})
    pushed = {m["type"]: m for m in [await receive(ws), await receive(ws)]}
    parsed = AdminIncidentMessage.model_validate(pushed["incident"]).incident
    assert (parsed.kind, parsed.source, parsed.reg_no) == ("multiple_faces", "camera", "B-2")
    assert parsed.detail == {"faces": 2}
    assert pushed["student"]["student"]["violations"] == 1

    await api.admin("POST", f"students/{early['student_id']}/flag", {"reason": "notes"})
    row = await receive_until(ws, lambda m: m["type"] == "student")
    assert row["student"]["flag_reasons"] == ["notes"]
    flagged = AdminActionMessage.model_validate(await receive(ws)).action
    assert (flagged.action, flagged.student_id, flagged.reason) == (
        "flag",
        early["student_id"],
        "notes",
    )

    await ws.send_json({"type": "heartbeat"})
    assert (await receive_until(ws, lambda m: m["type"] == "heartbeat"))["server_time_ms"] > 0

    await api.admin("POST", "end", {"admin_key": ADMIN_KEY})
    assert (await receive_until(ws, lambda m: m["type"] == "room"))["room"]["status"] == "ended"
    await ws.close()


async def test_admin_stream_needs_the_admin_token(api: Api) -> None:
    student = await api.join("A-1")
    for token, status in [(student["token"], 403), ("garbage", 401)]:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await api.ws("admin/stream", token)
        assert caught.value.status == status


async def test_a_dashboard_too_far_behind_is_cut_off_and_takes_nothing_more(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "ADMIN_BACKLOG_LIMIT", 5)
    ws = await api.ws("admin/stream", await api.admin_token())
    assert (await receive(ws))["type"] == "snapshot"
    (conn,) = api.live.hub.admins
    # Queued faster than anything can be sent (no await in between): the limit is reached.
    accepted = [conn.queue(utf8('{"type":"room"}')) for _ in range(8)]
    assert accepted == [True] * 5 + [False] * 3
    closed = await ws.receive(timeout=3)
    assert closed.type == aiohttp.WSMsgType.CLOSE and closed.extra == "too far behind"
    assert conn.queue(utf8('{"type":"room"}')) is False  # given up stays given up


async def test_two_dashboards_both_get_every_change(api: Api) -> None:
    token = await api.admin_token()
    first, second = await api.ws("admin/stream", token), await api.ws("admin/stream", token)
    for ws in (first, second):
        assert (await receive(ws))["type"] == "snapshot"
    student = await api.join("A-1")
    for ws in (first, second):
        message = await receive(ws)
        assert message["student"]["student_id"] == student["student_id"]
        await ws.close()


async def test_a_closed_stream_is_forgotten_by_the_hub(api: Api) -> None:
    student = await api.join("A-1")
    ws = await api.ws("stream", student["token"])
    await receive(ws)
    assert student["student_id"] in api.live.hub.students
    await ws.close()
    for _ in range(50):
        if student["student_id"] not in api.live.hub.students:
            break
        await asyncio.sleep(0.02)
    assert student["student_id"] not in api.live.hub.students
    await api.admin("POST", "start")  # publishing to nobody is fine


async def test_the_rooms_clock_ends_the_exam_and_pushes_it(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, duration_s=60)
    student = await api.join("T-1")
    await api.admin("POST", "start")
    ws = await api.ws("stream", student["token"])
    assert (await receive(ws))["me"]["status"] == "active"
    admin = await api.ws("admin/stream", await api.admin_token())
    await receive(admin)

    clock.advance(60_000)  # the room's own ticker notices within a quarter second
    api.live.engine.heartbeat(student["student_id"], clock.now)

    ended = await receive(ws)
    assert ended["me"]["status"] == "ended" and ended["room"]["status"] == "ended"
    room = await receive_until(admin, lambda m: m["type"] == "room")
    assert room["room"]["status"] == "ended"
    actions = [a["action"] for a in (await api.admin("GET", "log"))["actions"]]
    assert actions[-2:] == ["time_up", "time_up"]  # the student's end, then the room's
    await ws.close()
    await admin.close()


async def test_a_silent_student_goes_offline_and_comes_back_on_the_admin_stream(
    make_api: MakeApi,
) -> None:
    clock = Clock()
    api = await make_api(clock=clock)
    student = await api.join("T-1")
    admin = await api.ws("admin/stream", await api.admin_token())
    await receive(admin)

    clock.advance(OFFLINE_AFTER_MS + 1)
    offline = await receive_until(admin, lambda m: m["type"] == "incident")
    assert (offline["incident"]["kind"], offline["incident"]["source"]) == (
        "went_offline",
        "network",
    )
    rows = (await api.admin("GET", "students"))["students"]
    assert rows[0]["online"] is False and rows[0]["offline_since_ms"] is not None

    await api.ok("GET", "state", token=student["token"])
    back = await receive_until(admin, lambda m: m["type"] == "incident")
    assert back["incident"]["kind"] == "back_online"
    assert back["incident"]["detail"]["offline_ms"] == OFFLINE_AFTER_MS + 1
    await admin.close()


async def test_a_new_stream_replaces_the_old_one_which_is_closed_with_a_reason(api: Api) -> None:
    token = (await api.join("S-1"))["token"]
    old = await api.ws("stream", token)
    assert (await receive(old))["type"] == "state"
    new = await api.ws("stream", token)
    assert (await receive(new))["type"] == "state"
    closing = await old.receive(timeout=3)
    assert closing.type == aiohttp.WSMsgType.CLOSE
    assert closing.data == STREAM_REPLACED and "another" in closing.extra
    await api.admin("POST", "start")
    assert (await receive(new))["me"]["status"] == "active"  # the new one lives on
    await new.close()


async def test_many_streams_on_one_token_cost_one_frame_each(api: Api) -> None:
    """Each new stream used to be pushed to all the others: n² frames for n streams."""
    student = await api.join("S-1")
    streams = []
    for _ in range(30):
        streams.append(await api.ws("stream", student["token"]))
        await receive(streams[-1])
    for ws in streams[:-1]:
        msg = await ws.receive(timeout=3)  # nothing more than its first frame, then the close
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == STREAM_REPLACED
    assert len(api.live.hub.students) == 1
    await api.admin("POST", "start")
    assert (await receive(streams[-1]))["me"]["status"] == "active"
    for ws in streams:
        await ws.close()


async def test_a_flooding_stream_is_throttled_with_one_incident_then_closed(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub, "FLOOD_CLOSE_AFTER", 400)
    student = await api.join("F-1")
    ws = await api.ws("stream", student["token"])
    await receive(ws)
    for _ in range(300):
        await ws.send_str('{"type":"heartbeat"}')
    replies = 0
    while replies < 300:
        try:
            msg = await ws.receive(timeout=1)
        except TimeoutError:
            break  # nothing more is answered
        assert msg.type == aiohttp.WSMsgType.TEXT
        replies += 1
    # ... only the burst (and what the rate allows meanwhile) is answered
    assert hub.STREAM_BURST <= replies < 100, replies
    rows = (await api.admin("GET", "incidents"))["incidents"]
    assert [r["kind"] for r in rows].count("stream_flood") == 1
    for _ in range(300):  # on and on: the host closes the stream
        if ws.closed:
            break
        await ws.send_str('{"type":"heartbeat"}')
    closing = await ws.receive(timeout=3)
    while closing.type == aiohttp.WSMsgType.TEXT:
        closing = await ws.receive(timeout=3)
    assert closing.type == aiohttp.WSMsgType.CLOSE and closing.data == STREAM_FLOODED
    rows = (await api.admin("GET", "incidents"))["incidents"]
    assert [r["kind"] for r in rows].count("stream_flood") == 1  # still one
