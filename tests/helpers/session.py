"""Real network pieces for the session tests: a listener that records, a relay whose cable
can be pulled, and an HTTP proxy that blocks WebSockets like some school firewalls do."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from proctor.common.protocol import Me, Room, SubmitResponse
from proctor.student.session import StudentSession
from tests.helpers.hosts import AsyncHost, running_host
from tests.helpers.waiting import wait_until_async

# Quick timings so the tests do not wait on the production intervals.
FAST: dict[str, Any] = dict(
    heartbeat_s=0.5,
    snapshot_every_s=0.5,
    local_save_delay_s=0.1,
    poll_s=0.3,
    reconnect_max_s=1.0,
)


@dataclass
class RecordingListener:
    """Keeps every call the session makes, for a test to wait on and check."""

    states: list[tuple[Room, Me]] = field(default_factory=list)
    connections: list[tuple[str, str]] = field(default_factory=list)
    saves: list[tuple[str, str]] = field(default_factory=list)
    receipts: list[tuple[SubmitResponse, bool]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def on_state(self, room: Room, me: Me) -> None:
        self.states.append((room, me))

    def on_connection(self, status: str, detail: str) -> None:
        self.connections.append((status, detail))

    def on_save_status(self, kind: str, message: str) -> None:
        self.saves.append((kind, message))

    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        self.receipts.append((receipt, automatic))

    def on_error(self, code: str, message: str) -> None:
        self.errors.append((code, message))

    @property
    def status(self) -> str | None:
        return self.states[-1][1].status if self.states else None

    @property
    def connection(self) -> str | None:
        return self.connections[-1][0] if self.connections else None

    def save_kinds(self) -> list[str]:
        return [kind for kind, _ in self.saves]

    def error_codes(self) -> list[str]:
        return [code for code, _ in self.errors]


class SessionPool:
    """Makes sessions for a test and closes them all at the end."""

    def __init__(self, default_dir: Path) -> None:
        self.default_dir = default_dir
        self.made: list[StudentSession] = []

    def make(
        self, data_dir: Path | None = None, **options: Any
    ) -> tuple[StudentSession, RecordingListener]:
        listener = RecordingListener()
        session = StudentSession(data_dir or self.default_dir, listener, **{**FAST, **options})
        self.made.append(session)
        return session, listener

    async def close_all(self) -> None:
        for session in self.made:
            await session.close()


@asynccontextmanager
async def host_for(pool: SessionPool, data_dir: Path, **options: Any) -> AsyncIterator[AsyncHost]:
    """A real host; the pool's sessions are closed before it stops (a host with open
    student streams takes seconds to stop, which tests need not wait for)."""
    async with running_host(data_dir, **options) as host:
        try:
            yield host
        finally:
            await pool.close_all()


class TcpRelay:
    """127.0.0.1:port → target, byte for byte. `cut()` pulls the cable, `restore()` plugs it in.

    mode "refuse": connections are closed and new ones refused (the host machine is gone);
    mode "blackhole": connections stay open but nothing passes (a pulled cable).
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.blackhole = False

    async def start(self) -> TcpRelay:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers.add(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                while self.blackhole:
                    await asyncio.sleep(0.05)
                sink.write(data)
                await sink.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                sink.close()

    async def cut(self, mode: str = "refuse") -> None:
        if mode == "blackhole":
            self.blackhole = True
            return
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()
        self._server = None

    async def restore(self) -> None:
        self.blackhole = False
        if self._server is None:
            await self.start()

    async def close(self) -> None:
        if self._server is not None:
            await self.cut()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)


class NoWebSocketProxy:
    """Forwards plain HTTP to the host but refuses every WebSocket upgrade; keeps every
    request it forwarded (`requests`)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.port = 0
        self.refused_upgrades = 0
        self.requests: list[tuple[str, str, bytes]] = []  # (method, path and query, body)
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> NoWebSocketProxy:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._http = aiohttp.ClientSession()
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def _forward(self, request: web.Request) -> web.Response:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            self.refused_upgrades += 1
            return web.Response(status=400, text="WebSockets are not allowed on this network")
        assert self._http is not None
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("authorization", "content-type")
        }
        body = await request.read()
        self.requests.append((request.method, request.path_qs, body))
        try:
            async with self._http.request(
                request.method,
                self.target + request.path_qs,
                data=body,
                headers=headers,
            ) as answer:
                return web.Response(
                    status=answer.status, body=await answer.read(), content_type=answer.content_type
                )
        except aiohttp.ClientConnectionError:  # the host went away: as a proxy answers then
            return web.Response(status=502, text="the host did not answer")

    async def close(self) -> None:
        # The server first (it finishes what is in flight), then its client: a request
        # forwarded on a closed client would be an error logged by the server.
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()


async def seated(
    host: AsyncHost, pool: SessionPool, port: int | None = None, reg_no: str = "R-1"
) -> tuple[StudentSession, RecordingListener, str]:
    """A student joined through `port` (the host's own by default) and sitting the started exam."""
    session, listener = pool.make()
    joined = await session.join("127.0.0.1", port or host.port, host.join_code, "Ada", reg_no)
    await session.start()
    await host.admin("POST", "start")
    await wait_until_async(lambda: listener.status == "active", what="active")
    return session, listener, joined.student_id
