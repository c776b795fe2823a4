"""Room and student identifiers."""

from __future__ import annotations

from proctor.common.ids import (
    ROOM_ALPHABET,
    ROOM_ID_LENGTH,
    new_room_id,
    new_student_id,
    normalize_room_id,
)


def test_room_ids_avoid_look_alike_characters() -> None:
    assert not set("0O1IL") & set(ROOM_ALPHABET)
    ids = {new_room_id() for _ in range(500)}
    assert len(ids) > 490
    for room_id in ids:
        assert len(room_id) == ROOM_ID_LENGTH and set(room_id) <= set(ROOM_ALPHABET)


def test_typed_room_ids_are_normalised_or_refused() -> None:
    assert normalize_room_id(" abc234 ") == "ABC234"
    assert normalize_room_id("ABC234") == "ABC234"
    for bad in ("", "ABC23", "ABC2345", "ABC0O1", "ABC 23", "ÄBC234"):
        assert normalize_room_id(bad) is None, bad


def test_student_ids_are_unique_and_token_safe() -> None:
    ids = {new_student_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(i.startswith("s_") and "." not in i for i in ids)
