"""A small room host for the network-namespace tests: a real aiohttp server over TLS (plain
HTTP with --plain) with `GET /api/v1/hello` and a WebSocket echo, and the room's beacon and
mDNS advert, all on one address. Prints one JSON ready line; SIGUSR1 renames the room;
SIGTERM stops it cleanly.

    ip netns exec NS python tests/common/hall_host.py --data-dir D --bind ADDR --port N
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from pathlib import Path

from aiohttp import web

from proctor.common.announce import RoomAnnouncer
from proctor.common.discovery import RoomAdvert
from proctor.common.joincode import format_join_code
from proctor.common.tls import load_or_create_certificate, server_ssl_context


def _app(fingerprint: str | None) -> web.Application:
    async def hello(request: web.Request) -> web.Response:
        body = {
            "app": "proctor",
            "protocol": 1,
            "version": "test",
            "server_time_ms": int(time.time() * 1000),
            "fingerprint": fingerprint,
        }
        return web.json_response(body)

    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for msg in ws:
            await ws.send_str("echo:" + msg.data)
        return ws

    app = web.Application()
    app.router.add_get("/api/v1/hello", hello)
    app.router.add_get("/ws", echo)
    return app


async def main(args: argparse.Namespace) -> None:
    cert = None if args.plain else load_or_create_certificate(args.data_dir, addresses=[args.bind])
    fingerprint = cert.fingerprint if cert else None
    runner = web.AppRunner(_app(fingerprint), access_log=None)
    await runner.setup()
    context = server_ssl_context(cert) if cert else None
    site = web.TCPSite(runner, args.bind, args.port, ssl_context=context, reuse_address=True)
    await site.start()
    port = runner.addresses[0][1]
    advert = RoomAdvert(args.room, args.name, port, cert is not None, fingerprint)
    announcer = RoomAnnouncer(advert, args.bind)
    await announcer.start()
    ready = {
        "event": "ready",
        "port": port,
        "fingerprint": fingerprint,
        "join_code": format_join_code(args.room, fingerprint) if fingerprint else None,
        "problems": announcer.problems,
        "mdns": announcer.mdns is not None,
    }
    print(json.dumps(ready), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def rename() -> None:  # SIGUSR1: the proctor renames the room
        renamed = RoomAdvert(args.room, args.name + " (renamed)", port, advert.tls, fingerprint)
        loop.create_task(announcer.update(renamed))

    loop.add_signal_handler(signal.SIGUSR1, rename)
    await stop.wait()
    await announcer.close()
    await runner.cleanup()
    print(json.dumps({"event": "stopped", "beacons_sent": announcer.beacon.sent}), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bind", required=True)
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--room", default="K7M2QX")
    parser.add_argument("--name", default="Hall 3")
    parser.add_argument("--plain", action="store_true")
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
