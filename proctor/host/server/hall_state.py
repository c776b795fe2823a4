"""The hall's state beside the room engine: announcements and their acknowledgements, and
raised hands. Pure, like the engine: every command takes `now`, checks, changes the state and
returns a `HallOutcome` naming what to store (operations for the room's writer), the engine's
events (incidents, rows, actions: stored and pushed the usual way) and the stream frames to
push once stored. A refused command raises `EngineError` and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from proctor.common.errors import ErrorCode
from proctor.common.hall import (
    HAND_EVERY_S,
    MAX_ANNOUNCEMENTS,
    AdminAnnouncement,
    Hand,
    StudentAnnouncement,
)
from proctor.common.protocol import StudentStatus
from proctor.host.server import hall_store
from proctor.host.server.engine import RoomEngine
from proctor.host.server.events import ActionLogged, Event, StudentChanged
from proctor.host.server.hall_roster import Roster
from proctor.host.server.hall_store import HallRecords, Op
from proctor.host.server.refusals import EngineError, student_refusal
from proctor.host.transitions import StudentCommand, student_may

MAX_ACTION_REASON = 500  # an announcement's text in the actions log is cut here
MAX_HANDS_PER_STUDENT = 100  # in one exam: the hands table and log stay small


@dataclass
class HallOutcome:
    ops: list[Op] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    to_students: dict[str, str] = field(default_factory=dict)  # student id -> frame
    to_everyone: str | None = None  # a frame for every connected student
    to_admins: list[str] = field(default_factory=list)
    undo: Callable[[], None] | None = None  # takes the hall's change back if not committed


def _frame(kind: str, body: dict[str, Any]) -> str:
    return json.dumps({"type": kind, **body}, separators=(",", ":"), ensure_ascii=False)


class HallState:
    """Announcements, acknowledgements, hands and the roster of one room."""

    def __init__(self, engine: RoomEngine, records: HallRecords) -> None:
        self.engine = engine
        self.announcements: list[dict[str, Any]] = list(records.announcements)
        self.acks: dict[int, dict[str, int]] = {k: dict(v) for k, v in records.acks.items()}
        self.hands: dict[int, dict[str, Any]] = {h["id"]: dict(h) for h in records.hands}
        self.open_hands: dict[str, int] = {
            h["student_id"]: h["id"] for h in records.hands if h["status"] == "waiting"
        }
        self.last_raise_ms: dict[str, int] = {}
        self.raised_count: dict[str, int] = {}
        for hand in records.hands:
            sid = hand["student_id"]
            self.raised_count[sid] = self.raised_count.get(sid, 0) + 1
        self.roster = Roster(records.roster, records.roster_settings)

    # ---- announcements ---------------------------------------------------------------------
    def _announcement_view(self, item: dict[str, Any]) -> AdminAnnouncement:
        acks = self.acks.get(item["id"], {})
        return AdminAnnouncement.model_validate(
            {
                **item,
                "acknowledged": [{"student_id": s, "at_ms": at} for s, at in acks.items()],
            }
        )

    def admin_announcements(self) -> list[AdminAnnouncement]:
        return [self._announcement_view(item) for item in self.announcements]

    def announce(self, text: str, student_id: str | None, now: int) -> HallOutcome:
        if len(self.announcements) >= MAX_ANNOUNCEMENTS:
            message = f"A room keeps at most {MAX_ANNOUNCEMENTS} announcements."
            raise EngineError(409, ErrorCode.TOO_MANY_ANNOUNCEMENTS, message)
        if student_id is not None:
            student = self.engine.student(student_id)
            self.engine.require_usable(student)
            addressed = 1
        else:
            addressed = sum(s.status != StudentStatus.KICKED for s in self.engine.students.values())
        next_id = self.announcements[-1]["id"] + 1 if self.announcements else 1
        item = {
            "id": next_id,
            "at_ms": now,
            "text": text,
            "student_id": student_id,
            "addressed": addressed,
        }
        self.announcements.append(item)
        frame = _frame("announcement", {"id": next_id, "text": text, "at_ms": now})
        view = self._announcement_view(item)
        outcome = HallOutcome(
            ops=[hall_store.op_announcement(item)],
            events=[self._action(now, "announce", student_id, text[:MAX_ACTION_REASON])],
            to_admins=[_frame("announcement", {"announcement": view.model_dump()})],
        )
        if student_id is None:
            outcome.to_everyone = frame
        else:
            outcome.to_students[student_id] = frame
        outcome.undo = lambda: self.announcements.remove(item)
        return outcome

    def _for_student(self, item: dict[str, Any], student_id: str) -> bool:
        return item["student_id"] is None or item["student_id"] == student_id

    def student_announcements(self, student_id: str) -> list[StudentAnnouncement]:
        return [
            StudentAnnouncement(
                id=item["id"],
                text=item["text"],
                at_ms=item["at_ms"],
                acknowledged_ms=self.acks.get(item["id"], {}).get(student_id),
            )
            for item in self.announcements
            if self._for_student(item, student_id)
        ]

    def acknowledge(
        self, student_id: str, announcement_id: int, now: int
    ) -> tuple[int, HallOutcome]:
        """The student read it: (when it was first acknowledged, what to store). Again is
        no change."""
        item = next((a for a in self.announcements if a["id"] == announcement_id), None)
        if item is None or not self._for_student(item, student_id):
            message = "There is no such announcement for you."
            raise EngineError(404, ErrorCode.UNKNOWN_ANNOUNCEMENT, message)
        acks = self.acks.setdefault(announcement_id, {})
        if student_id in acks:
            return acks[student_id], HallOutcome()
        acks[student_id] = now
        body = {"announcement_id": announcement_id, "student_id": student_id, "at_ms": now}

        def undo() -> None:
            acks.pop(student_id, None)

        outcome = HallOutcome(
            ops=[hall_store.op_ack(announcement_id, student_id, now)],
            to_admins=[_frame("ack", body)],
            undo=undo,
        )
        return now, outcome

    # ---- raised hands ---------------------------------------------------------------------
    def hand_list(self) -> list[Hand]:
        return [Hand.model_validate(h) for h in self.hands.values()]

    def student_hand(self, student_id: str) -> Hand | None:
        """The student's latest hand (waiting, or how it was closed)."""
        mine = [h for h in self.hands.values() if h["student_id"] == student_id]
        return Hand.model_validate(mine[-1]) if mine else None

    def raise_hand(self, student_id: str, text: str, now: int) -> tuple[Hand, HallOutcome]:
        student = self.engine.student(student_id)
        if not student_may(StudentCommand.RAISE_HAND, student.status):
            if student.status == StudentStatus.ENDED:
                message = "The exam is over for you: there is no hand to raise now."
                raise EngineError(409, ErrorCode.EXAM_OVER, message)
            raise student_refusal(StudentCommand.RAISE_HAND, student.status)
        if student_id in self.open_hands:
            message = "Your hand is already raised; the proctor will come to you."
            raise EngineError(409, ErrorCode.HAND_ALREADY_RAISED, message)
        last = self.last_raise_ms.get(student_id)
        if last is not None and now - last < HAND_EVERY_S * 1000:
            wait_s = HAND_EVERY_S - (now - last) // 1000
            message = f"You raised your hand a moment ago; wait {wait_s} s to raise it again."
            raise EngineError(429, ErrorCode.TOO_FAST, message, {"Retry-After": str(wait_s)})
        raised = self.raised_count.get(student_id, 0)
        if raised >= MAX_HANDS_PER_STUDENT:
            message = (
                f"You have raised your hand {raised} times in this exam; "
                "please wave to the proctor instead."
            )
            raise EngineError(429, ErrorCode.TOO_FAST, message, {"Retry-After": "60"})
        self.raised_count[student_id] = raised + 1
        self.last_raise_ms[student_id] = now
        hand_id = max(self.hands, default=0) + 1
        hand = {
            "id": hand_id,
            "student_id": student_id,
            "text": text,
            "raised_ms": now,
            "status": "waiting",
            "answer": None,
            "closed_ms": None,
        }
        self.hands[hand_id] = hand
        self.open_hands[student_id] = hand_id
        student.hand_raised_ms = now
        events = self.engine.hall_incident(student, "hand_raised", "student", {"text": text}, now)
        outcome = self._hand_outcome(hand, events)

        def undo() -> None:
            self.hands.pop(hand_id, None)
            self.open_hands.pop(student_id, None)
            self.raised_count[student_id] = raised
            self.last_raise_ms.pop(student_id, None)

        outcome.undo = undo
        return Hand.model_validate(hand), outcome

    def close_hand(
        self, student_id: str, status: str, answer: str | None, now: int
    ) -> tuple[Hand, HallOutcome]:
        """Answered or dismissed by the proctor, or lowered by the student."""
        student = self.engine.student(student_id)
        hand_id = self.open_hands.get(student_id)
        if hand_id is None:
            raise EngineError(404, ErrorCode.NO_HAND, "This student has no hand raised.")
        del self.open_hands[student_id]
        hand = self.hands[hand_id]
        before = dict(hand)
        hand.update(status=status, answer=answer, closed_ms=now)
        student.hand_raised_ms = None
        events: list[Event] = [StudentChanged(student_id)]
        if status != "lowered":
            events.append(self._action(now, f"hand_{status}", student_id, answer))
        outcome = self._hand_outcome(hand, events)

        def undo() -> None:
            hand.update(before)
            self.open_hands[student_id] = hand_id

        outcome.undo = undo
        return Hand.model_validate(hand), outcome

    def _hand_outcome(self, hand: dict[str, Any], events: list[Event]) -> HallOutcome:
        frame = _frame("hand", {"hand": Hand.model_validate(hand).model_dump()})
        return HallOutcome(
            ops=[hall_store.op_hand(hand)],
            events=events,
            to_students={hand["student_id"]: frame},
            to_admins=[frame],
        )

    @staticmethod
    def _action(now: int, action: str, student_id: str | None, reason: str | None) -> ActionLogged:
        return ActionLogged(
            {"at_ms": now, "action": action, "student_id": student_id, "reason": reason}
        )
