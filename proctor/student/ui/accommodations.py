"""What the proctor grants this student besides extra time (PROTOCOL.md "Accommodations"):
larger fonts app-wide and the plain-text editor, applied as the grant arrives in `Me`, and put
back to what the student started with when it is taken back."""

from __future__ import annotations

from proctor.common.i18n import translator
from proctor.common.protocol import Accommodations
from proctor.student.ui.exam import ExamPage
from proctor.ui import style

tr = translator(__name__)


class AccommodationsFollower:
    """Follows the grant in each `Me`; `follow` answers the notice to show, or ""."""

    def __init__(self, exam: ExamPage) -> None:
        self.exam = exam
        self._granted: Accommodations | None = None
        self._own: Accommodations | None = None  # the student's own settings before any grant

    def follow(self, granted: Accommodations | None) -> str:
        if granted == self._granted:
            return ""
        if self._own is None:
            self._own = Accommodations(
                font_scale=style.font_scale(), plain_editor=self.exam.plain_editor
            )
        self._granted = granted
        wanted = granted or self._own
        notices = []
        if wanted.font_scale != style.font_scale():
            style.set_font_scale(wanted.font_scale)
            self.exam.follow_font_scale()
            if granted is not None:
                notices.append(
                    tr("The proctor set your text size to {percent} %.").format(
                        percent=wanted.font_scale
                    )
                )
        if wanted.plain_editor != self.exam.plain_editor:
            self.exam.set_plain_editor(wanted.plain_editor)
            if granted is not None and wanted.plain_editor:
                notices.append(
                    tr("The proctor switched you to the plain-text editor (Ctrl+Shift+P).")
                )
        return " ".join(notices)
