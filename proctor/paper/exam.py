"""A loaded paper: every question with its texts and files read in, the settings, and the
runners. JSON-able whole (`model_dump_json` / `model_validate_json`), so a host can keep the
paper it opened a room with and mark from it after a restart, whatever became of the folder.
Host side only: it holds the answers, hidden tests and hidden cases."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from proctor.paper.model import (
    ChoiceQuestion,
    CodeQuestion,
    MultiQuestion,
    Pool,
    QuestionSpec,
    Runner,
)


class LoadedQuestion(BaseModel):
    """A question as the host holds it."""

    model_config = ConfigDict(extra="forbid")

    spec: QuestionSpec
    text: str  # Markdown, from `text` or `text_file`
    source: str  # the file that holds it, relative to the paper: "paper.toml", "bank/dsa.toml"
    starter: dict[str, str] = Field(default_factory=dict)  # code: file name -> text
    tests: str | None = None  # code: the hidden tests' text (host only)
    tests_name: str | None = None  # code: the hidden tests' file name, e.g. "q3_hidden.py"
    examples: dict[str, str] | None = None  # code: {file name: text}, sent to the student

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def options(self) -> list[str] | None:
        if isinstance(self.spec, ChoiceQuestion | MultiQuestion):
            return list(self.spec.options)
        return None


class ExamPaper(BaseModel):
    """A paper folder, loaded. `questions` is empty for a paper without paper.toml, whose
    `files` are then every starter file in the folder (as before questions existed)."""

    model_config = ConfigDict(extra="forbid")

    title: str
    instructions: str
    files: dict[str, str] = Field(default_factory=dict)
    questions: list[LoadedQuestion] = Field(default_factory=list)
    pools: list[Pool] = Field(default_factory=list)
    runners: dict[str, Runner] = Field(default_factory=dict)  # with the built-in python
    shuffle_questions: bool = False
    shuffle_options: bool = False
    feedback: Literal["none", "score", "full"] = "none"
    pass_percent: float | None = None
    warnings: list[str] = Field(default_factory=list)
    # The questions by id, for `question` (a host checks every answer of every autosave);
    # made again when `questions` is another list.
    _index: tuple[list[LoadedQuestion], dict[str, LoadedQuestion]] | None = PrivateAttr(None)

    def __eq__(self, other: object) -> bool:  # the same paper, whatever its index holds
        if not isinstance(other, ExamPaper):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # a mutable model, as pydantic's own

    @property
    def has_questions(self) -> bool:
        return bool(self.questions)

    def question(self, question_id: str) -> LoadedQuestion:
        private = self.__pydantic_private__  # read directly: a private attribute is slow
        index = private.get("_index") if private is not None else None
        if index is None or index[0] is not self.questions:
            index = self._index = (self.questions, {q.id: q for q in self.questions})
        try:
            return index[1][question_id]
        except KeyError:
            raise KeyError(question_id) from None

    def code_questions(self) -> list[LoadedQuestion]:
        return [q for q in self.questions if isinstance(q.spec, CodeQuestion)]

    @property
    def identity(self) -> str:
        """What seeds the variants besides the student: the title, the question ids in the
        teacher's order, their option counts and the pools. Fixing a typo in a text or an
        option keeps every student's variant; adding a question or a pool changes them."""
        shape = {
            "title": self.title,
            "questions": [[q.id, len(q.options or [])] for q in self.questions],
            "pools": [[p.id, p.draw] for p in self.pools],
        }
        encoded = json.dumps(shape, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()
