"""The models of `paper.toml` and of question-bank files (PAPER.md): the one source of the
loader's structural checks and of the JSON Schema. Cross-field rules (an answer that is not an
option, an unknown pool, a missing file...) are in `proctor.paper.rules`, which reports every
problem with its place instead of stopping at the first."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from proctor.common.protocol import (
    MAX_ANSWER_CHARS,
    MAX_FILES,
    MAX_OPTIONS,
    QUESTION_ID_PATTERN,
    FileName,
    QuestionId,
)

MAX_QUESTIONS = 2000  # in a paper with its banks; a student's variant holds at most MAX_ANSWERS
MAX_TEXT_CHARS = 64 * 1024  # an inline question text
MAX_OPTION_CHARS = 500
MAX_TAGS = 20
MAX_CASES = 200
MAX_CASE_CHARS = 64 * 1024
MAX_PATH_CHARS = 200
LANGUAGE_PATTERN = r"^[a-z][a-z0-9_+#-]{0,19}$"
POOL_ID_PATTERN = QUESTION_ID_PATTERN
RUNNER_PLACEHOLDERS = ("main", "sources", "exe", "python")

_PATH_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_GLOB_PART = re.compile(r"^[A-Za-z0-9_.\-*?\[\]!]+$")


def relative_path(value: str) -> str:
    parts = value.split("/")
    if value.startswith("/") or any(p in ("", ".", "..") or not _PATH_PART.match(p) for p in parts):
        raise ValueError(
            "a path inside the paper folder: names of letters, digits, '_', '-' and '.'"
            " joined by '/', with no '..'"
        )
    return str(PurePosixPath(value))


def _glob(value: str) -> str:
    parts = value.split("/")
    if value.startswith("/") or any(p in ("", ".", "..") or not _GLOB_PART.match(p) for p in parts):
        raise ValueError("a glob inside the paper folder, such as 'bank/*.toml', with no '..'")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if any(unicodedata.category(ch) in ("Cs", "Co", "Cn") for ch in value):
        raise ValueError("holds characters that are not valid text")
    return value


def _one_line(value: str) -> str:
    value = _text(value)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError("must be one line of printable text")
    return value


def _as_list(value: Any) -> Any:
    """`answer = "1024"` is read as `answer = ["1024"]` for a short question."""
    return [value] if isinstance(value, str) else value


RelPath = Annotated[str, AfterValidator(relative_path), Field(max_length=MAX_PATH_CHARS)]
Glob = Annotated[str, AfterValidator(_glob), Field(max_length=MAX_PATH_CHARS)]
PoolId = Annotated[str, Field(pattern=POOL_ID_PATTERN)]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]
Markdown = Annotated[str, AfterValidator(_text), Field(max_length=MAX_TEXT_CHARS)]
OptionText = Annotated[str, AfterValidator(_one_line), Field(max_length=MAX_OPTION_CHARS)]
ShortAnswer = Annotated[str, AfterValidator(_text), Field(max_length=MAX_ANSWER_CHARS)]
TagKey = Annotated[str, AfterValidator(_one_line), Field(max_length=40)]
TagText = Annotated[str, Field(max_length=200)]
Points = Annotated[int | float, Field(ge=0, le=10_000)]
ArgvItem = Annotated[str, Field(min_length=1, max_length=500)]
Argv = Annotated[list[ArgvItem], Field(min_length=1, max_length=100)]


class Strict(BaseModel):
    """Base of the paper.toml models: a misspelt field or a value of the wrong kind is a
    problem the teacher hears about, never silently ignored or converted."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_default=False)


class QuestionBase(Strict):
    id: QuestionId = Field(description="Unique in the paper and its banks: [A-Za-z0-9_-]{1,40}.")
    text: Markdown | None = Field(None, description="Markdown. Give this or text_file.")
    text_file: RelPath | None = Field(
        None, description="A Markdown file, relative to the file that holds the question."
    )
    points: Points = Field(1, description="What the question is worth.")
    tags: Annotated[dict[TagKey, TagText | int | float], Field(max_length=MAX_TAGS)] = Field(
        default_factory=dict, description="Free metadata, e.g. course, topic, difficulty."
    )
    pool: PoolId | None = Field(None, description="The [[pools]] entry it is drawn from.")


Options = Annotated[list[OptionText], Field(min_length=2, max_length=MAX_OPTIONS)]


class ChoiceQuestion(QuestionBase):
    type: Literal["choice"]
    options: Options = Field(description="The options, as the teacher orders them.")
    answer: OptionText = Field(description="The right option's text.")


class MultiQuestion(QuestionBase):
    type: Literal["multi"]
    options: Options = Field(description="The options, as the teacher orders them.")
    answer: Annotated[list[OptionText], Field(min_length=1, max_length=MAX_OPTIONS)] = Field(
        description="The texts of all the right options, at least one (all and only these score)."
    )


class ShortQuestion(QuestionBase):
    type: Literal["short"]
    answer: Annotated[
        list[ShortAnswer],
        BeforeValidator(_as_list, json_schema_input_type=ShortAnswer | list[ShortAnswer]),
        Field(min_length=1, max_length=100),
    ] = Field(description="Accepted answers (a single string is read as a list of one).")
    match: Literal["exact", "nocase", "regex", "number"] = Field(
        "exact",
        description="exact: the same text (outer spaces ignored); nocase: also ignoring case;"
        " regex: an accepted answer is a regular expression the whole answer matches;"
        " number: the same number within tolerance.",
    )
    tolerance: Annotated[float, Field(ge=0)] = Field(
        0.0, description="For match = number: how far from an accepted number still counts."
    )


class Case(Strict):
    input: Annotated[str, Field(max_length=MAX_CASE_CHARS)] = Field(
        "", description="The program's standard input."
    )
    output: Annotated[str, Field(max_length=MAX_CASE_CHARS)] = Field(
        description="The standard output expected."
    )
    hidden: bool = Field(False, description="Hidden cases mark but are never sent to students.")


class CodeQuestion(QuestionBase):
    type: Literal["code"]
    language: Language = Field("python", description="python, or a language in [runners].")
    files: Annotated[list[FileName], Field(min_length=1, max_length=MAX_FILES)] = Field(
        description="Starter files given to the student, beside the file holding the question."
    )
    main: FileName | None = Field(
        None, description="The program the cases run; default: the first of files."
    )
    tests: RelPath | None = Field(
        None, description="Hidden tests (host only): test_* functions using assert."
    )
    examples: RelPath | None = Field(
        None, description="Example tests sent to the student, who can run them (Check)."
    )
    scoring: Literal["proportional", "all_or_nothing"] = Field(
        "proportional", description="proportional: points shared by the cases passed."
    )
    time_limit_s: Annotated[int, Field(ge=1, le=60)] = Field(5, description="CPU seconds per case.")
    memory_mb: Annotated[int, Field(ge=16, le=4096)] = Field(256, description="Memory per case.")
    cases: Annotated[list[Case], Field(max_length=MAX_CASES)] = Field(
        default_factory=list, description="stdin -> expected stdout cases."
    )

    @property
    def main_file(self) -> str:
        return self.main or self.files[0]


QuestionSpec = Annotated[
    ChoiceQuestion | MultiQuestion | ShortQuestion | CodeQuestion, Field(discriminator="type")
]
QUESTION_TYPES: tuple[str, ...] = ("choice", "multi", "short", "code")


class Pool(Strict):
    id: PoolId
    draw: Annotated[int, Field(ge=1)] = Field(
        description="How many of the pool's questions each student gets."
    )


class Runner(Strict):
    build: Argv | None = Field(
        None,
        description="Run once before the cases, e.g. ['gcc', '-O2', '-o', '{exe}', '{sources}'].",
    )
    run: Argv = Field(description="Runs each case, e.g. ['{exe}'].")


class PaperFile(Strict):
    """`paper.toml`."""

    model_config = ConfigDict(title="paper.toml")

    title: Annotated[str, AfterValidator(_one_line), Field(max_length=200)] | None = Field(
        None, description="Default: the first heading of the instructions."
    )
    instructions: RelPath | None = Field(
        None, description="A Markdown file shown before the questions; default instructions.md."
    )
    pass_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    shuffle_questions: bool = Field(False, description="Each student's own question order.")
    shuffle_options: bool = Field(False, description="Each student's own option order.")
    feedback: Literal["none", "score", "full"] = Field(
        "none", description="What a student sees once results are released."
    )
    include: Annotated[list[Glob], Field(max_length=100)] = Field(
        default_factory=list, description="Question bank files, e.g. ['bank/*.toml']."
    )
    questions: Annotated[list[QuestionSpec], Field(max_length=MAX_QUESTIONS)] = Field(
        default_factory=list
    )
    pools: Annotated[list[Pool], Field(max_length=MAX_QUESTIONS)] = Field(default_factory=list)
    runners: dict[Language, Runner] = Field(default_factory=dict)


class BankFile(Strict):
    """A question bank file included by a paper: [[questions]] only."""

    model_config = ConfigDict(title="question bank")

    questions: Annotated[list[QuestionSpec], Field(max_length=MAX_QUESTIONS)] = Field(
        default_factory=list
    )


PYTHON_RUNNER = Runner(build=None, run=["{python}", "{main}"])
