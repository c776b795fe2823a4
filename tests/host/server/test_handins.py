"""Answers and variants in the room store: kept with snapshots and hand-ins, a room file from
before answers existed gains the column, and `handins` reads what each student handed in (or
their last snapshot) with their variant."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from proctor.common.protocol import canonical_handin, canonical_work
from proctor.host.server.handins import read_handin, room_handins
from proctor.host.server.states import RoomState, StudentState
from proctor.host.server.store import Reader, Store, load

T0 = 1_700_000_000_000
VARIANT = {"questions": ["q2", "q1"], "options": {"q1": [1, 0, 2]}}

# The work and submissions tables as the first room files had them (no answers column).
OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE students (student_id TEXT PRIMARY KEY, reg_no TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE work (
    student_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, files TEXT NOT NULL, sha256 TEXT NOT NULL,
    saved_ms INTEGER NOT NULL);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, student_id TEXT NOT NULL, files TEXT NOT NULL,
    sha256 TEXT NOT NULL, received_ms INTEGER NOT NULL);
INSERT INTO work VALUES ('s_1', 3, '{"a.py":"old"}', 'sha-old', 1700000000000);
"""


def student(n: int, variant: dict | None = None) -> StudentState:
    return StudentState(
        student_id=f"s_{n}",
        name=f"Student {n}",
        reg_no=f"R-{n}",
        token_hash="h",
        joined_ms=T0,
        variant=variant,
    )


def test_the_canonical_parts_hash_as_the_receipt_says() -> None:
    files = {"b.py": "é = 1\n", "a.py": "x"}
    answers = {"q2": ["z", "ü"], "q1": None, "q0": "text"}
    files_json, answers_json, sha = canonical_handin(files, answers)
    assert sha == canonical_work(files, answers)[1]
    assert files_json == '{"a.py":"x","b.py":"é = 1\\n"}'
    assert answers_json == '{"q0":"text","q1":null,"q2":["z","ü"]}'
    assert canonical_handin(files, None) == (files_json, None, canonical_work(files)[1])
    assert canonical_handin(files, {})[2] != canonical_handin(files, None)[2]


def test_answers_and_the_variant_come_back_from_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "room.sqlite3")
    one, two, three = student(1, VARIANT), student(2, VARIANT), student(3)
    files_json, answers_json, sha = canonical_handin({"a.py": "x"}, {"q1": "dict"})
    store.commit_sync(
        [
            store.op_room(RoomState(id="ABC234", name="A", duration_s=60, created_ms=T0)),
            *(store.op_student(s) for s in (one, two, three)),
            store.op_work("s_1", 2, files_json, sha, T0 + 1, answers_json),
            store.op_work("s_2", 5, files_json, sha, T0 + 2, answers_json),
            store.op_submission("s_2", '{"a.py":"y"}', "sha-y", T0 + 3, '{"q1":"list"}'),
        ]
    )
    store.close()
    loaded = load(store.path)
    assert [s.variant for s in loaded.students] == [VARIANT, VARIANT, None]
    reader = Reader(store.path)
    try:
        assert reader.work("s_1")["answers"] == {"q1": "dict"}  # type: ignore[index]
        first = read_handin(reader, loaded.students[0])
        assert first is not None and first.from_snapshot and first.answers == {"q1": "dict"}
        assert first.variant is not None and first.variant.to_json() == VARIANT
        assert first.sha256 == sha and first.at_ms == T0 + 1 and first.files == {"a.py": "x"}
        second = read_handin(reader, loaded.students[1])
        assert second is not None and not second.from_snapshot
        assert second.answers == {"q1": "list"} and second.files == {"a.py": "y"}
        assert second.at_ms == T0 + 3 and second.sha256 == "sha-y"
        assert read_handin(reader, loaded.students[2]) is None
    finally:
        reader.close()
    assert sorted(room_handins(store.path)) == ["s_1", "s_2"]


def test_a_room_file_from_before_answers_is_read_and_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    conn.close()
    reader = Reader(path)  # read as it is (an export of an old room)
    assert reader.work("s_1") == {
        "seq": 3, "files": {"a.py": "old"}, "sha256": "sha-old", "saved_ms": T0, "answers": None
    }  # fmt: skip
    reader.close()

    store = Store(path)  # a host of this version opens it: the columns are added
    store.commit_sync([store.op_submission("s_1", '{"a.py":"new"}', "sha-n", T0 + 1, '{"q":"v"}')])
    store.close()
    reader = Reader(path)
    try:
        assert reader.work("s_1")["answers"] is None  # type: ignore[index]
        assert reader.submission("s_1")["answers"] == {"q": "v"}  # type: ignore[index]
    finally:
        reader.close()
