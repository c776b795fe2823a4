"""The hall's tables in the room's SQLite file: announcements and who acknowledged them, raised
hands, and the roster (the class list, its PINs and what an unknown reg_no gets).

Written through the room's one writer (`Store.commit`, as operations); read back with a
read-only connection of its own (`read_hall`), by the server as it opens a room and by the
exporter with the host stopped. Thumbnails are never stored: the wall shows the latest only.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proctor.host.server.store import Store, compact_json

Op = tuple[str, tuple[Any, ...]]

HALL_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS announcements (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,"
    " text TEXT NOT NULL, student_id TEXT, addressed INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS announcement_acks (announcement_id INTEGER NOT NULL,"
    " student_id TEXT NOT NULL, at_ms INTEGER NOT NULL,"
    " PRIMARY KEY (announcement_id, student_id))",
    "CREATE TABLE IF NOT EXISTS hands (id INTEGER PRIMARY KEY, student_id TEXT NOT NULL,"
    " text TEXT NOT NULL, raised_ms INTEGER NOT NULL, status TEXT NOT NULL, answer TEXT,"
    " closed_ms INTEGER)",
    "CREATE TABLE IF NOT EXISTS roster (position INTEGER PRIMARY KEY, reg_no TEXT NOT NULL,"
    " name TEXT NOT NULL, seat TEXT NOT NULL, pin TEXT)",
)
ROSTER_SETTINGS_KEY = "roster_settings"


@dataclass
class HallRecords:
    """What the hall tables hold (plain records, as the wire and the log want them)."""

    announcements: list[dict[str, Any]] = field(default_factory=list)
    acks: dict[int, dict[str, int]] = field(default_factory=dict)  # id -> student -> at_ms
    hands: list[dict[str, Any]] = field(default_factory=list)
    roster: list[dict[str, Any]] = field(default_factory=list)
    roster_settings: dict[str, Any] = field(default_factory=dict)


def ensure_schema(store: Store) -> None:
    """Create the hall's tables in a room file that lacks them (older rooms too)."""
    store.commit_sync([(sql, ()) for sql in HALL_SCHEMA])


def read_hall(path: Path) -> HallRecords:
    """Everything the hall tables hold (any process; a file without them holds nothing)."""
    records = HallRecords()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        if "announcements" in tables:
            for row in conn.execute(
                "SELECT id, at_ms, text, student_id, addressed FROM announcements ORDER BY id"
            ):
                records.announcements.append(
                    dict(zip(("id", "at_ms", "text", "student_id", "addressed"), row, strict=True))
                )
            for ann_id, sid, at in conn.execute(
                "SELECT announcement_id, student_id, at_ms FROM announcement_acks ORDER BY at_ms"
            ):
                records.acks.setdefault(ann_id, {})[sid] = at
        if "hands" in tables:
            keys = ("id", "student_id", "text", "raised_ms", "status", "answer", "closed_ms")
            for row in conn.execute(f"SELECT {', '.join(keys)} FROM hands ORDER BY id"):
                records.hands.append(dict(zip(keys, row, strict=True)))
        if "roster" in tables:
            for reg_no, name, seat, pin in conn.execute(
                "SELECT reg_no, name, seat, pin FROM roster ORDER BY position"
            ):
                records.roster.append({"reg_no": reg_no, "name": name, "seat": seat, "pin": pin})
        settings = conn.execute(
            "SELECT value FROM meta WHERE key = ?", (ROSTER_SETTINGS_KEY,)
        ).fetchone()
        if settings is not None:
            records.roster_settings = json.loads(settings[0])
    finally:
        conn.close()
    return records


def op_announcement(item: dict[str, Any]) -> Op:
    return (
        "INSERT INTO announcements(id, at_ms, text, student_id, addressed) VALUES(?, ?, ?, ?, ?)",
        (item["id"], item["at_ms"], item["text"], item["student_id"], item["addressed"]),
    )


def op_ack(announcement_id: int, student_id: str, at_ms: int) -> Op:
    return (
        "INSERT OR IGNORE INTO announcement_acks(announcement_id, student_id, at_ms)"
        " VALUES(?, ?, ?)",
        (announcement_id, student_id, at_ms),
    )


def op_hand(hand: dict[str, Any]) -> Op:
    return (
        "INSERT INTO hands(id, student_id, text, raised_ms, status, answer, closed_ms)"
        " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status=excluded.status,"
        " answer=excluded.answer, closed_ms=excluded.closed_ms",
        (
            hand["id"],
            hand["student_id"],
            hand["text"],
            hand["raised_ms"],
            hand["status"],
            hand["answer"],
            hand["closed_ms"],
        ),
    )


def ops_roster(entries: list[dict[str, Any]], settings: dict[str, Any]) -> list[Op]:
    """Replace the roster with `entries` (in their order) and its settings."""
    ops: list[Op] = [("DELETE FROM roster", ())]
    for position, entry in enumerate(entries):
        ops.append(
            (
                "INSERT INTO roster(position, reg_no, name, seat, pin) VALUES(?, ?, ?, ?, ?)",
                (position, entry["reg_no"], entry["name"], entry["seat"], entry.get("pin")),
            )
        )
    ops.append(op_roster_settings(settings))
    return ops


def op_roster_settings(settings: dict[str, Any]) -> Op:
    return (
        "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET"
        " value=excluded.value",
        (ROSTER_SETTINGS_KEY, compact_json(settings)),
    )
