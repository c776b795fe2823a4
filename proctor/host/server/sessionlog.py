"""`session_log.json`: the record a proctor walks away with (times in ISO 8601 UTC)."""

from __future__ import annotations

from typing import Any

from proctor.common.timeutil import iso
from proctor.host.server.states import RoomState, StudentState
from proctor.host.standing import counts, standing


def build_session_log(
    room: RoomState,
    students: list[StudentState],
    incidents: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    host_info: dict[str, Any],
) -> dict[str, Any]:
    by_id = {s.student_id: s for s in students}
    actual = None
    if room.started_ms is not None and room.ended_ms is not None:
        actual = round((room.ended_ms - room.started_ms) / 1000)
    session = {
        "name": room.name,
        "room_id": room.id,
        "status": room.status,
        "created_at": iso(room.created_ms),
        "started_at": iso(room.started_ms),
        "ended_at": iso(room.ended_ms),
        "planned_duration_s": room.duration_s,
        "actual_duration_s": actual,
        "extra_time_all_s": room.extra_s,
        "host": host_info,
        "counts": counts(students),
    }
    attendance = [
        {
            "student_id": s.student_id,
            "name": s.name,
            "reg_no": s.reg_no,
            "joined_at": iso(s.joined_ms),
            "last_seen_at": iso(s.last_seen_ms),
            "status": s.status,
            "flagged": s.flagged,
            "flag_reasons": s.flag_reasons(),
            "extra_time_s": s.extra_s + room.extra_s,
            # What the proctor granted besides extra time ({font_scale, plain_editor}), or None.
            "accommodations": s.accommodations,
            "submitted_at": iso(s.submitted_ms),
            "submission_sha256": s.submission_sha256,
            "address": s.address,
            "violations": s.violations,
            "standing": standing(s).value,
            "removed_reason": s.kick_reason if s.status == "kicked" else None,
            # A paper with questions: the student's variant (PAPER.md, "Variants"), once given.
            "variant": s.variant,
        }
        for s in students
    ]
    incident_rows = []
    for inc in incidents:
        student = by_id.get(inc["student_id"])
        incident_rows.append(
            {
                "at": iso(inc["at_ms"]),
                "student_id": inc["student_id"],
                "reg_no": student.reg_no if student else inc.get("reg_no", ""),
                "kind": inc["kind"],
                "source": inc["source"],
                "detail": inc["detail"],
            }
        )
    action_rows = [
        {
            "at": iso(a["at_ms"]),
            "action": a["action"],
            "student_id": a["student_id"],
            "reason": a["reason"],
        }
        for a in actions
    ]
    return {
        "session": session,
        "attendance": attendance,
        "incidents": incident_rows,
        "actions": action_rows,
    }
