"""Room engine: the room's life (lobby → active → ended), extra time and the clock."""

from __future__ import annotations

from proctor.common.protocol import Policy
from proctor.host.server.engine import EngineError, RoomChanged, StudentChanged
from tests.helpers.engine import (
    DURATION_S,
    T0,
    actions,
    assert_refused,
    join,
    new_engine,
    put_in_state,
)

END = T0 + DURATION_S * 1000


def test_start_moves_lobby_to_active_and_starts_every_waiting_student() -> None:
    engine = new_engine()
    a, b = join(engine, "A1"), join(engine, "B2")
    assert engine.room.status == "lobby" and a.status == b.status == "waiting"
    assert a.ends_ms is None

    events = engine.start(T0)

    assert engine.room.status == "active"
    assert engine.room.started_ms == T0
    assert engine.room.ends_ms == END
    assert (a.status, a.ends_ms) == ("active", END)
    assert (b.status, b.ends_ms) == ("active", END)
    assert RoomChanged() in events
    assert StudentChanged(a.student_id) in events and StudentChanged(b.student_id) in events
    assert actions(events) == ["start"]


def test_start_is_refused_once_started_or_ended() -> None:
    engine = new_engine()
    engine.start(T0)
    assert_refused(engine, 409, "already_started", engine.start, T0 + 1)
    engine.end(T0 + 2)
    assert_refused(engine, 409, "exam_over", engine.start, T0 + 3)


def test_end_from_lobby_ends_waiting_students() -> None:
    engine = new_engine()
    a = join(engine, "A1")
    events = engine.end(T0 + 5)
    assert engine.room.status == "ended" and engine.room.ended_ms == T0 + 5
    assert (a.status, a.ends_ms) == ("ended", T0 + 5)
    assert actions(events) == ["end"]


def test_end_from_active_ends_everyone_but_the_kicked_and_keeps_hand_ins() -> None:
    engine = new_engine()
    students = {s: join(engine, s) for s in ("ACT", "PAU", "SUB", "KIC")}
    engine.start(T0)
    put_in_state(engine, students["PAU"], "paused", T0 + 10)
    put_in_state(engine, students["SUB"], "submitted", T0 + 10)
    put_in_state(engine, students["KIC"], "kicked", T0 + 10)

    engine.end(T0 + 60_000)

    assert engine.room.status == "ended"
    assert students["ACT"].status == "ended"
    assert students["ACT"].ends_ms == T0 + 60_000  # the end moved forward to now
    assert students["PAU"].status == "ended"
    assert students["PAU"].paused_at_ms is None
    assert students["SUB"].status == "ended"  # PROTOCOL: every student becomes ended
    assert students["SUB"].submission_sha256 is not None  # the hand-in stands
    assert students["KIC"].status == "kicked"


def test_end_is_refused_once_ended() -> None:
    engine = new_engine()
    engine.end(T0)
    assert_refused(engine, 409, "exam_over", engine.end, T0 + 1)


def test_policy_can_change_in_the_lobby_only() -> None:
    engine = new_engine()
    policy = Policy(paste="block", camera="report")
    assert engine.set_policy(policy) == [RoomChanged()]
    assert engine.policy.paste == "block" and engine.policy.camera == "report"
    engine.start(T0)
    assert_refused(engine, 409, "already_started", engine.set_policy, Policy())
    assert engine.policy.paste == "block"


def test_tick_ends_the_room_and_its_students_at_ends_ms() -> None:
    engine = new_engine()
    a, b = join(engine, "A1", T0), join(engine, "B2", T0)
    engine.start(T0)
    for who in (a, b):  # keep them online: only the clock matters here
        who.last_seen_ms = END
    assert engine.tick(END - 1) == []
    assert engine.room.status == "active"

    events = engine.tick(END)

    assert engine.room.status == "ended" and engine.room.ended_ms == END
    assert a.status == b.status == "ended"
    assert RoomChanged() in events
    assert actions(events).count("time_up") == 3  # two students and the room
    assert engine.tick(END + 1000) == []  # nothing more happens


def test_per_student_extra_time_keeps_the_room_active_until_that_student_ends() -> None:
    engine = new_engine()
    a, b = join(engine, "A1"), join(engine, "B2")
    engine.start(T0)
    engine.add_time(300, b.student_id, T0 + 5)
    assert b.ends_ms == END + 300_000 and a.ends_ms == END
    assert engine.room.ends_ms == END
    for who in (a, b):
        who.last_seen_ms = END + 300_000

    engine.tick(END)
    assert a.status == "ended" and b.status == "active"
    assert engine.room.status == "active"

    engine.tick(END + 299_999)
    assert engine.room.status == "active"
    engine.tick(END + 300_000)
    assert b.status == "ended" and engine.room.status == "ended"


def test_a_paused_student_holds_the_room_open_past_its_end() -> None:
    engine = new_engine()
    a = join(engine, "A1")
    engine.start(T0)
    engine.pause(a.student_id, None, T0 + 1000)
    a.last_seen_ms = END + 10_000
    engine.tick(END + 10_000)
    assert a.status == "paused" and engine.room.status == "active"
    engine.resume(a.student_id, None, END + 10_000)
    paused_for = (END + 10_000) - (T0 + 1000)
    assert a.status == "active" and a.ends_ms == END + paused_for


def test_extra_time_for_all_moves_the_room_and_every_running_student() -> None:
    engine = new_engine()
    students = {s: join(engine, s) for s in ("ACT", "PAU", "SUB", "END", "KEEP")}
    engine.start(T0)
    for state in ("paused", "submitted", "ended"):
        put_in_state(engine, students[state[:3].upper()], state, T0 + 10)
    ended_at = students["END"].ends_ms

    events = engine.add_time(600, None, T0 + 20)

    assert engine.room.ends_ms == END + 600_000
    assert engine.room.extra_s == 600
    for key in ("ACT", "PAU", "SUB", "KEEP"):
        assert students[key].ends_ms == END + 600_000, key
        assert students[key].extra_s == 0  # room-wide time is kept on the room
    assert students["END"].ends_ms == ended_at  # who has ended stays ended
    assert RoomChanged() in events
    assert actions(events) == ["extra_time +600s"]


def test_extra_time_in_the_lobby_counts_from_the_start() -> None:
    engine = new_engine()
    a, b = join(engine, "A1"), join(engine, "B2")
    engine.add_time(120, None, T0)
    engine.add_time(60, a.student_id, T0)
    assert a.ends_ms is None and a.extra_s == 60
    engine.start(T0 + 1000)
    room_end = T0 + 1000 + (DURATION_S + 120) * 1000
    assert engine.room.ends_ms == room_end
    assert a.ends_ms == room_end + 60_000
    assert b.ends_ms == room_end


def test_negative_extra_time_shortens_and_the_clock_ends_the_student() -> None:
    engine = new_engine()
    a, b = join(engine, "A1"), join(engine, "B2")
    engine.start(T0)
    engine.add_time(-1800, a.student_id, T0 + 10)
    assert a.ends_ms == END - 1_800_000 and a.extra_s == -1800
    a.last_seen_ms = b.last_seen_ms = END - 1_800_000
    engine.tick(END - 1_800_000)
    assert a.status == "ended" and b.status == "active"


def test_extra_time_refusals_change_nothing() -> None:
    engine = new_engine()
    a, b = join(engine, "A1"), join(engine, "B2")
    assert_refused(engine, 400, "invalid_body", engine.add_time, 0, None, T0)
    assert_refused(engine, 404, "unknown_student", engine.add_time, 60, "s_nobody", T0)
    engine.start(T0)
    put_in_state(engine, a, "ended", T0 + 1)
    assert_refused(engine, 409, "wrong_state", engine.add_time, 60, a.student_id, T0 + 2)
    engine.end(T0 + 3)
    assert_refused(engine, 409, "exam_over", engine.add_time, 60, None, T0 + 4)
    assert_refused(engine, 409, "exam_over", engine.add_time, 60, b.student_id, T0 + 4)


def test_counts_follow_states() -> None:
    engine = new_engine()
    a, b, c = join(engine, "A1"), join(engine, "B2"), join(engine, "C3")
    engine.start(T0)
    engine.pause(b.student_id, None, T0)
    engine.flag(c.student_id, "looking around", T0)
    c.online = False
    counts = engine.counts()
    assert counts["total"] == 3
    assert counts["active"] == 2 and counts["paused"] == 1
    assert counts["online"] == 2 and counts["flagged"] == 1
    assert a.flagged is False


def test_taking_time_away_never_ends_an_exam_within_a_minute_or_before_its_start() -> None:
    """A 30-minute room: an hour taken away used to end it a second after the start."""
    engine = new_engine(duration_s=1800)
    a, b = join(engine, "A1"), join(engine, "B2")
    # In the lobby the exam must keep at least a minute.
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -3600, None, T0)
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -1750, a.student_id, T0)
    engine.add_time(-1740, a.student_id, T0)  # exactly a minute left for A1
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -1, None, T0)  # A1 again
    engine.add_time(1740, a.student_id, T0)
    engine.start(T0)
    end = T0 + 1_800_000
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -3600, None, T0 + 1000)
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -3600, b.student_id, T0 + 1000)
    now = end - 120_000  # two minutes left
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -61, None, now)
    engine.add_time(-60, b.student_id, now)
    assert b.ends_ms == now + 60_000
    message = refusal_message(engine, -61, None, now)
    assert "at most 0 min" in message  # B2 has a minute left: nothing more can go
    engine.add_time(-30, a.student_id, now)
    assert a.ends_ms == end - 30_000


def test_a_paused_students_end_counts_with_the_time_paused() -> None:
    engine = new_engine(duration_s=600)
    a = join(engine, "A1")
    engine.start(T0)
    engine.pause(a.student_id, None, T0 + 60_000)
    now = T0 + 900_000  # paused for 14 minutes: past ends_ms, but 9 minutes are still owed
    engine.add_time(-420, a.student_id, now)  # 2 minutes left on resume
    assert_refused(engine, 409, "end_too_soon", engine.add_time, -61, a.student_id, now)


def refusal_message(engine, *args) -> str:  # type: ignore[no-untyped-def]
    try:
        engine.add_time(*args)
    except EngineError as exc:
        return exc.message
    raise AssertionError("not refused")
