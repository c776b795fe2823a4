"""The Results view's dialogs: a proctor's mark for one question (points and a reason, or
the automatic mark back), and the confirmations to mark again and to release the results,
the latter saying what students will see for this paper's `feedback`."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QLabel, QWidget

from proctor.common.marks import Feedback, SheetQuestion
from proctor.host.dashboard.ui.dialogs import ConfirmDialog, ReasonDialog
from proctor.host.dashboard.ui.labels import RELEASE_PREVIEW, RESULTS, plural, score_number


class OverrideDialog(ReasonDialog):
    """Points (0 to the question's worth) and a required reason; "Give the automatic mark
    back" when the proctor's own mark is in place. Read `choice()` once accepted."""

    def __init__(self, name: str, question: SheetQuestion, parent: QWidget | None = None) -> None:
        auto = question.auto_points if question.override is not None else question.points
        intro = RESULTS["override_intro"].format(
            name=name,
            question=question.id,
            max_points=score_number(question.max_points),
            auto=score_number(auto),
        )
        super().__init__(
            RESULTS["override_title"],
            intro,
            RESULTS["set_mark"],
            parent,
            required=True,
            placeholder=RESULTS["reason_label"],
        )
        self.question = question
        self.restoring = False
        self.points = QDoubleSpinBox()
        self.points.setRange(0.0, float(question.max_points))
        self.points.setDecimals(2)
        self.points.setSingleStep(0.5)
        self.points.setValue(float(question.points))
        self.points.setSuffix(f" / {score_number(question.max_points)}")
        self.points.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        label = QLabel(RESULTS["points"])
        label.setObjectName("fieldHint")
        self.layout_.insertWidget(2, label)
        self.layout_.insertWidget(3, self.points)
        if question.override is not None:
            self.reason_edit.setText(question.override.reason)
            self.restore_button = self.buttons.addButton(
                RESULTS["restore"], QDialogButtonBox.ButtonRole.ActionRole
            )
            self.restore_button.setAutoDefault(False)
            self.restore_button.clicked.connect(self._restore)

    def choice(self) -> tuple[float | None, str]:
        """(points, reason); points None gives the automatic mark back."""
        points = None if self.restoring else round(self.points.value(), 2)
        return points, self.reason() or ""

    def _restore(self) -> None:
        self.restoring = True
        self._try_accept()

    def _try_accept(self) -> None:
        if not self.reason():
            self.restoring = False
            self.show_error(RESULTS["reason_needed"])
            self.reason_edit.setFocus()
            return
        self.accept()


def remark_dialog(name: str | None, parent: QWidget | None = None) -> ConfirmDialog:
    """Mark again one student (`name`) or everyone (None)."""
    question = (
        RESULTS["remark_one_question"].format(name=name) if name else RESULTS["remark_all_question"]
    )
    return ConfirmDialog(RESULTS["remark_title"], question, RESULTS["remark_ok"], parent)


def release_text(feedback: Feedback, pending: int) -> str:
    """What the release confirmation says: what students will see, and who is not marked."""
    preview = RELEASE_PREVIEW[feedback]
    if pending and feedback != "none":
        waiting = plural(pending, RESULTS["pending_one"], RESULTS["pending_many"])
        preview += " " + RESULTS["release_pending"].format(pending=waiting)
    return RESULTS["release_question"].format(preview=preview)


def release_dialog(
    feedback: Feedback, pending: int, parent: QWidget | None = None
) -> ConfirmDialog:
    return ConfirmDialog(
        RESULTS["release_title"], release_text(feedback, pending), RESULTS["release_ok"], parent
    )
