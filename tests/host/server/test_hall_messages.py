"""Announcements and raised hands through a real aiohttp server and the room's SQLite file."""

from __future__ import annotations

from collections.abc import Callable

from proctor.host.server.hall_store import read_hall
from proctor.host.server.room import LiveRoom
from tests.helpers.api import Api, Clock, MakeApi, receive_until
from tests.helpers.constants import ADMIN_KEY


async def test_an_announcement_to_everyone_reaches_each_stream_and_is_acknowledged(
    api: Api,
) -> None:
    a, b = await api.join("CS-1"), await api.join("CS-2")
    ws_a = await api.ws("stream", a["token"])
    ws_b = await api.ws("stream", b["token"])
    admin_ws = await api.ws("admin/stream", await api.admin_token())
    await receive_until(admin_ws, lambda m: m["type"] == "snapshot")
    sent = await api.admin("POST", "announce", {"text": "  Question 3: read n as 10.\n  "})
    assert sent["text"] == "Question 3: read n as 10." and sent["student_id"] is None
    assert sent["addressed"] == 2 and sent["acknowledged"] == []
    for ws in (ws_a, ws_b):
        message = await receive_until(ws, lambda m: m["type"] == "announcement")
        assert message == {
            "type": "announcement",
            "id": sent["id"],
            "text": "Question 3: read n as 10.",
            "at_ms": sent["at_ms"],
        }
    pushed = await receive_until(admin_ws, lambda m: m["type"] == "announcement")
    assert pushed["announcement"]["id"] == sent["id"]

    listed = await api.ok("GET", "announcements", token=a["token"])
    assert [(x["id"], x["acknowledged_ms"]) for x in listed["announcements"]] == [
        (sent["id"], None)
    ]
    ack = await api.ok("POST", f"announcements/{sent['id']}/ack", token=a["token"])
    again = await api.ok("POST", f"announcements/{sent['id']}/ack", token=a["token"])
    assert again["acknowledged_ms"] == ack["acknowledged_ms"]  # the first one stands
    acked = await receive_until(admin_ws, lambda m: m["type"] == "ack")
    assert acked["student_id"] == a["student_id"] and acked["announcement_id"] == sent["id"]
    views = (await api.admin("GET", "announcements"))["announcements"]
    assert [x["student_id"] for x in views[0]["acknowledged"]] == [a["student_id"]]
    listed = await api.ok("GET", "announcements", token=a["token"])
    assert listed["announcements"][0]["acknowledged_ms"] == ack["acknowledged_ms"]

    stored = read_hall(api.live.store.path)  # committed before it was answered
    assert stored.announcements[0]["text"] == "Question 3: read n as 10."
    assert stored.acks == {sent["id"]: {a["student_id"]: ack["acknowledged_ms"]}}
    log = await api.admin("GET", "log")
    assert log["announcements"][0]["acknowledged"][0]["reg_no"] == "CS-1"
    assert [x["action"] for x in log["actions"]] == ["announce"]
    for ws in (ws_a, ws_b, admin_ws):
        await ws.close()


async def test_an_announcement_to_one_student_is_theirs_alone(api: Api) -> None:
    a, b = await api.join("CS-1"), await api.join("CS-2")
    sent = await api.admin(
        "POST", "announce", {"text": "Come to the front, please.", "student_id": a["student_id"]}
    )
    assert sent["addressed"] == 1
    assert len((await api.ok("GET", "announcements", token=a["token"]))["announcements"]) == 1
    assert (await api.ok("GET", "announcements", token=b["token"]))["announcements"] == []
    path = f"announcements/{sent['id']}/ack"
    await api.fail("POST", path, 404, "unknown_announcement", token=b["token"])
    await api.fail("POST", "announcements/99/ack", 404, "unknown_announcement", token=a["token"])
    await api.fail("POST", "announcements/x1/ack", 404, "unknown_announcement", token=a["token"])


async def test_announcements_are_refused_without_the_right_tokens_and_text(api: Api) -> None:
    a = await api.join("CS-1")
    await api.fail("POST", "admin/announce", 401, "missing_token", json={"text": "hi"})
    await api.fail(
        "POST", "admin/announce", 403, "wrong_role", token=a["token"], json={"text": "hi"}
    )
    await api.fail("POST", "hand", 403, "wrong_role", token=await api.admin_token(), json={})
    await api.fail("GET", "announcements", 401, "missing_token")
    await api.admin_fail("POST", "announce", 400, "invalid_body", json={"text": "   "})
    await api.admin_fail("POST", "announce", 400, "invalid_body", json={"text": "x" * 1001})
    await api.admin_fail("POST", "announce", 400, "invalid_body", json={"text": "a\u202eb"})
    await api.admin_fail(
        "POST", "announce", 404, "unknown_student", json={"text": "hi", "student_id": "nobody"}
    )
    assert api.live.hall.announcements == [] and read_hall(api.live.store.path).announcements == []


async def test_a_raised_hand_waits_in_the_queue_until_answered(api: Api) -> None:
    a = await api.join("CS-1")
    ws = await api.ws("stream", a["token"])
    hand = await api.ok("POST", "hand", token=a["token"], json={"text": "My PC froze"})
    assert hand["status"] == "waiting" and hand["text"] == "My PC froze"
    await api.fail("POST", "hand", 409, "hand_already_raised", token=a["token"], json={})
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["hand_raised_ms"] == hand["raised_ms"] and row["tally"] == {"hand_raised": 1}
    incidents = (await api.admin("GET", "incidents"))["incidents"]
    assert [(i["kind"], i["source"], i["detail"]) for i in incidents] == [
        ("hand_raised", "student", {"text": "My PC froze"})
    ]
    assert row["violations"] == 0  # a question is no violation
    queue = (await api.admin("GET", "hands"))["hands"]
    assert [h["status"] for h in queue] == ["waiting"]
    sid = a["student_id"]
    await api.admin_fail("POST", f"students/{sid}/hand/answer", 400, "invalid_body", json={})
    answered = await api.admin(
        "POST", f"students/{sid}/hand/answer", {"text": "Coming to you now."}
    )
    assert answered["status"] == "answered" and answered["answer"] == "Coming to you now."
    message = await receive_until(ws, lambda m: m["type"] == "hand" and m["hand"]["answer"])
    assert message["hand"]["answer"] == "Coming to you now."
    await api.admin_fail("POST", f"students/{sid}/hand/dismiss", 404, "no_hand", json={})
    assert (await api.admin("GET", "students"))["students"][0]["hand_raised_ms"] is None
    log = await api.admin("GET", "log")
    assert log["hands"][0]["status"] == "answered" and log["hands"][0]["waited_s"] == 0
    assert [x["action"] for x in log["actions"]] == ["hand_answered"]
    await ws.close()


async def test_hands_have_a_rate_a_size_and_a_state(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    a = await api.join("CS-1")
    await api.fail("POST", "hand", 400, "invalid_body", token=a["token"], json={"text": "x" * 201})
    await api.fail("POST", "hand", 400, "invalid_body", token=a["token"], json={"text": "a\nb"})
    await api.ok("POST", "hand", token=a["token"], json={})
    await api.ok("DELETE", "hand", token=a["token"])
    await api.fail("DELETE", "hand", 404, "no_hand", token=a["token"])
    message = await api.fail("POST", "hand", 429, "too_fast", token=a["token"], json={})
    assert "wait" in message
    clock.advance(10_000)
    await api.ok("POST", "hand", token=a["token"], json={})
    sid = a["student_id"]
    dismissed = await api.admin("POST", f"students/{sid}/hand/dismiss", {})
    assert dismissed["status"] == "dismissed" and dismissed["answer"] is None
    await api.admin_fail("POST", f"students/{sid}/hand/wave", 404, "not_found", json={})
    await api.admin("POST", f"students/{sid}/kick", {"reason": "left"})
    await api.fail("POST", "hand", 403, "kicked", token=a["token"], json={})
    b = await api.join("CS-2")
    await api.admin("POST", "start", {})
    await api.admin("POST", "end", {"admin_key": ADMIN_KEY})
    clock.advance(1)
    await api.fail("POST", "hand", 409, "exam_over", token=b["token"], json={})


async def test_the_hall_comes_back_with_the_room(make_live: Callable[..., LiveRoom]) -> None:
    live = make_live()
    try:
        outcome = live.hall.announce("Ten minutes left.", None, live.clock())
        await live.commit_and_push(outcome.events, outcome.ops)
    finally:
        await live.close()
    again = LiveRoom.resume(live.store.path)
    try:
        assert [a["text"] for a in again.hall.announcements] == ["Ten minutes left."]
    finally:
        await again.close()


async def test_a_student_raises_a_hand_at_most_a_hundred_times(make_api: MakeApi) -> None:
    clock = Clock()
    api = await make_api(clock=clock, ticker=False)
    a = await api.join("CS-1")
    for _ in range(100):
        await api.ok("POST", "hand", token=a["token"], json={})
        await api.ok("DELETE", "hand", token=a["token"])
        clock.advance(10_000)
    message = await api.fail("POST", "hand", 429, "too_fast", token=a["token"], json={})
    assert "100 times" in message
    assert len(api.live.hall.hands) == 100
