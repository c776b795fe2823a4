"""Generated bodies (JSON values of every shape, near-miss requests, random bytes) thrown at
join, events and work: never a 5xx, every error in the protocol's shape, a refusal changes
nothing. One server per test, reused by every example."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proctor.host.server.plumbing import JOIN_LIMITER
from tests.helpers.api import Api, Clock, MakeApi, room_state

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

finite = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
scalars = (
    finite
    | st.floats()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.text(max_size=30)
    | st.sampled_from(["", " ", "\x00", "\u202e", "../x", "a" * 200, "😀", "main.py"])
)


def trees(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(st.text(max_size=12), children, max_size=5)
        ),
        max_leaves=25,
    )


json_values = trees(scalars)
valid_values = trees(finite | st.text(max_size=30))
details = st.dictionaries(st.text(max_size=12), valid_values, max_size=4)


def near(shape: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Request-like objects: the expected keys, each with a plausible or arbitrary value."""
    return st.fixed_dictionaries(
        {}, optional={key: strategy | json_values for key, strategy in shape.items()}
    )


def valid(shape: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(shape)


uuids = st.uuids().map(str)
kinds = st.sampled_from(["focus_lost", "process_blacklisted", "process_cleared", "no_face"])
kinds |= st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)
file_names = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,20}", fullmatch=True)
event_shape = {
    "id": uuids,
    "kind": kinds,
    "at_ms": st.integers(min_value=0, max_value=2**62),
    "detail": details
    | st.fixed_dictionaries({"pid": st.integers(0, 9), "name": st.sampled_from(["x", "y"])}),
}
work_shape = {
    "seq": st.integers(min_value=0, max_value=2**53),
    "files": st.dictionaries(file_names, st.text(max_size=200), max_size=5),
}
join_shape = {
    "name": st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=80),
    "reg_no": st.from_regex(r"[A-Za-z0-9_\-]{1,40}", fullmatch=True),
    "client": details,
}
BODIES = {
    "join": valid(join_shape) | near(join_shape),
    "events": valid({"events": st.lists(valid(event_shape), max_size=4)})
    | near({"events": st.lists(near(event_shape) | valid(event_shape), max_size=4)}),
    "work": valid(work_shape) | near(work_shape),
}


def raw_bodies(endpoint: str) -> st.SearchStrategy[bytes]:
    as_json = (BODIES[endpoint] | json_values).map(lambda v: json.dumps(v).encode())
    return as_json | st.binary(max_size=300) | st.text(max_size=100).map(str.encode)


@pytest.fixture
async def target(make_api: MakeApi) -> tuple[Api, str]:
    """A started room with one student's token; its clock is frozen, so nothing changes
    between two examples but what the examples do."""
    api = await make_api(clock=Clock())
    api.client.app[JOIN_LIMITER].limit = 10**9  # failures are the point here
    student = await api.join("FUZZ-0")
    await api.admin("POST", "start")
    return api, student["token"]


async def throw(api: Api, method: str, path: str, raw: bytes, token: str | None) -> None:
    before = room_state(api.live, except_logged_refusals=True)
    status, body = await api.call(method, path, data=raw, token=token)  # asserts < 500, shape
    assert status in (200, 201, 400, 403, 409, 413), status
    after = room_state(api.live, except_logged_refusals=True)
    if status >= 400 and body["error"]["code"] in ("seat_taken", "seat_moved"):
        assert_only_the_claim_recorded(before, after)
    elif status >= 400:  # a join refused for a known reg_no is logged, and changes nothing else
        assert after == before


CLAIM_FIELDS = ("refused_claims", "last_refused_claim", "latest_incident")


def assert_only_the_claim_recorded(before: dict, after: dict) -> None:
    """A refused seat claim changes nothing but its own record: one incident, one counter."""
    new_incidents = after["rows"]["incidents"][len(before["rows"]["incidents"]) :]
    assert [row[4] for row in new_incidents] == ["seat_claim_refused"]

    def without_claims(state: dict) -> dict:
        students = {
            sid: {k: v for k, v in s.items() if k not in CLAIM_FIELDS}
            for sid, s in state["students"].items()
        }
        return {"room": state["room"], "students": students, "seen": state["seen"]}

    assert without_claims(after) == without_claims(before)


@FUZZ
@given(raw=raw_bodies("join"))
async def test_generated_join_bodies_never_fail_the_server(target, raw: bytes) -> None:
    api, _ = target
    await throw(api, "POST", "join", raw, None)


@FUZZ
@given(raw=raw_bodies("events"))
async def test_generated_event_batches_never_fail_the_server(target, raw: bytes) -> None:
    api, token = target
    await throw(api, "POST", "events", raw, token)


@FUZZ
@given(raw=raw_bodies("work"))
async def test_generated_work_snapshots_never_fail_the_server(target, raw: bytes) -> None:
    api, token = target
    await throw(api, "PUT", "work", raw, token)
