"""What this computer keeps of a seat's ownership: seat keys by room and registration number,
and which copy of the work a seat taken again carries on from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proctor.common.protocol import LatestWork
from proctor.student.outbox import QueuedSnapshot
from proctor.student.seat import (
    SEAT_KEYS_FILE,
    Credentials,
    SeatFolder,
    host_copy_stands,
    kept_seat_key,
    retire_seat_key,
    save_credentials,
    seat_key_to_offer,
    settle_work,
)
from proctor.student.work import Work

MINE = {"main.py": "mine = 1\n"}
OTHER = {"main.py": "from the other computer\n"}


def host_copy(files: dict[str, str], seq: int) -> LatestWork:
    return LatestWork(seq=seq, files=files, sha256="0" * 64, saved_ms=1)


def test_a_key_is_kept_per_room_and_reg_no_before_it_is_offered(tmp_path: Path) -> None:
    first = seat_key_to_offer(tmp_path, "abc234", "CS-1")
    assert len(first) >= 32
    assert kept_seat_key(tmp_path, "ABC234", " cs-1 ") == first  # the same seat, as typed
    assert seat_key_to_offer(tmp_path, "ABC234", "CS-1") == first
    assert seat_key_to_offer(tmp_path, "ABC234", "CS-2") != first
    assert seat_key_to_offer(tmp_path, "XYZ789", "CS-1") != first
    keys = json.loads((tmp_path / SEAT_KEYS_FILE).read_text())
    assert len(keys) == 3


def test_the_saved_seats_key_is_offered_when_the_key_file_is_gone(tmp_path: Path) -> None:
    saved = Credentials("127.0.0.1", 8080, "ABC234", "s_1", "s_1.t", "Ada", "CS-1", "s" * 43)
    save_credentials(tmp_path, saved)
    assert seat_key_to_offer(tmp_path, "abc234", "cs-1") == "s" * 43
    assert seat_key_to_offer(tmp_path, "ABC234", "CS-2") != "s" * 43  # another seat


def test_a_retired_key_is_never_offered_again(tmp_path: Path) -> None:
    first = seat_key_to_offer(tmp_path, "ABC234", "CS-1")
    retire_seat_key(tmp_path, "ABC234", "CS-1")
    assert seat_key_to_offer(tmp_path, "ABC234", "CS-1") not in ("", first)


def test_an_unreadable_key_file_means_a_new_key(tmp_path: Path) -> None:
    (tmp_path / SEAT_KEYS_FILE).write_text("{not json")
    assert kept_seat_key(tmp_path, "ABC234", "CS-1") is None
    assert len(seat_key_to_offer(tmp_path, "ABC234", "CS-1")) >= 32


@pytest.mark.parametrize(
    ("local", "host", "acked", "pending", "stands"),
    [
        (MINE, None, 3, None, False),  # the host has nothing: keep mine
        (None, host_copy(OTHER, 9), None, None, True),  # a new computer: the host's copy
        (MINE, host_copy(MINE, 9), 3, None, False),  # the host's copy is mine
        (MINE, host_copy(OTHER, 9), 3, QueuedSnapshot(4, OTHER), False),  # mine, unanswered
        (MINE, host_copy(OTHER, 3), 3, None, False),  # nobody wrote since my last save
        (MINE, host_copy(OTHER, 9), 3, None, True),  # another computer wrote since
        (MINE, host_copy(OTHER, 9), None, None, True),  # no record of mine: the host's
    ],
)
def test_whose_work_stands(local, host, acked, pending, stands) -> None:
    mine = None if local is None else Work(local)
    assert host_copy_stands(mine, host, acked, pending) is stands


ANSWERS = {"q1": "dict", "q2": ["a", "b"], "code": None}


def test_answers_count_in_whose_work_stands() -> None:
    mine = Work(MINE, ANSWERS)
    same = LatestWork(seq=9, files=MINE, sha256="0" * 64, saved_ms=1, answers=dict(ANSWERS))
    other = LatestWork(seq=9, files=MINE, sha256="0" * 64, saved_ms=1, answers={"q1": "list"})
    assert not host_copy_stands(mine, same, 3, None)  # my own files and answers
    assert host_copy_stands(mine, other, 3, None)  # another computer answered since
    assert not host_copy_stands(mine, other, 9, None)  # nobody wrote since my last save
    queued = QueuedSnapshot(4, MINE, {"q1": "list"})
    assert not host_copy_stands(mine, other, 3, queued)  # mine, not yet answered


def test_the_hosts_answers_replace_mine_and_the_marks_stay(tmp_path: Path) -> None:
    seat = SeatFolder(tmp_path / "seat")
    mine = Work(MINE, {"q1": "dict"}, ("q2",))
    seat.work.save(mine)
    seat.outbox.record_ack(3, 3)
    host = LatestWork(seq=9, files=OTHER, sha256="0" * 64, saved_ms=1, answers={"q1": "list"})
    work, from_host = settle_work(seat, mine, host)
    assert from_host and work == Work(OTHER, {"q1": "list"}, ("q2",))
    assert seat.work.load_work() == work
    replaced = json.loads(next(seat.path.glob("work.replaced-*.json")).read_text())
    assert replaced["answers"] == {"q1": "dict"}  # this computer's own answers are kept aside
    seat.close()


def test_taking_the_hosts_copy_keeps_mine_aside_and_drops_what_was_queued(
    tmp_path: Path,
) -> None:
    seat = SeatFolder(tmp_path / "seat")
    seat.work.save(MINE)
    seat.outbox.set_snapshot(12, MINE)
    seat.outbox.record_ack(3, 3)

    work, from_host = settle_work(seat, Work(MINE), host_copy(OTHER, 9))

    assert work is not None and (work.files, from_host) == (OTHER, True)
    assert seat.work.load() == OTHER
    assert seat.replaced_work() == [MINE]
    assert seat.outbox.pending_snapshot() is None  # the stale 12 never goes out
    assert seat.outbox.acked_seq() == 9 and seat.outbox.next_seq() == 10
    seat.close()


def test_keeping_mine_still_numbers_after_the_hosts(tmp_path: Path) -> None:
    seat = SeatFolder(tmp_path / "seat")
    seat.outbox.record_ack(40, 40)
    work, from_host = settle_work(seat, Work(MINE), host_copy(OTHER, 40))
    assert work is not None and (work.files, from_host) == (MINE, False)
    assert seat.replaced_work() == []
    assert seat.outbox.next_seq() == 41
    seat.close()
