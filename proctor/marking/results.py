"""Marks as the engine hands them out, shaped as PAPER.md's results: per question
{points, max_points, status, cases: [{name, passed, hidden, message}], override}, and a
student's totals {points, max_points, percent, passed}.

`to_record`/`from_record` keep everything a mark holds (the automatic mark under an
override, the message, a visible case's output) for a host's store; `to_dict` is the wire
shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["correct", "partial", "wrong", "unanswered", "error", "pending"]
STATUSES: tuple[Status, ...] = ("correct", "partial", "wrong", "unanswered", "error", "pending")
MAX_REASON = 500
MAX_OUTPUT_CHARS = 4000  # of a visible case's output kept for the proctor's answer sheet


@dataclass(frozen=True)
class CaseResult:
    name: str
    passed: bool
    hidden: bool
    message: str = ""
    output: str | None = None  # a visible stdin/stdout case: what the program printed

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "passed": self.passed,
            "hidden": self.hidden,
            "message": self.message,
        }
        if self.output is not None:
            out["output"] = self.output
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseResult:
        output = data.get("output")
        return cls(
            str(data["name"]),
            bool(data["passed"]),
            bool(data["hidden"]),
            str(data.get("message") or ""),
            None if output is None or data["hidden"] else str(output),
        )


def kept_output(text: str) -> str:
    """A visible case's output as the answer sheet keeps it: at most MAX_OUTPUT_CHARS."""
    if len(text) <= MAX_OUTPUT_CHARS:
        return text
    return text[:MAX_OUTPUT_CHARS] + f"\n… ({len(text) - MAX_OUTPUT_CHARS} more characters)"


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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Override:
        return cls(float(data["points"]), str(data["reason"]))


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

    def to_record(self) -> dict[str, Any]:
        """Everything this mark holds, as JSON: the wire shape plus the automatic mark under
        an override, the message and the automatic status (read back by `from_record`)."""
        return self.to_dict() | {
            "auto_points": self.auto_points,
            "auto_status": self.auto_status,
            "message": self.message,
        }

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> QuestionResult:
        """A mark from `to_record` (or from `to_dict`, without what only a record keeps);
        ValueError for a status that is not one."""
        status = data["status"]
        auto_status = data.get("auto_status")
        if status not in STATUSES or (auto_status is not None and auto_status not in STATUSES):
            raise ValueError(f"not a mark's status: {status!r}")
        override = data.get("override")
        auto_points = data.get("auto_points")
        return cls(
            points=float(data["points"]),
            max_points=float(data["max_points"]),
            status=status,
            cases=tuple(CaseResult.from_dict(c) for c in data.get("cases") or ()),
            override=Override.from_dict(override) if override else None,
            auto_points=None if auto_points is None else float(auto_points),
            message=str(data.get("message") or ""),
            auto_status=auto_status,
        )

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
    "kept_output",
    "pending",
]
