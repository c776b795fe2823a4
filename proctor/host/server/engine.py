"""The room engine: a pure state machine with no I/O and no clock of its own.

Every command takes the current time as `now` (server epoch ms), checks that it is allowed in
the current state (the statuses each command may start from are the table in
`proctor.host.transitions`, which the dashboard reads too), changes the state and returns the
events it caused (`events`). A refused command raises `EngineError` and changes nothing. The
server persists what the events name and pushes them. The seat rules are in `seats`, the
clock's in `timing`.
"""

from __future__ import annotations

from typing import Any

from proctor.common.errors import ErrorCode
from proctor.common.integrity import tally_incident
from proctor.common.protocol import (
    VIOLATION_KINDS,
    Accommodations,
    IncidentSource,
    Me,
    Policy,
    RoomStatus,
    StudentStatus,
)
from proctor.host.server.events import (
    ActionLogged,
    Event,
    IncidentAdded,
    RoomChanged,
    StudentChanged,
)
from proctor.host.server.refusals import EngineError, kicked, room_refusal, student_refusal
from proctor.host.server.seats import (
    ClaimReason,
    SeatClaimRefused,
    claim_refusal,
    move_away,
    note_refused_claim,
    take_again,
)
from proctor.host.server.states import (
    MAX_SEQ_STEP,
    OFFLINE_AFTER_MS,
    RoomState,
    StudentState,
)
from proctor.host.server.timing import check_time_left, end_student, give_back_pause, readmit
from proctor.host.transitions import (
    PROCTOR_ACTIONS,
    RoomCommand,
    StudentCommand,
    has_flag_to_clear,
    room_may,
    student_may,
)

# What one client may report. Past it the host keeps one `reports_capped` incident and drops
# the rest: a flaky camera and a restless student stay far below; a flooding client cannot
# fill the proctor's disk (a camera report with its thumbnail is about 7 KB).
MAX_REPORTS_PER_STUDENT = 2000

_S = StudentStatus
_WRITING = frozenset({_S.ACTIVE, _S.PAUSED})  # an exam running for them: the room stays open
_ENDED_BY_THE_END = frozenset({_S.ACTIVE, _S.PAUSED, _S.WAITING, _S.SUBMITTED})  # not kicked
_ENDED_BY_THE_CLOCK = frozenset({_S.ACTIVE, _S.SUBMITTED})  # a hand-in stands; the end comes


class RoomEngine:
    """The state of one room and every command on it."""

    def __init__(
        self,
        room: RoomState,
        students: list[StudentState] | None = None,
        *,
        next_incident_id: int = 1,
        seen_event_ids: set[str] | None = None,
    ) -> None:
        self.room = room
        self.students: dict[str, StudentState] = {s.student_id: s for s in students or []}
        self.by_reg_no: dict[str, str] = {
            s.reg_no.casefold(): s.student_id for s in self.students.values()
        }
        self.next_incident_id = next_incident_id
        self.seen_event_ids: set[str] = set(seen_event_ids or ())
        self._policy_cache: Policy | None = None
        self._policy_source: object = None

    # ---- views -------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        if self._policy_cache is None or self._policy_source is not self.room.policy:
            self._policy_source = self.room.policy  # a new policy is a new dict
            self._policy_cache = Policy.model_validate(self.room.policy)
        return self._policy_cache

    def student(self, student_id: str) -> StudentState:
        student = self.students.get(student_id)
        if student is None:
            message = "There is no such student in this room."
            raise EngineError(404, ErrorCode.UNKNOWN_STUDENT, message)
        return student

    def me(self, student: StudentState, *, known_rev: int | None = None) -> Me:
        """The student's Me; without the policy if `known_rev` is the current revision."""
        return student.to_me(self.policy, self.room.policy_rev, known_rev=known_rev)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {"total": len(self.students), "online": 0, "flagged": 0}
        for s in self.students.values():
            status = str(s.status)
            counts[status] = counts.get(status, 0) + 1
            counts["online"] += s.online
            counts["flagged"] += s.flagged
        return counts

    # ---- checks and helpers ------------------------------------------------------------
    def _require(self, command: StudentCommand, student_id: str) -> StudentState:
        """The student, if `command` may be given in their status (else its refusal)."""
        student = self.student(student_id)
        if not student_may(command, student.status):
            raise student_refusal(command, student.status)
        return student

    def _require_room(self, command: RoomCommand) -> None:
        if not room_may(command, self.room.status):
            raise room_refusal(self.room.status)

    def require_usable(self, student: StudentState) -> None:
        """A removed student's token opens nothing."""
        if student.status == _S.KICKED:
            raise kicked()

    def _incident(
        self,
        student: StudentState | None,
        kind: str,
        source: IncidentSource,
        detail: dict[str, Any],
        at_ms: int,
        event_id: str | None = None,
    ) -> IncidentAdded:
        """An incident of `student`, or of the room itself (student None: student_id "")."""
        incident = {
            "id": self.next_incident_id,
            "at_ms": at_ms,
            "student_id": student.student_id if student else "",
            "reg_no": student.reg_no if student else "",
            "kind": kind,
            "source": source,
            "detail": detail,
        }
        self.next_incident_id += 1
        if student is not None:
            student.latest_incident = kind
            if kind in VIOLATION_KINDS:
                student.violations += 1
            student.unfocused_ms += tally_incident(student.tally, kind, detail)
        return IncidentAdded(incident, event_id)

    def hall_incident(
        self,
        student: StudentState,
        kind: str,
        source: IncidentSource,
        detail: dict[str, Any],
        now: int,
    ) -> list[Event]:
        """An incident the hall notes itself (a hand raised, a join off the roster)."""
        incident = self._incident(student, kind, source, detail, now)
        return [incident, StudentChanged(student.student_id)]

    def _network_incident(
        self, student: StudentState | None, kind: str, detail: dict[str, Any], now: int
    ) -> list[Event]:
        """A connection incident the host itself saw, and the student's row with it."""
        events: list[Event] = [self._incident(student, kind, "network", detail, now)]
        if student is not None:
            events.append(StudentChanged(student.student_id))
        return events

    @staticmethod
    def _action(now: int, action: str, student_id: str | None, reason: str | None) -> ActionLogged:
        return ActionLogged(
            {"at_ms": now, "action": action, "student_id": student_id, "reason": reason}
        )

    # ---- student commands --------------------------------------------------------------
    def join(
        self,
        *,
        name: str,
        reg_no: str,
        address: str,
        client: dict[str, Any],
        new_student_id: str,
        token_hash: str,
        seat_key_hash: str,
        key_presented: bool,
        now: int,
    ) -> tuple[StudentState, list[Event]]:
        """A new student, or a known reg_no's seat taken again: with its seat key (the owner
        coming back, even while the old connection still looks online), or once after the
        proctor's move. `token_hash` becomes the seat's token (a resumed seat keeps its
        student id); `seat_key_hash` is the hash of the key the join carried
        (`key_presented`) or, without one, of the key the host made; it becomes the seat's
        key for a new or moved seat. Anything else is `SeatClaimRefused`."""
        existing_id = self.by_reg_no.get(reg_no.casefold())
        if existing_id is not None:
            student = self.students[existing_id]
            self.require_usable(student)
            refused = claim_refusal(student, seat_key_hash, key_presented)
            if refused is not None:
                raise SeatClaimRefused(student.student_id, refused)
            kind, detail = take_again(
                student, name=name, address=address, client=client, token_hash=token_hash,
                seat_key_hash=seat_key_hash, now=now,
            )  # fmt: skip
            return student, self._network_incident(student, kind, detail, now)
        if self.room.status == RoomStatus.ENDED:
            message = "This exam has ended; it no longer takes students."
            raise EngineError(409, ErrorCode.EXAM_OVER, message)
        student = StudentState(
            student_id=new_student_id,
            name=name,
            reg_no=reg_no,
            token_hash=token_hash,
            joined_ms=now,
            address=address,
            last_seen_ms=now,
            client=client,
            seat_key_hash=seat_key_hash,
        )
        if self.room.status == RoomStatus.ACTIVE:
            student.status = _S.ACTIVE
            student.ends_ms = self.room.ends_ms
        self.students[student.student_id] = student
        self.by_reg_no[reg_no.casefold()] = student.student_id
        return student, [StudentChanged(student.student_id)]

    def refuse_claim(
        self, student_id: str, *, name: str, address: str, reason: ClaimReason, now: int
    ) -> list[Event]:
        """Record a refused claim on a seat (`SeatClaimRefused`) for the proctor to see."""
        student = self.student(student_id)
        detail = note_refused_claim(student, name=name, address=address, reason=reason, now=now)
        return self._network_incident(student, "seat_claim_refused", detail, now)

    def heartbeat(self, student_id: str, now: int) -> list[Event]:
        student = self.student(student_id)
        student.last_seen_ms = now
        if student.online:
            return []
        student.online = True
        offline_ms = now - (student.offline_since_ms or now)
        student.offline_since_ms = None
        return self._network_incident(student, "back_online", {"offline_ms": offline_ms}, now)

    def restarted(self, now: int) -> None:
        """A new host process took the room over: nobody has been seen by it yet, so every
        client still online gets the usual offline allowance to reconnect."""
        for student in self.students.values():
            if student.online:
                student.last_seen_ms = now

    def record_event(
        self,
        student_id: str,
        event_id: str,
        kind: str,
        source: IncidentSource,
        detail: dict[str, Any],
        at_ms: int,
        now: int,
    ) -> list[Event]:
        """A client-reported incident; an `event_id` already seen is a duplicate (returns []).
        The id counts as seen once `events_saved` says its incident is committed."""
        student = self._require(StudentCommand.REPORT, student_id)
        if event_id in self.seen_event_ids:
            return []
        student.reports += 1
        # Clients' clocks may be wrong: keep their time only when it is plausible.
        at = at_ms if abs(at_ms - now) < 24 * 3600_000 else now
        incident = self._incident(student, kind, source, detail, at, event_id)
        student.note_shield_report(kind, detail)
        return [incident, StudentChanged(student_id)]

    def reports_left(self, student_id: str) -> int:
        """How many more incidents this student's client may report."""
        return max(0, MAX_REPORTS_PER_STUDENT - self.student(student_id).reports)

    def cap_reports(self, student_id: str, now: int) -> list[Event]:
        """Reports past the cap were dropped: one incident says so, the first time."""
        student = self._require(StudentCommand.REPORT, student_id)
        if student.reports_capped:
            return []
        student.reports_capped = True
        detail = {"limit": MAX_REPORTS_PER_STUDENT}
        return self._network_incident(student, "reports_capped", detail, now)

    def note_flood(self, student_id: str, detail: dict[str, Any], now: int) -> list[Event]:
        """The student's stream sent far more than heartbeats (and was throttled)."""
        return self._network_incident(self.student(student_id), "stream_flood", detail, now)

    def events_saved(self, event_ids: list[str]) -> None:
        """These events' incidents are committed: a repeat of any is a duplicate from now."""
        self.seen_event_ids.update(event_ids)

    def _within_grace(self, student: StudentState, now: int) -> None:
        if student.status == _S.ENDED and now > (student.ends_ms or now) + self.room.grace_ms:
            message = "The exam is over; your last snapshot stands."
            raise EngineError(409, ErrorCode.EXAM_OVER, message)

    def check_work(self, student_id: str, now: int) -> StudentState:
        """May this student store a work snapshot now?"""
        student = self._require(StudentCommand.SAVE_WORK, student_id)
        self._within_grace(student, now)
        return student

    def save_work(self, student_id: str, seq: int) -> int | None:
        """The seq to store a snapshot under, or None when it is older than the one stored
        (ignored). The stored seq grows by at most MAX_SEQ_STEP, so no client can use the
        order up; the answer tells the client the number to count on from."""
        student = self.student(student_id)
        if seq < student.work_seq:
            return None
        student.work_seq = min(seq, student.work_seq + MAX_SEQ_STEP)
        return student.work_seq

    def check_submit(self, student_id: str, now: int) -> StudentState:
        """May this student hand in now? As for a snapshot, and not while paused."""
        student = self._require(StudentCommand.SUBMIT, student_id)
        self._within_grace(student, now)
        return student

    def submit(self, student_id: str, sha256: str, now: int) -> list[Event]:
        student = self.check_submit(student_id, now)
        student.submitted_ms = now
        student.submission_sha256 = sha256
        if student.status == _S.ACTIVE:
            student.status = _S.SUBMITTED
        return [StudentChanged(student_id), self._action(now, "submitted", student_id, None)]

    def check_paper(self, student_id: str) -> StudentState:
        return self._require(StudentCommand.READ_PAPER, student_id)

    def fix_variant(self, student_id: str, variant: dict[str, Any]) -> list[Event]:
        """Keep `variant` as this student's (a paper with questions), unless they have one:
        a variant once given is never replaced."""
        student = self.student(student_id)
        if student.variant is not None:
            return []
        student.variant = variant
        return [StudentChanged(student_id)]

    # ---- refusals the proctor should see -----------------------------------------------
    def join_refused(
        self, *, reg_no: str, name: str, address: str, code: str, now: int
    ) -> list[Event]:
        """A join refused for a registration number of this room (it is connected elsewhere,
        or was removed): an incident of that student, naming where the attempt came from."""
        existing_id = self.by_reg_no.get(reg_no.casefold())
        if existing_id is None:
            return []
        detail = {"code": code, "address": address, "name_given": name}
        return self._network_incident(self.students[existing_id], "join_refused", detail, now)

    def admin_key_refused(self, *, address: str, where: str, now: int) -> list[Event]:
        """A wrong admin key (at `where`: "login" or "end"): an incident of the room."""
        detail = {"address": address, "where": where}
        return self._network_incident(None, "admin_key_refused", detail, now)

    # ---- proctor commands --------------------------------------------------------------
    def set_policy(self, policy: Policy) -> list[Event]:
        self._require_room(RoomCommand.SET_POLICY)
        new = policy.model_dump()
        if new != self.room.policy:
            self.room.policy = new
            self.room.policy_rev += 1
        self._policy_cache = None
        return [RoomChanged()]

    def start(self, now: int) -> list[Event]:
        self._require_room(RoomCommand.START)
        room = self.room
        room.status = RoomStatus.ACTIVE
        room.started_ms = now
        room.ends_ms = now + (room.duration_s + room.extra_s) * 1000
        events: list[Event] = [RoomChanged(), self._action(now, "start", None, None)]
        for student in self.students.values():
            if student.status == _S.WAITING:
                student.status = _S.ACTIVE
                student.ends_ms = room.ends_ms + student.extra_s * 1000
                events.append(StudentChanged(student.student_id))
        return events

    def act(
        self, action: StudentCommand, student_id: str, reason: str | None, now: int
    ) -> list[Event]:
        """One of the proctor's `PROCTOR_ACTIONS` on a student."""
        if action not in PROCTOR_ACTIONS:
            raise ValueError(f"{action} is not a proctor's action on a student")
        student = self._require(action, student_id)
        if action is StudentCommand.PAUSE:
            student.status = _S.PAUSED
            student.paused_at_ms = now
        elif action is StudentCommand.RESUME:
            give_back_pause(student, now)
            student.status = _S.ACTIVE
        elif action is StudentCommand.FLAG:
            student.manual_flag = True
            student.manual_reasons.append(reason or "flagged by the proctor")
        elif action is StudentCommand.UNFLAG:
            if not has_flag_to_clear(
                student.manual_flag, student.shield_seen, student.shield_running()
            ):
                raise EngineError(409, ErrorCode.NOT_FLAGGED, "This student has no flag to clear.")
            student.clear_flag()
        elif action is StudentCommand.KICK:
            give_back_pause(student, now)  # a kick ends a pause as a resume would
            student.status = _S.KICKED
            student.kick_reason = reason
        elif action is StudentCommand.READMIT:
            readmit(self.room, student, now)
        else:  # the student moves to another computer: the next join takes the seat, once
            move_away(student, now)
        return [StudentChanged(student_id), self._action(now, action.value, student_id, reason)]

    def pause(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        return self.act(StudentCommand.PAUSE, student_id, reason, now)

    def resume(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        return self.act(StudentCommand.RESUME, student_id, reason, now)

    def flag(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        return self.act(StudentCommand.FLAG, student_id, reason, now)

    def unflag(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        """Clear the proctor's flag and the shield's record of apps that are closed now (an
        app still running stays flagged until it closes)."""
        return self.act(StudentCommand.UNFLAG, student_id, reason, now)

    def kick(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        return self.act(StudentCommand.KICK, student_id, reason, now)

    def readmit(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        return self.act(StudentCommand.READMIT, student_id, reason, now)

    def move(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        """This computer's token and seat key stop working, and the next join with this
        reg_no takes the seat (once)."""
        return self.act(StudentCommand.MOVE, student_id, reason, now)

    def add_time(self, extra_s: int, student_id: str | None, now: int) -> list[Event]:
        if extra_s == 0:
            raise EngineError(400, ErrorCode.INVALID_BODY, "Extra time must not be zero.")
        self._require_room(RoomCommand.EXTRA_TIME)
        command = StudentCommand.EXTRA_TIME
        if student_id is None:
            targets = [s for s in self.students.values() if student_may(command, s.status)]
        else:
            targets = [self._require(command, student_id)]
        if extra_s < 0:
            check_time_left(self.room, targets, student_id is None, extra_s, now)
        events: list[Event] = []
        if student_id is None:
            self.room.extra_s += extra_s
            if self.room.ends_ms is not None:
                self.room.ends_ms += extra_s * 1000
            events.append(RoomChanged())
        for student in targets:
            if student_id is not None:
                student.extra_s += extra_s
            if student.ends_ms is not None:
                student.ends_ms += extra_s * 1000
            events.append(StudentChanged(student.student_id))
        events.append(self._action(now, f"extra_time {extra_s:+d}s", student_id, None))
        return events

    def accommodate(
        self, student_id: str, granted: Accommodations, reason: str | None, now: int
    ) -> list[Event]:
        """Set what the student is granted besides extra time (the defaults take it back)."""
        student = self._require(StudentCommand.ACCOMMODATE, student_id)
        before = student.granted() or Accommodations()
        if granted == before:
            return []  # nothing changes, nothing is logged
        student.accommodations = granted.model_dump() if granted.granted() else None
        action = "accommodations " + ", ".join(granted.words())
        return [StudentChanged(student_id), self._action(now, action, student_id, reason)]

    def end(self, now: int) -> list[Event]:
        self._require_room(RoomCommand.END)
        self.room.status = RoomStatus.ENDED
        self.room.ended_ms = now
        events: list[Event] = [RoomChanged(), self._action(now, "end", None, None)]
        for student in self.students.values():
            # Everyone but a removed student ends; a hand-in already made stands.
            if student.status in _ENDED_BY_THE_END:
                end_student(student, now)
                events.append(StudentChanged(student.student_id))
        return events

    # ---- time --------------------------------------------------------------------------
    def tick(self, now: int) -> list[Event]:
        """Apply what time alone changes: students going offline, ends reached."""
        events: list[Event] = []
        for student in self.students.values():
            if student.online and now - (student.last_seen_ms or 0) > OFFLINE_AFTER_MS:
                student.online = False
                student.offline_since_ms = student.last_seen_ms or now
                detail = {"last_seen_ms": student.last_seen_ms}
                events += self._network_incident(student, "went_offline", detail, now)
            if (
                student.status in _ENDED_BY_THE_CLOCK
                and student.ends_ms is not None
                and now >= student.ends_ms
            ):
                student.status = _S.ENDED
                events.append(StudentChanged(student.student_id))
                events.append(self._action(now, "time_up", student.student_id, None))
        room = self.room
        if room.status == RoomStatus.ACTIVE and room.ends_ms is not None and now >= room.ends_ms:
            if not any(s.status in _WRITING for s in self.students.values()):
                room.status = RoomStatus.ENDED
                room.ended_ms = now
                events.append(RoomChanged())
                events.append(self._action(now, "time_up", None, None))
                for student in self.students.values():
                    if student.status == _S.WAITING:
                        end_student(student, now)
                        events.append(StudentChanged(student.student_id))
        return events
