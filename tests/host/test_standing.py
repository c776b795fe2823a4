"""Where a student stands, and the room's counts: the one definition tiles, filters and the
export share."""

from __future__ import annotations

from dataclasses import dataclass

from proctor.host.standing import COUNT_TESTS, FILTERS, Standing, counts, is_missing, standing


@dataclass
class Facts:
    status: str
    submitted_ms: int | None = None
    online: bool = True
    flagged: bool = False


def test_a_hand_in_stands_after_the_end_whoever_ended_it() -> None:
    assert standing(Facts("submitted", 1)) == Standing.HANDED_IN
    assert standing(Facts("ended", 1)) == Standing.HANDED_IN  # time up or ended by the proctor
    assert standing(Facts("ended")) == Standing.NOT_HANDED_IN
    assert standing(Facts("active", 1)) == Standing.HANDED_IN  # readmitted after handing in
    assert standing(Facts("kicked", 1)) == Standing.REMOVED
    assert [standing(Facts(s)) for s in ("waiting", "active", "paused")] == [
        Standing.WAITING,
        Standing.WRITING,
        Standing.PAUSED,
    ]


def test_offline_means_missing_while_expected_at_a_computer() -> None:
    assert is_missing(Facts("active", online=False))
    assert is_missing(Facts("waiting", online=False))
    assert not is_missing(Facts("ended", 5, online=False))  # left after handing in
    assert not is_missing(Facts("ended", online=False))  # left after the end
    assert not is_missing(Facts("kicked", online=False))


def test_counts_of_a_room() -> None:
    room = [
        Facts("active"),
        Facts("active", online=False),
        Facts("active", flagged=True),
        Facts("ended", 10),
        Facts("ended", 11, online=False),
        Facts("ended"),
        Facts("kicked", online=False, flagged=True),
    ]
    assert counts(room) == {
        "total": 7,
        "online": 4,
        "offline": 1,
        "flagged": 1,
        "handed_in": 2,
        "not_handed_in": 4,
        "removed": 1,
    }
    assert set(FILTERS) <= set(COUNT_TESTS)
