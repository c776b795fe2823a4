"""The focus tracker: flickers are ignored, real absences are reported with their length."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from proctor.shield.focus import FocusTracker


def make():
    events: list[tuple[str, dict]] = []
    return FocusTracker(lambda kind, detail: events.append((kind, detail))), events


def test_a_real_absence_is_reported_when_it_passes_300_ms_and_on_return():
    tracker, events = make()
    tracker.update(True, 1000)
    tracker.update(False, 2000)
    assert tracker.deadline_ms == 2300
    tracker.poll(2299)
    assert events == []
    tracker.poll(2300)
    assert events == [("focus_lost", {"lost_ms": 2000})]
    assert tracker.deadline_ms is None
    tracker.update(False, 2500)  # still away: nothing new
    tracker.update(True, 4500)
    assert events[1] == ("focus_regained", {"lost_ms": 2000, "duration_ms": 2500})
    assert tracker.losses == 1 and tracker.away_ms_total == 2500 and tracker.focused


def test_a_flicker_is_ignored():
    tracker, events = make()
    tracker.update(False, 1000)
    tracker.update(True, 1299)
    tracker.poll(1400)
    assert events == []
    assert tracker.deadline_ms is None


def test_a_late_timer_still_reports_a_long_absence():
    tracker, events = make()
    tracker.update(False, 1000)
    tracker.update(True, 1800)  # the timer never got to run
    assert [k for k, _ in events] == ["focus_lost", "focus_regained"]
    assert events[1][1]["duration_ms"] == 800


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 2000)), max_size=60))
def test_reports_always_pair_up_and_only_long_absences_count(samples):
    tracker, events = make()
    t = 0
    away_since = None
    long_absences = 0
    for focused, gap in samples:
        t += gap
        if tracker.deadline_ms is not None and tracker.deadline_ms <= t:
            tracker.poll(tracker.deadline_ms)
        tracker.update(focused, t)
        if not focused and away_since is None:
            away_since = t
        if focused and away_since is not None:
            long_absences += t - away_since >= 300
            away_since = None
    kinds = [k for k, _ in events]
    assert kinds[::2] == ["focus_lost"] * len(kinds[::2])
    assert kinds[1::2] == ["focus_regained"] * len(kinds[1::2])
    assert kinds.count("focus_regained") == long_absences
    assert all(d["duration_ms"] >= 300 for k, d in events if k == "focus_regained")
