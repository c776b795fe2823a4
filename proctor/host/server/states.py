"""The room's and each student's state, and their views on the wire (Room, Me, StudentRow).

Plain dataclasses the engine changes and the store saves as they are (one JSON record each).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any

from proctor.common.protocol import (
    Accommodations,
    Me,
    Policy,
    RefusedClaim,
    Room,
    RoomStatus,
    StudentRow,
    StudentStatus,
    shield_report_app,
    shield_report_key,
)

OFFLINE_AFTER_MS = 6_000
DEFAULT_GRACE_MS = 120_000
# A stored snapshot's seq is at most this much above the one before: no client can push the
# order to its end (2^53) and freeze the seat, and a client whose counter ran ahead is kept.
MAX_SEQ_STEP = 1_000
RETIRED_KEPT = 16  # token and seat-key hashes of computers moved away from, newest last
# A student who is not sitting the exam (yet, or any more) is not sent the policy.
WITHOUT_POLICY = frozenset({StudentStatus.WAITING, StudentStatus.KICKED})


@dataclass
class RoomState:
    id: str
    name: str
    duration_s: int
    created_ms: int
    status: RoomStatus = RoomStatus.LOBBY
    started_ms: int | None = None
    ends_ms: int | None = None
    ended_ms: int | None = None
    extra_s: int = 0
    grace_ms: int = DEFAULT_GRACE_MS
    policy: dict[str, Any] = field(default_factory=lambda: Policy().model_dump())
    policy_rev: int = 1  # goes up with every change of the policy (lean streams send it once)

    def __post_init__(self) -> None:
        self.status = RoomStatus(self.status)  # a record read back holds the plain string

    def to_wire(self, now: int) -> Room:
        return Room(
            id=self.id,
            name=self.name,
            status=self.status,
            duration_s=self.duration_s,
            started_ms=self.started_ms,
            ends_ms=self.ends_ms,
            server_time_ms=now,
        )


@dataclass
class StudentState:
    student_id: str
    name: str
    reg_no: str
    token_hash: str
    joined_ms: int
    address: str = ""
    status: StudentStatus = StudentStatus.WAITING
    ends_ms: int | None = None
    extra_s: int = 0
    paused_at_ms: int | None = None
    online: bool = True
    last_seen_ms: int | None = None
    offline_since_ms: int | None = None
    manual_flag: bool = False
    manual_reasons: list[str] = field(default_factory=list)
    shield_open: dict[str, str] = field(default_factory=dict)
    shield_seen: list[str] = field(default_factory=list)  # apps seen since the last unflag
    kick_reason: str | None = None
    violations: int = 0
    reports: int = 0  # incidents this student's client reported (capped)
    reports_capped: bool = False
    latest_incident: str | None = None
    submitted_ms: int | None = None
    submission_sha256: str | None = None
    work_seq: int = -1
    client: dict[str, Any] = field(default_factory=dict)
    seat_key_hash: str = ""  # "": no key resumes this seat (none yet, or moved away)
    move_pending: bool = False  # the proctor's move: the next join takes the seat, once
    retired_hashes: list[str] = field(default_factory=list)
    refused_claims: int = 0
    last_refused_claim: dict[str, Any] | None = None
    # A paper with questions: this student's variant (`proctor.paper.variants.Variant` as
    # JSON), fixed at their first GET paper and served from then on; never on the wire.
    variant: dict[str, Any] | None = None
    # The hall: incidents counted by kind (`common/integrity.py`), time out of the exam
    # window, a hand up since, the roster's seat and whether the reg_no is off the roster.
    tally: dict[str, int] = field(default_factory=dict)
    unfocused_ms: int = 0
    hand_raised_ms: int | None = None
    seat: str = ""
    off_roster: bool = False
    # What the proctor granted besides extra time (`Accommodations` as JSON); None: nothing.
    accommodations: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.status = StudentStatus(self.status)  # a record read back holds the plain string

    def granted(self) -> Accommodations | None:
        if self.accommodations is None:
            return None
        return Accommodations.model_validate(self.accommodations)

    @property
    def flagged(self) -> bool:
        """The proctor's flag, or the shield's: an app seen stays flagged until unflagged."""
        return self.manual_flag or bool(self.shield_open) or bool(self.shield_seen)

    def note_shield_report(self, kind: str, detail: dict[str, Any]) -> None:
        """Keep track of the blacklisted apps a report says started or stopped."""
        key = shield_report_key(detail)
        if kind == "process_blacklisted" and key:
            name = shield_report_app(detail) or "a blacklisted app"
            self.shield_open[key] = name
            if name not in self.shield_seen:
                self.shield_seen.append(name)
        elif kind == "process_cleared" and key:
            self.shield_open.pop(key, None)

    def clear_flag(self) -> None:
        """The proctor's flag goes, and so do the apps seen that are closed now."""
        running = set(self.shield_open.values())
        self.manual_flag = False
        self.manual_reasons = []
        self.shield_seen = [name for name in self.shield_seen if name in running]

    def shield_running(self) -> list[str]:
        return sorted(set(self.shield_open.values()))

    def shield_names(self) -> list[str]:
        """Every blacklisted app seen since the last unflag, running or not."""
        return list(dict.fromkeys([*self.shield_seen, *self.shield_running()]))

    def is_retired(self, secret_hash: str) -> bool:
        """Is this the hash of a token or seat key of a computer the seat moved away from?"""
        return any(hmac.compare_digest(secret_hash, old) for old in self.retired_hashes)

    def retire(self, *secret_hashes: str) -> None:
        for digest in secret_hashes:
            if digest and not self.is_retired(digest):
                self.retired_hashes.append(digest)
        del self.retired_hashes[:-RETIRED_KEPT]

    def flag_reasons(self) -> list[str]:
        reasons = list(self.manual_reasons) if self.manual_flag else []
        running = self.shield_running()
        for name in running:
            reasons.append(f"shield: {name} running")
        for name in self.shield_names():
            if name not in running:
                reasons.append(f"shield: {name} was running")
        return reasons

    def to_me(self, policy: Policy | None, policy_rev: int, *, known_rev: int | None = None) -> Me:
        """This student's Me; without the policy when they are not sitting the exam, or when
        they say they hold this revision (`known_rev`)."""
        send = self.status not in WITHOUT_POLICY and known_rev != policy_rev
        return Me(
            student_id=self.student_id,
            name=self.name,
            reg_no=self.reg_no,
            status=self.status,
            ends_ms=self.ends_ms,
            policy_rev=policy_rev,
            policy=policy if send else None,
            accommodations=self.granted(),
        )

    def to_row(self) -> StudentRow:
        return StudentRow(
            student_id=self.student_id,
            name=self.name,
            reg_no=self.reg_no,
            status=self.status,
            ends_ms=self.ends_ms,
            online=self.online,
            flagged=self.flagged,
            flag_reasons=self.flag_reasons(),
            last_seen_ms=self.last_seen_ms,
            violations=self.violations,
            address=self.address,
            joined_ms=self.joined_ms,
            offline_since_ms=self.offline_since_ms,
            manual_flag=self.manual_flag,
            manual_reasons=list(self.manual_reasons) if self.manual_flag else [],
            shield_processes=self.shield_running(),
            latest_incident=self.latest_incident,
            extra_time_s=self.extra_s,
            submitted_ms=self.submitted_ms,
            submission_sha256=self.submission_sha256,
            refused_claims=self.refused_claims,
            last_refused_claim=(
                None
                if self.last_refused_claim is None
                else RefusedClaim.model_validate(self.last_refused_claim)
            ),
            move_pending=self.move_pending,
            shield_seen=self.shield_names(),
            removed_reason=self.kick_reason if self.status == StudentStatus.KICKED else None,
            tally=dict(self.tally),
            unfocused_s=self.unfocused_ms // 1000,
            hand_raised_ms=self.hand_raised_ms,
            off_roster=self.off_roster,
            seat=self.seat,
            accommodations=self.granted(),
        )
