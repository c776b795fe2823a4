"""The roster through a real aiohttp server and the room's SQLite file: importing a class
list, joins checked against it, PINs, who never came, and the export."""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path

from proctor.host.export import export_room
from proctor.host.server.hall_store import read_hall
from tests.helpers.api import Api, MakeApi, room_state

CLASS_LIST = "reg_no,name,seat\nCS/1,Ada Lovelace,A1\ncs/2,Alan Turing,A2\nCS/3,Grace Hopper,\n"


def join_body(reg_no: str, pin: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"name": f"Student {reg_no}", "reg_no": reg_no}
    if pin is not None:
        body["pin"] = pin
    return body


async def test_a_class_list_refuses_unknown_reg_nos_and_shows_who_never_came(api: Api) -> None:
    roster = await api.admin("PUT", "roster", {"csv": CLASS_LIST, "unknown": "refuse"})
    assert [(e["reg_no"], e["seat"]) for e in roster["entries"]] == [
        ("CS/1", "A1"), ("cs/2", "A2"), ("CS/3", "")
    ]  # fmt: skip
    assert roster["never_came"] == ["CS/1", "cs/2", "CS/3"] and roster["pins"] is False
    joined = await api.join("cs/1")  # matched case-insensitively
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["seat"] == "A1" and row["off_roster"] is False and row["flagged"] is False
    before = room_state(api.live)
    message = await api.fail("POST", "join", 403, "not_on_roster", json=join_body("XX/9"))
    assert "class list" in message
    assert room_state(api.live) == before  # refused: nothing changed
    roster = await api.admin("GET", "roster")
    assert roster["never_came"] == ["cs/2", "CS/3"]
    log = await api.admin("GET", "log")
    assert log["roster"]["never_came"] == ["cs/2", "CS/3"]
    assert log["attendance"][0]["seat"] == "A1" and log["attendance"][0]["on_roster"] is True
    assert joined["me"]["reg_no"] == "cs/1"


async def test_unknown_reg_nos_may_be_admitted_and_flagged(api: Api) -> None:
    await api.admin("PUT", "roster", {"csv": CLASS_LIST, "unknown": "flag"})
    await api.join("XX/9")
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["off_roster"] is True and row["flagged"] is True
    assert "not on the class list" in row["flag_reasons"]
    incidents = (await api.admin("GET", "incidents"))["incidents"]
    assert [i["kind"] for i in incidents] == ["off_roster_join"]
    assert (await api.admin("GET", "roster"))["off_roster"] == ["XX/9"]
    back = await api.admin("PUT", "roster/settings", {"unknown": "refuse"})
    assert back["unknown"] == "refuse" and len(back["entries"]) == 3
    await api.fail("POST", "join", 403, "not_on_roster", json=join_body("YY/1"))


async def test_pins_are_needed_for_a_new_seat_and_wrong_ones_count(make_api: MakeApi) -> None:
    api = await make_api()
    roster = await api.admin("PUT", "roster", {"csv": CLASS_LIST, "pins": True})
    pins = {e["reg_no"]: e["pin"] for e in roster["entries"]}
    assert all(p is not None and len(p) == 6 and p.isdigit() for p in pins.values())
    await api.fail("POST", "join", 403, "pin_required", json=join_body("CS/1"))
    wrong = "000000" if pins["CS/1"] != "000000" else "111111"
    await api.fail("POST", "join", 403, "wrong_pin", json=join_body("CS/1", wrong))
    joined = await api.ok("POST", "join", 201, json=join_body("CS/1", pins["CS/1"]))
    # The seat's owner coming back with its key needs no PIN again.
    again = {**join_body("CS/1"), "seat_key": joined["seat_key"]}
    await api.ok("POST", "join", 201, json=again)
    # Importing again keeps the PINs already printed.
    kept = await api.admin(
        "PUT", "roster", {"csv": CLASS_LIST + "CS/4,Edsger Dijkstra\n", "pins": True}
    )
    assert {e["reg_no"]: e["pin"] for e in kept["entries"]}.items() >= pins.items()
    # Wrong PINs count towards the join limit: 20 a minute from one address, then 429.
    for _ in range(19):
        await api.fail("POST", "join", 403, "wrong_pin", json=join_body("cs/2", wrong))
    await api.fail("POST", "join", 429, "too_many_attempts", json=join_body("cs/2", pins["cs/2"]))


async def test_a_bad_class_list_is_refused_and_changes_nothing(api: Api) -> None:
    await api.admin("PUT", "roster", {"csv": CLASS_LIST})
    before = read_hall(api.live.store.path).roster
    for text, where in [
        ("CS/1,Ada,A1,extra\n", "Line 1"),
        ("reg_no,name\nCS/1,Ada\ncs/1,Ada again\n", "Line 3"),
        ("CS/1,\n", "Line 1"),
        ("CS\\1,Ada\n", "Line 1"),
        ("", "no students"),
    ]:
        message = await api.admin_fail("PUT", "roster", 422, "roster_invalid", json={"csv": text})
        assert where in message, message
    assert read_hall(api.live.store.path).roster == before
    token = (await api.join("CS/1"))["token"]
    await api.fail("GET", "admin/roster", 403, "wrong_role", token=token)
    await api.fail("PUT", "admin/roster", 401, "missing_token", json={"csv": CLASS_LIST})


async def test_a_list_imported_during_the_exam_flags_who_it_lacks_and_exports(
    api: Api, tmp_path: Path
) -> None:
    ada = await api.join("CS/1")
    await api.join("ZZ/5")
    await api.admin("POST", "start", {})
    events = [
        {"id": str(uuid.uuid4()), "kind": kind, "at_ms": api.live.clock(), "detail": detail}
        for kind, detail in [
            ("external_paste", {"length": 9}),
            ("focus_lost", {}),
            ("focus_regained", {"duration_ms": 75_000}),
        ]
    ]
    await api.ok("POST", "events", token=ada["token"], json={"events": events})
    await api.admin("PUT", "roster", {"csv": CLASS_LIST})
    rows = {r["reg_no"]: r for r in (await api.admin("GET", "students"))["students"]}
    assert rows["CS/1"]["seat"] == "A1" and not rows["CS/1"]["flagged"]
    assert rows["ZZ/5"]["off_roster"] and rows["ZZ/5"]["flagged"]
    out = tmp_path / "export"
    export_room(api.live.store.path, out)
    log = json.loads((out / "session_log.json").read_text(encoding="utf-8"))
    assert log["roster"]["never_came"] == ["cs/2", "CS/3"]
    with open(out / "roster.csv", newline="", encoding="utf-8") as fh:
        listed = list(csv.DictReader(fh))
    assert [(r["reg_no"], r["came"]) for r in listed] == [
        ("CS/1", "yes"), ("cs/2", "no"), ("CS/3", "no")
    ]  # fmt: skip
    assert "pin" not in listed[0]  # PINs stay in the room's file and the slips
    with open(out / "attendance.csv", newline="", encoding="utf-8") as fh:
        attendance = {r["reg_no"]: r for r in csv.DictReader(fh)}
    assert attendance["CS/1"]["integrity"] == "1 × paste, 1 × left, 1 min 15 s unfocused"
    assert attendance["CS/1"]["seat"] == "A1" and attendance["ZZ/5"]["on_roster"] == "False"
    assert attendance["ZZ/5"]["integrity"] == "1 × not on list"
