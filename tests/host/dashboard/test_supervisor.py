"""The dashboard's server supervisor with real `proctor host --headless` processes."""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from proctor.common.tls import pin
from proctor.host.dashboard.supervisor import (
    HOST_JSON,
    LaunchOptions,
    ServerProcess,
    WrongAdminKey,
    find_rooms,
    find_running,
    has_store,
    hello_answers,
    new_room_data_dir,
    next_free_port,
    pid_alive,
    port_is_free,
)
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.waiting import wait_until_async

pytestmark = pytest.mark.slow


def occupied_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock


def loopback_options(port: int = 0, **kw: object) -> LaunchOptions:
    return LaunchOptions(
        name=str(kw.pop("name", "Supervised exam")),
        duration_min=30,
        port=port,
        bind="127.0.0.1",
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
async def servers() -> AsyncIterator[list[ServerProcess]]:
    started: list[ServerProcess] = []
    yield started
    for server in started:
        await server.stop()


def test_ports() -> None:
    with occupied_port() as sock:
        port = sock.getsockname()[1]
        assert not port_is_free(port, "127.0.0.1")
        free = next_free_port(port, "127.0.0.1")
        assert free is not None and free > port and port_is_free(free, "127.0.0.1")
    assert not port_is_free(0) and not port_is_free(70000)


def test_launch_options_become_headless_arguments(tmp_path: Path) -> None:
    options = LaunchOptions(
        name="Final",
        duration_min=90,
        port=9000,
        bind="127.0.0.1",
        paper=tmp_path,
        camera="report",
        paste="block",
        blacklist=tmp_path / "b.json",
    )
    argv = options.argv(tmp_path / "room")
    assert argv[0] == "--headless"
    pairs = dict(zip(argv[1::2], argv[2::2], strict=True))
    assert pairs == {
        "--port": "9000",
        "--bind": "127.0.0.1",
        "--data-dir": str(tmp_path / "room"),
        "--name": "Final",
        "--duration": "90",
        "--paper": str(tmp_path),
        "--camera": "report",
        "--paste": "block",
        "--blacklist": str(tmp_path / "b.json"),
    }
    resume_only = LaunchOptions(port=9000).argv(tmp_path)
    assert "--name" not in resume_only and "--duration" not in resume_only


def test_new_room_dirs_are_fresh(tmp_path: Path) -> None:
    first = new_room_data_dir(tmp_path)
    first.mkdir()
    second = new_room_data_dir(tmp_path)
    assert first != second and not second.exists()


async def test_launch_find_stop_and_resume(tmp_path: Path, servers: list) -> None:
    data_dir = tmp_path / "room"
    server = ServerProcess(data_dir, ADMIN_KEY, loopback_options())
    servers.append(server)
    info = await server.launch()
    assert server.ready_text and json.loads(server.ready_text)["event"] == "ready"
    assert info.data_dir == data_dir and pid_alive(info.pid) and info.pid != os.getpid()
    assert await hello_answers(info.port, info.fingerprint)
    assert has_store(data_dir)
    found = await find_running(data_dir)
    assert found is not None and (found.room_id, found.port, found.pid) == (
        info.room_id,
        info.port,
        info.pid,
    )
    # A second supervisor on the same folder attaches instead of starting another server.
    other = ServerProcess(data_dir, ADMIN_KEY, loopback_options())
    attached_info, attached = await other.attach_or_launch()
    assert attached and attached_info.pid == info.pid

    await server.stop()
    assert not pid_alive(info.pid)
    assert not (data_dir / HOST_JSON).exists()
    assert await find_running(data_dir) is None

    resumed = await server.restart()
    assert resumed.room_id == info.room_id and resumed.pid != info.pid
    assert await server.is_running()


async def test_a_killed_server_is_found_and_restarted_from_its_store(
    tmp_path: Path, servers: list
) -> None:
    rooms = tmp_path / "rooms"
    running_dir, dead_dir = rooms / "20260101-090000", rooms / "20260101-100000"
    running = ServerProcess(running_dir, ADMIN_KEY, loopback_options(name="Running"))
    dead = ServerProcess(dead_dir, ADMIN_KEY, loopback_options(name="Dead"))
    servers += [running, dead]
    await running.launch()
    dead_info = await dead.launch()
    os.kill(dead_info.pid, signal.SIGKILL)
    await wait_until_async(lambda: not dead.process_alive(), 10, "the killed server to exit")
    assert not await dead.is_running()
    assert (dead_dir / HOST_JSON).exists()  # left behind by the kill

    found = {room.data_dir.name: room for room in await find_rooms(rooms)}
    assert set(found) == {running_dir.name, dead_dir.name}
    assert found[running_dir.name].running is not None
    assert found[dead_dir.name].running is None
    assert found[dead_dir.name].room_id == dead_info.room_id
    assert found[dead_dir.name].opened == "01 Jan 2026 10:00"

    restarted = ServerProcess(dead_dir, ADMIN_KEY, LaunchOptions(bind="127.0.0.1"))
    servers.append(restarted)
    info = await restarted.launch()
    assert info.room_id == dead_info.room_id


async def test_wrong_key_on_resume_is_a_clear_error(tmp_path: Path, servers: list) -> None:
    server = ServerProcess(tmp_path, ADMIN_KEY, loopback_options())
    servers.append(server)
    await server.launch()
    await server.stop()
    wrong = ServerProcess(tmp_path, "another key entirely", loopback_options())
    with pytest.raises(WrongAdminKey, match="admin key does not match"):  # by its exit code
        await wrong.launch()


async def test_taken_port_moves_to_the_next_free_one(tmp_path: Path, servers: list) -> None:
    with occupied_port() as sock:
        port = sock.getsockname()[1]
        server = ServerProcess(tmp_path, ADMIN_KEY, loopback_options(port))
        servers.append(server)
        info = await server.launch()
    assert info.port != port and await hello_answers(info.port, info.fingerprint)


async def test_the_proctors_blacklist_is_written_and_becomes_the_room_policy(
    tmp_path: Path, servers: list
) -> None:
    rules = [{"name": "Chess", "match": ["chess*"], "category": "custom"}]
    server = ServerProcess(tmp_path / "room", ADMIN_KEY, loopback_options(blacklist_rules=rules))
    servers.append(server)
    info = await server.launch()
    assert json.loads((tmp_path / "room" / "blacklist.json").read_text()) == rules
    assert info.fingerprint is not None  # served over TLS, as by default
    connector = aiohttp.TCPConnector(ssl=pin(info.fingerprint))
    async with aiohttp.ClientSession(connector=connector) as http:
        base = f"https://127.0.0.1:{info.port}/api/v1/rooms/{info.room_id}/admin"
        async with http.post(base + "/login", json={"admin_key": ADMIN_KEY}) as resp:
            token = (await resp.json())["token"]
        async with http.get(base + "/room", headers={"Authorization": f"Bearer {token}"}) as resp:
            policy = (await resp.json())["policy"]
    assert [rule["name"] for rule in policy["blacklist"]] == ["Chess"]
