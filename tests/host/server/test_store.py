"""The room store: what is committed comes back, commits are batched, one bad write fails
only its own request."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest

from proctor.host.server.states import RoomState, StudentState
from proctor.host.server.store import Reader, Store, load

T0 = 1_700_000_000_000


def room() -> RoomState:
    return RoomState(id="ABC234", name="Algorithms", duration_s=3600, created_ms=T0)


def student(n: int = 1) -> StudentState:
    return StudentState(
        student_id=f"s_{n}", name=f"Student {n}", reg_no=f"R-{n}", token_hash="h", joined_ms=T0
    )


def incident(n: int, sid: str = "s_1") -> dict:
    return {
        "id": n,
        "at_ms": T0 + n,
        "student_id": sid,
        "kind": "focus_lost",
        "source": "focus",
        "detail": {"n": n, "text": "ü"},
    }


@pytest.fixture
def store(tmp_path: Path):
    store = Store(tmp_path / "room.sqlite3")
    store.commit_sync([store.op_room(room()), store.op_meta("paper", {"title": "T"})])
    yield store
    store.close()


def test_what_is_committed_comes_back(store: Store) -> None:
    s = student()
    s.status, s.ends_ms, s.manual_flag, s.shield_open = "paused", T0 + 9, True, {"1:x": "X"}
    store.commit_sync(
        [
            store.op_student(s),
            store.op_incident(incident(1), "e-1"),
            store.op_incident(incident(2), None),
            store.op_action({"at_ms": T0, "action": "pause", "student_id": "s_1", "reason": "r"}),
            store.op_work("s_1", 4, '{"main.py":"x"}', "sha-4", T0 + 5),
            store.op_submission("s_1", '{"main.py":"y"}', "sha-s", T0 + 6),
            store.op_admin_token("tok-hash", T0),
        ]
    )
    loaded = load(store.path)
    assert loaded.room == room()
    (back,) = loaded.students
    assert asdict(back) == asdict(s) | {"work_seq": 4}
    assert loaded.next_incident_id == 3 and loaded.seen_event_ids == {"e-1"}
    assert loaded.admin_tokens == {"tok-hash": T0}
    assert loaded.meta["paper"] == {"title": "T"}

    reader = Reader(store.path)
    try:
        assert [i["detail"] for i in reader.incidents()] == [
            {"n": 1, "text": "ü"},
            {"n": 2, "text": "ü"},
        ]
        assert reader.incidents("s_other") == []
        assert reader.actions() == [
            {"id": 1, "at_ms": T0, "action": "pause", "student_id": "s_1", "reason": "r"}
        ]
        assert reader.actions("s_1") == reader.actions() and reader.actions("s_other") == []
        assert reader.work("s_1") == {
            "seq": 4, "files": {"main.py": "x"}, "sha256": "sha-4", "saved_ms": T0 + 5,
            "answers": None,
        }  # fmt: skip
        assert reader.submission("s_1") == {
            "files": {"main.py": "y"}, "sha256": "sha-s", "received_ms": T0 + 6,
            "answers": None,
        }  # fmt: skip
        assert reader.work("s_2") is None and reader.submission("s_2") is None
    finally:
        reader.close()


def test_an_older_snapshot_never_replaces_a_newer_one(store: Store) -> None:
    store.commit_sync([store.op_work("s_1", 7, '{"a":"7"}', "sha-7", T0)])
    store.commit_sync([store.op_work("s_1", 3, '{"a":"3"}', "sha-3", T0)])
    reader = Reader(store.path)
    assert reader.work("s_1")["seq"] == 7  # type: ignore[index]
    store.commit_sync([store.op_work("s_1", 7, '{"a":"7b"}', "sha-7b", T0)])
    assert reader.work("s_1")["files"] == {"a": "7b"}  # type: ignore[index]
    reader.close()


async def test_concurrent_commits_are_batched_and_all_acknowledged(store: Store) -> None:
    before = store.batches_committed
    await asyncio.gather(
        *(store.commit([store.op_incident(incident(n), f"e-{n}")]) for n in range(1, 301))
    )
    assert len(load(store.path).seen_event_ids) == 300
    assert store.batches_committed - before < 100  # many requests share one commit


async def test_one_bad_write_fails_only_its_own_request(store: Store) -> None:
    # Hold the write lock so that the next requests queue up and reach the writer together.
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    first = asyncio.ensure_future(store.commit([store.op_incident(incident(1), "e-1")]))
    await asyncio.sleep(0.1)  # the writer now waits for the lock with `first`
    duplicate = asyncio.ensure_future(store.commit([store.op_incident(incident(1), "e-x")]))
    good = asyncio.ensure_future(store.commit([store.op_incident(incident(2), "e-2")]))
    await asyncio.sleep(0.05)
    blocker.execute("COMMIT")
    blocker.close()

    await first
    with pytest.raises(sqlite3.IntegrityError):
        await duplicate
    await good
    assert load(store.path).seen_event_ids == {"e-1", "e-2"}


def test_commit_sync_raises_the_error_of_its_batch(store: Store) -> None:
    store.commit_sync([store.op_incident(incident(1), "e-1")])
    with pytest.raises(sqlite3.IntegrityError):
        store.commit_sync([store.op_incident(incident(1), "e-2")])
    store.commit_sync([store.op_incident(incident(2), "e-2")])  # the store goes on
    assert load(store.path).next_incident_id == 3


def test_the_store_uses_wal_and_full_sync(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
