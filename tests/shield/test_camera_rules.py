"""The smoothing rules on sequences of analyses: episodes, not a flood."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from proctor.shield.camera_rules import Observation, PresenceRules

FACE = (100, 60, 80, 80)
NEIGHBOUR = (220, 70, 50, 50)
STEP_MS = 2000


def frame(
    faces: int, brightness: float = 120, contrast: float = 40, change: float | None = None
) -> tuple[int, float, float, float | None]:
    return faces, brightness, contrast, change


def run(sequence: list[Any], rules: PresenceRules | None = None) -> list[tuple[int, str, dict]]:
    """Feed the sequence (faces counts or `frame(...)` tuples); (index, kind, detail) emitted."""
    rules = rules or PresenceRules()
    out = []
    for index, item in enumerate(sequence):
        faces, brightness, contrast, change = item if isinstance(item, tuple) else frame(item)
        boxes = [FACE, NEIGHBOUR, (20, 20, 40, 40)][:faces]
        observation = Observation(index * STEP_MS, boxes, brightness, contrast, change)
        out += [(index, kind, detail) for kind, detail in rules.observe(observation)]
    return out


def kinds(sequence: list[Any], rules: PresenceRules | None = None) -> list[tuple[int, str]]:
    return [(index, kind) for index, kind, _ in run(sequence, rules)]


def test_one_face_throughout_reports_nothing() -> None:
    assert kinds([1] * 50) == []


def test_no_face_after_three_analyses_in_a_row_and_only_once() -> None:
    assert kinds([1, 0, 0]) == []
    assert kinds([1, 0, 0, 0]) == [(3, "no_face")]
    assert kinds([1] + [0] * 40) == [(3, "no_face")]


def test_face_ok_closes_the_episode_with_its_duration() -> None:
    events = run([1, 0, 0, 0, 0, 0, 1, 1])
    assert [(i, k) for i, k, _ in events] == [(3, "no_face"), (6, "face_ok")]
    no_face, face_ok = events[0][2], events[1][2]
    assert no_face["faces"] == 0 and no_face["analyses"] == 3
    assert no_face["since_ms"] == 1 * STEP_MS
    assert face_ok["faces"] == 1
    assert face_ok["closed"] == [{"kind": "no_face", "since_ms": 2000, "duration_s": 10}]
    assert "One face in view again" in face_ok["message"]


def test_short_absences_and_detector_flicker_report_nothing() -> None:
    assert kinds([1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1]) == []


def test_multiple_faces_after_two_in_a_row() -> None:
    assert kinds([1, 2, 1, 2, 1, 3, 1]) == []
    events = run([1, 2, 2, 2, 2, 1])
    assert [(i, k) for i, k, _ in events] == [(2, "multiple_faces"), (5, "face_ok")]
    detail = events[0][2]
    assert detail["faces"] == 2 and len(detail["face_boxes"]) == 2
    assert detail["face_boxes"][1] == list(NEIGHBOUR)


def test_a_new_episode_after_the_last_one_closed() -> None:
    assert kinds([0, 0, 0, 1, 0, 0, 0, 1]) == [
        (2, "no_face"),
        (3, "face_ok"),
        (6, "no_face"),
        (7, "face_ok"),
    ]


def test_different_kinds_overlap_and_one_face_ok_closes_both() -> None:
    events = run([1, 0, 0, 0, 2, 2, 1])
    assert [(i, k) for i, k, _ in events] == [(3, "no_face"), (5, "multiple_faces"), (6, "face_ok")]
    assert [c["kind"] for c in events[2][2]["closed"]] == ["no_face", "multiple_faces"]


def test_a_dark_picture_is_covered_not_absent() -> None:
    dark = frame(0, brightness=4, contrast=2)
    events = run([1, dark, dark, dark, dark, dark, dark, 1])
    assert [(i, k) for i, k, _ in events] == [(2, "camera_covered"), (7, "face_ok")]
    assert events[0][2]["brightness"] == 4.0 and events[0][2]["analyses"] == 2


def test_a_featureless_bright_picture_counts_as_covered() -> None:
    blank = frame(0, brightness=200, contrast=1.5)
    assert kinds([1, blank, blank]) == [(2, "camera_covered")]


def test_a_dim_room_with_a_face_in_view_is_not_covered() -> None:
    assert kinds([frame(1, brightness=15, contrast=4)] * 10) == []


def test_one_dark_frame_is_nothing() -> None:
    assert kinds([1, frame(0, brightness=3, contrast=1), 1, 1]) == []


def test_after_uncovering_an_empty_seat_is_no_face() -> None:
    dark = frame(0, brightness=3, contrast=1)
    assert kinds([dark, dark, 0, 0, 0, 1]) == [
        (1, "camera_covered"),
        (4, "no_face"),
        (5, "face_ok"),
    ]


def test_a_frozen_picture_is_reported_after_30_seconds_and_faces_stop_counting() -> None:
    still = frame(1, change=0.0)
    sequence = [frame(1, change=3.0)] + [still] * 20 + [frame(1, change=4.0)]
    events = run(sequence)
    # Unchanged since frame 0 (frame 1 is its exact copy): 30 s later is frame 15.
    assert [(i, k) for i, k, _ in events] == [(15, "camera_frozen"), (21, "face_ok")]
    assert events[0][2]["unchanged_s"] == 30
    assert events[0][2]["since_ms"] == 0


def test_frozen_with_no_face_is_frozen_only() -> None:
    still_empty = frame(0, change=0.0)
    assert kinds([frame(1, change=2.0)] + [still_empty] * 20) == [
        (3, "no_face"),
        (15, "camera_frozen"),
    ]


def test_still_pictures_without_change_tracking_never_freeze() -> None:
    assert kinds([frame(1, change=None)] * 40) == []


def test_a_dark_unchanging_picture_is_covered_not_frozen() -> None:
    black = frame(0, brightness=0, contrast=0, change=0.0)
    assert kinds([black] * 40) == [(1, "camera_covered")]


def test_thresholds_can_be_changed() -> None:
    rules = PresenceRules(no_face_after=1, multiple_faces_after=1, frozen_after_s=4)
    assert kinds([0, 2, 1], rules) == [(0, "no_face"), (1, "multiple_faces"), (2, "face_ok")]


observations = st.one_of(
    st.integers(min_value=0, max_value=3),
    st.builds(
        frame,
        st.integers(min_value=0, max_value=3),
        st.sampled_from([3.0, 120.0]),
        st.sampled_from([1.0, 40.0]),
        st.sampled_from([None, 0.0, 5.0]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(observations, max_size=80))
def test_at_most_one_open_episode_per_kind(sequence: list[Any]) -> None:
    open_kinds: set[str] = set()
    for _, kind, detail in run(sequence):
        if kind == "face_ok":
            assert open_kinds, "face_ok without an open episode"
            assert {c["kind"] for c in detail["closed"]} == open_kinds
            open_kinds.clear()
        else:
            assert kind not in open_kinds, f"second {kind} while one is open"
            open_kinds.add(kind)
