"""The room engine: a pure state machine with no I/O and no clock of its own.

Every command takes the current time as `now` (server epoch ms), checks that it is allowed in
the current state, changes the state and returns the events it caused. A refused command raises
`EngineError` and changes nothing. The server persists what the events name and pushes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from proctor.common.protocol import (
    VIOLATION_KINDS,
    IncidentSource,
    Me,
    Policy,
)
from proctor.host.server.seats import (
    SEAT_MOVED,
    SEAT_TAKEN,
    ClaimReason,
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

ACTIVE_STATES = ("active", "paused")
MIN_TIME_LEFT_S = 60  # time taken away always leaves an exam at least this much
# What one client may report. Past it the host keeps one `reports_capped` incident and drops
# the rest: a flaky camera and a restless student stay far below; a flooding client cannot
# fill the proctor's disk (a camera report with its thumbnail is about 7 KB).
MAX_REPORTS_PER_STUDENT = 2000


class EngineError(Exception):
    """A command that is not allowed: an HTTP status, a snake_case code and a sentence."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class SeatClaimRefused(EngineError):
    """A join for a seat that is someone else's: without its key, or from the computer the
    seat was moved away from (see `seats`). The server records it with `refuse_claim`."""

    def __init__(self, student_id: str, reason: ClaimReason) -> None:
        if reason == "moved":
            super().__init__(409, "seat_moved", SEAT_MOVED)
        else:
            super().__init__(409, "seat_taken", SEAT_TAKEN)
        self.student_id = student_id
        self.reason: ClaimReason = reason


# Events: what changed, for the server to persist and push.
@dataclass(frozen=True)
class RoomChanged:
    pass


@dataclass(frozen=True)
class StudentChanged:
    student_id: str


@dataclass(frozen=True)
class IncidentAdded:
    incident: dict[str, Any]
    event_id: str | None = None


@dataclass(frozen=True)
class ActionLogged:
    action: dict[str, Any]


Event = RoomChanged | StudentChanged | IncidentAdded | ActionLogged


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
            raise EngineError(404, "unknown_student", "There is no such student in this room.")
        return student

    def me(self, student: StudentState) -> Me:
        return student.to_me(self.policy)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {"total": len(self.students), "online": 0, "flagged": 0}
        for s in self.students.values():
            counts[s.status] = counts.get(s.status, 0) + 1
            counts["online"] += s.online
            counts["flagged"] += s.flagged
        return counts

    # ---- helpers -----------------------------------------------------------------------
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
        return IncidentAdded(incident, event_id)

    @staticmethod
    def _action(now: int, action: str, student_id: str | None, reason: str | None) -> ActionLogged:
        return ActionLogged(
            {"at_ms": now, "action": action, "student_id": student_id, "reason": reason}
        )

    def _require_room(self, *allowed: str) -> None:
        if self.room.status not in allowed:
            messages = {
                "lobby": "The exam has not started yet.",
                "active": "The exam is already running.",
                "ended": "The exam has ended.",
            }
            code = {"lobby": "not_started", "active": "already_started", "ended": "exam_over"}
            raise EngineError(409, code[self.room.status], messages[self.room.status])

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
        proctor's move. `seat_key_hash` is the hash of the key the join carried
        (`key_presented`) or, without one, of the key the host made; it becomes the seat's
        key for a new or moved seat. Anything else is `SeatClaimRefused`."""
        existing_id = self.by_reg_no.get(reg_no.casefold())
        if existing_id is not None:
            student = self.students[existing_id]
            if student.status == "kicked":
                raise EngineError(403, "kicked", "You were removed from this exam by the proctor.")
            refusal = claim_refusal(student, seat_key_hash, key_presented)
            if refusal is not None:
                raise SeatClaimRefused(student.student_id, refusal)
            kind, detail = take_again(
                student, name=name, address=address, client=client, token_hash=token_hash,
                seat_key_hash=seat_key_hash, now=now,
            )  # fmt: skip
            events: list[Event] = [
                self._incident(student, kind, "network", detail, now),
                StudentChanged(student.student_id),
            ]
            return student, events
        if self.room.status == "ended":
            raise EngineError(409, "exam_over", "This exam has ended; it no longer takes students.")
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
        if self.room.status == "active":
            student.status = "active"
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
        return [
            self._incident(student, "seat_claim_refused", "network", detail, now),
            StudentChanged(student_id),
        ]

    def heartbeat(self, student_id: str, now: int) -> list[Event]:
        student = self.student(student_id)
        student.last_seen_ms = now
        if student.online:
            return []
        student.online = True
        offline_ms = now - (student.offline_since_ms or now)
        student.offline_since_ms = None
        return [
            self._incident(student, "back_online", "network", {"offline_ms": offline_ms}, now),
            StudentChanged(student_id),
        ]

    def require_usable(self, student: StudentState) -> None:
        if student.status == "kicked":
            raise EngineError(403, "kicked", "You were removed from this exam by the proctor.")

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
        student = self.student(student_id)
        self.require_usable(student)
        if event_id in self.seen_event_ids:
            return []
        student.reports += 1
        # Clients' clocks may be wrong: keep their time only when it is plausible.
        at = at_ms if abs(at_ms - now) < 24 * 3600_000 else now
        events: list[Event] = [self._incident(student, kind, source, detail, at, event_id)]
        key = _process_key(detail)
        if kind == "process_blacklisted" and key:
            name = str(detail.get("rule") or detail.get("name") or "a blacklisted app")
            student.shield_open[key] = name
            if name not in student.shield_seen:
                student.shield_seen.append(name)
        elif kind == "process_cleared" and key:
            student.shield_open.pop(key, None)
        events.append(StudentChanged(student_id))
        return events

    def reports_left(self, student_id: str) -> int:
        """How many more incidents this student's client may report."""
        return max(0, MAX_REPORTS_PER_STUDENT - self.student(student_id).reports)

    def cap_reports(self, student_id: str, now: int) -> list[Event]:
        """Reports past the cap were dropped: one incident says so, the first time."""
        student = self.student(student_id)
        if student.reports_capped:
            return []
        student.reports_capped = True
        detail = {"limit": MAX_REPORTS_PER_STUDENT}
        incident = self._incident(student, "reports_capped", "network", detail, now)
        return [incident, StudentChanged(student_id)]

    def note_flood(self, student_id: str, detail: dict[str, Any], now: int) -> list[Event]:
        """The student's stream sent far more than heartbeats (and was throttled)."""
        student = self.student(student_id)
        return [
            self._incident(student, "stream_flood", "network", detail, now),
            StudentChanged(student_id),
        ]

    def events_saved(self, event_ids: list[str]) -> None:
        """These events' incidents are committed: a repeat of any is a duplicate from now."""
        self.seen_event_ids.update(event_ids)

    def check_work(self, student_id: str, now: int) -> StudentState:
        """May this student store a work snapshot now?"""
        student = self.student(student_id)
        self.require_usable(student)
        if student.status == "waiting":
            raise EngineError(409, "not_started", "The exam has not started yet.")
        if student.status == "ended" and now > (student.ends_ms or now) + self.room.grace_ms:
            raise EngineError(409, "exam_over", "The exam is over; your last snapshot stands.")
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
        student = self.check_work(student_id, now)
        if student.status == "paused":
            raise EngineError(409, "paused", "Your session is paused by the proctor.")
        return student

    def submit(self, student_id: str, sha256: str, now: int) -> list[Event]:
        student = self.check_submit(student_id, now)
        student.submitted_ms = now
        student.submission_sha256 = sha256
        if student.status == "active":
            student.status = "submitted"
        return [StudentChanged(student_id), self._action(now, "submitted", student_id, None)]

    def check_paper(self, student_id: str) -> StudentState:
        student = self.student(student_id)
        self.require_usable(student)
        if student.status == "waiting":
            raise EngineError(403, "not_started", "The paper is available once the exam starts.")
        return student

    # ---- refusals the proctor should see -----------------------------------------------
    def join_refused(
        self, *, reg_no: str, name: str, address: str, code: str, now: int
    ) -> list[Event]:
        """A join refused for a registration number of this room (it is connected elsewhere,
        or was removed): an incident of that student, naming where the attempt came from."""
        existing_id = self.by_reg_no.get(reg_no.casefold())
        if existing_id is None:
            return []
        student = self.students[existing_id]
        detail = {"code": code, "address": address, "name_given": name}
        return [
            self._incident(student, "join_refused", "network", detail, now),
            StudentChanged(student.student_id),
        ]

    def admin_key_refused(self, *, address: str, where: str, now: int) -> list[Event]:
        """A wrong admin key (at `where`: "login" or "end"): an incident of the room."""
        detail = {"address": address, "where": where}
        return [self._incident(None, "admin_key_refused", "network", detail, now)]

    # ---- proctor commands --------------------------------------------------------------
    def set_policy(self, policy: Policy) -> list[Event]:
        self._require_room("lobby")
        self.room.policy = policy.model_dump()
        self._policy_cache = None
        return [RoomChanged()]

    def start(self, now: int) -> list[Event]:
        self._require_room("lobby")
        room = self.room
        room.status = "active"
        room.started_ms = now
        room.ends_ms = now + (room.duration_s + room.extra_s) * 1000
        events: list[Event] = [RoomChanged(), self._action(now, "start", None, None)]
        for student in self.students.values():
            if student.status == "waiting":
                student.status = "active"
                student.ends_ms = room.ends_ms + student.extra_s * 1000
                events.append(StudentChanged(student.student_id))
        return events

    def pause(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        student = self._student_in(student_id, "pause", "active")
        student.status = "paused"
        student.paused_at_ms = now
        return [StudentChanged(student_id), self._action(now, "pause", student_id, reason)]

    def resume(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        student = self._student_in(student_id, "resume", "paused")
        paused_for = now - (student.paused_at_ms or now)
        student.status = "active"
        student.paused_at_ms = None
        if student.ends_ms is not None:
            student.ends_ms += paused_for
        return [StudentChanged(student_id), self._action(now, "resume", student_id, reason)]

    def flag(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        student = self.student(student_id)
        student.manual_flag = True
        student.manual_reasons.append(reason or "flagged by the proctor")
        return [StudentChanged(student_id), self._action(now, "flag", student_id, reason)]

    def unflag(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        """Clear the proctor's flag and the shield's record of apps that are closed now (an
        app still running stays flagged until it closes)."""
        student = self.student(student_id)
        running = set(student.shield_open.values())
        if not student.manual_flag and not set(student.shield_seen) - running:
            raise EngineError(409, "not_flagged", "This student has no flag to clear.")
        student.manual_flag = False
        student.manual_reasons = []
        student.shield_seen = [name for name in student.shield_seen if name in running]
        return [StudentChanged(student_id), self._action(now, "unflag", student_id, reason)]

    def kick(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        student = self.student(student_id)
        if student.status == "kicked":
            raise EngineError(409, "already_kicked", "This student has already been removed.")
        if student.status == "paused" and student.ends_ms is not None:
            # A kick ends the pause: the time paused is given back, as a resume would.
            student.ends_ms += now - (student.paused_at_ms or now)
        student.status = "kicked"
        student.paused_at_ms = None
        student.kick_reason = reason
        return [StudentChanged(student_id), self._action(now, "kick", student_id, reason)]

    def readmit(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        student = self._student_in(student_id, "readmit", "kicked")
        student.kick_reason = None
        if student.ends_ms is None and self.room.ends_ms is not None:
            # Kicked in the lobby: the start gave this student no end of their own yet.
            student.ends_ms = self.room.ends_ms + student.extra_s * 1000
        if self.room.status == "lobby":
            student.status = "waiting"
        elif student.submitted_ms is not None and self.room.status == "active":
            student.status = "submitted"
        elif self.room.status == "active" and (student.ends_ms or 0) > now:
            student.status = "active"
        else:
            student.status = "ended"
            student.ends_ms = min(student.ends_ms or now, now)
        return [StudentChanged(student_id), self._action(now, "readmit", student_id, reason)]

    def move(self, student_id: str, reason: str | None, now: int) -> list[Event]:
        """The student moves to another computer: this computer's token and seat key stop
        working, and the next join with this reg_no takes the seat (once)."""
        student = self.student(student_id)
        if student.status == "kicked":
            raise EngineError(
                409, "wrong_state", "Readmit this student before moving them to another computer."
            )
        move_away(student, now)
        return [StudentChanged(student_id), self._action(now, "move", student_id, reason)]

    def add_time(self, extra_s: int, student_id: str | None, now: int) -> list[Event]:
        if extra_s == 0:
            raise EngineError(400, "invalid_body", "Extra time must not be zero.")
        self._require_room("lobby", "active")
        events: list[Event] = []
        if student_id is None:
            targets = [
                s
                for s in self.students.values()
                if s.status in (*ACTIVE_STATES, "waiting", "submitted", "kicked")
            ]
        else:
            targets = [self.student(student_id)]
            if targets[0].status not in (*ACTIVE_STATES, "waiting", "submitted", "kicked"):
                raise EngineError(
                    409, "wrong_state", f"No extra time for a student who is {targets[0].status}."
                )
        if extra_s < 0:
            self._check_time_left(extra_s, targets, student_id is None, now)
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

    def _check_time_left(
        self, extra_s: int, targets: list[StudentState], whole_room: bool, now: int
    ) -> None:
        """Time taken away may not end anyone's exam less than a minute from now (nor, in
        the lobby, leave an exam shorter than a minute, so nobody ends before the start)."""
        room = self.room
        left_ms: list[int] = []  # what each affected end has above the minute it must keep
        if room.status == "lobby":
            base_s = room.duration_s + room.extra_s
            if whole_room:
                left_ms.append((base_s - MIN_TIME_LEFT_S) * 1000)
            left_ms += [(base_s + s.extra_s - MIN_TIME_LEFT_S) * 1000 for s in targets]
        else:
            floor = now + MIN_TIME_LEFT_S * 1000
            if whole_room and room.ends_ms is not None:
                left_ms.append(room.ends_ms - floor)
            for student in targets:
                if student.status == "kicked" or student.ends_ms is None:
                    continue  # sitting nothing now: a readmit settles their end
                end = student.ends_ms
                if student.status == "paused":  # the pause is given back on resume
                    end += now - (student.paused_at_ms or now)
                left_ms.append(end - floor)
        spare_ms = min(left_ms, default=None)
        if spare_ms is None or spare_ms + extra_s * 1000 >= 0:
            return
        spare_s = max(0, spare_ms // 1000)
        raise EngineError(
            409,
            "end_too_soon",
            "That would end an exam less than a minute from now: at most "
            f"{spare_s // 60} min {spare_s % 60} s can be taken away.",
        )

    def end(self, now: int) -> list[Event]:
        self._require_room("lobby", "active")
        self.room.status = "ended"
        self.room.ended_ms = now
        events: list[Event] = [RoomChanged(), self._action(now, "end", None, None)]
        for student in self.students.values():
            # Everyone but a removed student ends; a hand-in already made stands.
            if student.status in (*ACTIVE_STATES, "waiting", "submitted"):
                self._end_student(student, now)
                events.append(StudentChanged(student.student_id))
        return events

    def _end_student(self, student: StudentState, now: int) -> None:
        student.status = "ended"
        student.paused_at_ms = None
        student.ends_ms = now if student.ends_ms is None else min(student.ends_ms, now)

    def _student_in(self, student_id: str, action: str, *allowed: str) -> StudentState:
        student = self.student(student_id)
        if student.status not in allowed:
            raise EngineError(
                409, "wrong_state", f"Cannot {action} a student who is {student.status}."
            )
        return student

    # ---- time --------------------------------------------------------------------------
    def tick(self, now: int) -> list[Event]:
        """Apply what time alone changes: students going offline, ends reached."""
        events: list[Event] = []
        for student in self.students.values():
            if student.online and now - (student.last_seen_ms or 0) > OFFLINE_AFTER_MS:
                student.online = False
                student.offline_since_ms = student.last_seen_ms or now
                detail = {"last_seen_ms": student.last_seen_ms}
                events.append(self._incident(student, "went_offline", "network", detail, now))
                events.append(StudentChanged(student.student_id))
            if (
                student.status in ("active", "submitted")  # a hand-in stands; the end still comes
                and student.ends_ms is not None
                and now >= student.ends_ms
            ):
                student.status = "ended"
                events.append(StudentChanged(student.student_id))
                events.append(self._action(now, "time_up", student.student_id, None))
        room = self.room
        if room.status == "active" and room.ends_ms is not None and now >= room.ends_ms:
            if not any(s.status in ACTIVE_STATES for s in self.students.values()):
                room.status = "ended"
                room.ended_ms = now
                events.append(RoomChanged())
                events.append(self._action(now, "time_up", None, None))
                for student in self.students.values():
                    if student.status == "waiting":
                        self._end_student(student, now)
                        events.append(StudentChanged(student.student_id))
        return events


def _process_key(detail: dict[str, Any]) -> str | None:
    pid = detail.get("pid")
    if pid is None:
        return None
    return f"{pid}:{detail.get('rule') or detail.get('name') or ''}"
