"""The rules a paper's questions must keep beyond each field's own type: an answer among the
options, a regex that compiles, a known pool and language, unique ids and file names, a hand-in
that fits. Each broken rule is reported at its place; nothing stops at the first."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from proctor.common.answer_syntax import parse_number
from proctor.common.protocol import MAX_ANSWER_CHARS, MAX_ANSWERS, MAX_FILES, MAX_HANDIN_BYTES
from proctor.paper.locate import TomlLocator
from proctor.paper.model import (
    RUNNER_PLACEHOLDERS,
    ChoiceQuestion,
    CodeQuestion,
    MultiQuestion,
    Pool,
    QuestionSpec,
    Runner,
    ShortQuestion,
)
from proctor.paper.problems import Problem, join

# Starter files and the largest answers of a variant may take this much of a hand-in body:
# the rest is the students' room to write.
HANDIN_BUDGET_BYTES = MAX_HANDIN_BYTES // 2

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class TomlSource:
    """One parsed TOML file of the paper: paper.toml or a bank file."""

    rel: str  # relative to the paper folder
    text: str
    data: dict[str, Any]
    locator: TomlLocator

    @property
    def folder(self) -> str:
        """The folder its own relative paths start from ("" for the paper's top)."""
        return self.rel.rpartition("/")[0]

    def resolve(self, relative: str) -> str:
        return f"{self.folder}/{relative}" if self.folder else relative


@dataclass(frozen=True)
class Entry:
    """A question that passed its field checks, and where it came from."""

    source: TomlSource
    index: int
    spec: QuestionSpec

    @property
    def place(self) -> str:
        line = self.source.locator.line(("questions", self.index))
        return f"{self.source.rel}:{line}" if line else self.source.rel


class Report:
    """The problems found so far, in the order found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def at(self, source: TomlSource, path: Sequence[str | int], message: str) -> None:
        self.problems.append(Problem(source.rel, source.locator.line(path), message))

    def file(self, rel: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(rel, line, message))

    def question(self, entry: Entry, path: Sequence[str | int], message: str) -> None:
        who = f'question "{entry.spec.id}"'
        self.at(entry.source, ("questions", entry.index, *path), join(who, "", message))


def check_question(report: Report, entry: Entry, runners: dict[str, Runner]) -> None:
    """The rules of one question on its own."""
    spec = entry.spec
    if (spec.text is None) == (spec.text_file is None):
        where = "text" if spec.text is not None else ""
        both = "give text or text_file, not both" if where else "text or text_file is required"
        report.question(entry, (where,) if where else (), both)
    if isinstance(spec, ChoiceQuestion | MultiQuestion):
        _check_options(report, entry, spec.options)
    if isinstance(spec, ChoiceQuestion) and spec.answer not in spec.options:
        report.question(entry, ("answer",), f'answer "{spec.answer}" is not one of its options')
    if isinstance(spec, MultiQuestion):
        for k, answer in enumerate(spec.answer):
            if answer not in spec.options:
                report.question(
                    entry, ("answer", k), f'answer "{answer}" is not one of its options'
                )
        for answer, count in Counter(spec.answer).items():
            if count > 1:
                report.question(entry, ("answer",), f'answer "{answer}" is listed {count} times')
    if isinstance(spec, ShortQuestion):
        _check_short(report, entry, spec)
    if isinstance(spec, CodeQuestion):
        _check_code(report, entry, spec, runners)


def _check_options(report: Report, entry: Entry, options: Sequence[str]) -> None:
    for option, count in Counter(options).items():
        if count > 1:
            report.question(entry, ("options",), f'option "{option}" is listed {count} times')


def _check_short(report: Report, entry: Entry, spec: ShortQuestion) -> None:
    for k, answer in enumerate(spec.answer):
        if spec.match == "regex":
            try:
                regex.compile(answer)  # the engine the marking matches with
            except regex.error as exc:
                report.question(entry, ("answer", k), f'answer "{answer}" is not a regex: {exc}')
        elif spec.match == "number" and parse_number(answer) is None:
            report.question(entry, ("answer", k), f'answer "{answer}" is not a number')
    if spec.match != "number" and spec.tolerance:
        report.question(entry, ("tolerance",), 'tolerance is only for match = "number"')


def _check_code(
    report: Report, entry: Entry, spec: CodeQuestion, runners: dict[str, Runner]
) -> None:
    for name, count in Counter(spec.files).items():
        if count > 1:
            report.question(entry, ("files",), f'file "{name}" is listed {count} times')
    if spec.main is not None and spec.main not in spec.files:
        report.question(entry, ("main",), f'main "{spec.main}" is not one of its files')
    if spec.tests is None and not spec.cases:
        report.question(entry, (), "a code question needs tests or cases to be marked")
    if spec.language not in runners:
        known = ", ".join(sorted(runners))
        message = f'language "{spec.language}" has no [runners.{spec.language}] (known: {known})'
        report.question(entry, ("language",), message)


def check_runners(report: Report, source: TomlSource, runners: dict[str, Runner]) -> None:
    for name, runner in runners.items():
        for key, argv in (("build", runner.build or []), ("run", runner.run)):
            for k, item in enumerate(argv):
                for found in _PLACEHOLDER.findall(item):
                    if found not in RUNNER_PLACEHOLDERS:
                        known = ", ".join("{" + p + "}" for p in RUNNER_PLACEHOLDERS)
                        message = f'runner "{name}": {key}: unknown "{{{found}}}" (known: {known})'
                        report.at(source, ("runners", name, key, k), message)
                if "{sources}" in item and item != "{sources}":
                    message = f'runner "{name}": {key}: "{{sources}}" must be an item of its own'
                    report.at(source, ("runners", name, key, k), message)
        if runner.build is None and any("{exe}" in item for item in runner.run):
            message = f'runner "{name}": run uses "{{exe}}" but there is no build to make it'
            report.at(source, ("runners", name, "run"), message)


def check_ids(report: Report, entries: Iterable[Entry]) -> None:
    first: dict[str, Entry] = {}
    for entry in entries:
        earlier = first.setdefault(entry.spec.id, entry)
        if earlier is not entry:
            report.question(entry, ("id",), f"id is already used at {earlier.place}")


def check_pools(
    report: Report,
    paper: TomlSource,
    pools: Sequence[Pool],
    pool_ids: set[str],
    entries: Sequence[Entry],
    members: Counter[str],
) -> None:
    """`pool_ids` and `members` (questions per pool) count also the pools and questions with
    problems of their own, so that one mistake is not reported twice."""
    seen: set[str] = set()
    for index, pool in enumerate(pools):
        if pool.id in seen:
            report.at(paper, ("pools", index, "id"), f'pool "{pool.id}": id is already used')
        seen.add(pool.id)
        if pool.draw > members[pool.id]:
            has = members[pool.id]
            message = f'pool "{pool.id}": draws {pool.draw} but has {has} question' + (
                "" if has == 1 else "s"
            )
            report.at(paper, ("pools", index, "draw"), message)
    for entry in entries:
        if entry.spec.pool is not None and entry.spec.pool not in pool_ids:
            report.question(entry, ("pool",), f'pool "{entry.spec.pool}" is not in [[pools]]')


def check_starter_names(report: Report, entries: Sequence[Entry]) -> None:
    """Starter files, examples and the other questions' files share one hand-in folder."""
    owner: dict[str, str] = {}
    for entry in entries:
        spec = entry.spec
        if not isinstance(spec, CodeQuestion):
            continue
        for k, name in enumerate(dict.fromkeys(spec.files)):
            other = owner.setdefault(name, spec.id)
            if other != spec.id:
                report.question(
                    entry, ("files", k), f'file "{name}" is also a file of question "{other}"'
                )


def answer_bytes(spec: QuestionSpec) -> int:
    """The most JSON a student's answer to `spec` can take in a hand-in (escaped as a JSON
    encoder that keeps to ASCII writes it)."""
    key = len(json.dumps(spec.id)) + 2
    if isinstance(spec, ChoiceQuestion):
        return key + max(len(json.dumps(o)) for o in spec.options)
    if isinstance(spec, MultiQuestion):
        return key + 2 + sum(len(json.dumps(o)) + 1 for o in spec.options)
    if isinstance(spec, ShortQuestion):
        return key + 2 + 6 * MAX_ANSWER_CHARS
    return key + 4


def files_bytes(starter: dict[str, str]) -> int:
    return sum(len(json.dumps(name)) + len(json.dumps(text)) + 2 for name, text in starter.items())


def check_handin_fits(
    report: Report,
    paper: TomlSource,
    entries: Sequence[Entry],
    starters: dict[str, dict[str, str]],
    pools: Sequence[Pool],
) -> None:
    """The largest variant's starter files and answers must leave room in a hand-in."""
    weights: dict[str | None, list[tuple[int, int, int]]] = {}
    for entry in entries:
        starter = starters.get(entry.spec.id, {})
        weight = (answer_bytes(entry.spec) + files_bytes(starter), len(starter), 1)
        weights.setdefault(entry.spec.pool, []).append(weight)
    draws = {p.id: p.draw for p in pools}
    chosen = list(weights.get(None, []))
    for pool_id, items in weights.items():
        if pool_id is not None:
            chosen += sorted(items, reverse=True)[: draws.get(pool_id, 0)]
    size, files, questions = (sum(w[i] for w in chosen) for i in range(3))
    if size > HANDIN_BUDGET_BYTES:
        message = (
            f"a student's starter files and answers could take {size // 1024} KiB of a"
            f" hand-in; at most {HANDIN_BUDGET_BYTES // 1024} KiB leaves room to write"
        )
        report.file(paper.rel, message)
    if files > MAX_FILES:
        report.file(paper.rel, f"a student could get {files} starter files; at most {MAX_FILES}")
    if questions > MAX_ANSWERS:
        message = f"a student could get {questions} questions; at most {MAX_ANSWERS}"
        report.file(paper.rel, message)
