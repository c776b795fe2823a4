"""`proctor export`: session_log.json, attendance.csv, incidents.csv and submissions/ from a
room's store, whether its host is running or not (the store is read, never written)."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

from proctor.host.layout import current_room_file, room_file
from proctor.host.server.options import resolve_data_dir
from proctor.host.server.sessionlog import build_session_log
from proctor.host.server.store import Reader, load

ATTENDANCE_FIELDS = [
    "student_id",
    "name",
    "reg_no",
    "status",
    "joined_at",
    "last_seen_at",
    "flagged",
    "flag_reasons",
    "violations",
    "extra_time_s",
    "submitted_at",
    "submission_sha256",
    "address",
]
INCIDENT_FIELDS = ["at", "student_id", "reg_no", "kind", "source", "summary"]
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


class ExportError(Exception):
    pass


def _safe(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip("._") or "student"
    return cleaned[:80]


def _summary(detail: dict[str, Any]) -> str:
    """One readable line for a CSV cell; thumbnails stay in the JSON log only."""
    parts = [
        f"{key}={value}"
        for key, value in detail.items()
        if not key.startswith("thumbnail") and not isinstance(value, dict | list)
    ]
    return "; ".join(parts)[:300]


def export_room(db_path: Path, out_dir: Path) -> dict[str, Any]:
    """Write the export files for the room stored at `db_path` (a room file, or a host data
    dir for its current room) into `out_dir`."""
    if db_path.is_dir():
        db_path = find_room_db(db_path)
    if not db_path.exists():
        raise ExportError(f"There is no room store at {db_path}.")
    loaded = load(db_path)
    reader = Reader(db_path)
    try:
        log = build_session_log(
            loaded.room,
            loaded.students,
            reader.incidents(),
            reader.actions(),
            loaded.meta.get("host", {}),
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "session_log.json").write_text(
            json.dumps(log, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        with open(out_dir / "attendance.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, ATTENDANCE_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for row in log["attendance"]:
                writer.writerow(row | {"flag_reasons": " | ".join(row["flag_reasons"])})
        with open(out_dir / "incidents.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, INCIDENT_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for row in log["incidents"]:
                writer.writerow(row | {"summary": _summary(row["detail"])})
        written = _write_submissions(loaded.students, reader, out_dir / "submissions")
    finally:
        reader.close()
    return {"room_id": loaded.room.id, "out_dir": str(out_dir), **written}


def _write_submissions(students: list[Any], reader: Reader, root: Path) -> dict[str, int]:
    """submissions/<reg_no>/<files>: the hand-in, or the last snapshot when there is none
    (then a NOT_SUBMITTED.txt says so)."""
    submitted = snapshots_only = 0
    used: set[str] = set()
    for student in students:
        submission = reader.submission(student.student_id)
        snapshot = reader.work(student.student_id)
        chosen = submission or snapshot
        if chosen is None:
            continue
        folder_name = _safe(student.reg_no)
        if folder_name.casefold() in used:
            folder_name = f"{folder_name}_{student.student_id}"
        used.add(folder_name.casefold())
        folder = root / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in chosen["files"].items():
            (folder / _safe(name)).write_text(text, encoding="utf-8")
        if submission is None:
            snapshots_only += 1
            (folder / "NOT_SUBMITTED.txt").write_text(
                "No hand-in was received; these files are the last autosaved snapshot "
                f"(seq {snapshot['seq'] if snapshot else '?'}, sha256 {chosen['sha256']}).\n",
                encoding="utf-8",
            )
        else:
            submitted += 1
            (folder / "RECEIPT.txt").write_text(
                f"sha256 {submission['sha256']}\nreceived_ms {submission['received_ms']}\n",
                encoding="utf-8",
            )
    return {"submitted": submitted, "snapshots_only": snapshots_only}


def find_room_db(data_dir: Path, room_id: str | None = None) -> Path:
    if room_id:
        path = room_file(data_dir, room_id.strip().upper())
        if not path.exists():
            raise ExportError(f"There is no room {room_id} in {data_dir}.")
        return path
    current = current_room_file(data_dir)
    if current is None:
        raise ExportError(f"There is no room store in {data_dir}.")
    return current


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="proctor export", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="the host's data dir")
    parser.add_argument("--room", help="room ID (default: the data dir's current room)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args(argv)
    try:
        db = find_room_db(resolve_data_dir(args.data_dir), args.room)
        result = export_room(db, args.out.expanduser().resolve())
    except ExportError as exc:
        print(f"proctor export: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"event": "exported", **result}))
    return 0
