"""The aiohttp application factory and the runner that serves it on a port.

The app owns the room's life (aiohttp-demos' `pg_context`): its cleanup context opens the room
when the server starts (`open_room`: create it or resume it; a refusal such as a wrong admin
key fails the start) and closes it when the server stops; the streams are closed once, in
`on_shutdown`, before the runner waits for the handlers still running.
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from proctor.host.server.guard import (
    HANDLER_ARGS,
    GuardedAppRunner,
    GuardLimits,
    name_no_versions,
    refuse_encoded_bodies,
)
from proctor.host.server.marking import PoolFactory, default_pool
from proctor.host.server.openapi import openapi_document
from proctor.host.server.plumbing import (
    JOIN_LIMITER,
    LIVE_ROOM,
    LOGIN_LIMITER,
    WORK_BODY,
    error_middleware,
)
from proctor.host.server.room import LiveRoom
from proctor.host.server.routes_admin import routes as admin_routes
from proctor.host.server.routes_hall import routes as hall_routes
from proctor.host.server.routes_results import routes as results_routes
from proctor.host.server.routes_roster import routes as roster_routes
from proctor.host.server.routes_screens import routes as screen_routes
from proctor.host.server.routes_student import routes as student_routes
from proctor.host.server.security import RateLimiter
from proctor.host.server.tls_setup import HOST_TLS, HostTls, make_site

# Short (idle connections do not linger), but longer than aiohttp's client keeps an idle
# pooled connection (15 s): a student never reuses one the host is closing under it.
KEEPALIVE_TIMEOUT_S = 20.0
SHUTDOWN_TIMEOUT_S = 10.0  # the longest a stop waits for requests still running
PORT_SEARCH_SPAN = 50


RoomOpener = Callable[[], LiveRoom]


def make_app(
    open_room: RoomOpener,
    *,
    start_ticker: bool = True,
    marking_pool: PoolFactory = default_pool,
) -> web.Application:
    """The room server's app; `open_room` runs as the server starts (`app[LIVE_ROOM]`),
    and the room's marking pool (`marking_pool()`, for a paper with code questions) with it."""
    app = web.Application(
        middlewares=[error_middleware, refuse_encoded_bodies],
        client_max_size=WORK_BODY,
        handler_args=HANDLER_ARGS,
    )
    app.on_response_prepare.append(name_no_versions)
    app[JOIN_LIMITER] = RateLimiter(limit=20, window_s=60)
    app[LOGIN_LIMITER] = RateLimiter(limit=5, window_s=60)
    app.add_routes(student_routes)
    app.add_routes(admin_routes)
    app.add_routes(results_routes)
    app.add_routes(hall_routes)
    app.add_routes(roster_routes)
    app.add_routes(screen_routes)
    app.router.add_get("/api/v1/openapi.json", _openapi)

    async def room_context(app: web.Application) -> AsyncIterator[None]:
        live = app[LIVE_ROOM] = open_room()
        try:
            await live.open_marking(marking_pool)
        except BaseException:
            await live.close()
            raise
        if start_ticker:
            live.start_ticker()
        yield
        await live.close()

    app.cleanup_ctx.append(room_context)
    app.on_shutdown.append(_close_streams)
    return app


async def _close_streams(app: web.Application) -> None:
    """Before the runner waits for running handlers: a stream's handler ends when it closes."""
    live = app.get(LIVE_ROOM)
    if live is not None:
        await live.hub.close_all()


async def _openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_document())


async def serve(
    app: web.Application,
    bind: str,
    port: int,
    limits: GuardLimits | None = None,
    *,
    tls: Callable[[], HostTls] | None = None,
) -> tuple[web.AppRunner, int]:
    """Serve `app` on `port`, or the next free port after it; returns the runner and port.
    Every connection goes through the guard (`guard.py`) with `limits`. With `tls` it is
    served over TLS: `tls()` runs once the room has opened and its result goes in the app's
    `HOST_TLS` slot (`tls_setup.py`: after the runner's cleanup, `tls.connections.close()`)."""
    runner = GuardedAppRunner(
        app,
        limits or GuardLimits(),
        keepalive_timeout=KEEPALIVE_TIMEOUT_S,
        shutdown_timeout=SHUTDOWN_TIMEOUT_S,
        access_log=None,
    )
    await runner.setup()  # opens the room (`make_app`); its refusal propagates
    host_tls = None
    if tls is not None:
        try:
            host_tls = app[HOST_TLS].tls = tls()
        except BaseException:
            await runner.cleanup()
            raise
    candidates = [port] if port == 0 else range(port, port + PORT_SEARCH_SPAN)
    last_error: OSError | None = None
    for candidate in candidates:
        site = make_site(runner, bind, candidate, host_tls)
        try:
            await site.start()
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                await runner.cleanup()
                raise
            last_error = exc
            continue
        addresses = runner.addresses  # (host, port, ...) of every listening socket
        actual = int(addresses[0][1]) if addresses else candidate
        return runner, actual
    await runner.cleanup()
    raise OSError(errno.EADDRINUSE, f"no free port from {port}: {last_error}")
