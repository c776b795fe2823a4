"""SIGKILL, again and again, under load: every event, snapshot and hand-in the host
acknowledged is found after each restart (and nothing twice)."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import uuid
from pathlib import Path

import aiohttp
import pytest

from proctor.common.protocol import canonical_files
from proctor.host.layout import current_room_file
from tests.helpers.headless import ADMIN_KEY, HeadlessHost, HttpError, call

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROUNDS = 4
STUDENTS = 6


class Acked:
    """What the host answered 200/201 for: only that counts."""

    def __init__(self) -> None:
        self.events: list[str] = []  # markers
        self.work: dict[str, tuple[int, str]] = {}  # sid -> (seq, sha256)
        self.hand_ins: list[tuple[str, str, int]] = []  # (sid, sha256, received_ms)
        self.seq: dict[str, int] = {}


async def traffic(http: aiohttp.ClientSession, url: str, student: dict, acked: Acked) -> None:
    token, sid = student["token"], student["student_id"]
    try:
        while True:
            marker = uuid.uuid4().hex
            event = {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1}
            event["detail"] = {"m": marker}
            await call(http, "POST", f"{url}/events", token, {"events": [event]})
            acked.events.append(marker)
            seq = acked.seq[sid] = acked.seq.get(sid, 0) + 1
            files = {"main.py": f"# {seq}\n" + "x = 1\n" * (seq % 50)}
            answer = await call(http, "PUT", f"{url}/work", token, {"seq": seq, "files": files})
            acked.work[sid] = (answer["seq"], answer["sha256"])
            if seq % 5 == 0:
                files = {"main.py": f"handed in at {seq}\n"}
                receipt = await call(http, "POST", f"{url}/submit", token, {"files": files})
                acked.hand_ins.append((sid, receipt["sha256"], receipt["received_ms"]))
    except (TimeoutError, aiohttp.ClientError, HttpError):
        return  # the host is gone (HttpError: a request cut off mid-way, answered by no one)


async def check_everything(host: HeadlessHost, admin: str, acked: Acked, room_file: Path) -> None:
    url = host.room_url
    async with host.http() as http:
        rows = (await call(http, "GET", f"{url}/admin/incidents", admin))["incidents"]
        markers = [r["detail"].get("m") for r in rows if r["kind"] == "focus_lost"]
        assert set(acked.events) <= set(markers), "an acknowledged event is missing"
        assert len(markers) == len(set(markers)), "an event was stored twice"
        for sid, (seq, sha) in acked.work.items():
            view = await call(http, "GET", f"{url}/admin/students/{sid}/work", admin)
            snapshot = view["snapshot"]
            assert snapshot["seq"] >= seq, "an acknowledged snapshot was lost"
            assert canonical_files(snapshot["files"])[1] == snapshot["sha256"]
            if snapshot["seq"] == seq:
                assert snapshot["sha256"] == sha
    db = sqlite3.connect(f"file:{room_file}?mode=ro", uri=True)
    stored = set(db.execute("SELECT student_id, sha256, received_ms FROM submissions"))
    db.close()
    assert set(acked.hand_ins) <= stored, "an acknowledged hand-in was lost"


async def test_repeated_sigkills_under_load_lose_nothing_acknowledged(tmp_path: Path) -> None:
    data_dir = tmp_path / "host"
    host = HeadlessHost(data_dir)
    host.start()
    acked = Acked()
    async with host.http() as http:
        url = host.room_url
        admin = (await call(http, "POST", f"{url}/admin/login", json={"admin_key": ADMIN_KEY}))[
            "token"
        ]
        students = [
            await call(http, "POST", f"{url}/join", json={"name": f"S {n}", "reg_no": f"K-{n}"})
            for n in range(STUDENTS)
        ]
        await call(http, "POST", f"{url}/admin/start", admin, {})
    room_file = current_room_file(data_dir)
    assert room_file is not None
    fingerprint = host.fingerprint
    rng = random.Random(11)
    for _ in range(ROUNDS):
        async with host.http() as http:
            tasks = [asyncio.create_task(traffic(http, host.room_url, s, acked)) for s in students]
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            host.kill()  # mid-flight: requests are being written and committed
            await asyncio.wait_for(asyncio.gather(*tasks), 30)
        host = HeadlessHost(data_dir, name=None, duration_min=None)
        host.start()
        assert host.fingerprint == fingerprint  # the same data folder: the same certificate
        await check_everything(host, admin, acked, room_file)
    assert host.stop() == 0
    assert len(acked.events) > 50 and len(acked.hand_ins) > 5, (
        len(acked.events),
        len(acked.hand_ins),
    )
