"""Bad input on every endpoint: the documented 4xx in the error shape, nothing changed, no 5xx."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from proctor.common.protocol import canonical_files
from tests.helpers.api import Api, Clock, MakeApi, receive, room_state
from tests.helpers.constants import ADMIN_KEY

MIB = 1024 * 1024


@pytest.fixture
async def exam(make_api: MakeApi) -> tuple[Api, dict[str, Any]]:
    """A started room with one student, on a frozen clock so nothing changes by itself."""
    api = await make_api(clock=Clock())
    student = await api.join("BAD-1")
    await api.admin("POST", "start")
    return api, student


def student_endpoints(token: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("POST", "join", {}),
        ("POST", "events", {"token": token}),
        ("PUT", "work", {"token": token}),
        ("POST", "submit", {"token": token}),
    ]


async def admin_endpoints(api: Api, sid: str) -> list[tuple[str, str, dict[str, Any]]]:
    token = await api.admin_token()
    return [
        ("POST", "admin/login", {}),
        ("PUT", "admin/policy", {"token": token}),
        ("POST", "admin/time", {"token": token}),
        ("POST", "admin/end", {"token": token}),
        ("POST", f"admin/students/{sid}/flag", {"token": token}),
        ("POST", "admin/start", {"token": token}),
    ]


MALFORMED = [
    b"{",
    b'{"name": "x",}',
    b"\xff\xfe{}",
    b"{'single': 'quotes'}",
    b'{"a": NaN}',
    b'{"a": Infinity}',
    b'{"seq": ' + b"1" * 5000 + b"}",
    b"[" * 5000 + b"]" * 5000,
]


@pytest.mark.parametrize("raw", MALFORMED, ids=lambda r: repr(r[:12]))
async def test_malformed_json_is_400_everywhere_and_changes_nothing(exam, raw: bytes) -> None:
    api, student = exam
    endpoints = student_endpoints(student["token"]) + await admin_endpoints(
        api, student["student_id"]
    )
    before = room_state(api.live)
    for method, path, kwargs in endpoints:
        status, body = await api.call(method, path, data=raw, **kwargs)
        assert status == 400, (path, body)
        assert body["error"]["code"] == "malformed_json", (path, body)
    assert room_state(api.live) == before


@pytest.mark.parametrize("value", [[], [1, 2], "text", 42, None, True])
async def test_a_body_that_is_not_an_object_is_400_invalid_body(exam, value: Any) -> None:
    api, student = exam
    endpoints = student_endpoints(student["token"]) + await admin_endpoints(
        api, student["student_id"]
    )
    before = room_state(api.live)
    for method, path, kwargs in endpoints:
        await api.fail(method, path, 400, "invalid_body", data=json.dumps(value), **kwargs)
    assert room_state(api.live) == before


WRONG_BODIES = {
    "join": [
        {},
        {"name": "Ada"},
        {"reg_no": "X-1"},
        {"name": 5, "reg_no": "X-1"},
        {"name": "Ada", "reg_no": ["X-1"]},
        {"name": "Ada", "reg_no": "X-1", "client": "web"},
        {"name": "", "reg_no": "X-1"},
        {"name": "   ", "reg_no": "X-1"},
        {"name": "Ada", "reg_no": ""},
        {"name": "Ada", "reg_no": "two  spaces"},
        {"name": "Ada", "reg_no": "back\\slash"},
        {"name": "A" * 10_000, "reg_no": "X-1"},
        {"name": "Ada", "reg_no": "X" * 10_000},
        {"name": "Ada\x00Lovelace", "reg_no": "X-1"},
        {"name": "Ada\nLovelace", "reg_no": "X-1"},
        {"name": "Ada\x1b[31m", "reg_no": "X-1"},
        {"name": "Ada\u202eecalevol", "reg_no": "X-1"},
        {"name": "Ada\u200b", "reg_no": "X-1"},
        {"name": "Ada", "reg_no": "X-\t1"},
        {"name": "Ada", "reg_no": "X\x7f1"},
    ],
    "events": [
        {},
        {"events": "lots"},
        {"events": [{}]},
        {"events": [{"id": "not-a-uuid", "kind": "focus_lost", "at_ms": 1}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": "Focus Lost", "at_ms": 1}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": -1}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": "soon"}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": []}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": "x", "at_ms": 1}] * 201},
        {"events": [{"id": str(uuid.uuid4()), "kind": "k" * 41, "at_ms": 1}]},
    ],
    "work": [
        {},
        {"seq": 1},
        {"files": {}},
        {"seq": -1, "files": {}},
        {"seq": "one", "files": {}},
        {"seq": 1.5, "files": {}},
        {"seq": 10**30, "files": {}},
        {"seq": 2**63, "files": {}},
        {"seq": 1, "files": []},
        {"seq": 1, "files": {"main.py": 5}},
        {"seq": 1, "files": {"../escape.py": ""}},
        {"seq": 1, "files": {"dir/file.py": ""}},
        {"seq": 1, "files": {".hidden": ""}},
        {"seq": 1, "files": {"a\x00.py": ""}},
        {"seq": 1, "files": {f"f{n}.py": "" for n in range(51)}},
    ],
    "submit": [
        {},
        {"files": None},
        {"files": {"..": "x"}},
        {"files": {"C:\\x.py": "x"}},
        {"files": {"x" * 200: "x"}},
    ],
}


@pytest.mark.parametrize(
    "endpoint,body",
    [(endpoint, body) for endpoint, bodies in WRONG_BODIES.items() for body in bodies],
    ids=lambda v: v if isinstance(v, str) else json.dumps(v)[:40],
)
async def test_wrong_types_and_missing_fields_are_400_and_change_nothing(
    exam, endpoint: str, body: Any
) -> None:
    api, student = exam
    method = {"join": "POST", "events": "POST", "work": "PUT", "submit": "POST"}[endpoint]
    token = None if endpoint == "join" else student["token"]
    before = room_state(api.live)
    message = await api.fail(method, endpoint, 400, "invalid_body", json=body, token=token)
    assert "Traceback" not in message and len(message) < 2000
    assert room_state(api.live) == before


async def test_the_10000_character_name_is_refused_with_a_readable_message(exam) -> None:
    api, _ = exam
    body = {"name": "N" * 10_000, "reg_no": "R"}
    message = await api.fail("POST", "join", 400, "invalid_body", json=body)
    assert "name" in message and "N" * 100 not in message


ADMIN_WRONG = [
    ("admin/login", "POST", [{}, {"admin_key": ""}, {"admin_key": 5}, {"admin_key": "k" * 2000}]),
    ("admin/time", "POST", [{}, {"extra_s": "lots"}, {"extra_s": 1.5}, {"extra_s": 10**6}]),
    ("admin/end", "POST", [{}, {"admin_key": None}]),
    ("admin/policy", "PUT", [{"camera": "on"}, {"paste": 3}, {"scan_interval_s": 0},
                             {"blacklist": [{"name": "x"}]}, {"blacklist": "discord"}]),
    ("admin/students/SID/pause", "POST", [{"reason": 5}, {"reason": "x" * 600},
                                          {"reason": "bad\x00reason"}]),
]  # fmt: skip


@pytest.mark.parametrize("path,method,bodies", ADMIN_WRONG, ids=[a[0] for a in ADMIN_WRONG])
async def test_admin_bodies_of_the_wrong_shape_are_400_and_change_nothing(
    exam, path: str, method: str, bodies: list[Any]
) -> None:
    api, student = exam
    token = await api.admin_token()
    path = path.replace("SID", student["student_id"])
    before = room_state(api.live)
    for body in bodies:
        await api.fail(method, path, 400, "invalid_body", json=body, token=token)
    assert room_state(api.live) == before


@pytest.mark.parametrize(
    "method,path,size,limit_kib",
    [
        ("POST", "join", 64 * 1024, 16),
        ("POST", "admin/login", 64 * 1024, 16),
        ("POST", "admin/time", 64 * 1024, 16),
        ("POST", "events", 3 * MIB, 2048),
        ("PUT", "work", 5 * MIB, 4096),
        ("POST", "submit", 5 * MIB, 4096),
    ],
)
async def test_oversized_bodies_are_413(exam, method, path, size, limit_kib) -> None:
    api, student = exam
    token = await api.admin_token() if path.startswith("admin") else student["token"]
    if path == "join":
        token = None
    body = json.dumps({"seq": 1, "files": {"big.txt": "x" * size}, "name": "x" * size})
    before = room_state(api.live)
    message = await api.fail(method, path, 413, "body_too_large", data=body, token=token)
    assert f"{limit_kib} KiB" in message
    assert room_state(api.live) == before


async def test_an_oversized_body_without_a_length_is_413_too(exam) -> None:
    api, student = exam

    async def chunks():
        for _ in range(6):
            yield b" " * MIB

    before = room_state(api.live)
    headers = {"Authorization": f"Bearer {student['token']}", "Content-Type": "application/json"}
    async with api.client.put(api.url("work"), data=chunks(), headers=headers) as resp:
        assert resp.status == 413
        assert (await resp.json())["error"]["code"] == "body_too_large"
    assert room_state(api.live) == before


async def test_work_and_submit_take_a_few_mib(exam) -> None:
    api, student = exam
    files = {"data.txt": "y" * (3 * MIB)}
    work = json.dumps({"seq": 1, "files": files})
    answer = await api.ok("PUT", "work", token=student["token"], data=work)
    assert answer["seq"] == 1
    submit = json.dumps({"files": files})
    receipt = await api.ok("POST", "submit", token=student["token"], data=submit)
    assert receipt["sha256"] == canonical_files(files)[1]


async def test_actions_in_the_wrong_state_change_nothing(make_api: MakeApi) -> None:
    api = await make_api(clock=Clock())
    student = await api.join("W-1")
    token, sid = student["token"], student["student_id"]
    before = room_state(api.live)
    files = {"files": {"main.py": "x"}}
    await api.fail("POST", "submit", 409, "not_started", token=token, json=files)
    await api.fail("PUT", "work", 409, "not_started", token=token, json={"seq": 1, **files})
    await api.fail("GET", "paper", 403, "not_started", token=token)
    await api.admin_fail("POST", f"students/{sid}/pause", 409, "wrong_state")
    await api.admin_fail("POST", f"students/{sid}/resume", 409, "wrong_state")
    await api.admin_fail("POST", f"students/{sid}/readmit", 409, "wrong_state")
    assert room_state(api.live) == before

    await api.admin("POST", "end", {"admin_key": ADMIN_KEY})
    before = room_state(api.live)
    await api.admin_fail("POST", "start", 409, "exam_over")
    await api.admin_fail("POST", "time", 409, "exam_over", json={"extra_s": 60})
    await api.admin_fail("PUT", "policy", 409, "exam_over", json={})
    await api.admin_fail("POST", f"students/{sid}/pause", 409, "wrong_state")
    await api.fail("POST", "join", 409, "exam_over", json={"name": "Late", "reg_no": "L-1"})
    assert room_state(api.live) == before


async def test_the_error_body_is_json_even_for_a_refused_method_on_a_stream(api: Api) -> None:
    student = await api.join("W-1")
    await api.fail("POST", "stream", 405, "method_not_allowed", token=student["token"])
    status, body = await api.call("GET", "stream", token=student["token"])
    assert status == 400 and body["error"]["code"]  # not a WebSocket upgrade


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = {"d": value}
    return value


ODD_DETAILS = [
    {"big": 10**100, "negative": -(10**40)},
    {"nested": nested(50)},
    {"float": 1e308, "tiny": 5e-324},
    {"text": "\x00\u202e\ud7ff\U0001f600" * 50},
    {"": None, " ": [[], {}, [None]]},
]


@pytest.mark.parametrize("detail", ODD_DETAILS, ids=range(len(ODD_DETAILS)))
async def test_odd_but_valid_event_details_never_break_a_view(exam, detail: Any) -> None:
    api, student = exam
    ws = await api.ws("admin/stream", await api.admin_token())
    assert (await receive(ws))["type"] == "snapshot"
    event = {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 10**30, "detail": detail}
    body = await api.ok("POST", "events", token=student["token"], json={"events": [event]})
    assert body == {"accepted": 1, "duplicates": 0, "dropped": 0}
    pushed = [await receive(ws), await receive(ws)]
    assert {m["type"] for m in pushed} == {"student", "incident"}
    incidents = (await api.admin("GET", "incidents"))["incidents"]
    assert len(incidents) == 1 and incidents[0]["at_ms"] == api.live.clock()
    assert incidents[0]["detail"] == json.loads(json.dumps(detail))
    log = await api.admin("GET", "log")
    assert len(log["incidents"]) == 1
    await ws.close()


@pytest.mark.parametrize("depth", [70, 250, 900])
async def test_too_deeply_nested_bodies_are_400(exam, depth: int) -> None:
    api, student = exam
    event = {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": nested(depth)}
    before = room_state(api.live)
    message = await api.fail(
        "POST", "events", 400, "invalid_body", token=student["token"], json={"events": [event]}
    )
    assert "nested" in message
    await api.fail("POST", "join", 400, "invalid_body", json={"client": nested(depth)})
    assert room_state(api.live) == before


LONE_SURROGATE = '"\\ud800"'  # valid JSON text, but no UTF-8 can encode it


def with_surrogate(body: dict[str, Any]) -> str:
    """`body` as JSON with every "SURROGATE" string replaced by a lone surrogate escape."""
    return json.dumps(body).replace('"SURROGATE"', LONE_SURROGATE)


def surrogate_event(detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "events": [{"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": detail}]
    }


@pytest.mark.parametrize(
    "method,path,raw",
    [
        ("POST", "events", with_surrogate(surrogate_event({"x": "SURROGATE"}))),
        ("POST", "events", with_surrogate(surrogate_event({"SURROGATE": 1}))),
        ("PUT", "work", with_surrogate({"seq": 1, "files": {"main.py": "SURROGATE"}})),
        ("POST", "submit", with_surrogate({"files": {"main.py": "SURROGATE"}})),
        (
            "POST",
            "join",
            with_surrogate({"name": "A", "reg_no": "X", "client": {"os": "SURROGATE"}}),
        ),
        ("POST", "join", with_surrogate({"name": "SURROGATE", "reg_no": "X-1"})),
    ],
)
async def test_lone_surrogates_are_refused_cleanly(exam, method: str, path: str, raw: str) -> None:
    api, student = exam
    token = None if path == "join" else student["token"]
    before = room_state(api.live)
    status, body = await api.call(method, path, data=raw, token=token)
    assert status == 400, body
    assert room_state(api.live) == before


async def test_escaped_surrogate_pairs_are_ordinary_text(exam) -> None:
    api, student = exam
    raw = '{"seq": 3, "files": {"main.py": "print(\\"\\ud83d\\ude00\\")"}}'
    await api.ok("PUT", "work", token=student["token"], data=raw)
    view = await api.admin("GET", f"students/{student['student_id']}/work")
    assert view["snapshot"]["files"] == {"main.py": 'print("😀")'}
