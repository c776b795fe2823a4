"""The host clock estimate: midpoint of the round trip, best (smallest RTT) samples win."""

from __future__ import annotations

from proctor.student.clock import ServerClock


class FakeClocks:
    """A wall clock that is wrong by `skew_ms` and a monotonic clock, both moved by hand."""

    def __init__(self, skew_ms: int) -> None:
        self.true_ms = 1_700_000_000_000
        self.mono = 5_000.0
        self.skew_ms = skew_ms

    def wall(self) -> int:
        return self.true_ms + self.skew_ms

    def mono_ms(self) -> float:
        return self.mono

    def advance(self, ms: float) -> None:
        self.true_ms += int(ms)
        self.mono += ms


def exchange(clock: ServerClock, clocks: FakeClocks, out_ms: float, back_ms: float) -> None:
    """A request that takes `out_ms` to reach the host and `back_ms` to come back."""
    sent = clocks.mono
    clocks.advance(out_ms)
    stamped = clocks.true_ms
    clocks.advance(back_ms)
    clock.add_sample(sent, clocks.mono, stamped)


def test_unsynced_clock_is_the_local_wall_clock() -> None:
    clocks = FakeClocks(skew_ms=-3_600_000)
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms)
    assert not clock.synced
    assert clock.now_ms() == clocks.wall()
    assert clock.offset_ms == 0


def test_a_wrong_student_clock_is_corrected_after_one_sample() -> None:
    clocks = FakeClocks(skew_ms=-3_600_000)  # the student's clock is an hour slow
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms)
    exchange(clock, clocks, 10, 10)
    assert clock.synced
    assert clock.now_ms() == clocks.true_ms
    assert clock.offset_ms == 3_600_000
    clocks.advance(60_000)
    assert clock.now_ms() == clocks.true_ms


def test_the_sample_with_the_smallest_round_trip_wins() -> None:
    clocks = FakeClocks(skew_ms=42_000)
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms)
    exchange(clock, clocks, 5, 5)  # symmetric and quick: exact
    exchange(clock, clocks, 900, 10)  # slow and lopsided: 445 ms off if it were used
    exchange(clock, clocks, 10, 400)
    assert clock.uncertainty_ms == 5
    assert clock.now_ms() == clocks.true_ms


def test_error_is_bounded_by_half_the_round_trip() -> None:
    clocks = FakeClocks(skew_ms=0)
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms)
    exchange(clock, clocks, 300, 0)  # the worst case: stamped at the very end
    assert clock.uncertainty_ms == 150
    assert abs(clock.now_ms() - clocks.true_ms) <= 150


def test_changing_the_system_clock_later_does_not_move_the_estimate() -> None:
    clocks = FakeClocks(skew_ms=0)
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms)
    exchange(clock, clocks, 3, 3)
    clocks.skew_ms = 7_200_000  # the student sets the clock two hours ahead
    assert clock.now_ms() == clocks.true_ms


def test_old_samples_age_out() -> None:
    clocks = FakeClocks(skew_ms=0)
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms, keep=3)
    exchange(clock, clocks, 1, 1)
    for _ in range(3):
        exchange(clock, clocks, 20, 20)
    assert clock.uncertainty_ms == 20


def test_a_negative_round_trip_is_ignored() -> None:
    clocks = FakeClocks(skew_ms=0)
    clock = ServerClock(wall_ms=clocks.wall, mono_ms=clocks.mono_ms)
    clock.add_sample(100.0, 50.0, 123)
    assert not clock.synced
