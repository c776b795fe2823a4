"""Marks as the engine hands them out, shaped as PAPER.md's results: per question
{points, max_points, status, cases: [{name, passed, hidden, message}], override}, and a
student's totals {points, max_points, percent, passed}."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["correct", "partial", "wrong", "unanswered", "error", "pending"]
STATUSES: tuple[Status, ...] = ("correct", "partial", "wrong", "unanswered", "error", "pending")
MAX_REASON = 500


@dataclass(frozen=True)
class CaseResult:
    name: str
    passed: bool
    hidden: bool
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passed": self.passed,
            "hidden": self.hidden,
            "message": self.message,
        }


@dataclass(frozen=True)
class Override:
    """A proctor's mark over the automatic one, with the reason (kept across re-marking)."""

    points: float
    reason: str

    def __post_init__(self) -> None:
        if not isinstance(self.points, int | float) or self.points != self.points:
            raise ValueError("override points must be a number")
        text = self.reason.strip() if isinstance(self.reason, str) else ""
        if not text:
            raise ValueError("an override needs a reason")
        if len(text) > MAX_REASON:
            raise ValueError(f"an override's reason is at most {MAX_REASON} characters")
        object.__setattr__(self, "reason", text)

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "reason": self.reason}


@dataclass(frozen=True)
class QuestionResult:
    points: float
    max_points: float
    status: Status
    cases: tuple[CaseResult, ...] = ()
    override: Override | None = None
    auto_points: float | None = None  # the automatic mark under an override
    message: str = ""  # why, for error and unanswered
    auto_status: Status | None = None  # the automatic status under an override

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "cases": [c.to_dict() for c in self.cases],
            "override": self.override.to_dict() if self.override else None,
        }

    def with_override(self, override: Override | None) -> QuestionResult:
        from proctor.marking.rules import apply_override

        return apply_override(self, override)


def pending(max_points: float) -> QuestionResult:
    return QuestionResult(0.0, max_points, "pending")


@dataclass(frozen=True)
class Totals:
    points: float
    max_points: float
    percent: float
    passed: bool | None  # None when the paper has no pass mark
    pending: int = 0  # questions not marked yet
    by_question: dict[str, QuestionResult] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": self.points,
            "max_points": self.max_points,
            "percent": self.percent,
            "passed": self.passed,
            "questions": {qid: r.to_dict() for qid, r in self.by_question.items()},
        }


__all__ = [
    "STATUSES",
    "CaseResult",
    "Override",
    "QuestionResult",
    "Status",
    "Totals",
    "pending",
]
