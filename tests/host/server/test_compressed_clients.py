"""Frames written around aiohttp and a client that asks for compression (permessage-deflate,
RFC 7692): the student stream declines it, so every frame is plain and never flagged as
compressed; a connection that did negotiate it gets every frame through aiohttp, compressed.
Either way a real aiohttp client (compress=15) reads every push and heartbeat, whole and in
order."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from proctor.bench.wsclient import OP_TEXT, encode_frame
from proctor.host.server.events import Event
from proctor.host.server.hub import Hub
from proctor.host.server.states import StudentState
from tests.helpers.api import Api, receive
from tests.helpers.engine import T0, join, new_engine

DEFLATE_OFFER = "permessage-deflate; client_max_window_bits"
HEARTBEAT = '{"type":"heartbeat"}'


@dataclass
class RawStream:
    """A WebSocket client on a bare socket that offers permessage-deflate and reads each
    server frame's bits: RSV1 says compressed (RFC 7692 6)."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    extensions: str
    inflater: Any = field(default_factory=lambda: zlib.decompressobj(-zlib.MAX_WBITS))

    @classmethod
    async def open(cls, port: int, path: str) -> RawStream:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: {DEFLATE_OFFER}\r\n\r\n"
            ).encode()
        )
        head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)).decode()
        assert head.startswith("HTTP/1.1 101"), head
        headers = dict(line.split(": ", 1) for line in head.split("\r\n")[1:] if ": " in line)
        return cls(reader, writer, headers.get("Sec-WebSocket-Extensions", ""))

    async def frame(self) -> tuple[bool, int, bytes]:
        """(compressed, opcode, payload as sent) of the next frame."""
        first, second = await asyncio.wait_for(self.reader.readexactly(2), 5)
        assert not second & 0x80, "a server's frames are never masked"
        size = second & 0x7F
        if size >= 126:
            size = int.from_bytes(await self.reader.readexactly(2 if size == 126 else 8), "big")
        assert first & 0x80, "the host sends whole messages (FIN)"
        return bool(first & 0x40), first & 0x0F, await self.reader.readexactly(size)

    async def message(self) -> tuple[bool, dict[str, Any]]:
        """(was it compressed, the JSON message) of the next text frame."""
        compressed, opcode, payload = await self.frame()
        assert opcode == OP_TEXT, opcode
        if compressed:
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        return compressed, json.loads(payload.decode("utf-8"))

    def send(self, text: str) -> None:
        self.writer.write(encode_frame(OP_TEXT, text.encode()))

    def close(self) -> None:
        self.writer.close()


async def test_the_student_stream_declines_compression_and_sends_plain_frames(api: Api) -> None:
    student = await api.join("Z-1")
    port = api.client.port
    assert port is not None
    raw = await RawStream.open(port, f"{api.room}/stream?token={student['token']}")
    assert raw.extensions == ""  # offered, not negotiated
    compressed, first = await raw.message()
    assert not compressed and first["me"]["status"] == "waiting"
    await api.admin("POST", "start")
    compressed, started = await raw.message()
    assert not compressed and started["me"]["status"] == "active"
    conn = api.live.hub.students[student["student_id"]]
    assert conn.raw and conn.fd is not None  # the start went straight to the socket
    raw.send(HEARTBEAT)
    compressed, beat = await raw.message()
    assert not compressed and beat["type"] == "heartbeat"
    raw.close()


async def test_an_aiohttp_client_asking_for_compression_reads_every_push_in_order(
    api: Api,
) -> None:
    """The student app's own client (aiohttp, compress=15 by default) on the real route:
    pushes written around aiohttp and heartbeat replies written by it, interleaved."""
    student = await api.join("Z-2")
    sid = student["student_id"]
    ws = await api.ws("stream", student["token"], compress=15)
    assert ws.compress == 0  # the host declined
    assert (await receive(ws))["me"]["status"] == "waiting"
    await api.admin("POST", "start")
    assert (await receive(ws))["me"]["status"] == "active"
    expected = []
    for n in range(10):
        action = "pause" if n % 2 == 0 else "resume"
        await api.admin("POST", f"students/{sid}/{action}")
        expected.append("paused" if action == "pause" else "active")
        await ws.send_str(HEARTBEAT)
        expected.append("heartbeat")
    got = []
    while len(got) < len(expected):
        message = await receive(ws)
        got.append("heartbeat" if message["type"] == "heartbeat" else message["me"]["status"])
    # A heartbeat reply may pass a push (they are written by different writers); each kind
    # keeps its order and nothing is lost or garbled.
    assert [g for g in got if g != "heartbeat"] == [e for e in expected if e != "heartbeat"]
    assert got.count("heartbeat") == expected.count("heartbeat")
    await ws.close()


# ---- a connection that did negotiate compression -------------------------------------------


@pytest.fixture
async def compressed_hub(
    aiohttp_client: Callable[..., Any],
) -> AsyncIterator[tuple[Hub, StudentState, Any]]:
    """A hub serving one student on a WebSocket that accepts permessage-deflate."""
    engine = new_engine()
    student = join(engine, "C-1")
    hub = Hub(engine, lambda: T0 + 5000)

    async def settle(events: list[Event]) -> None:
        hub.publish(events)

    async def stream(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=True)
        await ws.prepare(request)
        await hub.serve_student(student.student_id, ws, request.transport, settle)
        return ws

    app = web.Application()
    app.router.add_get("/stream", stream)
    client = await aiohttp_client(app)
    yield hub, student, client
    await hub.close_all()


async def test_a_compressed_connection_gets_every_frame_through_aiohttp(compressed_hub) -> None:
    hub, student, client = compressed_hub
    engine, sid = hub.engine, student.student_id
    raw = await RawStream.open(client.port, "/stream")
    assert raw.extensions.startswith("permessage-deflate")
    compressed, first = await raw.message()
    assert compressed and first["me"]["status"] == "waiting"
    conn = hub.students[sid]
    assert not conn.raw and conn.fd is None  # nothing goes around aiohttp here
    hub.publish(engine.start(T0 + 1000))
    steps = [("active", None)] + [("paused", engine.pause), ("active", engine.resume)] * 3
    for status, command in steps:
        if command is not None:
            hub.publish(command(sid, None, T0 + 2000))
        compressed, message = await raw.message()
        assert compressed, "a frame on a compressed connection went out plain"
        assert message["me"]["status"] == status
        raw.send(HEARTBEAT)
        compressed, beat = await raw.message()
        assert compressed and beat["type"] == "heartbeat"
    raw.close()


async def test_an_aiohttp_client_reads_a_compressed_connection_whole(compressed_hub) -> None:
    hub, student, client = compressed_hub
    engine, sid = hub.engine, student.student_id
    ws = await client.ws_connect("/stream", compress=15)
    assert ws.compress == 15
    assert (await receive(ws))["me"]["status"] == "waiting"
    hub.publish(engine.start(T0 + 1000))
    assert (await receive(ws))["me"]["status"] == "active"
    for _ in range(5):
        hub.publish(engine.pause(sid, None, T0 + 2000))
        await ws.send_str(HEARTBEAT)
        hub.publish(engine.resume(sid, None, T0 + 3000))  # may replace the pause, never garble
        beat, status = False, ""
        while not (beat and status == "active"):
            message = await receive(ws)
            if message["type"] == "heartbeat":
                beat = True
            else:
                status = message["me"]["status"]
    await ws.close()
