"""What the host marks for one student: their latest hand-in, else their last autosave
(`from_snapshot`), else nothing at all; with their variant and answers.

`work_to_mark` is the marking service's one reading of the store (`handins.read_handin`).
A student who never opened the paper has no stored variant (None): the one made from
their id is what they would have been served.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from proctor.host.server.handins import read_handin
from proctor.host.server.states import StudentState
from proctor.host.server.store import Reader
from proctor.marking.results import Override, QuestionResult
from proctor.paper.variants import Variant
from proctor.results.work import StudentWork

NOTHING_SHA = ""  # the "work" of a student who saved nothing


@dataclass(frozen=True)
class WorkToMark:
    variant: Variant | None
    answers: Mapping[str, Any] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    from_snapshot: bool = True
    sha256: str = NOTHING_SHA
    received_ms: int | None = None

    def handed_in(self, received_ms: int) -> WorkToMark:
        """The same work, now also a hand-in (its marks stand)."""
        return WorkToMark(self.variant, self.answers, self.files, False, self.sha256, received_ms)


def work_to_mark(reader: Reader, student: StudentState) -> WorkToMark:
    """The student's hand-in, else their last snapshot, else nothing (a blocking read)."""
    handin = read_handin(reader, student)
    variant = None if student.variant is None else Variant.model_validate(student.variant)
    if handin is None:
        return WorkToMark(variant)
    return WorkToMark(
        handin.variant,
        handin.answers,
        handin.files,
        handin.from_snapshot,
        handin.sha256,
        handin.at_ms,
    )


def student_work(
    student: StudentState,
    work: WorkToMark | None,
    marks: Mapping[str, tuple[str, QuestionResult]],
    overrides: Mapping[str, Override],
) -> StudentWork:
    """One student's marked work as `proctor.results` reads it. `work` is what was marked
    (None: nothing yet); `marks` maps each question to (the SHA-256 of the work it was made
    on, the mark): a mark of other work than `work` is left out, so it shows as pending."""
    kept: dict[str, QuestionResult] = {}
    if work is not None:
        kept = {qid: result for qid, (sha, result) in marks.items() if sha == work.sha256}
    return StudentWork(
        student_id=student.student_id,
        reg_no=student.reg_no,
        name=student.name,
        variant=work.variant if work is not None else None,
        answers=dict(work.answers) if work is not None else {},
        files=dict(work.files) if work is not None else {},
        from_snapshot=work.from_snapshot if work is not None else True,
        marks=kept,
        overrides=dict(overrides),
        sha256=(work.sha256 or None) if work is not None else None,
        received_ms=work.received_ms if work is not None else None,
    )


def stored_marks(
    reader: Reader,
) -> tuple[dict[str, dict[str, tuple[str, QuestionResult]]], dict[str, dict[str, Override]]]:
    """The marks and overrides a room's store holds, by student and question (rows that no
    longer read are left out: they are marked again)."""
    marks: dict[str, dict[str, tuple[str, QuestionResult]]] = {}
    for row in reader.marks():
        try:
            result = QuestionResult.from_record(row["record"])
        except (KeyError, TypeError, ValueError):
            continue
        marks.setdefault(row["student_id"], {})[row["question_id"]] = (row["work_sha256"], result)
    overrides: dict[str, dict[str, Override]] = {}
    for row in reader.overrides():
        try:
            override = Override(float(row["points"]), str(row["reason"]))
        except ValueError:
            continue
        overrides.setdefault(row["student_id"], {})[row["question_id"]] = override
    return marks, overrides


def stored_works(reader: Reader, students: Iterable[StudentState]) -> list[StudentWork]:
    """Every student's marked work from a room's store, whether its host runs or not (the
    export): the work now stored, with the marks made on it."""
    marks, overrides = stored_marks(reader)
    return [
        student_work(
            s,
            work_to_mark(reader, s),
            marks.get(s.student_id, {}),
            overrides.get(s.student_id, {}),
        )
        for s in students
    ]
