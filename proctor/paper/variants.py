"""Each student's variant of a paper: which questions (pools drawn), in which order, and each
choice question's option order, fixed by the student id and the paper's identity alone.

The random numbers come from SHA-256 in counter mode, so a variant is the same on every
Python version and computer. A variant is a small JSON value a host stores at the student's
first GET paper and serves from then on:

    {"questions": ["q2", "q1", "q5"], "options": {"q1": [2, 0, 1], "q5": [1, 0, 3, 2]}}

`options[qid]` lists indexes into the question's options as the teacher wrote them, in the
order this student sees them; every choice and multi question of the variant has one.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from proctor.paper.exam import ExamPaper

T = TypeVar("T")

_DOMAIN = b"proctor.paper.variant.v1"


class Variant(BaseModel):
    """One student's questions in order, and the option order of their choice questions."""

    model_config = ConfigDict(extra="forbid")

    questions: list[str]
    options: dict[str, list[int]] = Field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class VariantError(ValueError):
    """A stored variant that does not fit the paper (it was edited since)."""


class Stream:
    """Deterministic random numbers: SHA-256 of (seed, counter), 64 bits at a time."""

    def __init__(self, *parts: str) -> None:
        self._seed = hashlib.sha256(
            _DOMAIN + b"".join(b"\0" + part.encode() for part in parts)
        ).digest()
        self._counter = 0

    def _next64(self) -> int:
        block = hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
        self._counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, n: int) -> int:
        """A uniform integer in [0, n), by rejection (no modulo bias)."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = (1 << 64) - (1 << 64) % n
        while True:
            value = self._next64()
            if value < limit:
                return value % n

    def shuffled(self, items: Sequence[T]) -> list[T]:
        """Fisher-Yates."""
        result = list(items)
        for i in range(len(result) - 1, 0, -1):
            j = self.below(i + 1)
            result[i], result[j] = result[j], result[i]
        return result

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        """`k` distinct items, kept in their given order."""
        picked = set(self.shuffled(range(len(items)))[:k])
        return [item for index, item in enumerate(items) if index in picked]


def make_variant(paper: ExamPaper, student_id: str) -> Variant:
    """The variant of `student_id`: every question without a pool, `draw` questions of each
    pool, shuffled when the paper says so; options shuffled when it says so."""
    identity = paper.identity
    drawn: set[str] = set()
    for pool in paper.pools:
        members = [q.id for q in paper.questions if q.spec.pool == pool.id]
        drawn.update(Stream(identity, student_id, "pool", pool.id).sample(members, pool.draw))
    chosen = [q.id for q in paper.questions if q.spec.pool is None or q.id in drawn]
    if paper.shuffle_questions:
        chosen = Stream(identity, student_id, "order").shuffled(chosen)
    options: dict[str, list[int]] = {}
    for question_id in chosen:
        count = len(paper.question(question_id).options or [])
        if count:
            order = list(range(count))
            if paper.shuffle_options:
                order = Stream(identity, student_id, "options", question_id).shuffled(order)
            options[question_id] = order
    return Variant(questions=chosen, options=options)


def check_variant(paper: ExamPaper, variant: Variant | dict[str, Any]) -> Variant:
    """A stored variant, checked against the paper: known, distinct question ids, and each
    choice question's option order a permutation of its options. Raises VariantError."""
    variant = Variant.model_validate(variant)
    known = {q.id: q for q in paper.questions}
    if len(set(variant.questions)) != len(variant.questions):
        raise VariantError("the variant lists a question twice")
    for question_id in variant.questions:
        if question_id not in known:
            raise VariantError(f'the variant names question "{question_id}", not in the paper')
        count = len(known[question_id].options or [])
        order = variant.options.get(question_id)
        fits = sorted(order) == list(range(count)) if order is not None else not count
        if not fits or (order is not None and not count):
            raise VariantError(f'the option order of question "{question_id}" does not fit')
    if set(variant.options) - set(variant.questions):
        raise VariantError("the variant orders the options of a question it does not hold")
    return variant


def option_texts(paper: ExamPaper, variant: Variant, question_id: str) -> list[str] | None:
    """The options of a question as this student sees them, or None for short and code."""
    options = paper.question(question_id).options
    if options is None:
        return None
    return [options[i] for i in variant.options.get(question_id, range(len(options)))]


def count_variants(paper: ExamPaper) -> tuple[int, int]:
    """(distinct sets of questions, distinct variants counting question and option orders)."""
    sets = 1
    size = 0
    for pool in paper.pools:
        members = sum(1 for q in paper.questions if q.spec.pool == pool.id)
        sets *= math.comb(members, pool.draw)
        size += pool.draw
    size += sum(1 for q in paper.questions if q.spec.pool is None)
    total = sets * (math.factorial(size) if paper.shuffle_questions else 1)
    if paper.shuffle_options:
        # Exact when no pool holds choice questions with different option counts; otherwise
        # the count of the variant with the fewest options (a lower bound).
        for question in paper.questions:
            if question.spec.pool is None and question.options:
                total *= math.factorial(len(question.options))
        for pool in paper.pools:
            counts = sorted(len(q.options or []) for q in paper.questions if q.spec.pool == pool.id)
            for count in counts[: pool.draw]:
                total *= math.factorial(count)
    return sets, total
