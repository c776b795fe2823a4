"""The room server's TLS: the certificate kept in its data folder, the server's context, and
what the ready line, `host.json` and `GET /hello` say about it.

The certificate is made on the first start and kept (`common/tls.py`), so the fingerprint and
the join code stay the same across restarts with the same data folder. `--insecure-http`
serves plain HTTP instead: then there is no `HOST_TLS` slot in the app and nothing to pin.

`TlsSite` serves TLS with asyncio's own TLS layer, tracked (`TlsConnections`) so that a stop
closes every connection, those still in their handshake included.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from asyncio import sslproto
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from proctor.common.joincode import format_join_code
from proctor.common.netutil import lan_addresses
from proctor.common.tls import load_or_create_certificate, server_ssl_context

log = logging.getLogger(__name__)

READ_BUFFER = 32 * 1024

# A new connection must finish its TLS handshake within this, as it must start its request
# within the guard's connect timeout after that (asyncio would wait 60 s, and a socket still
# in its handshake is not yet counted against its address's cap).
HANDSHAKE_TIMEOUT_S = 10.0
SHUTDOWN_TIMEOUT_S = 5.0  # a closing connection's goodbye (close_notify)
CLOSE_GRACE_S = 1.0  # what a stopping room gives closing TLS connections before dropping them


@dataclass(frozen=True)
class HostTls:
    fingerprint: str  # SHA-256 of the DER certificate, lowercase hex
    context: ssl.SSLContext
    created: bool  # made at this start: students need the new join code
    connections: TlsConnections = field(default_factory=lambda: TlsConnections())


@dataclass
class TlsSlot:
    """Where the app finds its TLS once the room has opened (`app.serve` fills it): the
    certificate is read only for a room that opens, so a refused start makes none."""

    tls: HostTls | None = None


HOST_TLS = web.AppKey("host_tls", TlsSlot)  # absent: the room is served over plain HTTP


def prepare_tls(data_dir: Path, bind: str) -> HostTls:
    """The data folder's certificate (made on first use) and the server's TLS context."""
    everywhere = bind in ("", "0.0.0.0", "::")
    addresses = [a for a, _ in lan_addresses()] if everywhere else [bind]
    cert = load_or_create_certificate(data_dir, addresses=addresses)
    return HostTls(
        fingerprint=cert.fingerprint,
        context=server_ssl_context(cert),
        created=cert.created,
    )


def tls_fields(tls: HostTls | None, room_id: str) -> dict[str, Any]:
    """The ready line's and host.json's fields: `tls`, `fingerprint`, `join_code` (ROOMID-XXXX,
    for the projector)."""
    if tls is None:
        return {"tls": False, "fingerprint": None, "join_code": None}
    join_code = format_join_code(room_id, tls.fingerprint)
    return {"tls": True, "fingerprint": tls.fingerprint, "join_code": join_code}


def hello_fields(app: web.Application) -> dict[str, Any]:
    """`GET /hello`'s `tls` and `fingerprint`."""
    slot = app.get(HOST_TLS)
    tls = slot.tls if slot is not None else None
    return {"tls": tls is not None, "fingerprint": tls.fingerprint if tls else None}


class _TrackedTls(sslproto.SSLProtocol):
    """asyncio's own server-side TLS layer (what `create_server(ssl=...)` builds), known to
    its `TlsConnections` until its socket closes. Its read buffer is 32 KiB instead of
    asyncio's 256 KiB, made for every connection: at 2,000 students that was 600 MB of the
    host's memory (benchmarks/README.md, "What TLS costs"). A TLS record is at most 16 KiB,
    so a read still takes whole records; a large upload takes more reads."""

    max_size = READ_BUFFER

    def __init__(
        self, owner: TlsConnections, app_protocol: asyncio.BaseProtocol, context: ssl.SSLContext
    ) -> None:
        # (typeshed's stubs of this class are older than Python 3.11's: hence the ignores)
        super().__init__(
            asyncio.get_running_loop(),
            app_protocol,
            context,
            None,  # type: ignore[arg-type]
            server_side=True,
            ssl_handshake_timeout=HANDSHAKE_TIMEOUT_S,  # type: ignore[arg-type]
            ssl_shutdown_timeout=SHUTDOWN_TIMEOUT_S,
        )
        self._owner = owner
        owner.live.add(self)

    @property
    def handshaking(self) -> bool:
        return self._state in (  # type: ignore[attr-defined]
            sslproto.SSLProtocolState.UNWRAPPED,
            sslproto.SSLProtocolState.DO_HANDSHAKE,
        )

    def abort(self) -> None:
        transport = self._transport
        if isinstance(transport, asyncio.Transport):
            transport.abort()

    def connection_lost(self, exc: BaseException | None) -> None:
        self._owner.live.discard(self)
        super().connection_lost(exc)


class TlsConnections:
    """Every TLS connection of the room's site, so that a stop leaves none open: Python
    3.11's asyncio cannot close the connections a server accepted, and a connection still in
    its handshake is not yet one aiohttp knows (it would be served by a stopping room)."""

    def __init__(self) -> None:
        self.live: set[_TrackedTls] = set()

    def protocol_factory(
        self, make_app_protocol: Callable[[], asyncio.BaseProtocol], context: ssl.SSLContext
    ) -> Callable[[], asyncio.BaseProtocol]:
        return lambda: _TrackedTls(self, make_app_protocol(), context)

    def abort_handshakes(self) -> None:
        """Drop connections not through their handshake (the site stops taking new ones)."""
        for connection in list(self.live):
            if connection.handshaking:
                connection.abort()

    async def close(self, grace_s: float = CLOSE_GRACE_S) -> None:
        """After the runner's cleanup: let the closing ones finish their goodbye (close_notify)
        for `grace_s`, then drop what is left."""
        self.abort_handshakes()
        deadline = asyncio.get_running_loop().time() + grace_s
        while self.live and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        for connection in list(self.live):
            connection.abort()
        await asyncio.sleep(0)  # the aborted transports close their sockets on the next turn


class TlsSite(web.TCPSite):
    """aiohttp's TCPSite serving TLS through `TlsConnections` (same TLS as asyncio's own,
    with a shorter handshake timeout: `HANDSHAKE_TIMEOUT_S`)."""

    def __init__(self, *args: Any, connections: TlsConnections, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connections = connections

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with its runner
        server = self._runner.server
        assert server is not None and self._ssl_context is not None
        self._server = await asyncio.get_running_loop().create_server(
            self.connections.protocol_factory(server, self._ssl_context),
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=self._reuse_address,
            reuse_port=self._reuse_port,
        )

    async def stop(self) -> None:
        await super().stop()
        self.connections.abort_handshakes()


def make_site(runner: web.BaseRunner, bind: str, port: int, tls: HostTls | None) -> web.TCPSite:
    """The site for `serve`: plain TCP, or TLS through the room's `TlsConnections`."""
    if tls is None:
        return web.TCPSite(runner, bind, port, reuse_address=True, backlog=1024)
    return TlsSite(
        runner,
        bind,
        port,
        reuse_address=True,
        backlog=1024,
        ssl_context=tls.context,
        connections=tls.connections,
    )
