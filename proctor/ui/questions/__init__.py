"""The question widgets both apps show: a paper's questions with a navigator, one answer
widget per question type, Mark for review, Check for code questions, the summary before a
hand-in, and the `AnswerModel` holding the answers. The student's exam window shows them
for answering; the paper editor's preview shows them exactly as a student would see them.

Imports `proctor.common` and `proctor.ui` only."""

from proctor.ui.questions.code import BackgroundCheck, CheckPanel, CheckRunner, CodeAnswer
from proctor.ui.questions.model import AnswerModel, AnswerSummary
from proctor.ui.questions.navigator import QuestionNavigator
from proctor.ui.questions.summary import SummaryDialog, SummaryPanel
from proctor.ui.questions.view import QuestionsView

__all__ = [
    "AnswerModel",
    "AnswerSummary",
    "BackgroundCheck",
    "CheckPanel",
    "CheckRunner",
    "CodeAnswer",
    "QuestionNavigator",
    "QuestionsView",
    "SummaryDialog",
    "SummaryPanel",
]
