"""Building rooms for the engine tests: a fixed clock origin and students in a chosen state."""

from __future__ import annotations

import copy
import uuid
from dataclasses import asdict
from typing import Any

import pytest

from proctor.host.server.engine import RoomEngine
from proctor.host.server.events import ActionLogged, Event, IncidentAdded, StudentChanged
from proctor.host.server.refusals import EngineError
from proctor.host.server.states import RoomState, StudentState

T0 = 1_700_000_000_000
DURATION_S = 3600
GRACE_MS = 120_000


def new_engine(duration_s: int = DURATION_S) -> RoomEngine:
    room = RoomState(
        id="ABC234", name="Algorithms", duration_s=duration_s, created_ms=T0, grace_ms=GRACE_MS
    )
    return RoomEngine(room)


def seat_key_hash(reg_no: str) -> str:
    """The hash of the seat key `join` gives the student with `reg_no`."""
    return f"seat-{reg_no.lower()}"


def join(
    engine: RoomEngine,
    reg_no: str,
    now: int = T0,
    name: str | None = None,
    *,
    key_hash: str | None = None,
    address: str = "127.0.0.1",
) -> StudentState:
    """Join (or, with the seat's `key_hash`, resume) the student with `reg_no`."""
    student, events = engine.join(
        name=name or f"Student {reg_no}",
        reg_no=reg_no,
        address=address,
        client={},
        new_student_id=f"s_{reg_no.lower()}",
        token_hash=f"hash-{reg_no}-{now}",
        seat_key_hash=key_hash or seat_key_hash(reg_no),
        key_presented=key_hash is not None,
        now=now,
    )
    assert StudentChanged(student.student_id) in events
    return student


def shield_event(
    engine: RoomEngine, student: StudentState, kind: str, pid: int, now: int
) -> list[Event]:
    detail = {"name": "discord", "rule": "Discord", "pid": pid}
    event_id = str(uuid.uuid4())
    return engine.record_event(student.student_id, event_id, kind, "shield", detail, now, now)


def put_in_state(engine: RoomEngine, student: StudentState, state: str, now: int) -> None:
    """Drive a student of a started room into `state` the way a real exam would."""
    assert engine.room.status == "active"
    if state == "active":
        pass
    elif state == "paused":
        engine.pause(student.student_id, None, now)
    elif state == "submitted":
        engine.submit(student.student_id, "0" * 64, now)
    elif state == "ended":
        student.ends_ms = now  # this student's time is up (no command may end it so abruptly)
        engine.tick(now)
    elif state == "kicked":
        engine.kick(student.student_id, None, now)
    else:
        raise ValueError(state)
    assert student.status == state


def snapshot(engine: RoomEngine) -> dict[str, Any]:
    return copy.deepcopy(
        {
            "room": asdict(engine.room),
            "students": {sid: asdict(s) for sid, s in engine.students.items()},
            "next_incident_id": engine.next_incident_id,
            "seen": set(engine.seen_event_ids),
        }
    )


def assert_refused(engine: RoomEngine, status: int, code: str, command: Any, *args: Any) -> None:
    """The command raises EngineError(status, code) and the room is exactly as before."""
    before = snapshot(engine)
    with pytest.raises(EngineError) as caught:
        command(*args)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert caught.value.message.endswith(".")
    assert snapshot(engine) == before


def incidents(events: list[Event]) -> list[dict[str, Any]]:
    return [e.incident for e in events if isinstance(e, IncidentAdded)]


def actions(events: list[Event]) -> list[str]:
    return [e.action["action"] for e in events if isinstance(e, ActionLogged)]
