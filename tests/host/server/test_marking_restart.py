"""The marks live in the room's store: a host stopped while marking resumes it where it
stopped (what is not marked for the work stored is queued again), marks and overrides are
read back, and a room without questions has no results."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from proctor.host.server.app import make_app
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from proctor.paper.load import load_paper
from tests.helpers.api import Api, MakeApi
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.marking_room import Sitter, by_reg, marked, sit
from tests.helpers.sample_marks import PAPER_DIR, RIGHT, RUNNING_MEDIAN_SLOW

pytestmark = pytest.mark.slow

GOOD = {
    name: (PAPER_DIR / "solutions" / name).read_text(encoding="utf-8")
    for name in ("word_counts.py", "running_median.py")
}


def stored_marks(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0])
    finally:
        conn.close()


async def test_a_host_stopped_while_marking_resumes_it(
    make_api: MakeApi, aiohttp_client: Any
) -> None:
    api = await make_api(paper=load_paper(PAPER_DIR), ticker=False)
    # running_median too slow: its hidden test uses its 2 CPU seconds, so marking takes a while
    slow = GOOD | {"running_median.py": RUNNING_MEDIAN_SLOW}
    sitters = [Sitter(f"R{n}", f"Student {n}", dict(RIGHT), dict(slow)) for n in range(6)]
    sitters += [Sitter(f"S{n}", f"Snapshot {n}", dict(RIGHT), dict(GOOD), hand_in=False)
                for n in range(2)]  # fmt: skip
    await sit(api, sitters)
    sid = sitters[0].student_id
    await api.admin("PUT", f"results/{sid}/lookup", {"points": 1, "reason": "Half credit"})
    await api.admin("POST", "end", json={"admin_key": ADMIN_KEY})
    path = api.live.store.path
    before = await api.admin("GET", "results")
    assert before["pending"] > 0  # stopped mid-marking
    await api.client.close()  # the app's cleanup context closes the room and its pool
    assert api.live.marking.pool is None and api.live.marking.closed
    kept = stored_marks(path)

    client = await aiohttp_client(make_app(lambda: LiveRoom.resume(path), start_ticker=False))
    again = Api(client, client.app[LIVE_ROOM])
    results = await marked(again)
    assert stored_marks(path) >= kept
    rows = by_reg(results)
    for sitter in sitters:
        row = rows[sitter.reg_no]
        expected = 30.0 if sitter.reg_no.startswith("S") else 20.0  # running_median: 0
        if sitter.student_id == sid:
            expected -= 1  # the override, read back
        assert row["points"] == expected, row
        assert row["from_snapshot"] is sitter.reg_no.startswith("S")
    assert rows["R0"]["questions"]["lookup"]["override"] == {"points": 1, "reason": "Half credit"}


async def test_marks_made_before_a_restart_are_not_made_again(
    make_api: MakeApi, aiohttp_client: Any
) -> None:
    api = await make_api(paper=load_paper(PAPER_DIR), ticker=False)
    sitters = [Sitter(f"D{n}", f"Done {n}", dict(RIGHT), dict(GOOD)) for n in range(2)]
    await sit(api, sitters)
    first = await marked(api)
    path = api.live.store.path
    await api.client.close()
    client = await aiohttp_client(make_app(lambda: LiveRoom.resume(path), start_ticker=False))
    again = Api(client, client.app[LIVE_ROOM])
    assert again.live.marking.progress == (0, 0)  # nothing queued: all was marked
    assert not again.live.marking.busy
    second = await again.admin("GET", "results")
    assert second["students"] == first["students"]


async def test_a_paper_without_questions_has_no_results(api: Api) -> None:
    student = await api.join("P1")
    await api.admin("POST", "start", json={})
    await api.ok("POST", "submit", token=student["token"], json={"files": {"main.py": "x"}})
    for path in ("results", "analytics", "similarity"):
        await api.admin_fail("GET", path, 409, "no_questions")
    await api.admin_fail("POST", "grade", 409, "no_questions", json={})
    await api.fail("GET", "result", 409, "no_questions", token=student["token"])
    assert api.live.marking.pool is None
