"""The hall when a commit fails: what was not saved is taken back, and the answer says so."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from proctor.host.server.hall_store import read_hall
from proctor.host.server.room import LiveRoom
from tests.helpers.api import Api, MakeApi

pytestmark = pytest.mark.logs_errors  # a refused commit is logged, as it should be


@contextmanager
def store_locked(live: LiveRoom) -> Iterator[None]:
    """Another connection holds the write lock: the writer gives up after its busy timeout."""
    holder = sqlite3.connect(live.store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("COMMIT")
        holder.close()


async def call(api: Api, path: str, token: str, body: dict[str, str]) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"}
    async with api.client.post(api.url(path), json=body, headers=headers) as resp:
        return resp.status, (await resp.json())["error"]["code"]


async def test_an_announcement_or_a_hand_not_saved_is_taken_back(make_api: MakeApi) -> None:
    api = await make_api(ticker=False)  # nothing else commits meanwhile
    student = await api.join("A-1")
    token, sid = student["token"], student["student_id"]
    admin = await api.admin_token()
    with store_locked(api.live):
        assert await call(api, "admin/announce", admin, {"text": "Hi"}) == (503, "not_saved")
        assert await call(api, "hand", token, {"text": "Help"}) == (503, "not_saved")
    assert api.live.hall.announcements == [] and api.live.hall.hands == {}
    assert api.live.engine.students[sid].hand_raised_ms is None
    assert api.live.engine.students[sid].tally == {}
    stored = read_hall(api.live.store.path)
    assert stored.announcements == [] and stored.hands == []
    # Sent again, both are taken (the hand is not "too soon": the refused one did not count).
    sent = await api.admin("POST", "announce", {"text": "Hi"})
    assert sent["id"] == 1
    hand = await api.ok("POST", "hand", token=token, json={"text": "Help"})
    assert hand["status"] == "waiting"
