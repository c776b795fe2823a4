"""Durability of a real headless host: SIGKILL mid-exam loses nothing acknowledged; a restart
resumes the same room, tokens, states and timers; SIGTERM exits cleanly."""

from __future__ import annotations

import asyncio
import json
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from proctor.common.protocol import canonical_files
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.headless import HeadlessHost, HttpError, call

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def new_event(kind: str = "focus_lost") -> dict[str, Any]:
    marker = str(uuid.uuid4())
    return {"id": str(uuid.uuid4()), "kind": kind, "at_ms": 0, "detail": {"marker": marker}}


class Traffic:
    """Students reporting events and saving snapshots; only what was answered 200 counts."""

    def __init__(self, http: aiohttp.ClientSession, room_url: str) -> None:
        self.http = http
        self.room_url = room_url
        self.acked_events: list[tuple[str, dict[str, Any]]] = []
        self.acked_work: dict[str, tuple[int, str, dict[str, str]]] = {}

    async def student(self, student: dict[str, Any]) -> None:
        token, sid = student["token"], student["student_id"]
        try:
            for seq in range(1, 100_000):
                batch = [new_event(), new_event("external_paste")]
                await call(self.http, "POST", f"{self.room_url}/events", token, {"events": batch})
                self.acked_events += [(token, ev) for ev in batch]
                files = {"main.py": f"# version {seq}\n" + "x = 1\n" * seq}
                body = {"seq": seq, "files": files}
                answer = await call(self.http, "PUT", f"{self.room_url}/work", token, body)
                assert answer["seq"] == seq
                self.acked_work[sid] = (seq, answer["sha256"], files)
        except (TimeoutError, aiohttp.ClientError):
            return  # the host is gone


async def test_sigkill_mid_exam_loses_nothing_acknowledged(tmp_path: Path) -> None:
    data_dir = tmp_path / "host"
    host = HeadlessHost(data_dir)
    info = host.start()
    room_url = host.room_url
    host_file = json.loads((data_dir / "host.json").read_text())
    assert host_file["room_id"] == info["room_id"] and host_file["port"] == info["port"]
    assert host_file["pid"] == host.proc.pid and host_file["bind"] == "127.0.0.1"

    async with host.http() as http:
        admin = (
            await call(http, "POST", f"{room_url}/admin/login", json={"admin_key": ADMIN_KEY})
        )["token"]
        students = {}
        for reg in ("A-1", "B-2", "C-3", "D-4", "E-5"):
            body = {"name": f"Student {reg}", "reg_no": reg}
            students[reg] = await call(http, "POST", f"{room_url}/join", json=body)
        sid = {reg: s["student_id"] for reg, s in students.items()}
        await call(http, "POST", f"{room_url}/admin/start", admin)
        await call(http, "POST", f"{room_url}/admin/students/{sid['A-1']}/flag", admin,
                   {"reason": "notes on the desk"})  # fmt: skip
        await call(http, "POST", f"{room_url}/admin/students/{sid['B-2']}/pause", admin)
        await call(http, "POST", f"{room_url}/admin/time", admin,
                   {"extra_s": 300, "student_id": sid["D-4"]})  # fmt: skip
        await call(http, "POST", f"{room_url}/admin/students/{sid['E-5']}/kick", admin)
        handed_in = {"main.py": "print('final answer')\n", "README.txt": "ünïcode ✓\n"}
        receipt = await call(
            http, "POST", f"{room_url}/submit", students["C-3"]["token"], {"files": handed_in}
        )
        rows_before = {
            r["reg_no"]: r
            for r in (await call(http, "GET", f"{room_url}/admin/students", admin))["students"]
        }
        room_before = (await call(http, "GET", f"{room_url}/admin/room", admin))["room"]

        traffic = Traffic(http, room_url)
        tasks = [
            asyncio.create_task(traffic.student(students[reg]))
            for reg in ("A-1", "B-2", "C-3", "D-4")
        ]
        for _ in range(400):
            if len(traffic.acked_events) >= 60 and len(traffic.acked_work) == 4:
                break
            await asyncio.sleep(0.025)
        host.kill()  # SIGKILL while requests are in flight
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
    assert len(traffic.acked_events) >= 60 and len(traffic.acked_work) == 4
    assert (data_dir / "host.json").exists()  # nobody cleaned up: it was a kill

    again = HeadlessHost(data_dir, name=None, duration_min=None)
    info2 = again.start()
    try:
        assert info2["room_id"] == info["room_id"]
        room_url = again.room_url
        async with again.http() as http:
            # the dashboard's old token and every student's token still work
            rows = {
                r["reg_no"]: r
                for r in (await call(http, "GET", f"{room_url}/admin/students", admin))["students"]
            }
            room = (await call(http, "GET", f"{room_url}/admin/room", admin))["room"]
            assert {k: room[k] for k in ("id", "status", "started_ms", "ends_ms")} == {
                k: room_before[k] for k in ("id", "status", "started_ms", "ends_ms")
            }
            for reg, before in rows_before.items():
                after = rows[reg]
                for key in (
                    "student_id",
                    "status",
                    "ends_ms",
                    "flagged",
                    "flag_reasons",
                    "extra_time_s",
                    "submission_sha256",
                    "submitted_ms",
                    "joined_ms",
                ):
                    assert after[key] == before[key], (reg, key)  # fmt: skip
            assert rows["B-2"]["status"] == "paused" and rows["E-5"]["status"] == "kicked"
            for reg in ("A-1", "B-2", "C-3", "D-4"):
                state = await call(http, "GET", f"{room_url}/state", students[reg]["token"])
                assert state["me"]["status"] == rows_before[reg]["status"]
                assert state["me"]["ends_ms"] == rows_before[reg]["ends_ms"]
            with pytest.raises(HttpError) as kicked:
                await call(http, "GET", f"{room_url}/state", students["E-5"]["token"])
            assert (kicked.value.status, kicked.value.body["error"]["code"]) == (403, "kicked")

            # every acknowledged event is there, once
            incidents = (await call(http, "GET", f"{room_url}/admin/incidents", admin))["incidents"]
            markers = [i["detail"].get("marker") for i in incidents]
            acked = [ev["detail"]["marker"] for _, ev in traffic.acked_events]
            assert set(acked) <= set(markers)
            assert len(set(markers) - {None}) == len([m for m in markers if m])  # no doubles
            token, first = traffic.acked_events[0]
            again_answer = await call(
                http, "POST", f"{room_url}/events", token, {"events": [first]}
            )
            assert again_answer == {"accepted": 0, "duplicates": 1, "dropped": 0}

            # every acknowledged snapshot (or a later one) and the submission
            for reg in ("A-1", "B-2", "C-3", "D-4"):
                seq, sha, files = traffic.acked_work[sid[reg]]
                view = await call(http, "GET", f"{room_url}/admin/students/{sid[reg]}/work", admin)
                snapshot = view["snapshot"]
                assert snapshot["seq"] >= seq
                assert canonical_files(snapshot["files"])[1] == snapshot["sha256"]
                if snapshot["seq"] == seq:
                    assert (snapshot["sha256"], snapshot["files"]) == (sha, files)
            view = await call(http, "GET", f"{room_url}/admin/students/{sid['C-3']}/work", admin)
            assert view["submission"] == {"files": handed_in, **receipt}

            # the exam goes on
            await call(http, "POST", f"{room_url}/admin/students/{sid['B-2']}/resume", admin)
            state = await call(http, "GET", f"{room_url}/state", students["B-2"]["token"])
            assert state["me"]["status"] == "active"
            assert state["me"]["ends_ms"] > rows_before["B-2"]["ends_ms"]  # paused time back
    finally:
        code = again.stop()
    assert code == 0, again.log()
    assert not (data_dir / "host.json").exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_exits_cleanly_and_removes_host_json(tmp_path: Path, sig) -> None:
    data_dir = tmp_path / "host"
    host = HeadlessHost(data_dir)
    info = host.start()
    assert info["urls"] == [f"https://127.0.0.1:{info['port']}"]
    assert info["data_dir"] == str(data_dir.resolve()) and info["pid"] == host.proc.pid
    assert (data_dir / "host.json").exists()
    async with host.http() as http:
        student = await call(http, "POST", f"{host.room_url}/join",
                             json={"name": "Ada", "reg_no": "A-1"})  # fmt: skip
        async with http.ws_connect(f"{host.room_url}/stream?token={student['token']}") as ws:
            assert (await ws.receive_json(timeout=5))["type"] == "state"
            host.signal(sig)
            closing = await ws.receive(timeout=10)  # the server closes the stream as it goes
            while closing.type == aiohttp.WSMsgType.TEXT:
                closing = await ws.receive(timeout=10)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert host.wait(timeout=5) == 0, host.log()  # open streams do not hold the stop up
    assert not (data_dir / "host.json").exists()
    assert "Traceback" not in host.log()


async def test_students_that_never_answer_do_not_hold_up_a_stop(tmp_path: Path) -> None:
    host = HeadlessHost(tmp_path / "host")
    host.start()
    async with host.http() as http:
        streams = []
        for n in range(4):
            student = await call(http, "POST", f"{host.room_url}/join",
                                 json={"name": f"Silent {n}", "reg_no": f"S-{n}"})  # fmt: skip
            url = f"{host.room_url}/stream?token={student['token']}"
            # autoclose off and never read: like a frozen laptop, it never answers the close
            streams.append(await http.ws_connect(url, autoclose=False, autoping=False))
        started = time.monotonic()
        host.signal(signal.SIGTERM)
        assert host.wait(timeout=30) == 0, host.log()
        assert time.monotonic() - started < 8
        for ws in streams:
            await ws.close()
