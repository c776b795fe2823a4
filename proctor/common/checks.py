"""What a code question's Check shows: one result per visible example test or visible case,
as the student's local checker returns them and the question widgets display them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class CaseResult:
    """One example test (`name` is the test function) or one visible case (`name` is
    "case 1"...): passed or not, the expected and actual output or values where there are
    any, and a message saying what went wrong (empty when it passed)."""

    name: str
    passed: bool
    expected: str = ""
    actual: str = ""
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseResult:
        return cls(
            name=str(data.get("name", "")),
            passed=bool(data.get("passed", False)),
            expected=str(data.get("expected", "") or ""),
            actual=str(data.get("actual", "") or ""),
            message=str(data.get("message", "") or ""),
        )
