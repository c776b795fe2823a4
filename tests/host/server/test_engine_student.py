"""Room engine: a student's life (waiting → active ⇄ paused → submitted | ended, kicked,
readmitted), presence, incidents and flags."""

from __future__ import annotations

import pytest

from proctor.host.server.engine import StudentChanged
from proctor.host.server.states import OFFLINE_AFTER_MS
from tests.helpers.engine import (
    DURATION_S,
    GRACE_MS,
    T0,
    actions,
    assert_refused,
    incidents,
    join,
    new_engine,
    put_in_state,
    shield_event,
)

END = T0 + DURATION_S * 1000
STATES = ("active", "paused", "submitted", "ended", "kicked")


def started_room_with(state: str) -> tuple:
    """A started room with the student under test in `state` and a bystander kept active."""
    engine = new_engine()
    student, bystander = join(engine, "X1"), join(engine, "BY")
    engine.start(T0)
    put_in_state(engine, student, state, T0 + 1000)
    return engine, student, bystander


# ---- joining ------------------------------------------------------------------------------
def test_join_in_the_lobby_waits_and_in_a_running_exam_starts_at_once() -> None:
    engine = new_engine()
    early = join(engine, "E1")
    assert (early.status, early.ends_ms, early.online) == ("waiting", None, True)
    assert engine.me(early).policy is None  # the policy is sent once the exam is active
    engine.start(T0)
    late = join(engine, "L1", T0 + 60_000)
    assert (late.status, late.ends_ms) == ("active", END)
    assert engine.me(late).policy is not None


def test_join_after_the_end_is_refused_for_a_new_student() -> None:
    engine = new_engine()
    engine.end(T0)
    assert_refused(engine, 409, "exam_over", join, engine, "NEW")


def test_same_reg_no_while_online_is_already_connected_case_insensitively() -> None:
    engine = new_engine()
    join(engine, "ab12")
    assert_refused(engine, 409, "already_connected", join, engine, "AB12", T0 + 10)


def test_same_reg_no_while_offline_resumes_that_student_with_a_rejoined_incident() -> None:
    engine = new_engine()
    first = join(engine, "R1")
    engine.start(T0)
    engine.tick(T0 + OFFLINE_AFTER_MS + 1)
    assert first.online is False

    again, events = engine.join(
        name="Someone Else", reg_no="r1", address="10.0.0.9", client={"os": "x"},
        new_student_id="s_other", token_hash="new-hash", now=T0 + 20_000,
    )  # fmt: skip

    assert again is first and len(engine.students) == 1
    assert (again.status, again.online, again.offline_since_ms) == ("active", True, None)
    assert again.token_hash == "new-hash" and again.address == "10.0.0.9"
    assert again.name == "Student R1"  # the name given at first join stands
    (incident,) = incidents(events)
    assert (incident["kind"], incident["source"]) == ("rejoined", "network")
    assert incident["detail"]["name_given"] == "Someone Else"


def test_a_kicked_student_cannot_join_again() -> None:
    engine, student, _ = started_room_with("kicked")
    student.online = False
    assert_refused(engine, 403, "kicked", join, engine, "X1", T0 + 5000)


# ---- pause and resume ---------------------------------------------------------------------
def test_pause_and_resume_credit_the_paused_time() -> None:
    engine, student, _ = started_room_with("active")
    events = engine.pause(student.student_id, "toilet break", T0 + 10_000)
    assert student.status == "paused" and student.paused_at_ms == T0 + 10_000
    assert StudentChanged(student.student_id) in events and actions(events) == ["pause"]
    events = engine.resume(student.student_id, None, T0 + 70_000)
    assert student.status == "active" and student.paused_at_ms is None
    assert student.ends_ms == END + 60_000
    assert actions(events) == ["resume"]


def test_a_kick_while_paused_gives_back_the_paused_time() -> None:
    """Paused for a minute, then removed: readmitted, the student still has that minute."""
    engine, student, _ = started_room_with("active")
    engine.pause(student.student_id, None, T0 + 10_000)
    engine.kick(student.student_id, None, T0 + 70_000)
    assert student.ends_ms == END + 60_000 and student.paused_at_ms is None
    engine.readmit(student.student_id, None, T0 + 100_000)
    assert student.status == "active" and student.ends_ms == END + 60_000


@pytest.mark.parametrize("state", [s for s in STATES if s != "active"])
def test_pause_is_refused_unless_active(state: str) -> None:
    engine, student, _ = started_room_with(state)
    code = "wrong_state"
    assert_refused(engine, 409, code, engine.pause, student.student_id, None, T0 + 2000)


def test_pause_is_refused_for_a_waiting_student() -> None:
    engine = new_engine()
    student = join(engine, "W1")
    assert_refused(engine, 409, "wrong_state", engine.pause, student.student_id, None, T0)


@pytest.mark.parametrize("state", [s for s in STATES if s != "paused"])
def test_resume_is_refused_unless_paused(state: str) -> None:
    engine, student, _ = started_room_with(state)
    assert_refused(engine, 409, "wrong_state", engine.resume, student.student_id, None, T0 + 2000)


# ---- submitting ---------------------------------------------------------------------------
def test_submit_moves_active_to_submitted_and_can_be_repeated() -> None:
    engine, student, _ = started_room_with("active")
    events = engine.submit(student.student_id, "a" * 64, T0 + 5000)
    assert (student.status, student.submitted_ms) == ("submitted", T0 + 5000)
    assert actions(events) == ["submitted"]
    engine.submit(student.student_id, "b" * 64, T0 + 6000)
    assert student.status == "submitted" and student.submission_sha256 == "b" * 64


def test_submit_after_the_end_is_accepted_within_the_grace_period_only() -> None:
    engine, student, _ = started_room_with("ended")
    ends = student.ends_ms
    assert ends is not None
    engine.submit(student.student_id, "c" * 64, ends + GRACE_MS)
    assert student.status == "ended" and student.submission_sha256 == "c" * 64
    assert_refused(
        engine, 409, "exam_over", engine.submit, student.student_id, "d" * 64, ends + GRACE_MS + 1
    )


def test_a_student_who_handed_in_still_ends_when_time_is_up() -> None:
    """The hand-in stands, but replacing it or saving work ends with the grace period."""
    engine, student, _ = started_room_with("active")
    engine.submit(student.student_id, "a" * 64, T0 + 5000)
    ends = student.ends_ms
    assert ends is not None
    engine.tick(ends)
    assert student.status == "ended" and student.submission_sha256 == "a" * 64
    engine.submit(student.student_id, "b" * 64, ends + GRACE_MS)  # still in the grace period
    late = ends + GRACE_MS + 1
    assert_refused(engine, 409, "exam_over", engine.submit, student.student_id, "c" * 64, late)
    assert_refused(engine, 409, "exam_over", engine.check_work, student.student_id, late)
    assert student.submission_sha256 == "b" * 64


def test_submit_refusals() -> None:
    engine, paused, _ = started_room_with("paused")
    assert_refused(engine, 409, "paused", engine.submit, paused.student_id, "e" * 64, T0 + 2000)
    engine2 = new_engine()
    waiting = join(engine2, "W1")
    assert_refused(engine2, 409, "not_started", engine2.submit, waiting.student_id, "e" * 64, T0)
    engine3, kicked, _ = started_room_with("kicked")
    assert_refused(engine3, 403, "kicked", engine3.submit, kicked.student_id, "e" * 64, T0 + 2000)
    assert_refused(engine3, 404, "unknown_student", engine3.submit, "s_nobody", "e" * 64, T0)


# ---- work snapshots and the paper ---------------------------------------------------------
def test_work_is_allowed_while_running_and_until_the_grace_period_ends() -> None:
    for state in ("active", "paused", "submitted"):
        engine, student, _ = started_room_with(state)
        assert engine.check_work(student.student_id, T0 + 2000) is student
    engine, student, _ = started_room_with("ended")
    ends = student.ends_ms or 0
    engine.check_work(student.student_id, ends + GRACE_MS)
    late = ends + GRACE_MS + 1
    assert_refused(engine, 409, "exam_over", engine.check_work, student.student_id, late)
    engine, student, _ = started_room_with("kicked")
    assert_refused(engine, 403, "kicked", engine.check_work, student.student_id, T0 + 2000)
    engine = new_engine()
    waiting = join(engine, "W1")
    assert_refused(engine, 409, "not_started", engine.check_work, waiting.student_id, T0)


def test_a_lower_work_seq_is_ignored_and_an_equal_one_replaces() -> None:
    engine, student, _ = started_room_with("active")
    assert engine.save_work(student.student_id, 5) is True
    assert engine.save_work(student.student_id, 4) is False
    assert student.work_seq == 5
    assert engine.save_work(student.student_id, 5) is True
    assert engine.save_work(student.student_id, 9) is True and student.work_seq == 9


def test_the_paper_is_refused_until_the_student_is_active() -> None:
    engine = new_engine()
    waiting = join(engine, "W1")
    assert_refused(engine, 403, "not_started", engine.check_paper, waiting.student_id)
    engine.start(T0)
    assert engine.check_paper(waiting.student_id) is waiting
    engine.kick(waiting.student_id, None, T0)
    assert_refused(engine, 403, "kicked", engine.check_paper, waiting.student_id)


# ---- kick and readmit ---------------------------------------------------------------------
@pytest.mark.parametrize("state", [s for s in STATES if s != "kicked"])
def test_kick_from_every_state_and_readmit_restores_a_sensible_state(state: str) -> None:
    engine, student, _ = started_room_with(state)
    events = engine.kick(student.student_id, "phone on the desk", T0 + 2000)
    assert student.status == "kicked" and student.paused_at_ms is None
    assert actions(events) == ["kick"]
    assert engine.me(student).policy is None

    events = engine.readmit(student.student_id, None, T0 + 3000)

    expected = {"active": "active", "paused": "active", "submitted": "submitted", "ended": "ended"}
    assert student.status == expected[state]
    assert actions(events) == ["readmit"]


def test_kick_and_readmit_in_the_lobby_waits_again() -> None:
    engine = new_engine()
    student = join(engine, "W1")
    engine.kick(student.student_id, None, T0)
    assert student.status == "kicked"
    engine.readmit(student.student_id, None, T0 + 1)
    assert student.status == "waiting"


def test_kicked_in_the_lobby_and_readmitted_after_the_start_gets_the_whole_exam() -> None:
    engine = new_engine()
    student, _ = join(engine, "K1"), join(engine, "BY")
    engine.kick(student.student_id, None, T0)
    engine.start(T0 + 1000)
    engine.readmit(student.student_id, None, T0 + 60_000)
    assert student.status == "active"
    assert student.ends_ms == engine.room.ends_ms


def test_readmit_after_the_students_end_or_the_rooms_end_is_ended() -> None:
    engine, student, bystander = started_room_with("kicked")
    bystander.last_seen_ms = END + 1
    student.last_seen_ms = END + 1
    engine.add_time(60, bystander.student_id, T0 + 2000)
    engine.tick(END + 1)  # the room stays open for the bystander's extra minute
    engine.readmit(student.student_id, None, END + 1)
    assert student.status == "ended" and student.ends_ms == END

    engine, student, _ = started_room_with("kicked")
    engine.end(T0 + 5000)
    assert student.status == "kicked"
    engine.readmit(student.student_id, None, T0 + 6000)
    assert student.status == "ended"


def test_kick_twice_and_readmit_when_not_kicked_are_refused() -> None:
    engine, student, _ = started_room_with("kicked")
    assert_refused(engine, 409, "already_kicked", engine.kick, student.student_id, None, T0 + 5)
    engine.readmit(student.student_id, None, T0 + 6)
    assert_refused(engine, 409, "wrong_state", engine.readmit, student.student_id, None, T0 + 7)
    for command in (engine.kick, engine.readmit, engine.pause, engine.resume, engine.flag):
        assert_refused(engine, 404, "unknown_student", command, "s_nobody", None, T0 + 8)


# ---- presence -----------------------------------------------------------------------------
def test_offline_after_six_seconds_then_back_online_on_a_heartbeat() -> None:
    engine = new_engine()
    student = join(engine, "P1", T0)
    assert engine.tick(T0 + OFFLINE_AFTER_MS) == []
    assert student.online is True

    events = engine.tick(T0 + OFFLINE_AFTER_MS + 1)

    assert student.online is False and student.offline_since_ms == T0
    (incident,) = incidents(events)
    assert (incident["kind"], incident["source"]) == ("went_offline", "network")
    assert engine.tick(T0 + 60_000) == []  # reported once

    events = engine.heartbeat(student.student_id, T0 + 61_000)
    assert student.online is True and student.offline_since_ms is None
    (incident,) = incidents(events)
    assert (incident["kind"], incident["source"]) == ("back_online", "network")
    assert incident["detail"]["offline_ms"] == 61_000
    assert engine.heartbeat(student.student_id, T0 + 62_000) == []
    assert student.last_seen_ms == T0 + 62_000


def test_heartbeats_keep_a_student_online() -> None:
    engine = new_engine()
    student = join(engine, "P1", T0)
    for second in range(1, 30, 2):
        engine.heartbeat(student.student_id, T0 + second * 1000)
        assert engine.tick(T0 + second * 1000 + 500) == []
    assert student.online is True


# ---- incidents, shield and manual flags ---------------------------------------------------
def test_events_are_idempotent_and_violations_count_only_violation_kinds() -> None:
    engine, student, _ = started_room_with("active")
    sid = student.student_id
    kinds = ["focus_lost", "focus_regained", "external_paste", "face_ok", "no_face"]
    for n, kind in enumerate(kinds):
        events = engine.record_event(sid, f"{n:032x}", kind, "focus", {}, T0 + n, T0 + 5000)
        assert len(incidents(events)) == 1
    assert student.violations == 3
    assert student.latest_incident == "no_face"
    engine.events_saved([f"{n:032x}" for n in range(len(kinds))])  # once committed ...
    assert engine.record_event(sid, f"{0:032x}", "focus_lost", "focus", {}, T0, T0 + 6000) == []
    assert student.violations == 3  # ... a repeat is a duplicate


def test_an_implausible_client_time_is_replaced_by_the_server_time() -> None:
    engine, student, _ = started_room_with("active")
    events = engine.record_event(student.student_id, "f" * 32, "focus_lost", "focus", {}, 5, T0)
    assert incidents(events)[0]["at_ms"] == T0
    events = engine.record_event(
        student.student_id, "e" * 32, "focus_lost", "focus", {}, T0 - 1000, T0
    )
    assert incidents(events)[0]["at_ms"] == T0 - 1000


def test_a_kicked_student_cannot_report_events() -> None:
    engine, student, _ = started_room_with("kicked")
    assert_refused(
        engine, 403, "kicked", engine.record_event,
        student.student_id, "a" * 32, "focus_lost", "focus", {}, T0, T0,
    )  # fmt: skip


def test_shield_flag_is_set_by_process_blacklisted_and_cleared_by_process_cleared() -> None:
    engine, student, _ = started_room_with("active")
    shield_event(engine, student, "process_blacklisted", 4242, T0 + 10)
    assert student.flagged and not student.manual_flag
    assert student.flag_reasons() == ["shield: Discord running"]
    assert student.to_row().shield_processes == ["Discord"]
    assert student.violations == 1

    shield_event(engine, student, "process_cleared", 4242, T0 + 20)
    assert not student.flagged and student.flag_reasons() == []
    assert student.violations == 1  # the record of the violation stays


def test_shield_flag_waits_for_every_blacklisted_process_to_clear() -> None:
    engine, student, _ = started_room_with("active")
    shield_event(engine, student, "process_blacklisted", 1, T0)
    shield_event(engine, student, "process_blacklisted", 2, T0)
    shield_event(engine, student, "process_cleared", 1, T0)
    assert student.flagged
    shield_event(engine, student, "process_cleared", 2, T0)
    assert not student.flagged


def test_manual_flag_and_shield_flag_are_independent() -> None:
    engine, student, _ = started_room_with("active")
    sid = student.student_id
    events = engine.flag(sid, "talking", T0)
    assert actions(events) == ["flag"]
    shield_event(engine, student, "process_blacklisted", 7, T0)
    assert student.flag_reasons() == ["talking", "shield: Discord running"]
    assert student.to_row().manual_reasons == ["talking"]

    shield_event(engine, student, "process_cleared", 7, T0)
    assert student.flagged and student.manual_flag  # the proctor's flag stays

    shield_event(engine, student, "process_blacklisted", 8, T0)
    engine.unflag(sid, None, T0)
    assert student.flagged and not student.manual_flag  # the shield's flag stays
    assert student.flag_reasons() == ["shield: Discord running"]
    assert student.to_row().manual_reasons == []
    assert_refused(engine, 409, "not_flagged", engine.unflag, sid, None, T0)


def test_a_proctor_reason_that_starts_with_shield_stays_the_proctors() -> None:
    engine, student, _ = started_room_with("active")
    engine.flag(student.student_id, "Shield: phone on desk", T0)
    row = student.to_row()
    assert row.manual_reasons == ["Shield: phone on desk"]
    assert row.shield_processes == []


def test_to_row_and_to_me_carry_the_state() -> None:
    engine, student, _ = started_room_with("paused")
    row = student.to_row()
    assert (row.status, row.ends_ms, row.online) == ("paused", END, True)
    me = engine.me(student)
    assert me.status == "paused" and me.policy == engine.policy
