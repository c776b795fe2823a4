"""What an engine command changed, for the server to persist (`room.LiveRoom`) and push
(`hub.Hub`): the room, a student, an incident added, an action logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RoomChanged:
    pass


@dataclass(frozen=True)
class StudentChanged:
    student_id: str


@dataclass(frozen=True)
class IncidentAdded:
    incident: dict[str, Any]
    event_id: str | None = None


@dataclass(frozen=True)
class ActionLogged:
    action: dict[str, Any]


Event = RoomChanged | StudentChanged | IncidentAdded | ActionLogged
