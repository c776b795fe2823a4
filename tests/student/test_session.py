"""The student session against a real in-process host: join, pushes, work, events, resume, clock."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from proctor.common.timeutil import now_ms
from proctor.common.tls import CERT_FILE, CERTIFICATE_CHANGED, KEY_FILE
from proctor.student.session import JoinError, StudentSession, files_digest, parse_host_address
from tests.helpers.hosts import AsyncHost, running_host
from tests.helpers.session import RecordingListener, SessionPool, host_for
from tests.helpers.waiting import wait_until_async

SessionFactory = Callable[..., tuple[StudentSession, RecordingListener]]


@pytest.fixture
async def async_host(tmp_path: Path, pool: SessionPool) -> AsyncIterator[AsyncHost]:
    async with host_for(pool, tmp_path / "host") as running:
        yield running


@pytest.fixture
def make_session(pool: SessionPool) -> SessionFactory:
    return pool.make


async def test_join_then_the_host_pushes_every_change(
    async_host: AsyncHost, make_session: SessionFactory
) -> None:
    session, listener = make_session()
    joined = await session.join(
        async_host.host, async_host.port, async_host.join_code.lower(), "Ada Lovelace", "R-001"
    )
    assert joined.me.status == "waiting" and joined.room.id == async_host.room_id
    await session.start()
    await wait_until_async(lambda: listener.connection == "online", what="online")
    await wait_until_async(lambda: listener.status == "waiting", what="first state")

    await async_host.admin("POST", "start")
    started = time.monotonic()
    await wait_until_async(lambda: listener.status == "active", timeout=2, what="the push")
    assert time.monotonic() - started < 1.0  # pushed, not polled
    room, me = listener.states[-1]
    assert room.status == "active" and me.ends_ms is not None and me.policy is not None

    await async_host.admin("POST", f"students/{joined.student_id}/pause", {"reason": "bathroom"})
    await wait_until_async(lambda: listener.status == "paused", what="pause")
    await async_host.admin("POST", f"students/{joined.student_id}/resume")
    await wait_until_async(lambda: listener.status == "active", what="resume")


async def test_work_and_events_reach_the_host(
    async_host: AsyncHost, make_session: SessionFactory, tmp_path: Path
) -> None:
    session, listener = make_session()
    joined = await session.join(
        async_host.host, async_host.port, async_host.join_code, "Grace Hopper", "R-002"
    )
    await session.start()
    await async_host.admin("POST", "start")
    await wait_until_async(lambda: listener.status == "active")
    paper = await session.fetch_paper()
    assert paper.title

    files = {"main.py": "print('hello')\n", "notes.txt": "ünïcode ✓"}
    session.work_changed(files)
    session.report("focus_lost", {"duration_ms": 1500})
    session.report("process_blacklisted", {"name": "discord", "pid": 4242}, at_ms=now_ms() - 5)

    async def snapshot() -> Any:
        return (await async_host.admin("GET", f"students/{joined.student_id}/work"))["snapshot"]

    async def host_has_work() -> bool:
        view = await snapshot()
        return bool(view and view["files"] == files)

    deadline = time.monotonic() + 10
    while not await host_has_work():
        assert time.monotonic() < deadline, "work never reached the host"
        await asyncio.sleep(0.1)
    assert (await snapshot())["sha256"] == files_digest(files)
    await wait_until_async(lambda: "host_ok" in listener.save_kinds())
    # Saved on this computer too; a local save after the host's answer stays "host_ok".
    await wait_until_async(lambda: any(p.is_file() for p in tmp_path.rglob("work.json")))
    assert listener.save_kinds()[-1] == "host_ok"
    assert session.local_work() == files

    async def kinds() -> list[str]:
        answer = await async_host.admin("GET", f"incidents?student_id={joined.student_id}")
        return [incident["kind"] for incident in answer["incidents"]]

    deadline = time.monotonic() + 10
    while not {"focus_lost", "process_blacklisted"} <= set(await kinds()):
        assert time.monotonic() < deadline, "events never reached the host"
        await asyncio.sleep(0.1)
    assert await session.pending_event_count() == 0


async def test_a_second_session_resumes_without_typing(
    async_host: AsyncHost, make_session: SessionFactory, tmp_path: Path
) -> None:
    data_dir = tmp_path / "student"
    assert StudentSession.saved_credentials(data_dir) is None
    first, _ = make_session(data_dir)
    assert await first.resume() is None  # nothing saved yet
    joined = await first.join(
        async_host.host, async_host.port, async_host.join_code, "Alan Turing", "R-003"
    )
    await first.start()
    await async_host.admin("POST", "start")
    first.work_changed({"main.py": "x = 1  # before the crash\n"})
    await wait_until_async(lambda: first.local_work() and (data_dir / "rooms").exists())
    await asyncio.sleep(0.4)  # the local save
    await first.close()

    saved = StudentSession.saved_credentials(data_dir)
    assert (
        saved is not None
        and saved.student_id == joined.student_id
        and saved.port == async_host.port
    )
    second, listener = make_session(data_dir)
    state = await second.resume()
    assert state is not None and state.me.student_id == joined.student_id
    assert state.me.status == "active"
    assert second.local_work() == {"main.py": "x = 1  # before the crash\n"}
    await second.start()
    await wait_until_async(lambda: listener.connection == "online")
    await wait_until_async(lambda: listener.status == "active")


async def test_resume_with_a_seat_the_host_does_not_know_is_none(
    make_session: SessionFactory, tmp_path: Path
) -> None:
    async with running_host(tmp_path / "host-a") as first_host:
        session, _ = make_session()
        await session.join(first_host.host, first_host.port, first_host.join_code, "Ed", "R-9")
        port = first_host.port
    # Another room on that port, with the first host's certificate (its data folder copied
    # but for the room): the seat is pinned to that certificate, and the room does not know it.
    (tmp_path / "host-b").mkdir()
    for name in (CERT_FILE, KEY_FILE):
        shutil.copy2(tmp_path / "host-a" / name, tmp_path / "host-b" / name)
    async with running_host(tmp_path / "host-b", port=port) as other_room:
        assert other_room.port == port and other_room.fingerprint == first_host.fingerprint
        again, _ = make_session()
        assert await again.resume() is None


async def test_resume_at_a_host_with_another_certificate_is_refused_with_the_sentence(
    make_session: SessionFactory, tmp_path: Path
) -> None:
    async with running_host(tmp_path / "host-a") as first_host:
        session, _ = make_session()
        await session.join(first_host.host, first_host.port, first_host.join_code, "Ed", "R-9")
        port = first_host.port
    saved = StudentSession.saved_credentials(session.data_dir)
    assert saved is not None and saved.fingerprint == first_host.fingerprint
    async with running_host(tmp_path / "new-data-folder", port=port) as restarted:
        assert restarted.port == port and restarted.fingerprint != first_host.fingerprint
        again, listener = make_session()
        with pytest.raises(JoinError) as refused:
            await again.resume()
    assert refused.value.code == "certificate_changed"
    assert refused.value.message.startswith(CERTIFICATE_CHANGED)
    assert listener.states == []  # nothing was shown, nothing was sent


async def test_join_problems_have_codes_and_sentences(
    async_host: AsyncHost, make_session: SessionFactory, unused_tcp_port: int, tmp_path: Path
) -> None:
    session, _ = make_session()

    async def code_of(*args: Any) -> str:
        with pytest.raises(JoinError) as caught:
            await session.join(*args)
        assert caught.value.message.endswith((".", ")")) and len(caught.value.message) > 20
        return caught.value.code

    code = async_host.join_code
    assert await code_of("127.0.0.1", unused_tcp_port, code, "A", "R1") == "host_unreachable"
    fp4 = code.split("-")[1]
    assert (
        await code_of(async_host.host, async_host.port, f"ZZZZZZ-{fp4}", "A", "R1")
        == "unknown_room"
    )
    assert (
        await code_of(async_host.host, async_host.port, "0O1IL?", "A", "R1") == "invalid_join_code"
    )
    assert await code_of(async_host.host, async_host.port, code, "", "R1") == "invalid_input"
    assert (
        await code_of(async_host.host, async_host.port, code, "A", "two  spaces") == "invalid_input"
    )
    # The host serves TLS: a room ID alone cannot say it is the proctor's computer, and a
    # join code whose 4 characters are not its certificate's is another computer's.
    assert (
        await code_of(async_host.host, async_host.port, async_host.room_id, "A", "R1")
        == "join_code_needed"
    )
    other_fp4 = "0000" if fp4 != "0000" else "1111"
    wrong = f"{async_host.room_id}-{other_fp4}"
    assert await code_of(async_host.host, async_host.port, wrong, "A", "R1") == "wrong_certificate"

    other, _ = make_session(tmp_path / "another-computer")
    await other.join(async_host.host, async_host.port, async_host.join_code, "Bob", "R-777")
    await other.start()
    assert await code_of(async_host.host, async_host.port, code, "Bob", "R-777") == "seat_taken"

    kicked = await async_host.join("Mallory", "R-666")
    await async_host.admin("POST", f"students/{kicked['student_id']}/kick")
    assert await code_of(async_host.host, async_host.port, code, "Mallory", "R-666") == "kicked"

    await async_host.admin("POST", "end", {"admin_key": async_host.admin_key})
    assert await code_of(async_host.host, async_host.port, code, "Late", "R-888") == "exam_over"


@pytest.fixture
async def impostor(unused_tcp_port_factory: Callable[[], int]) -> AsyncIterator[dict[str, int]]:
    """Three hosts that are not Proctor v1: a web server, a garbage answerer, a future version."""

    async def web_page(_: web.Request) -> web.Response:
        return web.Response(text="<html>router login</html>", content_type="text/html")

    async def garbage(_: web.Request) -> web.Response:
        return web.Response(body=b"\x00\xffnot json", content_type="application/json")

    async def future(_: web.Request) -> web.Response:
        return web.json_response(
            {"app": "proctor", "protocol": 2, "version": "9", "server_time_ms": 1}
        )

    runners, ports = [], {}
    for name, handler in (("web", web_page), ("garbage", garbage), ("future", future)):
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        ports[name] = unused_tcp_port_factory()
        await web.TCPSite(runner, "127.0.0.1", ports[name]).start()
        runners.append(runner)
    yield ports
    for runner in runners:
        await runner.cleanup()


async def test_a_host_that_is_not_proctor_is_named_as_such(
    impostor: dict[str, int], make_session: SessionFactory
) -> None:
    session, _ = make_session()
    for name, expected in (
        ("web", "not_proctor"),
        ("garbage", "not_proctor"),
        ("future", "protocol_mismatch"),
    ):
        with pytest.raises(JoinError) as caught:
            await session.join("127.0.0.1", impostor[name], "ABCDEF", "Ann", "R-1")
        assert caught.value.code == expected, name


async def test_a_wrong_student_clock_does_not_move_the_countdown(
    async_host: AsyncHost, make_session: SessionFactory
) -> None:
    hour_slow = lambda: now_ms() - 3_600_000  # noqa: E731
    session, listener = make_session(clock=hour_slow)
    assert abs(session.server_now_ms() - hour_slow()) < 50  # no sample yet: the local clock
    await session.join(
        async_host.host, async_host.port, async_host.join_code, "Kurt Gödel", "R-004"
    )
    assert abs(session.server_now_ms() - now_ms()) < 100  # the join's round trip corrects it
    await session.start()
    await async_host.admin("POST", "start")
    await wait_until_async(lambda: listener.status == "active")
    await asyncio.sleep(1.2)  # heartbeats and hello samples
    assert abs(session.clock.offset_ms - 3_600_000) < 50
    me = listener.states[-1][1]
    assert me.ends_ms is not None
    remaining_s = (me.ends_ms - session.server_now_ms()) / 1000
    assert 3590 < remaining_s <= 3600


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("192.168.1.20", ("192.168.1.20", 8080)),
        (" 10.0.0.5:9000 ", ("10.0.0.5", 9000)),
        ("exam-host.local", ("exam-host.local", 8080)),
        ("proctor:8081", ("proctor", 8081)),
        ("http://192.168.1.20:8080/", ("192.168.1.20", 8080)),
        ("[fe80::1]:8080", ("fe80::1", 8080)),
        ("::1", ("::1", 8080)),
    ],
)
def test_host_addresses_students_type(typed: str, expected: tuple[str, int]) -> None:
    assert parse_host_address(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "192.168.1.300", "host:0", "host:70000", "host:port", "a b", "-bad-.x", "[::1"],
)
def test_addresses_that_cannot_be_hosts(typed: str) -> None:
    with pytest.raises(JoinError) as caught:
        parse_host_address(typed)
    assert caught.value.code == "invalid_address"
    assert "192.168.1.20" in caught.value.message
