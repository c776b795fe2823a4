"""When a commit fails (SQLite's own "database or disk is full", from a page limit on the
store's writer), nothing changes: no event is taken for seen, no hand-in shows, a retry
works once there is room. And a duplicate is answered only once its original is on disk."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import pytest

from proctor.host.server.room import LiveRoom
from tests.helpers.api import Api, MakeApi, receive, receive_until

pytestmark = pytest.mark.logs_errors  # a refused commit is logged, as it should be

BIG = "x" * 64 * 1024  # more than the free room in the store's pages: needs new ones


def event(detail: str = BIG) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": {"d": detail}}


@asynccontextmanager
async def disk_full(live: LiveRoom) -> AsyncIterator[None]:
    """The store's file may not grow while inside: every commit that needs a page fails."""
    probe = sqlite3.connect(live.store.path)
    (pages,) = probe.execute("PRAGMA page_count").fetchone()
    probe.close()
    await live.store.commit([(f"PRAGMA max_page_count = {pages}", ())])
    try:
        yield
    finally:
        await live.store.commit([("PRAGMA max_page_count = 1073741823", ())])


@contextmanager
def store_busy(live: LiveRoom) -> Iterator[None]:
    """Another connection holds the write lock: the writer waits (busy_timeout) inside."""
    holder = sqlite3.connect(live.store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("COMMIT")
        holder.close()


async def call(api: Api, method: str, path: str, token: str, json: Any = None) -> tuple[int, Any]:
    """Like Api.call, but a full disk may answer 503 `not_saved` (the only 5xx allowed)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with api.client.request(method, api.url(path), json=json, headers=headers) as resp:
        body = await resp.json()
        if resp.status >= 500:
            assert (resp.status, body["error"]["code"]) == (503, "not_saved"), body
            assert int(resp.headers["Retry-After"]) > 0
        return resp.status, body


async def post_events(api: Api, token: str, events: list[dict[str, Any]]) -> tuple[int, Any]:
    return await call(api, "POST", "events", token, {"events": events})


async def test_events_refused_by_a_full_disk_are_taken_on_the_retry(make_api: MakeApi) -> None:
    api = await make_api()
    student = await api.join("A-1")
    token, sid = student["token"], student["student_id"]
    lost = event()
    async with disk_full(api.live):
        assert (await post_events(api, token, [lost]))[0] == 503
    assert api.live.engine.students[sid].violations == 0  # the refused incident did not count
    status, body = await post_events(api, token, [lost])
    assert (status, body) == (200, {"accepted": 1, "duplicates": 0, "dropped": 0})
    status, body = await post_events(api, token, [lost])
    assert body == {"accepted": 0, "duplicates": 1, "dropped": 0}
    rows = (await api.admin("GET", "incidents"))["incidents"]
    assert [r["detail"] for r in rows] == [{"d": BIG}]
    assert api.live.engine.students[sid].violations == 1


async def test_a_hand_in_refused_by_a_full_disk_does_not_show_as_handed_in(
    make_api: MakeApi,
) -> None:
    api = await make_api()
    student = await api.join("A-1")
    token, sid = student["token"], student["student_id"]
    await api.admin("POST", "start")
    admin_ws = await api.ws("admin/stream", await api.admin_token())
    await receive(admin_ws)  # the snapshot
    files = {"main.py": BIG}
    async with disk_full(api.live):
        status, _ = await call(api, "POST", "submit", token, {"files": files})
    assert status == 503
    row = next(r for r in (await api.admin("GET", "students"))["students"])
    assert (row["status"], row["submission_sha256"], row["submitted_ms"]) == ("active", None, None)
    assert (await api.ok("GET", "state", token=token))["me"]["status"] == "active"
    view = await api.admin("GET", f"students/{sid}/work")
    assert view["submission"] is None
    # The dashboards never see the refused hand-in: the first submitted row is the retry's.
    receipt = await api.ok("POST", "submit", token=token, json={"files": files})
    rows = []
    while not rows or rows[-1]["status"] != "submitted":
        pushed = await receive_until(admin_ws, lambda m: m["type"] == "student")
        rows.append(pushed["student"])
    assert all(row["status"] == "active" for row in rows[:-1])
    assert rows[-1]["submission_sha256"] == receipt["sha256"]
    await admin_ws.close()


async def test_a_proctors_command_refused_by_a_full_disk_is_taken_back(make_api: MakeApi) -> None:
    api = await make_api()
    student = await api.join("A-1")
    sid = student["student_id"]
    await api.admin("POST", "start")
    ws = await api.ws("stream", student["token"])
    await receive(ws)
    long_reason = "r" * 400
    async with disk_full(api.live):
        # many flags: the student's row outgrows its page
        admin = await api.admin_token()
        for _ in range(200):
            status, _ = await call(api, "POST", f"admin/students/{sid}/flag", admin,
                                   {"reason": long_reason})  # fmt: skip
            if status == 503:
                break
        assert status == 503
        paused, _ = await call(api, "POST", f"admin/students/{sid}/pause", admin, {})
    row = next(r for r in (await api.admin("GET", "students"))["students"])
    if paused == 503:  # the pause was pushed first, then taken back: the student hears both
        assert row["status"] == "active"
        frames = [await receive(ws) for _ in range(2)]
        assert [f["me"]["status"] for f in frames] == ["paused", "active"]
    stored = sqlite3.connect(api.live.store.path).execute(
        "SELECT count(*) FROM actions WHERE action = 'flag'"
    )
    assert len(row["manual_reasons"]) == stored.fetchone()[0]  # what shows is what is kept
    await ws.close()


async def test_a_duplicate_is_answered_only_once_its_original_is_on_disk(api: Api) -> None:
    student = await api.join("A-1")
    token = student["token"]
    item = event("small")
    with store_busy(api.live):
        first = asyncio.create_task(post_events(api, token, [item]))
        await asyncio.sleep(0.2)
        second = asyncio.create_task(post_events(api, token, [item]))
        await asyncio.sleep(0.5)
        assert not second.done() and not first.done()  # nothing is on disk yet
    assert (await first)[1] == {"accepted": 1, "duplicates": 0, "dropped": 0}
    assert (await second)[1] == {"accepted": 0, "duplicates": 1, "dropped": 0}


async def test_a_duplicate_of_a_refused_original_is_not_answered_duplicate(
    make_api: MakeApi,
) -> None:
    api = await make_api()
    student = await api.join("A-1")
    token = student["token"]
    item = event()
    async with disk_full(api.live):
        with store_busy(api.live):
            first = asyncio.create_task(post_events(api, token, [item]))
            await asyncio.sleep(0.2)
            second = asyncio.create_task(post_events(api, token, [item]))
            await asyncio.sleep(0.2)
        assert (await first)[0] == 503
        assert (await second)[0] == 503  # it tried to keep the event itself, and could not
    assert await post_events(api, token, [item]) == (
        200,
        {"accepted": 1, "duplicates": 0, "dropped": 0},
    )
