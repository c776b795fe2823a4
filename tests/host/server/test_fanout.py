"""Frames written straight to sockets: real aiohttp clients over loopback must read every frame
whole and in order."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from proctor.host.server.fanout import direct_fd, frame_bytes, write_direct

SIZES = [0, 1, 125, 126, 127, 65535, 65536, 200_000]
Served = list[tuple[asyncio.BaseTransport, web.WebSocketResponse]]


def test_header_shapes() -> None:
    assert frame_bytes((b"hi",))[:2] == b"\x81\x02"
    assert frame_bytes((b"a" * 100, b"a" * 26))[:4] == b"\x81\x7e\x00\x7e"
    assert frame_bytes((b"a" * 65536,))[:10] == b"\x81\x7f" + (65536).to_bytes(8, "big")
    assert frame_bytes((b"ab", b"", b"c")) == b"\x81\x03abc"


@pytest.fixture
async def served(aiohttp_client: Callable[..., Any]) -> AsyncIterator[tuple[Served, Any]]:
    """A server keeping every stream open; `served` lists each stream's transport and ws."""
    connections: Served = []
    done = asyncio.Event()

    async def stream(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        assert request.transport is not None
        connections.append((request.transport, ws))
        await done.wait()
        await ws.close()
        return ws

    app = web.Application()
    app.router.add_get("/", stream)
    client = await aiohttp_client(app, connector=aiohttp.TCPConnector(limit=0))
    yield connections, client
    done.set()


BATCH = 200  # frames in one push: a start to a hall


async def open_streams(client: Any, served: Served, count: int) -> list[Any]:
    streams = [await client.ws_connect("/", max_msg_size=8 << 20) for _ in range(count)]
    while len(served) < count:
        await asyncio.sleep(0.01)
    return streams


async def test_every_length_encoding_reads_back_in_a_real_client(served) -> None:
    connections, client = served
    (ws,) = await open_streams(client, connections, 1)
    transport, _ = connections[0]
    for size in SIZES:
        text = "é" * (size // 2) + "x" * (size % 2)
        half = len(text) // 2
        transport.write(frame_bytes((text[:half].encode(), text[half:].encode())))
    for size in SIZES:
        assert len((await ws.receive_str(timeout=5)).encode("utf-8")) == size


async def test_a_large_batch_reaches_every_client_whole_and_only_its_own(served) -> None:
    connections, client = served
    count = BATCH
    streams = await open_streams(client, connections, count)
    by_transport = {id(t): i for i, (t, _) in enumerate(connections)}
    shared = ("x" * 6000).encode()
    jobs = []
    for transport, _ in connections:
        fd = direct_fd(transport)
        assert fd is not None
        own = f'{{"n":{by_transport[id(transport)]},"pad":"'.encode()
        jobs.append((transport, fd, (own, shared, b'"}')))
    write_direct(jobs)
    # Each client's server side is the transport at the same index: frames match one to one.
    for index, ws in enumerate(streams):
        message = await ws.receive_json(timeout=5)
        assert message == {"n": index, "pad": "x" * 6000}


async def test_a_frame_the_kernel_takes_only_part_of_is_finished_by_the_transport(
    served,
) -> None:
    """A client that does not read: its socket fills, the rest is buffered by the transport,
    and once it reads it gets the whole frame followed by what the server sent next."""
    connections, client = served
    streams = await open_streams(client, connections, 8)
    big = ("y" * (6 << 20)).encode()  # far more than any socket buffer takes at once
    jobs = [(t, direct_fd(t), (b'"', big, b'"')) for t, _ in connections]
    write_direct(jobs)
    assert any(t.get_write_buffer_size() > 0 for t, _ in connections)  # type: ignore[attr-defined]
    for _, ws in connections:
        await ws.send_str("next")
    for ws in streams:
        assert await ws.receive_json(timeout=20) == "y" * (6 << 20)
        assert await ws.receive_str(timeout=5) == "next"


async def test_a_client_that_vanished_costs_nobody_else_their_frame(served) -> None:
    connections, client = served
    streams = await open_streams(client, connections, 8)
    # Reset the first client's connection (RST, no close handshake) before the server's
    # loop has noticed: its send fails inside the batch.
    gone = streams[0]._response.connection.transport
    gone.get_extra_info("socket").setsockopt(
        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
    )
    gone.abort()
    jobs = [(t, direct_fd(t), (b'"hello"',)) for t, _ in connections]
    write_direct(jobs)
    await asyncio.sleep(0.1)
    assert connections[0][0].is_closing()
    for ws in streams[1:]:
        assert await ws.receive_json(timeout=5) == "hello"


async def test_tls_and_unknown_transports_are_never_written_around(served) -> None:
    connections, client = served
    await open_streams(client, connections, 1)
    transport, _ = connections[0]
    assert direct_fd(transport) is not None

    class TlsLike(asyncio.Transport):
        def get_extra_info(self, name: str, default: Any = None) -> Any:
            extra = {"sslcontext": object(), "socket": transport.get_extra_info("socket")}
            return extra.get(name, default)

    assert direct_fd(TlsLike()) is None
    assert direct_fd(asyncio.Transport()) is None
