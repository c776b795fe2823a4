"""The Qt-free half of the dashboard's paper editor: the question list's rows and the tag
filter, tags as one line of text, a question's form values turned into its model with
sentences for what is wrong, the files a question names, the comments a save would drop,
the preview of one student's variant, and the blocking work (open, check, save, read) the
editor runs off the GUI thread."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from proctor.common.protocol import Paper
from proctor.paper.exam import ExamPaper
from proctor.paper.load import PAPER_TOML, load_paper
from proctor.paper.model import CodeQuestion, QuestionSpec
from proctor.paper.problems import PaperError, Problem, describe_errors
from proctor.paper.sources import PaperFolder, ReadError
from proctor.paper.variants import Variant, count_variants, make_variant
from proctor.paper.view import student_paper
from proctor.paper.write import DocQuestion, PaperDocument

_QUESTION = TypeAdapter[QuestionSpec](QuestionSpec)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TAG_KEY = re.compile(r"([^=,\s]+)\s*=\s*")
SAMPLE_STUDENT = "sample-student-{}"


# -- the question list -------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    """One line of the editor's question list."""

    id: str
    type: str
    points: float | None
    pool: str
    tags: dict[str, Any]
    file: str
    valid: bool  # False: the question has problems of its own (see the problems list)

    @property
    def tags_text(self) -> str:
        return format_tags(self.tags)


def question_rows(doc: PaperDocument) -> list[QuestionRow]:
    return [_row(question) for question in doc.questions()]


def _row(question: DocQuestion) -> QuestionRow:
    spec = question.spec
    if spec is None:
        return QuestionRow(question.id or "(no id)", "?", None, "", {}, question.file, False)
    return QuestionRow(
        spec.id, spec.type, spec.points, spec.pool or "", dict(spec.tags), question.file, True
    )


def matches_filter(row: QuestionRow, query: str) -> bool:
    """`query` is words, all of which must match: `key=value` a tag exactly (case ignored),
    `key=` any question having that tag, a bare word any tag key or value, the id, the
    type or the pool containing it."""
    for word in query.split():
        word = word.casefold()
        tags = {str(k).casefold(): str(v).casefold() for k, v in row.tags.items()}
        if "=" in word:
            key, _, value = word.partition("=")
            if key not in tags or (value and tags[key] != value):
                return False
            continue
        haystack = [*tags, *tags.values(), row.id.casefold(), row.type, row.pool.casefold()]
        if not any(word in text for text in haystack):
            return False
    return True


def tag_choices(rows: Iterable[QuestionRow]) -> list[str]:
    """Every `key=value` of the paper's tags, for the filter's suggestions."""
    return sorted({f"{k}={v}" for row in rows for k, v in row.tags.items()}, key=str.casefold)


# -- tags as text ------------------------------------------------------------------------


def format_tags(tags: Mapping[str, Any]) -> str:
    """`course=DSA, weight=2`; a text that would read as a number is quoted: `level="3"`."""
    parts = []
    for key, value in tags.items():
        if isinstance(value, str):
            plain = value and not _NUMBER.match(value) and not any(c in value for c in ',="')
            shown = value if plain and value == value.strip() else _quote(value)
        else:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(f"{key}={shown}")
    return ", ".join(parts)


def parse_tags(text: str) -> dict[str, Any]:
    """The inverse of format_tags; ValueError naming what is wrong."""
    tags: dict[str, Any] = {}
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos == end:
            return tags
        found = _TAG_KEY.match(text, pos)
        if not found:
            raise ValueError("tags: write each as key=value, separated by commas")
        key, pos = found.group(1), found.end()
        value: str | int | float
        if text.startswith('"', pos):
            value, pos = _unquote(text, pos)
        else:
            comma = text.find(",", pos)
            stop = comma if comma >= 0 else end
            raw, pos = text[pos:stop].strip(), stop
            if not raw:
                raise ValueError(f'tags: "{key}" has no value')
            value = _number(raw) if _NUMBER.match(raw) else raw
        if key in tags:
            raise ValueError(f'tags: "{key}" is given twice')
        tags[key] = value
        while pos < end and text[pos].isspace():
            pos += 1
        if pos < end:
            if text[pos] != ",":
                raise ValueError(f'tags: a comma should follow "{key}"')
            pos += 1


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(text: str, start: int) -> tuple[str, int]:
    """The quoted value at `start` and the position after its closing quote."""
    value = []
    index = start + 1
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text):
            value.append(text[index + 1])
            index += 2
            continue
        if ch == '"':
            return "".join(value), index + 1
        value.append(ch)
        index += 1
    raise ValueError("tags: a quoted value is not closed")


def _number(text: str) -> int | float:
    value = float(text)
    if re.match(r"^[+-]?\d+$", text):
        return int(text)
    return value


# -- a question's form values ------------------------------------------------------------


class FormError(ValueError):
    """Form values that do not make a question; `problems` are sentences."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def build_spec(values: Mapping[str, Any]) -> QuestionSpec:
    """The question the form's values describe (a dict shaped like its [[questions]] table;
    None and empty optional values are left out). Raises FormError."""
    data = {k: _whole(v) for k, v in values.items() if v is not None}
    for key in ("tags", "cases", "pool", "main", "tests", "examples", "text_file"):
        if key in data and data[key] in ({}, [], ""):
            del data[key]
    try:
        return _QUESTION.validate_python(data)
    except ValidationError as exc:
        errors: list[dict[str, Any]] = []
        for error in exc.errors():
            moved = dict(error)
            moved["loc"] = ("questions", 0, *error.get("loc", ()))
            errors.append(moved)
        described = describe_errors(errors, {"questions": [data]})
        raise FormError([message for _path, message in described]) from None


def _whole(value: Any) -> Any:
    """2.0 from a spin box is written as 2, as a teacher would."""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    return value


def question_files(question_file: str, spec: QuestionSpec) -> dict[str, str]:
    """The files a question names, relative to the paper folder, by role:
    "text_file", "examples", "tests", and "starter:NAME" for each starter file."""
    base = PurePosixPath(question_file).parent

    def inside(name: str) -> str:
        return str(base / name) if str(base) != "." else name

    found: dict[str, str] = {}
    if spec.text_file:
        found["text_file"] = inside(spec.text_file)
    if isinstance(spec, CodeQuestion):
        for name in spec.files:
            found[f"starter:{name}"] = inside(name)
        if spec.examples:
            found["examples"] = inside(spec.examples)
        if spec.tests:
            found["tests"] = inside(spec.tests)
    return found


def new_question(kind: str, taken: Iterable[str]) -> tuple[QuestionSpec, dict[str, str]]:
    """A question to start from, with an id not yet taken, and the starter files it needs
    (by name) for a code question."""
    used = set(taken)
    number = 1
    while f"new_{kind}_{number}" in used or f"program_{number}.py" in used:
        number += 1
    ident = f"new_{kind}_{number}"
    text = "Write the question here."
    if kind in ("choice", "multi"):
        options = ["first option", "second option"]
        answer: Any = options[0] if kind == "choice" else [options[0]]
        return build_spec(
            {"id": ident, "type": kind, "text": text, "options": options, "answer": answer}
        ), {}
    if kind == "short":
        return build_spec({"id": ident, "type": kind, "text": text, "answer": ["answer"]}), {}
    name = f"program_{number}.py"
    spec = build_spec(
        {
            "id": ident,
            "type": "code",
            "text": text,
            "files": [name],
            "cases": [{"input": "", "output": "hello\n"}],
        }
    )
    return spec, {name: 'print("hello")\n'}


# -- comments a save would drop ----------------------------------------------------------


def toml_comments(text: str) -> list[str]:
    """The comments of a TOML text (each from its `#`), outside strings."""
    comments = []
    in_multiline: str | None = None
    for line in text.splitlines():
        index = 0
        quote: str | None = None
        while index < len(line):
            if in_multiline:
                end = line.find(in_multiline, index)
                if end < 0:
                    break
                index = end + 3
                in_multiline = None
                continue
            ch = line[index]
            if quote:
                if ch == "\\" and quote == '"':
                    index += 2
                    continue
                if ch == quote:
                    quote = None
            elif line.startswith(('"""', "'''"), index):
                in_multiline = line[index : index + 3]
                index += 3
                continue
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                comments.append(line[index:].strip())
                break
            index += 1
    return comments


def comments_lost(before: Mapping[str, str], after: Mapping[str, str]) -> list[tuple[str, str]]:
    """(file, comment) for each comment of `before` that `after` no longer holds."""
    lost = []
    for rel, text in before.items():
        kept = list(toml_comments(after.get(rel, "")))
        for comment in toml_comments(text):
            if comment in kept:
                kept.remove(comment)
            else:
                lost.append((rel, comment))
    return lost


def lost_comments_note(lost: list[tuple[str, str]]) -> str:
    """What the editor says about comments a save would drop ("" when none)."""
    if not lost:
        return ""
    shown = "; ".join(f"{file}: {comment}" for file, comment in lost[:4])
    more = f" and {len(lost) - 4} more" if len(lost) > 4 else ""
    return (
        f"Saving will not keep {len(lost)} comment{'s' if len(lost) != 1 else ''} "
        f"({shown}{more}): comments stay behind when a question moves to another file, go with "
        "a deleted question, and are lost inside a rewritten value (options, cases)."
    )


# -- the preview -------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    student_id: str
    variant: Variant
    paper: Paper  # exactly what this student is sent


def preview(exam: ExamPaper, number: int) -> Preview:
    student_id = SAMPLE_STUDENT.format(number)
    variant = make_variant(exam, student_id)
    return Preview(student_id, variant, student_paper(exam, variant))


def summary(exam: ExamPaper) -> str:
    """One line about a paper that loads."""
    kinds: dict[str, int] = {}
    for question in exam.questions:
        kinds[question.spec.type] = kinds.get(question.spec.type, 0) + 1
    sets, variants = count_variants(exam)
    student = len(make_variant(exam, SAMPLE_STUDENT.format(1)).questions)
    listed = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    return (
        f"{len(exam.questions)} questions ({listed}); each student gets {student}; "
        f"{sets:,} question sets, at least {variants:,} variants"
    )


# -- blocking work, run off the GUI thread -----------------------------------------------


@dataclass
class CheckOutcome:
    """A check of the paper as it would be saved: the paper, or its problems."""

    paper: ExamPaper | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class OpenedPaper:
    doc: PaperDocument
    texts: dict[str, str]  # paper.toml and its banks as on disk
    outcome: CheckOutcome


def open_paper(folder: Path) -> OpenedPaper:
    """Open `folder` for editing (PaperError when paper.toml cannot be read or parsed)."""
    if not (folder / PAPER_TOML).is_file():
        raise PaperError(
            [Problem(PAPER_TOML, None, "this folder has no paper.toml: a paper without questions")]
        )
    doc = PaperDocument.open(folder)
    return OpenedPaper(doc, doc.texts(), check_texts(folder, {}))


def check_texts(folder: Path, overrides: Mapping[str, str]) -> CheckOutcome:
    try:
        return CheckOutcome(load_paper(folder, overrides=overrides))
    except PaperError as exc:
        return CheckOutcome(None, exc.problems)


def save_paper(doc: PaperDocument) -> CheckOutcome:
    """Write the edited paper, or nothing when it would not load."""
    try:
        return CheckOutcome(doc.save())
    except PaperError as exc:
        return CheckOutcome(None, exc.problems)


def read_files(folder: Path, paths: Iterable[str]) -> dict[str, str | None]:
    """Texts of a paper's files (None for one that is missing or cannot be read)."""
    files = PaperFolder(folder)
    found: dict[str, str | None] = {}
    for rel in paths:
        try:
            found[rel] = files.read(rel)
        except (ReadError, OSError, ValueError):
            found[rel] = None
    return found


def fork(doc: PaperDocument) -> PaperDocument:
    """A copy to try an edit on; its `texts()` are what the edited paper would hold."""
    return PaperDocument(doc.folder, copy.deepcopy(doc.docs), {})
