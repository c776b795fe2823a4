"""What the marking engine needs to know about a question, as small frozen dataclasses.

These are the engine's own inputs, independent of how a paper is loaded: an adapter from
the paper's models builds them. Construction validates (a bad spec raises ValueError), so
a spec that exists can be marked.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Literal

import regex

from proctor.common.answer_syntax import parse_number

Scoring = Literal["all_or_nothing", "proportional"]
ShortMatch = Literal["exact", "nocase", "regex", "number"]

MAX_FILE_NAME = 120


def check_file_name(name: str) -> str:
    """A relative POSIX path without '..', absolute parts, backslashes or control bytes."""
    if not name or len(name) > MAX_FILE_NAME or "\\" in name or name.startswith("/"):
        raise ValueError(f"bad file name {name!r}")
    if any(ord(c) < 32 for c in name) or any(p in ("", ".", "..") for p in name.split("/")):
        raise ValueError(f"bad file name {name!r}")
    if posixpath.normpath(name) != name:
        raise ValueError(f"bad file name {name!r}")
    return name


def _check_points(points: float) -> None:
    if not points >= 0:
        raise ValueError(f"points must be >= 0, not {points!r}")


@dataclass(frozen=True)
class ChoiceSpec:
    id: str
    options: tuple[str, ...]
    answer: str
    points: float = 1.0

    def __post_init__(self) -> None:
        _check_points(self.points)
        if self.answer not in self.options:
            raise ValueError(f"{self.id}: the answer {self.answer!r} is not an option")


@dataclass(frozen=True)
class MultiSpec:
    id: str
    options: tuple[str, ...]
    answer: tuple[str, ...]
    points: float = 1.0

    def __post_init__(self) -> None:
        _check_points(self.points)
        missing = [a for a in self.answer if a not in self.options]
        if missing:
            raise ValueError(f"{self.id}: answers that are not options: {missing}")


@dataclass(frozen=True)
class ShortSpec:
    id: str
    accepted: tuple[str, ...]
    match: ShortMatch = "exact"
    tolerance: float = 0.0
    points: float = 1.0

    def __post_init__(self) -> None:
        _check_points(self.points)
        if not self.accepted:
            raise ValueError(f"{self.id}: no accepted answer")
        if self.match == "regex":
            for pattern in self.accepted:
                try:
                    regex.compile(pattern)
                except regex.error as exc:
                    raise ValueError(f"{self.id}: bad pattern {pattern!r}: {exc}") from exc
        elif self.match == "number":
            if not self.tolerance >= 0:
                raise ValueError(f"{self.id}: tolerance must be >= 0")
            for text in self.accepted:
                if parse_number(text) is None:
                    raise ValueError(f"{self.id}: {text!r} is not a number")
        elif self.match not in ("exact", "nocase"):
            raise ValueError(f"{self.id}: unknown match {self.match!r}")


@dataclass(frozen=True)
class CaseSpec:
    """stdin -> expected stdout."""

    input: str
    output: str
    hidden: bool = True
    name: str = ""


@dataclass(frozen=True)
class RunnerSpec:
    """How the host builds and runs a language other than Python. Templates: {exe} (the
    built program's path), {sources} (every student file, as separate arguments), {main},
    {dir} (the case folder)."""

    run: tuple[str, ...]
    build: tuple[str, ...] = ()
    read_paths: tuple[str, ...] = ()
    build_time_limit_s: int = 30
    build_memory_mb: int = 1024

    def __post_init__(self) -> None:
        if not self.run:
            raise ValueError("a runner needs a run command")


@dataclass(frozen=True)
class CodeSpec:
    id: str
    files: tuple[str, ...]
    main: str = ""
    language: str = "python"
    tests: str | None = None  # hidden test source: test_* functions using assert
    tests_name: str = "tests.py"  # how messages name the test file
    examples: str | None = None  # visible to students; not part of the mark
    cases: tuple[CaseSpec, ...] = ()
    scoring: Scoring = "proportional"
    time_limit_s: int = 5
    memory_mb: int = 256
    points: float = 1.0
    runner: RunnerSpec | None = None
    starter: dict[str, str] = field(default_factory=dict)  # file -> starter text

    def __post_init__(self) -> None:
        _check_points(self.points)
        if not self.files:
            raise ValueError(f"{self.id}: a code question needs files")
        for name in self.files:
            check_file_name(name)
        if not self.main:
            object.__setattr__(self, "main", self.files[0])
        if self.main not in self.files:
            raise ValueError(f"{self.id}: main {self.main!r} is not one of its files")
        if self.scoring not in ("all_or_nothing", "proportional"):
            raise ValueError(f"{self.id}: unknown scoring {self.scoring!r}")
        if not 1 <= self.time_limit_s <= 60 or not 16 <= self.memory_mb <= 4096:
            raise ValueError(f"{self.id}: time_limit_s 1..60 and memory_mb 16..4096")
        if self.language != "python" and self.runner is None:
            raise ValueError(f"{self.id}: language {self.language!r} needs a runner")
        if self.language != "python" and self.tests:
            raise ValueError(f"{self.id}: test_* files are for Python; use cases")
        if not self.tests and not self.cases:
            raise ValueError(f"{self.id}: neither hidden tests nor cases")


QuestionSpec = ChoiceSpec | MultiSpec | ShortSpec | CodeSpec
