"""Taking a command back when its commit fails, so that state changes only with the commit.

The engine changes its state at once (it is pure and synchronous); the writer thread commits
the rows afterwards. Before a command, `Tentative` keeps a copy of the records it may change;
if the commit then fails (a full disk), `undo` puts back each record that no later command has
committed since (the room keeps a revision per record). A record a later command has
committed keeps its state: its row on disk already holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from proctor.host.server.engine import RoomEngine
from proctor.host.server.events import Event, RoomChanged, StudentChanged
from proctor.host.server.states import RoomState, StudentState

ROOM_RECORD = ""  # the room's key among the revisions (no student id is empty)


def _copy(record: RoomState | StudentState) -> dict[str, Any]:
    """The record's fields, its lists and dicts copied (the engine changes some in place)."""
    fields = vars(record).copy()
    for name, value in fields.items():
        if type(value) is list or type(value) is dict:
            fields[name] = value.copy()
    return fields


class Revisions:
    """How many commits have carried each record: the room's ("") and every student's."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def bump(self, key: str) -> None:
        self._counts[key] = self._counts.get(key, 0) + 1

    def of(self, key: str) -> int:
        return self._counts.get(key, 0)


class Tentative:
    def __init__(
        self,
        engine: RoomEngine,
        revisions: Revisions,
        student_ids: Iterable[str] | None,
        room: bool,
    ) -> None:
        self.engine = engine
        self.revisions = revisions
        students = engine.students
        ids = students if student_ids is None else [i for i in student_ids if i in students]
        self.students = {sid: _copy(students[sid]) for sid in ids}
        self.room = _copy(engine.room) if room else None
        self.sealed: dict[str, int] = {}

    def seal(self) -> None:
        """Right after the command's rows were made: the revisions this command gave them."""
        revisions = self.revisions
        self.sealed = {sid: revisions.of(sid) for sid in self.students}
        if self.room is not None:
            self.sealed[ROOM_RECORD] = revisions.of(ROOM_RECORD)

    def undo(self) -> list[Event]:
        """Put back what nobody committed since; the events for what was put back."""
        events: list[Event] = []
        revisions = self.revisions
        if self.room is not None and revisions.of(ROOM_RECORD) == self.sealed[ROOM_RECORD]:
            vars(self.engine.room).update(self.room)
            events.append(RoomChanged())
        for sid, fields in self.students.items():
            student = self.engine.students.get(sid)
            if student is not None and revisions.of(sid) == self.sealed.get(sid):
                vars(student).update(fields)
                events.append(StudentChanged(sid))
        return events
