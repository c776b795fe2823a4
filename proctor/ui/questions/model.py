"""The student's answers while they work: one `AnswerModel` per paper, the single source of
truth the answer widgets, the navigator and the summary show, and what the session saves.

Answers have PAPER.md's shape, `{qid: value}` for every question of the paper: choice, the
text of the option chosen; multi, the texts ticked in the student's option order; short, the
text typed; code, always None (its work is in the files). None is "not answered": a multi
question with nothing ticked and a short answer of only spaces are None too. A code question
counts as answered once one of its files differs from the starter (`set_code_files`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from proctor.common.i18n import translator
from proctor.common.protocol import MAX_ANSWER_CHARS, Question

tr = translator(__name__)

SAVE_DEBOUNCE_MS = 400  # typing settles before a save; PAPER.md asks for one within 1 s
_KEPT_CONTROLS = frozenset("\n\t")

AnswerValue = str | list[str] | None


def clean_short_answer(text: str) -> str:
    """A short answer as the host accepts it: at most MAX_ANSWER_CHARS, no control
    characters but tab and line breaks (a pasted carriage return becomes a line break)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in _KEPT_CONTROLS or ord(ch) >= 32 and ord(ch) != 127)
    return text[:MAX_ANSWER_CHARS]


def type_label(kind: str) -> str:
    """A question's kind in a word or two, as the navigator lists it."""
    return {
        "choice": tr("one answer"),
        "multi": tr("several answers"),
        "short": tr("short answer"),
        "code": tr("code"),
    }.get(kind, kind)


def type_instruction(kind: str) -> str:
    """What the student is to do, as a question's page says it."""
    return {
        "choice": tr("Choose one answer"),
        "multi": tr("Tick every right answer"),
        "short": tr("Short answer"),
        "code": tr("Code"),
    }.get(kind, kind)


@dataclass(frozen=True)
class AnswerSummary:
    """What the student has left: question ids in the paper's order."""

    total: int
    unanswered: list[str]
    marked: list[str]

    def lines(self) -> list[str]:
        if not self.unanswered and not self.marked:
            if self.total == 1:
                return [tr("The question is answered.")]
            return [tr("All {n} questions are answered.").format(n=self.total)]
        lines = []
        if self.unanswered:
            count = len(self.unanswered)
            one, many = tr("1 question not answered"), tr("{n} questions not answered")
            lines.append((one if count == 1 else many).format(n=count))
        if self.marked:
            lines.append(tr("{n} marked for review").format(n=len(self.marked)))
        return lines


class AnswerModel(QObject):
    """Signals: `answerChanged(qid)` at once on every change of an answer or of a code
    question's answered state (restores too); `reviewChanged(qid, marked)`; `changed()`
    after SAVE_DEBOUNCE_MS of quiet, when answers or marks changed (not after `restore`):
    the session then saves `answers()` and `marked()`."""

    answerChanged = Signal(str)
    reviewChanged = Signal(str, bool)
    changed = Signal()

    def __init__(
        self,
        questions: Sequence[Question],
        starter_files: Mapping[str, str] | None = None,
        parent: QObject | None = None,
        debounce_ms: int = SAVE_DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.questions = list(questions)
        self._by_id = {q.id: q for q in self.questions}
        self._answers: dict[str, AnswerValue] = {q.id: None for q in self.questions}
        self._marked: set[str] = set()
        self._starter = dict(starter_files or {})
        self._code_done: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.changed.emit)

    # -- reading -------------------------------------------------------------------------

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def index_of(self, question_id: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.id == question_id)

    def answer(self, question_id: str) -> AnswerValue:
        value = self._answers[question_id]
        return list(value) if isinstance(value, list) else value

    def answers(self) -> dict[str, Any]:
        """Every question's answer in PAPER.md's shape (None: not answered; code: None)."""
        return {qid: self.answer(qid) for qid in self._answers}

    def marked(self) -> list[str]:
        """The questions marked for review, in the paper's order."""
        return [q.id for q in self.questions if q.id in self._marked]

    def is_marked(self, question_id: str) -> bool:
        return question_id in self._marked

    def is_answered(self, question_id: str) -> bool:
        if self._by_id[question_id].type == "code":
            return question_id in self._code_done
        return self._answers[question_id] is not None

    def summary(self) -> AnswerSummary:
        return AnswerSummary(
            total=len(self.questions),
            unanswered=[q.id for q in self.questions if not self.is_answered(q.id)],
            marked=self.marked(),
        )

    def pending(self) -> bool:
        """A change not yet announced by `changed`."""
        return self._timer.isActive()

    # -- changing ------------------------------------------------------------------------

    def set_answer(self, question_id: str, value: Any, *, typing: bool = False) -> None:
        """Set one answer (ValueError when it does not fit the question). `typing` only
        documents the caller: every change is announced by `changed` after the same quiet."""
        normal = self._normal(self._by_id[question_id], value)
        if normal == self._answers[question_id]:
            return
        self._answers[question_id] = normal
        self.answerChanged.emit(question_id)
        self._timer.start()

    def set_marked(self, question_id: str, marked: bool) -> None:
        if question_id not in self._by_id:
            raise KeyError(question_id)
        if marked == (question_id in self._marked):
            return
        (self._marked.add if marked else self._marked.discard)(question_id)
        self.reviewChanged.emit(question_id, marked)
        self._timer.start()

    def set_code_files(self, files: Mapping[str, str]) -> None:
        """The student's current files: a code question is answered once any of its files
        differs from its starter (surrounding spaces ignored, as marking does)."""
        for question in self.questions:
            if question.type != "code":
                continue
            done = any(
                name in files and files[name].strip() != self._starter.get(name, "").strip()
                for name in question.files
            )
            if done != (question.id in self._code_done):
                (self._code_done.add if done else self._code_done.discard)(question.id)
                self.answerChanged.emit(question.id)

    def restore(self, answers: Mapping[str, Any], marked: Iterable[str] = ()) -> list[str]:
        """Set every answer and mark from saved ones (after a crash or a move); questions
        left out are not answered. Returns the problems of values that did not fit (those
        answers are dropped). Emits answerChanged/reviewChanged, never `changed`."""
        problems = []
        for question in self.questions:
            try:
                value = self._normal(question, answers.get(question.id))
            except ValueError as exc:
                problems.append(f'question "{question.id}": {exc}')
                value = None
            if value != self._answers[question.id]:
                self._answers[question.id] = value
                self.answerChanged.emit(question.id)
        unknown = sorted(set(answers) - set(self._by_id))
        problems += [f'question "{qid}": is not a question of this paper' for qid in unknown]
        wanted = set(marked) & set(self._by_id)
        for question in self.questions:
            if (question.id in wanted) != (question.id in self._marked):
                (self._marked.add if question.id in wanted else self._marked.discard)(question.id)
                self.reviewChanged.emit(question.id, question.id in wanted)
        return problems

    def flush(self) -> None:
        """Announce a pending change now (before a hand-in)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    @staticmethod
    def _normal(question: Question, value: Any) -> AnswerValue:
        if value is None:
            return None
        options = question.options or []
        if question.type == "choice":
            if not isinstance(value, str) or value not in options:
                raise ValueError(f"{value!r} is not one of its options")
            return value
        if question.type == "multi":
            if not isinstance(value, list | tuple | set) or not all(
                isinstance(v, str) for v in value
            ):
                raise ValueError("a multi answer is a list of option texts")
            chosen = set(value)
            if chosen - set(options):
                raise ValueError(f"{sorted(chosen - set(options))!r} are not among its options")
            ordered = [option for option in options if option in chosen]
            return ordered or None
        if question.type == "short":
            if not isinstance(value, str):
                raise ValueError("a short answer is text")
            text = clean_short_answer(value)
            return text if text.strip() else None
        raise ValueError("a code question's answer is its files")
