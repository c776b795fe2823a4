"""Abuse of a real headless host, one case at a time, while an honest student (a laptop of
its own) keeps asking `GET /state`: every one of its requests is answered, and its latency
is printed (the figures that count come from `proctor bench --abuse`, not from here)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from proctor.bench.abuse import HonestStudent, Tally, attack, finish, make_bomb
from proctor.common.protocol import STREAM_REPLACED
from tests.helpers.headless import ADMIN_KEY, HeadlessHost, call

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


class Hall:
    def __init__(self, host: HeadlessHost) -> None:
        self.host = host
        self.port = int(host.info["port"])
        self.room_id = str(host.info["room_id"])
        self.room_url = host.room_url
        self.admin = ""
        self.honest: dict[str, Any] = {}

    async def incidents(self, kind: str) -> list[dict[str, Any]]:
        async with self.host.http() as http:
            rows = await call(http, "GET", f"{self.room_url}/admin/incidents", self.admin)
        return [r for r in rows["incidents"] if r["kind"] == kind]


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    host = HeadlessHost(tmp_path_factory.mktemp("abuse") / "host")
    host.start()

    async def prepare() -> Hall:
        hall = Hall(host)
        async with host.http(local_addr=("127.0.0.2", 0)) as http:
            login = {"admin_key": ADMIN_KEY}
            hall.admin = (await call(http, "POST", f"{hall.room_url}/admin/login", json=login))[
                "token"
            ]
            body = {"name": "Honest Student", "reg_no": "H-1"}
            hall.honest = await call(http, "POST", f"{hall.room_url}/join", json=body)
            await call(http, "POST", f"{hall.room_url}/admin/start", hall.admin, {})
        return hall

    try:
        yield asyncio.run(prepare())
    finally:
        host.stop()


@asynccontextmanager
async def honest_student_meanwhile(hall: Hall, label: str) -> AsyncIterator[HonestStudent]:
    student = HonestStudent(hall.room_url, hall.honest["token"], fingerprint=hall.host.fingerprint)
    stop = asyncio.Event()
    task = asyncio.create_task(student.run(stop, timeout_s=10))
    try:
        yield student
    finally:
        stop.set()
        await task
    summary = student.summary()
    print(f"\n{label}: honest GET /state {json.dumps(summary)}")
    assert not summary["failures"], summary  # every request answered, in time
    assert summary["latency_ms"]["n"] >= 1


async def run_attack(hall: Hall, seconds: float, **kinds: Any) -> Tally:
    tally = Tally()
    stop = asyncio.Event()
    tasks = await attack(
        "127.0.0.1",
        hall.port,
        hall.room_id,
        stop=stop,
        tally=tally,
        fingerprint=hall.host.fingerprint,
        **kinds,
    )
    await asyncio.sleep(seconds)
    stop.set()
    await finish(tasks)
    return tally


async def test_compressed_bombs_are_refused_unread(hall: Hall) -> None:
    bomb = await asyncio.to_thread(make_bomb, 256 << 20)  # 256 KB that inflate to 256 MB
    async with honest_student_meanwhile(hall, "two bombers"):
        tally = await run_attack(hall, 4, bombers=2, slow=0, slow_kind="body", bomb=bomb)
    sent = tally.counts["bombs_sent"]
    assert sent > 10 and tally.counts["bomb_415"] == sent, tally.counts


@pytest.mark.parametrize(("kind", "allowed_s"), [("body", 10), ("headers", 5)])
async def test_slow_requests_are_cut_off(hall: Hall, kind: str, allowed_s: float) -> None:
    async with honest_student_meanwhile(hall, f"300 slow {kind}"):
        tally = await run_attack(hall, allowed_s + 4, bombers=0, slow=300, slow_kind=kind)
    cut = tally.counts[f"slow_{kind}_cut_408"]
    assert cut >= 250, tally.counts  # the host let go of them itself ...
    assert max(tally.held_s) < allowed_s + 3, max(tally.held_s)  # ... once their time was up


async def test_a_flood_of_connections_from_one_address_is_capped(hall: Hall) -> None:
    async with honest_student_meanwhile(hall, "200 connections from one address"):
        opened = []
        for _ in range(200):
            opened.append(
                await hall.host.open_stream("127.0.0.1", hall.port, local_addr=("127.0.0.30", 0))
            )
        answers = await asyncio.gather(  # 429 at once, or 408 once their request is late
            *(asyncio.wait_for(reader.read(200), 15) for reader, _ in opened)
        )
        for _, writer in opened:
            writer.close()
    refused = [a for a in answers if a.startswith(b"HTTP/1.1 429")]
    late = [a for a in answers if a.startswith(b"HTTP/1.1 408")]
    assert (len(refused), len(late)) == (200 - 64, 64)


async def test_many_streams_on_one_token_and_a_message_flood(hall: Hall) -> None:
    async with hall.host.http() as http:
        body = {"name": "Flooder", "reg_no": f"F-{uuid.uuid4().hex[:6]}"}
        flooder = await call(http, "POST", f"{hall.room_url}/join", json=body)
        async with honest_student_meanwhile(hall, "100 streams, then a message flood"):
            url = f"{hall.room_url}/stream?token={flooder['token']}"
            streams = [await http.ws_connect(url) for _ in range(100)]
            for ws in streams[:-1]:
                assert (await ws.receive_json(timeout=5))["type"] == "state"
            closes = [await ws.receive(timeout=5) for ws in streams[:-1]]
            assert {c.data for c in closes} == {STREAM_REPLACED}
            last = streams[-1]
            for _ in range(3000):
                if last.closed:
                    break
                await last.send_str('{"type":"heartbeat"}')
            for ws in streams:
                await ws.close()
    floods = await hall.incidents("stream_flood")
    assert [i["student_id"] for i in floods] == [flooder["student_id"]]


async def test_an_incident_flood_is_capped_with_one_incident(hall: Hall) -> None:
    async with hall.host.http() as http:
        body = {"name": "Reporter", "reg_no": "R-9"}
        reporter = await call(http, "POST", f"{hall.room_url}/join", json=body)

        def batch() -> dict[str, Any]:
            events = [
                {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": {}}
                for _ in range(200)
            ]
            return {"events": events}

        answers = []
        async with honest_student_meanwhile(hall, "2,400 reports from one student"):
            for _ in range(12):
                answers.append(
                    await call(http, "POST", f"{hall.room_url}/events", reporter["token"], batch())
                )
    assert sum(a["accepted"] for a in answers) == 2000
    assert sum(a["dropped"] for a in answers) == 400
    capped = await hall.incidents("reports_capped")
    assert [i["student_id"] for i in capped] == [reporter["student_id"]]


async def test_a_flood_of_addresses_does_not_unblock_a_join_guesser(hall: Hall) -> None:
    url = f"{hall.room_url}/join"

    async def failed_join(source: str) -> int:
        async with hall.host.http(local_addr=(source, 0)) as http:
            async with http.post(url, json={"name": "", "reg_no": "x"}) as resp:
                return resp.status

    guesser = "127.0.0.40"
    assert [await failed_join(guesser) for _ in range(21)][-1] == 429
    others = [f"127.0.{4 + n // 250}.{1 + n % 250}" for n in range(1000)]
    async with honest_student_meanwhile(hall, "1,000 addresses failing to join"):
        statuses = await gather_bounded(50, [lambda s=s: failed_join(s) for s in others])
    assert set(statuses) == {400}
    assert await failed_join(guesser) == 429  # still blocked


async def gather_bounded(limit: int, jobs: list[Callable[[], Awaitable[int]]]) -> list[int]:
    gate = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[int]]) -> int:
        async with gate:
            return await job()

    return list(await asyncio.gather(*(one(j) for j in jobs)))
