"""The answers side of the exam window, for a paper with questions: the `AnswerModel` the
question widgets show, restored from the session (after a crash, or the host's copy after a
move), saved through the session a moment after each change, a code question counted as
answered once its files change, and Check run locally (`PythonChecker`, off the GUI thread
through the bridge). A paper without questions has none of this: `model` stays None."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject

from proctor.common.protocol import Paper
from proctor.student.check import PythonChecker
from proctor.student.session import StudentSession
from proctor.student.ui.exam import ExamPage
from proctor.ui.bridge import AsyncBridge
from proctor.ui.questions import AnswerModel, BackgroundCheck, QuestionsView
from proctor.ui.tasks import BridgeTasks

log = logging.getLogger(__name__)

# Typing settles this long before the answers go to the session, which writes them within
# its local save delay (0.5 s): saved on this computer within a second of a change.
ANSWERS_DEBOUNCE_MS = 250


class Answering(QObject):
    def __init__(
        self, bridge: AsyncBridge, session: StudentSession, exam: ExamPage, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._session = session
        self._exam = exam
        self.model: AnswerModel | None = None
        self.view: QuestionsView | None = None
        self._paper: Paper | None = None
        exam.workChanged.connect(self.files_changed)

    def load(self, paper: Paper) -> None:
        """Show `paper`'s questions with the answers the session holds (after the files are
        on screen: `exam.load_paper`)."""
        if not paper.questions:
            self._drop()
            self._exam.show_questions(None)
            return
        if self._paper is not None and self._paper == paper and self.model is not None:
            self.restore()  # the same paper again (a move): the host's answers, if newer
            return
        self._drop()
        self._paper = paper
        model = AnswerModel(paper.questions, paper.files, self, ANSWERS_DEBOUNCE_MS)
        self.model = model
        self.restore()
        model.changed.connect(self._save)
        main_files = {q.id: q.main for q in paper.questions if q.type == "code" and q.main}
        runner = BackgroundCheck(
            PythonChecker(paper, main_files=main_files), BridgeTasks(self._bridge)
        )
        view = QuestionsView(paper, model, runner)
        view.set_files_source(self._exam.files)
        self.view = view
        self._exam.show_questions(view)

    def restore(self) -> None:
        """Show the answers the session holds now (restored, or taken from the host)."""
        model = self.model
        if model is None:
            return
        answers, marked = self._session.local_answers()
        problems = model.restore(answers or {}, marked)
        for problem in problems:
            log.warning("a saved answer does not fit the paper: %s", problem)
        model.set_code_files(self._exam.files())

    def files_changed(self) -> None:
        if self.model is not None:
            self.model.set_code_files(self._exam.files())

    def current(self) -> tuple[dict[str, Any], list[str]] | None:
        """Every answer and the marks now (a pending change included), or None."""
        model = self.model
        if model is None:
            return None
        model.flush()
        return model.answers(), model.marked()

    def _save(self) -> None:
        model = self.model
        if model is not None:
            self._session.answers_changed(model.answers(), model.marked())

    def unsaved(self) -> bool:
        """Answers the session has not been given yet."""
        model = self.model
        if model is None:
            return False
        answers, marked = self._session.local_answers()
        return model.pending() or (answers or {}) != model.answers() or marked != model.marked()

    def _drop(self) -> None:
        if self.model is not None:
            self.model.changed.disconnect(self._save)
            self.model.deleteLater()
        self.model = self.view = self._paper = None
