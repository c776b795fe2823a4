"""The guard (guard.py) on a real server and real sockets: compressed bodies refused, slow
requests cut off, connections per address capped, unmasked WebSocket frames refused, and no
versions in the Server header."""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest

from proctor.host.server.guard import GuardLimits
from tests.helpers.api import Api
from tests.helpers.hosts import AsyncHost, running_host

# Short deadlines so that each case takes a second or two, and a small cap.
QUICK = GuardLimits(
    connect_timeout_s=1.0, header_timeout_s=1.0, body_grace_s=1.0, min_body_rate=16 * 1024
)
OTHER_MACHINE = "127.0.0.2"  # not the host's own address: counted like a student's laptop


async def open_raw(host: AsyncHost, source: str = "127.0.0.1") -> tuple[Any, Any]:
    """A connection to write HTTP by hand: TLS pinned to the host, as the room is served."""
    return await host.open_stream(host.host, host.port, local_addr=(source, 0))


async def read_answer(reader: asyncio.StreamReader, timeout: float = 10) -> tuple[int, dict, Any]:
    """Status, headers and JSON body of one answer, read to the end of the connection."""
    raw = await asyncio.wait_for(reader.read(), timeout)  # the host closes after answering
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, json.loads(body) if body else None


async def test_a_compressed_body_is_refused_with_415_before_anything_reads_it(api: Api) -> None:
    body = gzip.compress(json.dumps({"name": "Ada", "reg_no": "A-1"}).encode())
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    async with api.client.post(f"{api.room}/join", data=body, headers=headers) as resp:
        assert resp.status == 415
        assert (await resp.json())["error"]["code"] == "unsupported_encoding"
    assert api.live.engine.students == {}  # aiohttp did not inflate it either
    plain = {"Content-Encoding": "identity"}
    await api.ok("POST", "join", 201, json={"name": "Ada", "reg_no": "A-1"}, headers=plain)


async def test_the_server_header_names_no_versions(api: Api, tmp_path: Path) -> None:
    async with api.client.get("/api/v1/hello") as resp:
        assert resp.headers["Server"] == "proctor"
    async with running_host(tmp_path / "host") as host:
        reader, writer = await open_raw(host)
        writer.write(b"NOT HTTP AT ALL\r\n\r\n")  # aiohttp answers this one itself
        raw = await asyncio.wait_for(reader.read(), 10)
        writer.close()
    assert raw.split(b" ", 2)[1] == b"400"
    assert b"Python" not in raw and b"aiohttp" not in raw and b"Server: proctor" in raw


async def test_a_connection_that_sends_nothing_is_cut_off(tmp_path: Path) -> None:
    async with running_host(tmp_path / "host", limits=QUICK) as host:
        reader, writer = await open_raw(host)
        status, _, body = await read_answer(reader, timeout=5)
        writer.close()
    assert (status, body["error"]["code"]) == (408, "request_timeout")


async def test_headers_sent_a_byte_at_a_time_are_cut_off(tmp_path: Path) -> None:
    async with running_host(tmp_path / "host", limits=QUICK) as host:
        reader, writer = await open_raw(host)
        writer.write(b"GET /api/v1/hello HTTP/1.1\r\n")

        async def trickle() -> None:
            for char in b"X-Slow: " + b"a" * 100:
                writer.write(bytes([char]))
                await asyncio.sleep(0.2)

        dripping = asyncio.create_task(trickle())
        status, headers, body = await read_answer(reader, timeout=5)
        dripping.cancel()
        writer.close()
    assert (status, body["error"]["code"]) == (408, "request_timeout")
    assert headers["Connection"] == "close"


async def test_a_body_sent_a_byte_at_a_time_is_cut_off_and_changes_nothing(
    tmp_path: Path,
) -> None:
    body = json.dumps({"name": "Slow Sam", "reg_no": "S-1"}).encode()
    async with running_host(tmp_path / "host", limits=QUICK) as host:
        reader, writer = await open_raw(host)
        path = f"/api/v1/rooms/{host.room_id}/join"
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:3]
        )

        async def trickle() -> None:
            for char in body[3:]:
                writer.write(bytes([char]))
                await asyncio.sleep(0.3)

        dripping = asyncio.create_task(trickle())
        status, _, answer = await read_answer(reader, timeout=5)
        dripping.cancel()
        writer.close()
        rows = await host.admin("GET", "students")
    assert (status, answer["error"]["code"]) == (408, "request_timeout")
    assert rows["students"] == []


async def test_a_large_body_at_a_steady_pace_is_not_cut_off(tmp_path: Path) -> None:
    """Longer than the deadlines, but arriving faster than the minimum rate: accepted."""
    async with running_host(tmp_path / "host", limits=QUICK) as host:
        student = await host.join("Ada", "A-1")
        await host.admin("POST", "start")
        files = {"main.py": "x = 1\n" * 100_000}  # 600 KB
        body = json.dumps({"seq": 1, "files": files}).encode()
        reader, writer = await open_raw(host)
        writer.write(
            f"PUT /api/v1/rooms/{host.room_id}/work HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {student['token']}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        )
        step = 64 * 1024  # 128 KB/s: eight times the minimum, five seconds in all
        for at in range(0, len(body), step):
            writer.write(body[at : at + step])
            await asyncio.sleep(0.5)
        status, _, answer = await read_answer(reader)
        writer.close()
    assert status == 200 and answer["seq"] == 1


async def test_connections_per_address_are_capped_with_a_clear_refusal(tmp_path: Path) -> None:
    limits = GuardLimits(connect_timeout_s=30, header_timeout_s=30, max_per_address=4)
    async with running_host(tmp_path / "host", limits=limits) as host:
        held = [await open_raw(host, OTHER_MACHINE) for _ in range(4)]
        for _, writer in held:
            writer.write(b"GET /api/v1/hello HTTP/1.1\r\n")  # half a request, held open
        await asyncio.sleep(0.2)
        reader, writer = await open_raw(host, OTHER_MACHINE)
        writer.write(b"GET /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = await read_answer(reader)
        writer.close()
        assert (status, body["error"]["code"]) == (429, "too_many_connections")
        assert int(headers["Retry-After"]) > 0
        # The host's own address is not counted (a teacher's test hall on one laptop) ...
        async with host.http() as http:
            for _ in range(3):
                async with http.get(host.api + "/hello") as resp:
                    assert resp.status == 200
        # ... and a closed connection frees its place.
        held[0][1].close()
        await asyncio.sleep(0.3)
        reader, writer = await open_raw(host, OTHER_MACHINE)
        writer.write(b"GET /api/v1/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status, _, body = await read_answer(reader)
        writer.close()
        assert status == 200 and body["app"] == "proctor"
        for _, other in held[1:]:
            other.close()


def client_frame(payload: bytes, masked: bool) -> bytes:
    if not masked:
        return bytes((0x81, len(payload))) + payload
    key = os.urandom(4)
    return (
        bytes((0x81, 0x80 | len(payload)))
        + key
        + bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    )


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await asyncio.wait_for(reader.readexactly(2), 5)
    size = head[1] & 0x7F
    if size == 126:
        size = int.from_bytes(await reader.readexactly(2), "big")
    elif size == 127:
        size = int.from_bytes(await reader.readexactly(8), "big")
    return head[0] & 0x0F, await asyncio.wait_for(reader.readexactly(size), 5)


@pytest.mark.parametrize("split", [False, True])
async def test_an_unmasked_client_frame_closes_the_stream_with_1002(
    tmp_path: Path, split: bool
) -> None:
    async with running_host(tmp_path / "host") as host:
        student = await host.join("Ada", "A-1")
        reader, writer = await open_raw(host)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            f"GET /api/v1/rooms/{host.room_id}/stream HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {student['token']}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        assert head.startswith(b"HTTP/1.1 101")
        opcode, state = await read_frame(reader)
        assert opcode == 1 and json.loads(state)["type"] == "state"
        beat = client_frame(b'{"type":"heartbeat"}', masked=True)
        if split:  # a frame may arrive in pieces: the check follows it across reads
            for at in range(0, len(beat), 3):
                writer.write(beat[at : at + 3])
                await writer.drain()
                await asyncio.sleep(0.01)
        else:
            writer.write(beat)
        opcode, reply = await read_frame(reader)
        assert opcode == 1 and json.loads(reply)["type"] == "heartbeat"
        writer.write(client_frame(b'{"type":"heartbeat"}', masked=False))
        opcode, closing = await read_frame(reader)
        assert opcode == 8 and int.from_bytes(closing[:2], "big") == 1002
        assert b"masked" in closing[2:]
        assert await asyncio.wait_for(reader.read(), 5) == b""  # and the connection ends
        writer.close()
