"""Wire models: what they accept, what they refuse, and how incident kinds map to sources."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from proctor.common.protocol import (
    KIND_SOURCES,
    VIOLATION_KINDS,
    EventIn,
    JoinRequest,
    Me,
    Policy,
    WorkRequest,
    source_of,
)
from proctor.common.timeutil import iso, now_ms


def test_names_are_trimmed_and_control_characters_refused() -> None:
    body = JoinRequest.model_validate({"name": "  Ada Lovelace ", "reg_no": " CS-1 "})
    assert (body.name, body.reg_no, body.client) == ("Ada Lovelace", "CS-1", {})
    for name in ("", "   ", "Ada\x00", "Ada\nLovelace", "\u202eAda", "A" * 81):
        with pytest.raises(ValidationError):
            JoinRequest.model_validate({"name": name, "reg_no": "CS-1"})
    for reg_no in ("", "CS  1", "a\\b", "a\tb", "R" * 41):
        with pytest.raises(ValidationError):
            JoinRequest.model_validate({"name": "Ada", "reg_no": reg_no})


def test_registrars_numbers_with_slashes_and_single_spaces_are_accepted() -> None:
    for reg_no in ("CS/2021/045", "ENG 2021 045", "U-21.045", "2023CS0042", "ÅSA/7"):
        assert JoinRequest.model_validate({"name": "Ada", "reg_no": reg_no}).reg_no == reg_no


def test_unknown_fields_are_ignored_so_the_protocol_can_grow() -> None:
    body = JoinRequest.model_validate({"name": "Ada", "reg_no": "X", "future": 1})
    assert not hasattr(body, "future")
    policy = Policy.model_validate({"paste": "block", "future_option": True})
    assert policy.model_dump()["future_option"] is True  # the policy keeps extensions


def test_file_names_are_plain_names() -> None:
    WorkRequest.model_validate({"seq": 0, "files": {"main.py": "", "a-b_c.txt": ""}})
    for name in ("../x", "a/b", ".hidden", "", "a..b", "C:x"):
        with pytest.raises(ValidationError):
            WorkRequest.model_validate({"seq": 0, "files": {name: ""}})


def test_event_ids_and_kinds() -> None:
    EventIn.model_validate({"id": "0" * 32, "kind": "focus_lost", "at_ms": 0})
    for bad in ({"id": "x", "kind": "a", "at_ms": 0}, {"id": "0" * 32, "kind": "A", "at_ms": 0}):
        with pytest.raises(ValidationError):
            EventIn.model_validate(bad)


def test_every_client_kind_has_a_source_and_unknown_kinds_are_placed_by_prefix() -> None:
    assert set(VIOLATION_KINDS) <= set(KIND_SOURCES)
    for kind, source in KIND_SOURCES.items():
        assert source_of(kind) == source
    assert source_of("process_suspended") == "shield"
    assert source_of("focus_something") == "focus"
    assert source_of("camera_glare") == "camera"
    assert source_of("paste_large") == "clipboard"
    assert source_of("brand_new_kind") == "shield"


def test_me_carries_no_policy_by_default() -> None:
    me = Me(student_id="s", name="n", reg_no="r", status="waiting", ends_ms=None)
    assert me.policy is None


def test_iso_times_are_utc_with_milliseconds() -> None:
    assert iso(None) is None
    assert iso(0) == "1970-01-01T00:00:00.000Z"
    assert iso(1_700_000_000_123) == "2023-11-14T22:13:20.123Z"
    assert abs(now_ms() - now_ms()) < 1000
