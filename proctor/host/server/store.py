"""The room's durable store: one SQLite file per room, one writer thread, batched commits.

Writes are queued as small operations; the writer thread takes everything queued, runs it in
one transaction, commits, and only then resolves each caller's future. So an answer the server
sends after `await store.commit(...)` is backed by data on disk (WAL, synchronous=FULL).
Reads for export and restore use their own short-lived connections.

A snapshot and a hand-in keep their `answers` (a paper with questions) beside their files, as
canonical JSON, or NULL when the body carried none. A room file from before answers existed
gains the column when a store opens it (`_migrate`); a reader copes with either.
"""

from __future__ import annotations

import asyncio
import functools
import json
import queue
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from proctor.host.server.states import RoomState, StudentState

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    student_id TEXT PRIMARY KEY, reg_no TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY, event_id TEXT UNIQUE, student_id TEXT NOT NULL, at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL, source TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS incidents_by_student ON incidents(student_id, id);
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, action TEXT NOT NULL,
    student_id TEXT, reason TEXT);
CREATE TABLE IF NOT EXISTS work (
    student_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, files TEXT NOT NULL, sha256 TEXT NOT NULL,
    saved_ms INTEGER NOT NULL, answers TEXT);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, student_id TEXT NOT NULL, files TEXT NOT NULL,
    sha256 TEXT NOT NULL, received_ms INTEGER NOT NULL, answers TEXT);
CREATE INDEX IF NOT EXISTS submissions_by_student ON submissions(student_id, id);
CREATE TABLE IF NOT EXISTS admin_tokens (token_hash TEXT PRIMARY KEY, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS marks (
    student_id TEXT NOT NULL, question_id TEXT NOT NULL, work_sha256 TEXT NOT NULL,
    from_snapshot INTEGER NOT NULL, record TEXT NOT NULL, marked_ms INTEGER NOT NULL,
    PRIMARY KEY (student_id, question_id));
CREATE TABLE IF NOT EXISTS overrides (
    student_id TEXT NOT NULL, question_id TEXT NOT NULL, points REAL NOT NULL,
    reason TEXT NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (student_id, question_id));
"""
# Columns added since the first room files: (table, column, declaration).
ADDED_COLUMNS = (("work", "answers", "TEXT"), ("submissions", "answers", "TEXT"))


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _flat_record(obj: Any) -> dict[str, Any]:
    """A flat dataclass's fields as a dict: what asdict() gives (its values are JSON values
    already), without asdict's deep copy, which costs ten times more on a fan-out to 2,000."""
    data: dict[str, Any] = vars(obj)
    cls: type = type(obj)
    if len(data) != _field_count(cls):
        return asdict(obj)
    return data


@functools.cache
def _field_count(cls: type) -> int:
    return len(fields(cls))


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a room file from an earlier version lacks (NULL in its old rows)."""
    for table, column, declaration in ADDED_COLUMNS:
        if column not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


@dataclass
class Loaded:
    """Everything needed to resume a room."""

    room: RoomState
    students: list[StudentState]
    meta: dict[str, Any]
    next_incident_id: int
    seen_event_ids: set[str]
    admin_tokens: dict[str, int]  # token hash -> when it was issued (epoch ms)


@dataclass
class _Batch:
    ops: list[tuple[str, tuple[Any, ...]]]
    done: asyncio.Future[None] | None = None
    loop: asyncio.AbstractEventLoop | None = None
    sync_done: threading.Event | None = field(default=None)
    error: BaseException | None = None


class Store:
    """Owner of one room's SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = connect(path)
        self._conn.executescript(SCHEMA)
        _migrate(self._conn)
        self._queue: queue.SimpleQueue[_Batch | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._writer, name="store-writer", daemon=True)
        self._thread.start()
        self.batches_committed = 0

    # ---- writer ------------------------------------------------------------------------
    def _writer(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                break
            batches = [first]
            stop = False
            while True:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batches.append(nxt)
            error = self._transaction(batches)
            if error is not None and len(batches) > 1:
                # Nothing was written; one bad batch must not fail the others with it.
                for batch in batches:
                    self._resolve(batch, self._transaction([batch]))
            else:
                for batch in batches:
                    self._resolve(batch, error)
            if stop:
                break
        self._conn.close()

    def _transaction(self, batches: list[_Batch]) -> BaseException | None:
        """Run `batches` in one transaction; the error if it was rolled back."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for batch in batches:
                for sql, params in batch.ops:
                    self._conn.execute(sql, params)
            self._conn.execute("COMMIT")
        except BaseException as exc:  # noqa: BLE001 - reported to every waiting caller
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return exc
        self.batches_committed += 1
        return None

    @staticmethod
    def _resolve(batch: _Batch, error: BaseException | None) -> None:
        batch.error = error
        if batch.sync_done is not None:
            batch.sync_done.set()
        if batch.done is not None and batch.loop is not None:

            def settle(fut: asyncio.Future[None] = batch.done) -> None:
                if fut.done():
                    return
                if error is None:
                    fut.set_result(None)
                else:
                    fut.set_exception(error)

            try:
                batch.loop.call_soon_threadsafe(settle)
            except RuntimeError:
                pass  # the loop is gone; nobody is waiting any more

    async def commit(self, ops: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Queue `ops` and return once they are committed to disk."""
        if not ops:
            return
        loop = asyncio.get_running_loop()
        batch = _Batch(ops, loop.create_future(), loop)
        self._queue.put(batch)
        await batch.done  # type: ignore[misc]

    def commit_sync(self, ops: list[tuple[str, tuple[Any, ...]]]) -> None:
        if not ops:
            return
        batch = _Batch(ops, sync_done=threading.Event())
        self._queue.put(batch)
        assert batch.sync_done is not None
        batch.sync_done.wait()
        if batch.error is not None:
            raise batch.error

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(10)

    # ---- operations (SQL + params, committed later by the writer) ------------------------
    @staticmethod
    def op_meta(key: str, value: Any) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT INTO meta(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, compact_json(value)),
        )

    @classmethod
    def op_room(cls, room: RoomState) -> tuple[str, tuple[Any, ...]]:
        return cls.op_meta("room", _flat_record(room))

    @staticmethod
    def op_student(student: StudentState) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT INTO students(student_id, reg_no, data) VALUES(?, ?, ?) "
            "ON CONFLICT(student_id) DO UPDATE SET data=excluded.data",
            (student.student_id, student.reg_no, compact_json(_flat_record(student))),
        )

    @staticmethod
    def op_incident(incident: dict[str, Any], event_id: str | None) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT INTO incidents(id, event_id, student_id, at_ms, kind, source, detail) "
            "VALUES(?, ?, ?, ?, ?, ?, ?)",
            (
                incident["id"],
                event_id,
                incident["student_id"],
                incident["at_ms"],
                incident["kind"],
                incident["source"],
                compact_json(incident["detail"]),
            ),
        )

    @staticmethod
    def op_action(action: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT INTO actions(at_ms, action, student_id, reason) VALUES(?, ?, ?, ?)",
            (action["at_ms"], action["action"], action["student_id"], action["reason"]),
        )

    @staticmethod
    def op_work(
        student_id: str,
        seq: int,
        files_json: str,
        sha256: str,
        now: int,
        answers_json: str | None = None,
    ) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT INTO work(student_id, seq, files, sha256, saved_ms, answers) "
            "VALUES(?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(student_id) DO UPDATE SET seq=excluded.seq, files=excluded.files, "
            "sha256=excluded.sha256, saved_ms=excluded.saved_ms, answers=excluded.answers "
            "WHERE excluded.seq >= work.seq",
            (student_id, seq, files_json, sha256, now, answers_json),
        )

    @staticmethod
    def op_submission(
        student_id: str, files_json: str, sha256: str, now: int, answers_json: str | None = None
    ) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT INTO submissions(student_id, files, sha256, received_ms, answers) "
            "VALUES(?, ?, ?, ?, ?)",
            (student_id, files_json, sha256, now, answers_json),
        )

    @staticmethod
    def op_mark(
        student_id: str,
        question_id: str,
        work_sha256: str,
        from_snapshot: bool,
        record: dict[str, Any],
        now: int,
    ) -> tuple[str, tuple[Any, ...]]:
        """A question's automatic mark, for the work whose SHA-256 is `work_sha256`."""
        return (
            "INSERT INTO marks(student_id, question_id, work_sha256, from_snapshot, record, "
            "marked_ms) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(student_id, question_id) DO UPDATE "
            "SET work_sha256=excluded.work_sha256, from_snapshot=excluded.from_snapshot, "
            "record=excluded.record, marked_ms=excluded.marked_ms",
            (student_id, question_id, work_sha256, int(from_snapshot), compact_json(record), now),
        )

    @staticmethod
    def op_override(
        student_id: str, question_id: str, points: float | None, reason: str, now: int
    ) -> tuple[str, tuple[Any, ...]]:
        """A proctor's override of one mark (kept across re-marking); None deletes it."""
        if points is None:
            return (
                "DELETE FROM overrides WHERE student_id = ? AND question_id = ?",
                (student_id, question_id),
            )
        return (
            "INSERT INTO overrides(student_id, question_id, points, reason, at_ms) "
            "VALUES(?, ?, ?, ?, ?) ON CONFLICT(student_id, question_id) DO UPDATE SET "
            "points=excluded.points, reason=excluded.reason, at_ms=excluded.at_ms",
            (student_id, question_id, float(points), reason, now),
        )

    @staticmethod
    def op_admin_token(token_hash: str, now: int) -> tuple[str, tuple[Any, ...]]:
        return (
            "INSERT OR IGNORE INTO admin_tokens(token_hash, created_ms) VALUES(?, ?)",
            (token_hash, now),
        )

    @staticmethod
    def op_forget_admin_tokens(token_hashes: list[str]) -> tuple[str, tuple[Any, ...]]:
        marks = ",".join("?" * len(token_hashes))
        return (f"DELETE FROM admin_tokens WHERE token_hash IN ({marks})", tuple(token_hashes))


# ---- reading ---------------------------------------------------------------------------
def load(path: Path) -> Loaded:
    """Read a room back from its file (any process, the host running or not)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        room = RoomState(**meta["room"])
        students = [
            StudentState(**json.loads(data))
            for (data,) in conn.execute("SELECT data FROM students ORDER BY rowid")
        ]
        (max_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM incidents").fetchone()
        seen = {
            eid
            for (eid,) in conn.execute("SELECT event_id FROM incidents WHERE event_id IS NOT NULL")
        }
        tokens = dict(conn.execute("SELECT token_hash, created_ms FROM admin_tokens").fetchall())
        seqs = dict(conn.execute("SELECT student_id, seq FROM work").fetchall())
        for student in students:
            student.work_seq = max(student.work_seq, seqs.get(student.student_id, -1))
    finally:
        conn.close()
    return Loaded(room, students, meta, max_id + 1, seen, tokens)


class Reader:
    """Read-only queries on a room file, for the admin API and export."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        # A room file no store of this version has opened has no answers yet.
        self._answers = {
            table: "answers" if "answers" in _columns(self._conn, table) else "NULL"
            for table in ("work", "submissions")
        }

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    def incidents(self, student_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, at_ms, student_id, kind, source, detail FROM incidents"
        params: tuple[Any, ...] = ()
        if student_id is not None:
            sql += " WHERE student_id = ?"
            params = (student_id,)
        rows = self._rows(sql + " ORDER BY id", params)
        return [
            {
                "id": r[0],
                "at_ms": r[1],
                "student_id": r[2],
                "kind": r[3],
                "source": r[4],
                "detail": json.loads(r[5]),
            }
            for r in rows
        ]

    def actions(self, student_id: str | None = None) -> list[dict[str, Any]]:
        """The proctor's (and the clock's) actions, oldest first; with `student_id`, those on
        that student and those on the whole room."""
        sql = "SELECT id, at_ms, action, student_id, reason FROM actions"
        params: tuple[Any, ...] = ()
        if student_id is not None:
            sql += " WHERE student_id = ? OR student_id IS NULL"
            params = (student_id,)
        rows = self._rows(sql + " ORDER BY id", params)
        return [
            {"id": r[0], "at_ms": r[1], "action": r[2], "student_id": r[3], "reason": r[4]}
            for r in rows
        ]

    def work(self, student_id: str) -> dict[str, Any] | None:
        """The latest snapshot: {"seq", "files", "sha256", "saved_ms", "answers"}, `answers`
        None when it carried none."""
        rows = self._rows(
            f"SELECT seq, files, sha256, saved_ms, {self._answers['work']} FROM work "
            "WHERE student_id = ?",
            (student_id,),
        )
        if not rows:
            return None
        seq, files, sha, saved, answers = rows[0]
        return {
            "seq": seq,
            "files": json.loads(files),
            "sha256": sha,
            "saved_ms": saved,
            "answers": None if answers is None else json.loads(answers),
        }

    def submission(self, student_id: str) -> dict[str, Any] | None:
        """The latest hand-in: {"files", "sha256", "received_ms", "answers"}."""
        rows = self._rows(
            f"SELECT files, sha256, received_ms, {self._answers['submissions']} FROM submissions "
            "WHERE student_id = ? ORDER BY id DESC LIMIT 1",
            (student_id,),
        )
        if not rows:
            return None
        files, sha, received, answers = rows[0]
        return {
            "files": json.loads(files),
            "sha256": sha,
            "received_ms": received,
            "answers": None if answers is None else json.loads(answers),
        }

    def marks(self) -> list[dict[str, Any]]:
        """Every stored automatic mark: student, question, the work's SHA-256, the record."""
        rows = self._rows(
            "SELECT student_id, question_id, work_sha256, from_snapshot, record FROM marks"
        )
        return [
            {
                "student_id": r[0],
                "question_id": r[1],
                "work_sha256": r[2],
                "from_snapshot": bool(r[3]),
                "record": json.loads(r[4]),
            }
            for r in rows
        ]

    def overrides(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT student_id, question_id, points, reason FROM overrides")
        return [
            {"student_id": r[0], "question_id": r[1], "points": r[2], "reason": r[3]} for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
