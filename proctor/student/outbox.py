"""What waits for the host: incident events and the latest work snapshot, kept in SQLite.

The database is in WAL mode with full synchronous commits, so whatever `add_event` or
`set_snapshot` returned from is on disk and survives the process (or the machine) dying.
Events carry their own uuid, so sending one twice is harmless: the host counts it once.
A snapshot holds the files and, on a paper with questions, the answers. Only the newest
snapshot matters, so a new one replaces any that has not been sent yet.
The snapshot `seq` counter lives here too; it follows the host's numbers: past a newer one
the host holds, and down to the one it stored when it stored a snapshot under a smaller number
(its order grows by a bounded step). `acked` is the host's number for the last snapshot from
this computer it acknowledged, so a later join can tell whether someone else wrote since.

An outbox belongs to the thread that opened it (in the session, its disk thread: `disk.py`):
its SQLite connection refuses to be used on any other (sqlite3's `check_same_thread`), so no
lock is needed and a call from the GUI thread or the loop fails at once instead of waiting
for an fsync there.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    seq INTEGER NOT NULL,
    files TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class QueuedEvent:
    id: str
    kind: str
    at_ms: int
    detail: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "at_ms": self.at_ms, "detail": self.detail}


@dataclass(frozen=True)
class QueuedSnapshot:
    seq: int
    files: dict[str, str]
    answers: dict[str, Any] | None = None  # a paper with questions: the answers beside the files


class Outbox:
    """A durable queue for the host, used on the thread that opened it only."""

    FILE_NAME = "outbox.sqlite3"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=True, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(snapshot)")}
        if "answers" not in columns:  # an outbox from before answers: the column is added
            self._db.execute("ALTER TABLE snapshot ADD COLUMN answers TEXT")

    def close(self) -> None:
        self._db.close()

    # events

    def add_event(self, event_id: str, kind: str, at_ms: int, detail: dict[str, Any]) -> None:
        text = json.dumps(detail, ensure_ascii=False, default=str)
        self._db.execute(
            "INSERT OR IGNORE INTO events (id, kind, at_ms, detail) VALUES (?, ?, ?, ?)",
            (event_id, kind, at_ms, text),
        )

    def pending_events(self, limit: int) -> list[QueuedEvent]:
        rows = self._db.execute(
            "SELECT id, kind, at_ms, detail FROM events ORDER BY position LIMIT ?", (limit,)
        ).fetchall()
        return [QueuedEvent(row[0], row[1], row[2], _json_object(row[3])) for row in rows]

    def remove_events(self, ids: list[str]) -> None:
        self._db.execute("BEGIN")
        self._db.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in ids])
        self._db.execute("COMMIT")

    def event_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    # the snapshot

    def next_seq(self) -> int:
        """A fresh snapshot number, larger than every one handed out before."""
        self._db.execute("BEGIN IMMEDIATE")
        row = self._db.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()
        value = (row[0] if row else 0) + 1
        self._db.execute(
            "INSERT OR REPLACE INTO counters (name, value) VALUES ('seq', ?)", (value,)
        )
        self._db.execute("COMMIT")
        return int(value)

    def raise_seq(self, at_least: int) -> None:
        """Make the next `next_seq()` larger than `at_least` (the host has seen that one)."""
        self._db.execute(
            "INSERT INTO counters (name, value) VALUES ('seq', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = MAX(value, excluded.value)",
            (at_least,),
        )

    def _counter(self, name: str) -> int | None:
        row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return None if row is None else int(row[0])

    def acked_seq(self) -> int | None:
        """The host's seq of the last snapshot it acknowledged from here (None: never)."""
        return self._counter("acked")

    def record_ack(self, sent_seq: int, host_seq: int) -> None:
        """The host stored snapshot `sent_seq` as `host_seq`. A smaller host number (it
        stores at most a small step past the last one) becomes the counter, unless more
        numbers were handed out meanwhile: so this computer never runs ahead of the host."""
        self._db.execute("BEGIN IMMEDIATE")
        self._db.execute(
            "INSERT OR REPLACE INTO counters (name, value) VALUES ('acked', ?)", (host_seq,)
        )
        if host_seq < sent_seq and self._counter("seq") == sent_seq:
            self._db.execute("UPDATE counters SET value = ? WHERE name = 'seq'", (host_seq,))
        self._db.execute("COMMIT")

    def set_snapshot(
        self, seq: int, files: dict[str, str], answers: dict[str, Any] | None = None
    ) -> None:
        text = json.dumps(files, ensure_ascii=False)
        answers_text = None if answers is None else json.dumps(answers, ensure_ascii=False)
        self._db.execute(
            "INSERT OR REPLACE INTO snapshot (slot, seq, files, answers) VALUES (1, ?, ?, ?)",
            (seq, text, answers_text),
        )

    def pending_snapshot(self) -> QueuedSnapshot | None:
        row = self._db.execute("SELECT seq, files, answers FROM snapshot WHERE slot = 1").fetchone()
        if row is None:
            return None
        files = _json_object(row[1])
        answers = None if row[2] is None else _json_object(row[2])
        return QueuedSnapshot(int(row[0]), {str(k): str(v) for k, v in files.items()}, answers)

    def clear_snapshot(self, seq: int | None = None) -> None:
        """Forget the pending snapshot if it is still number `seq` (a newer one stays);
        with no `seq`, whatever is pending."""
        if seq is None:
            self._db.execute("DELETE FROM snapshot WHERE slot = 1")
        else:
            self._db.execute("DELETE FROM snapshot WHERE slot = 1 AND seq = ?", (seq,))


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
