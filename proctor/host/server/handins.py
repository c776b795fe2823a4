"""What each student handed in, as marking and the export read it: the latest hand-in, or the
last autosaved snapshot of a student who never handed in, with the student's variant.

Reads only (a `Reader` on the room file); Qt-free. The queries are blocking: in the running
host call them off the event loop, e.g.
`await live.read(read_handins, live.reader, list(live.engine.students.values()))`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proctor.host.server.states import StudentState
from proctor.host.server.store import Reader, load
from proctor.paper.variants import Variant


@dataclass(frozen=True)
class HandIn:
    """One student's work as the host holds it.

    `variant` is the variant the student was served (None for a paper without questions, or
    a student who never opened the paper); `answers` is {qid: value} as PAPER.md says, `{}`
    when the work carried none; `files` is {name: text}; `from_snapshot` is True when there
    is no hand-in and this is the last snapshot. `sha256` is the receipt's hash of exactly
    these answers and files (`carried_answers` False: the body had no `answers`, and the
    hash is over the files alone); `at_ms` when the host received them (epoch ms); `seq` the
    snapshot's number (None for a hand-in)."""

    student_id: str
    reg_no: str
    variant: Variant | None
    answers: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    from_snapshot: bool = False
    sha256: str = ""
    at_ms: int = 0
    carried_answers: bool = False
    seq: int | None = None


def read_handin(reader: Reader, student: StudentState) -> HandIn | None:
    """The student's latest hand-in, or their last snapshot when they never handed in (then
    `from_snapshot` is True); None when the host holds no work of theirs at all."""
    submission = reader.submission(student.student_id)
    chosen = submission if submission is not None else reader.work(student.student_id)
    if chosen is None:
        return None
    variant = None if student.variant is None else Variant.model_validate(student.variant)
    return HandIn(
        student_id=student.student_id,
        reg_no=student.reg_no,
        variant=variant,
        answers=dict(chosen.get("answers") or {}),
        files=dict(chosen["files"]),
        from_snapshot=submission is None,
        sha256=chosen["sha256"],
        at_ms=chosen["received_ms"] if submission is not None else chosen["saved_ms"],
        carried_answers=chosen.get("answers") is not None,
        seq=None if submission is not None else chosen["seq"],
    )


def read_handins(reader: Reader, students: Iterable[StudentState]) -> dict[str, HandIn]:
    """`read_handin` of every student who left work, by student id (in the given order)."""
    found: dict[str, HandIn] = {}
    for student in students:
        handin = read_handin(reader, student)
        if handin is not None:
            found[student.student_id] = handin
    return found


def room_handins(db_path: Path) -> dict[str, HandIn]:
    """`read_handins` of a room file, whether its host is running or not."""
    loaded = load(db_path)
    reader = Reader(db_path)
    try:
        return read_handins(reader, loaded.students)
    finally:
        reader.close()
