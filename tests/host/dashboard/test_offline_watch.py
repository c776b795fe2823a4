"""Many students going offline at once is told apart from one student leaving."""

from __future__ import annotations

from dataclasses import dataclass

from proctor.host.dashboard.offline_watch import OfflineWatch


@dataclass
class Row:
    student_id: str
    online: bool = True
    status: str = "active"
    submitted_ms: int | None = None
    flagged: bool = False
    offline_since_ms: int | None = None
    last_seen_ms: int | None = None


def room(n: int) -> list[Row]:
    return [Row(f"s{i}") for i in range(n)]


def test_a_burst_within_five_seconds_is_told_and_one_leaving_is_not() -> None:
    watch = OfflineWatch()
    rows = room(100)
    watch.update(rows, 100)
    assert watch.threshold() == 10
    watch.update([Row("s0", online=False, offline_since_ms=1_000)], 99)
    assert watch.burst() == []
    gone = [Row(f"s{i}", online=False, offline_since_ms=60_000 + i * 100) for i in range(1, 38)]
    watch.update(gone, 63)
    assert sorted(watch.burst()) == sorted(r.student_id for r in gone)  # s0 went a minute before
    watch.update([Row(f"s{i}") for i in range(1, 30)], 92)  # most are back
    assert watch.burst() == []


def test_spread_out_departures_and_students_done_are_no_burst() -> None:
    watch = OfflineWatch()
    watch.update(room(20), 20)
    spread = [Row(f"s{i}", online=False, offline_since_ms=i * 10_000) for i in range(6)]
    watch.update(spread, 14)
    assert watch.burst() == []
    handed_in = [
        Row(f"s{i}", online=False, status="ended", submitted_ms=1, offline_since_ms=500_000)
        for i in range(10, 20)
    ]
    watch.update(handed_in, 4)
    assert watch.burst() == []  # leaving after handing in is not the network


def test_a_small_room_needs_three() -> None:
    watch = OfflineWatch()
    watch.update(room(5), 5)
    watch.update([Row(f"s{i}", online=False, offline_since_ms=1000 + i) for i in range(3)], 2)
    assert len(watch.burst()) == 3
    watch.forget()
    assert watch.burst() == []
