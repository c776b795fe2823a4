"""What the host marks for one student: their latest hand-in, else their last autosave
(`from_snapshot`), else nothing at all; with their variant and answers.

`work_to_mark` is the one reading of the store the marking service makes. A hand-in
carries files (and, with a paper of questions, answers); the variant is the stored one or,
where none is stored, the one made from the student's id (the same the paper view gives).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from proctor.host.server.store import Reader
from proctor.paper.variants import Variant

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


def _answers(row: Mapping[str, Any]) -> dict[str, Any]:
    answers = row.get("answers")
    return dict(answers) if isinstance(answers, Mapping) else {}


def work_to_mark(reader: Reader, student_id: str) -> WorkToMark:
    """The student's hand-in, else their last snapshot, else nothing (a blocking read)."""
    submission = reader.submission(student_id)
    if submission is not None:
        return WorkToMark(
            None,
            _answers(submission),
            dict(submission["files"]),
            False,
            str(submission["sha256"]),
            int(submission["received_ms"]),
        )
    snapshot = reader.work(student_id)
    if snapshot is not None:
        return WorkToMark(
            None,
            _answers(snapshot),
            dict(snapshot["files"]),
            True,
            str(snapshot["sha256"]),
            int(snapshot["saved_ms"]),
        )
    return WorkToMark(None)
