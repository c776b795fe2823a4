"""Room engine: a student's life (waiting → active ⇄ paused → submitted | ended, kicked,
readmitted), presence, incidents and flags."""

from __future__ import annotations

import pytest

from proctor.host.server.engine import SeatClaimRefused, StudentChanged
from proctor.host.server.states import MAX_SEQ_STEP, OFFLINE_AFTER_MS
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
    seat_key_hash,
    shield_event,
    snapshot,
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


def claim(engine, reg_no: str, now: int, key_hash: str | None = None, name: str = "Mallory"):
    return engine.join(
        name=name, reg_no=reg_no, address="10.0.0.9", client={"os": "x"},
        new_student_id="s_other", token_hash="new-hash", seat_key_hash=key_hash or "other-key",
        key_presented=key_hash is not None, now=now,
    )  # fmt: skip


@pytest.mark.parametrize("online", [True, False])
def test_reg_no_alone_is_refused_as_seat_taken_case_insensitively(online: bool) -> None:
    engine = new_engine()
    owner = join(engine, "ab12")
    if not online:
        engine.tick(T0 + OFFLINE_AFTER_MS + 1)
    before = snapshot(engine)
    with pytest.raises(SeatClaimRefused) as caught:
        claim(engine, "AB12", T0 + 20_000)
    assert (caught.value.status, caught.value.code) == (409, "seat_taken")
    assert (caught.value.student_id, caught.value.reason) == (owner.student_id, "no_key")
    assert snapshot(engine) == before  # a refused command changes nothing


def test_a_wrong_key_is_refused_and_the_refusal_is_its_own_incident() -> None:
    engine = new_engine()
    owner = join(engine, "R1")
    with pytest.raises(SeatClaimRefused) as caught:
        claim(engine, "r1", T0 + 10, key_hash="guessed")
    assert caught.value.reason == "wrong_key"

    events = engine.refuse_claim(
        owner.student_id, name="Mallory", address="10.0.0.9", reason="wrong_key", now=T0 + 10
    )
    (incident,) = incidents(events)
    assert (incident["kind"], incident["source"]) == ("seat_claim_refused", "network")
    assert incident["detail"] == {
        "address": "10.0.0.9", "name_given": "Mallory", "reason": "wrong_key",
        "owner_online": True,
    }  # fmt: skip
    assert StudentChanged(owner.student_id) in events
    assert owner.refused_claims == 1 and owner.violations == 0
    assert owner.last_refused_claim == {
        "at_ms": T0 + 10, "address": "10.0.0.9", "name_given": "Mallory", "reason": "wrong_key",
    }  # fmt: skip
    assert owner.token_hash.startswith("hash-R1") and owner.online  # the owner is untouched


def test_the_right_key_resumes_the_seat_with_a_rejoined_incident() -> None:
    engine = new_engine()
    first = join(engine, "R1")
    engine.start(T0)
    engine.tick(T0 + OFFLINE_AFTER_MS + 1)
    assert first.online is False

    again, events = claim(engine, "r1", T0 + 20_000, key_hash=seat_key_hash("R1"),
                          name="Someone Else")  # fmt: skip

    assert again is first and len(engine.students) == 1
    assert (again.status, again.online, again.offline_since_ms) == ("active", True, None)
    assert again.token_hash == "new-hash" and again.address == "10.0.0.9"
    assert again.seat_key_hash == seat_key_hash("R1")  # the key stays
    assert again.name == "Student R1"  # the name given at first join stands
    (incident,) = incidents(events)
    assert (incident["kind"], incident["source"]) == ("rejoined", "network")
    assert incident["detail"]["name_given"] == "Someone Else"
    assert incident["detail"]["replaced_connection"] is False


def test_the_right_key_while_online_replaces_the_old_connection() -> None:
    engine = new_engine()
    join(engine, "R1")
    again, events = claim(engine, "R1", T0 + 2000, key_hash=seat_key_hash("R1"))
    assert again.token_hash == "new-hash"
    assert incidents(events)[0]["detail"]["replaced_connection"] is True


def test_a_move_retires_the_token_and_key_and_lets_one_new_computer_in() -> None:
    engine = new_engine()
    owner = join(engine, "R1")
    engine.start(T0)
    old_token = owner.token_hash
    events = engine.move(owner.student_id, "laptop died", T0 + 5000)
    assert actions(events) == ["move"] and StudentChanged(owner.student_id) in events
    assert owner.move_pending and not owner.online and owner.offline_since_ms == T0 + 5000
    assert owner.is_retired(old_token) and owner.is_retired(seat_key_hash("R1"))
    assert owner.token_hash == "" and owner.seat_key_hash == ""

    assert_refused_claim(engine, "R1", seat_key_hash("R1"), "seat_moved", "moved")
    moved, events = claim(engine, "R1", T0 + 9000, name="Ada on the spare PC")
    assert moved is owner and not owner.move_pending and owner.online
    assert owner.seat_key_hash == "other-key" and owner.token_hash == "new-hash"
    assert owner.status == "active"
    (incident,) = incidents(events)
    assert incident["kind"] == "seat_moved"
    assert incident["detail"]["name_given"] == "Ada on the spare PC"
    assert_refused_claim(engine, "R1", None, "seat_taken", "no_key")  # once only
    assert_refused_claim(engine, "R1", seat_key_hash("R1"), "seat_moved", "moved")


def assert_refused_claim(engine, reg_no, key_hash, code, reason) -> None:
    before = snapshot(engine)
    with pytest.raises(SeatClaimRefused) as caught:
        claim(engine, reg_no, T0 + 10_000, key_hash=key_hash)
    assert (caught.value.code, caught.value.reason) == (code, reason)
    assert snapshot(engine) == before


def test_only_a_student_who_is_not_removed_can_be_moved() -> None:
    engine, student, _ = started_room_with("kicked")
    assert_refused(engine, 409, "wrong_state", engine.move, student.student_id, None, T0 + 2000)
    assert_refused(engine, 404, "unknown_student", engine.move, "s_nobody", None, T0 + 2000)


def test_retired_secrets_are_kept_but_bounded() -> None:
    engine = new_engine()
    owner = join(engine, "R1")
    for n in range(20):
        engine.move(owner.student_id, None, T0 + n)
        claim(engine, "R1", T0 + n, key_hash=f"key-{n}")
    assert owner.is_retired("key-18") and not owner.is_retired("key-0")
    assert len(owner.retired_hashes) <= 16


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
    assert engine.save_work(student.student_id, 5) == 5
    assert engine.save_work(student.student_id, 4) is None
    assert student.work_seq == 5
    assert engine.save_work(student.student_id, 5) == 5
    assert engine.save_work(student.student_id, 9) == 9 and student.work_seq == 9


def test_the_stored_seq_grows_by_a_small_step_at_most() -> None:
    engine, student, _ = started_room_with("active")
    assert engine.save_work(student.student_id, 2**53 - 1) == MAX_SEQ_STEP - 1
    assert engine.save_work(student.student_id, 2**53 - 1) == 2 * MAX_SEQ_STEP - 1
    assert engine.save_work(student.student_id, 5) is None
    nxt = student.work_seq + 1  # what a client that adopts the host's number sends next
    assert engine.save_work(student.student_id, nxt) == nxt


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


def test_shield_flag_stays_after_the_app_closes_until_the_proctor_clears_it() -> None:
    engine, student, _ = started_room_with("active")
    shield_event(engine, student, "process_blacklisted", 4242, T0 + 10)
    assert student.flagged and not student.manual_flag
    assert student.flag_reasons() == ["shield: Discord running"]
    assert student.to_row().shield_processes == student.to_row().shield_seen == ["Discord"]
    assert student.violations == 1

    shield_event(engine, student, "process_cleared", 4242, T0 + 20)
    assert student.flagged and student.flag_reasons() == ["shield: Discord was running"]
    row = student.to_row()
    assert (row.shield_processes, row.shield_seen, row.flagged) == ([], ["Discord"], True)
    assert student.violations == 1  # the record of the violation stays

    engine.unflag(student.student_id, "talked to them", T0 + 30)
    assert not student.flagged and student.flag_reasons() == []
    assert student.to_row().shield_seen == []


def test_unflag_leaves_an_app_still_running_flagged() -> None:
    engine, student, _ = started_room_with("active")
    shield_event(engine, student, "process_blacklisted", 1, T0)
    assert_refused(engine, 409, "not_flagged", engine.unflag, student.student_id, None, T0)
    engine.flag(student.student_id, "looked away", T0)
    engine.unflag(student.student_id, None, T0)
    assert student.flagged and student.flag_reasons() == ["shield: Discord running"]


def test_shield_flag_waits_for_every_blacklisted_process_to_clear() -> None:
    engine, student, _ = started_room_with("active")
    shield_event(engine, student, "process_blacklisted", 1, T0)
    shield_event(engine, student, "process_blacklisted", 2, T0)
    shield_event(engine, student, "process_cleared", 1, T0)
    assert student.to_row().shield_processes == ["Discord"]
    shield_event(engine, student, "process_cleared", 2, T0)
    assert student.to_row().shield_processes == [] and student.flagged  # until unflagged


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
