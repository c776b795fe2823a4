"""The alert strip for refused claims on seats: someone joined with another student's
registration number (or a computer the seat moved away from tried again). It names the
student, the address and the name typed, stays until the proctor dismisses it, and can select
the student in the grid."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from proctor.common.i18n import translator
from proctor.common.protocol import Incident, RefusedClaim, StudentRow
from proctor.host.dashboard.ui import labels

tr = translator(__name__)

ALERT_STYLE = (
    "QFrame#claimAlert { background: #fbd9d6; border: 2px solid #b3261e; border-radius: 6px; }"
    " QFrame#claimAlert QLabel { color: #5c0f0a; font-size: 11pt; }"
)


def claim_sentence(incident: Incident, student: StudentRow | None) -> str:
    """What happened, in one sentence a proctor can act on."""
    detail = incident.detail
    who = f"{student.name} ({incident.reg_no})" if student is not None else incident.reg_no
    reason = detail.get("reason")
    claim = RefusedClaim.model_validate(
        {
            "at_ms": incident.at_ms,
            "address": str(detail.get("address", "")),
            "name_given": str(detail.get("name_given", "")),
            "reason": reason if reason in ("no_key", "wrong_key", "moved") else "no_key",
        }
    )
    if claim.reason == "moved":
        return (
            f"The computer that {who} moved away from tried to rejoin: "
            f"{labels.refused_claim(claim)}. Refused."
        )
    online = " while they are online" if detail.get("owner_online") else ""
    return (
        f"Someone tried to take the seat of {who}{online}: {labels.refused_claim(claim)}. "
        "Refused, the seat stays theirs. If they really changed computers, use "
        "“Move to another computer…”."
    )


class ClaimAlert(QFrame):
    """Hidden until a claim is refused; `showRequested(student_id)` asks for the student."""

    showRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimAlert")
        self.setStyleSheet(ALERT_STYLE)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(tr("Refused seat claims"))
        self.show_button = QPushButton(tr("Show student"))
        self.dismiss_button = QPushButton(tr("Dismiss"))
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.dismiss_button)
        self.count = 0
        self.student_id = ""
        self.show_button.clicked.connect(lambda: self.showRequested.emit(self.student_id))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.hide()

    def add(self, incident: Incident, student: StudentRow | None) -> None:
        """One more refused claim: the newest is told, with how many since the last look."""
        self.count += 1
        self.student_id = incident.student_id
        sentence = claim_sentence(incident, student)
        if self.count > 1:
            sentence = f"{self.count} refused seat claims. Latest: {sentence}"
        self.text.setText("⊘ " + sentence)
        self.show()

    def dismiss(self) -> None:
        self.count = 0
        self.hide()
