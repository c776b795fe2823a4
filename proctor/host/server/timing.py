"""The exam's clock rules: an end given back a pause, an end reached, a readmitted student's
place in the exam, and time taken away that must leave every affected exam at least a minute.
Pure; the engine wraps these in its commands and events."""

from __future__ import annotations

from proctor.common.errors import ErrorCode
from proctor.common.protocol import RoomStatus, StudentStatus
from proctor.host.server.refusals import EngineError
from proctor.host.server.states import RoomState, StudentState

MIN_TIME_LEFT_S = 60  # time taken away always leaves an exam at least this much


def give_back_pause(student: StudentState, now: int) -> None:
    """A pause ends (a resume, a kick): the student's end moves by the time paused."""
    if student.ends_ms is not None:
        student.ends_ms += now - (student.paused_at_ms or now)
    student.paused_at_ms = None


def end_student(student: StudentState, now: int) -> None:
    """The exam is over for this student now (or at their own end, if that came first)."""
    student.status = StudentStatus.ENDED
    student.paused_at_ms = None
    student.ends_ms = now if student.ends_ms is None else min(student.ends_ms, now)


def readmit(room: RoomState, student: StudentState, now: int) -> None:
    """A removed student is back: where the exam is now for them (the lobby, their hand-in
    standing, writing until their end, or over)."""
    student.kick_reason = None
    if student.ends_ms is None and room.ends_ms is not None:
        # Kicked in the lobby: the start gave this student no end of their own yet.
        student.ends_ms = room.ends_ms + student.extra_s * 1000
    if room.status == RoomStatus.LOBBY:
        student.status = StudentStatus.WAITING
    elif student.submitted_ms is not None and room.status == RoomStatus.ACTIVE:
        student.status = StudentStatus.SUBMITTED
    elif room.status == RoomStatus.ACTIVE and (student.ends_ms or 0) > now:
        student.status = StudentStatus.ACTIVE
    else:
        student.status = StudentStatus.ENDED
        student.ends_ms = min(student.ends_ms or now, now)


def check_time_left(
    room: RoomState, targets: list[StudentState], whole_room: bool, extra_s: int, now: int
) -> None:
    """Time taken away may not end anyone's exam less than a minute from now (nor, in the
    lobby, leave an exam shorter than a minute, so nobody ends before the start)."""
    left_ms: list[int] = []  # what each affected end has above the minute it must keep
    if room.status == RoomStatus.LOBBY:
        base_s = room.duration_s + room.extra_s
        if whole_room:
            left_ms.append((base_s - MIN_TIME_LEFT_S) * 1000)
        left_ms += [(base_s + s.extra_s - MIN_TIME_LEFT_S) * 1000 for s in targets]
    else:
        floor = now + MIN_TIME_LEFT_S * 1000
        if whole_room and room.ends_ms is not None:
            left_ms.append(room.ends_ms - floor)
        for student in targets:
            if student.status == StudentStatus.KICKED or student.ends_ms is None:
                continue  # sitting nothing now: a readmit settles their end
            end = student.ends_ms
            if student.status == StudentStatus.PAUSED:  # the pause is given back on resume
                end += now - (student.paused_at_ms or now)
            left_ms.append(end - floor)
    spare_ms = min(left_ms, default=None)
    if spare_ms is None or spare_ms + extra_s * 1000 >= 0:
        return
    spare_s = max(0, spare_ms // 1000)
    raise EngineError(
        409,
        ErrorCode.END_TOO_SOON,
        "That would end an exam less than a minute from now: at most "
        f"{spare_s // 60} min {spare_s % 60} s can be taken away.",
    )
