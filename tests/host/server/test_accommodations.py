"""Accommodations (PROTOCOL.md "Accommodations"): the proctor grants one student larger fonts
or the plain-text editor; it is stored, pushed in that student's frames only, logged as an
action, kept across a restart and exported. Bad grants change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proctor.common.protocol import Me, StudentRow
from proctor.host.export import export_room
from tests.helpers.api import Api, receive, receive_until, room_state
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.hosts import running_host

GRANT = {"font_scale": 150, "plain_editor": True}


async def test_a_grant_reaches_that_students_stream_only_and_is_logged(api: Api) -> None:
    ada, alan = await api.join("A-1"), await api.join("B-2")
    ada_ws = await api.ws("stream", ada["token"])
    alan_ws = await api.ws("stream", alan["token"])
    first = await receive(ada_ws)
    assert "accommodations" not in first["me"]  # nothing granted: the frame is as before
    await receive(alan_ws)

    row = StudentRow.model_validate(
        await api.admin("POST", f"students/{ada['student_id']}/accommodations", GRANT)
    )
    assert row.accommodations is not None and row.accommodations.font_scale == 150
    frame = await receive_until(ada_ws, lambda m: m.get("type") == "state")
    assert frame["me"]["accommodations"] == GRANT
    me = api.live.engine.me(api.live.engine.students[ada["student_id"]])
    assert Me.model_validate(frame["me"]).accommodations == me.accommodations
    with pytest.raises(TimeoutError):  # the other student is sent nothing
        await receive(alan_ws, timeout=0.5)
    state = await api.ok("GET", "state", token=ada["token"])
    assert state["me"]["accommodations"] == GRANT
    actions = (await api.admin("GET", "actions"))["actions"]
    assert [a["action"] for a in actions] == ["accommodations font 150%, plain editor"]
    assert actions[0]["student_id"] == ada["student_id"]

    # The defaults take it back; granting the same again changes and logs nothing.
    await api.admin("POST", f"students/{ada['student_id']}/accommodations", {})
    frame = await receive_until(ada_ws, lambda m: m.get("type") == "state")
    assert "accommodations" not in frame["me"]
    before = room_state(api.live)
    await api.admin("POST", f"students/{ada['student_id']}/accommodations", {"font_scale": 100})
    assert room_state(api.live) == before
    await ada_ws.close()
    await alan_ws.close()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"font_scale": 99}, 400, "invalid_body"),
        ({"font_scale": 201}, 400, "invalid_body"),
        ({"font_scale": "big"}, 400, "invalid_body"),
        ({"plain_editor": "yes please"}, 400, "invalid_body"),
        ([1, 2], 400, "invalid_body"),
    ],
)
async def test_a_bad_grant_is_refused_and_changes_nothing(
    api: Api, body: object, status: int, code: str
) -> None:
    ada = await api.join("A-1")
    before = room_state(api.live)
    path = f"students/{ada['student_id']}/accommodations"
    await api.admin_fail("POST", path, status, code, json=body)
    assert room_state(api.live) == before


async def test_no_grant_for_an_unknown_or_ended_student_nor_without_the_admin_token(
    api: Api,
) -> None:
    ada = await api.join("A-1")
    before = room_state(api.live)
    await api.admin_fail(
        "POST", "students/nobody/accommodations", 404, "unknown_student", json=GRANT
    )
    path = f"students/{ada['student_id']}/accommodations"
    await api.fail("POST", f"admin/{path}", 401, "missing_token", json=GRANT)
    await api.fail("POST", f"admin/{path}", 403, "wrong_role", token=ada["token"], json=GRANT)
    assert room_state(api.live) == before
    await api.admin("POST", "start")
    await api.admin("POST", "end", {"admin_key": ADMIN_KEY})
    before = room_state(api.live)
    await api.admin_fail("POST", path, 409, "wrong_state", json=GRANT)
    assert room_state(api.live) == before


async def test_a_grant_survives_a_restart_and_is_exported(tmp_path: Path) -> None:
    data = tmp_path / "host"
    async with running_host(data) as first:
        ada = await first.join("Ada", "R-1")
        await first.admin("POST", f"students/{ada['student_id']}/accommodations", GRANT)
    async with running_host(data) as again:
        rows = (await again.admin("GET", "students"))["students"]
        assert rows[0]["accommodations"] == GRANT
    out = tmp_path / "export"
    export_room(data, out, pdfs=False)
    log = json.loads((out / "session_log.json").read_text(encoding="utf-8"))
    assert log["attendance"][0]["accommodations"] == GRANT
    assert "font 150%; plain editor" in (out / "attendance.csv").read_text(encoding="utf-8")
