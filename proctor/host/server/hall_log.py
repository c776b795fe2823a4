"""The hall's part of `session_log.json`: announcements with who acknowledged them, raised
hands with their answers, the roster with who never came, and per attendance row the seat,
whether the student was on the roster, and the integrity summary line. The live log
(`GET admin/log`) and the offline export add the same sections from the room's file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from proctor.common.integrity import integrity_line
from proctor.common.timeutil import iso
from proctor.host.server.hall_store import HallRecords
from proctor.host.server.states import StudentState


def _at(ms: int | None) -> str | None:
    return None if ms is None else iso(ms)


def add_hall_sections(
    log: dict[str, Any], records: HallRecords, students: list[StudentState]
) -> dict[str, Any]:
    """`log` (a session log) with the hall's sections and attendance columns added."""
    by_id = {s.student_id: s for s in students}

    def reg_no(sid: str | None) -> str | None:
        student = by_id.get(sid or "")
        return None if student is None else student.reg_no

    log["announcements"] = [
        {
            "id": item["id"],
            "at": iso(item["at_ms"]),
            "text": item["text"],
            "student_id": item["student_id"],
            "reg_no": reg_no(item["student_id"]),
            "addressed": item["addressed"],
            "acknowledged": [
                {"student_id": sid, "reg_no": reg_no(sid), "at": iso(at)}
                for sid, at in records.acks.get(item["id"], {}).items()
            ],
        }
        for item in records.announcements
    ]
    log["hands"] = [
        {
            "id": hand["id"],
            "student_id": hand["student_id"],
            "reg_no": reg_no(hand["student_id"]),
            "text": hand["text"],
            "raised_at": iso(hand["raised_ms"]),
            "status": hand["status"],
            "answer": hand["answer"],
            "closed_at": _at(hand["closed_ms"]),
            "waited_s": (
                None
                if hand["closed_ms"] is None
                else max(0, (hand["closed_ms"] - hand["raised_ms"]) // 1000)
            ),
        }
        for hand in records.hands
    ]
    seated = {s.reg_no.casefold() for s in students}
    roster = records.roster
    log["roster"] = {
        "students": len(roster),
        "unknown": records.roster_settings.get("unknown", "refuse") if roster else None,
        "pins": bool(records.roster_settings.get("pins")) if roster else False,
        "entries": [
            {
                "reg_no": e["reg_no"],
                "name": e["name"],
                "seat": e["seat"],
                "came": e["reg_no"].casefold() in seated,
            }
            for e in roster
        ],
        "never_came": [e["reg_no"] for e in roster if e["reg_no"].casefold() not in seated],
        "off_roster": [s.reg_no for s in students if s.off_roster],
    }
    for row in log.get("attendance", []):
        student = by_id.get(row["student_id"])
        if student is None:
            continue
        row["seat"] = student.seat
        row["on_roster"] = (not student.off_roster) if roster else None
        row["integrity"] = integrity_line(student.tally, student.unfocused_ms // 1000)
        row["tally"] = dict(student.tally)
        row["unfocused_s"] = student.unfocused_ms // 1000
    return log


ROSTER_FIELDS = ["reg_no", "name", "seat", "came"]
HALL_ATTENDANCE_FIELDS = ["seat", "on_roster", "integrity", "unfocused_s"]


def write_roster_csv(log: dict[str, Any], out_dir: Path) -> bool:
    """`roster.csv` of an export: the class list and who came (no PINs); False without one."""
    entries = log.get("roster", {}).get("entries", [])
    if not entries:
        return False
    with open(out_dir / "roster.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ROSTER_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for entry in entries:
            writer.writerow(entry | {"came": "yes" if entry["came"] else "no"})
    return True
