"""The hub writes ready-made WebSocket frames to the socket: a real client must read them."""

from __future__ import annotations

from aiohttp import web

from proctor.host.hub import text_frame

SIZES = [0, 1, 125, 126, 127, 65535, 65536, 200_000]


async def test_every_length_encoding_reads_back_in_a_real_client(aiohttp_client) -> None:
    async def stream(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        for size in SIZES:
            request.transport.write(text_frame("é" * (size // 2) + "x" * (size % 2)))
        await ws.send_str("end")
        await ws.receive()
        return ws

    app = web.Application()
    app.router.add_get("/", stream)
    client = await aiohttp_client(app)
    async with client.ws_connect("/", max_msg_size=1 << 20) as ws:
        received = []
        while True:
            text = await ws.receive_str()
            if text == "end":
                break
            received.append(len(text.encode("utf-8")))
    assert received == SIZES


def test_header_shapes() -> None:
    assert text_frame("hi")[:2] == b"\x81\x02"
    assert text_frame("a" * 126)[:4] == b"\x81\x7e\x00\x7e"
    assert text_frame("a" * 65536)[:10] == b"\x81\x7f" + (65536).to_bytes(8, "big")
