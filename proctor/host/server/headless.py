"""`proctor host --headless`: the room server with no window.

Prints one JSON line when ready: {"event": "ready", "room_id", "port", "urls", "tls",
"fingerprint", "join_code", ...}. Serves HTTPS with the data folder's certificate unless
--insecure-http, and announces the room on the network (`announcing.py`) unless --no-announce.
SIGTERM/SIGINT stop it cleanly. Started again with the same --data-dir, it resumes the room.
Exit codes (`options`): 0 stopped, 1 cannot listen, 2 bad options or a room that cannot be
opened, 3 the admin key does not match the room's (the dashboard asks for it again).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import platform
import signal
import socket
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from proctor import __version__
from proctor.common.discovery import RoomAdvert
from proctor.common.netutil import student_urls
from proctor.common.openfiles import raise_open_file_limit
from proctor.common.protocol import Policy
from proctor.host.layout import HOST_JSON, current_room_file
from proctor.host.server.announcing import start_announcing
from proctor.host.server.app import make_app, serve
from proctor.host.server.guard import GuardLimits
from proctor.host.server.options import (
    EXIT_CANNOT_LISTEN,
    EXIT_STARTUP_ERROR,
    EXIT_WRONG_ADMIN_KEY,
    AdminKeyError,
    build_parser,
    read_admin_key,
    resolve_data_dir,
)
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from proctor.host.server.security import check_admin_key
from proctor.host.server.states import DEFAULT_GRACE_MS
from proctor.host.server.tls_setup import HOST_TLS, TlsSlot, prepare_tls, tls_fields
from proctor.paper.exam import ExamPaper
from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError

DEFAULT_GRACE_S = DEFAULT_GRACE_MS // 1000

log = logging.getLogger("proctor.host")


class StartupError(Exception):
    """The room cannot be opened; the message says why, for the proctor."""


class WrongAdminKey(StartupError):
    """The admin key given is not the one of the room in the data folder."""


@dataclass
class HostConfig:
    data_dir: Path
    admin_key: str
    name: str | None = None
    duration_s: int | None = None
    bind: str = "0.0.0.0"
    port: int = 8080
    paper_dir: Path | None = None
    policy: Policy | None = None
    grace_s: float = DEFAULT_GRACE_S
    new_room: bool = False
    limits: GuardLimits = field(default_factory=GuardLimits)
    tls: bool = True  # False: --insecure-http
    announce: bool = True  # False: --no-announce
    announce_on: str | None = None  # --announce-on


def default_policy(
    blacklist_file: Path | None = None, camera: str | None = None, paste: str | None = None
) -> Policy:
    from proctor.shield.blacklist import load_blacklist

    rules = load_blacklist(blacklist_file)
    return Policy.model_validate(
        {"blacklist": rules, "camera": camera or "off", "paste": paste or "report"}
    )


def host_info(bind: str) -> dict[str, Any]:
    return {
        "hostname": socket.gethostname(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "proctor_version": __version__,
        "bind": bind,
    }


def open_paper(folder: Path | None) -> ExamPaper:
    """The paper a new room serves (the sample paper without a folder), as `proctor.paper`
    loads it: its starter files keep the protocol's file-name rule and leave room in a
    hand-in; a paper with questions (paper.toml) is served by variant, student by student."""
    try:
        paper = load_paper(folder)
    except PaperError as exc:
        raise StartupError(f"The paper cannot be used:\n{exc}") from exc
    for warning in paper.warnings:
        log.warning("paper: %s", warning)
    return paper


def open_room(config: HostConfig) -> LiveRoom:
    """Resume the data dir's room, or create one (run as the server starts: `make_app`)."""
    existing = None if config.new_room else current_room_file(config.data_dir)
    info = host_info(config.bind)
    if existing is not None:
        live = LiveRoom.resume(existing, info)
        if not check_admin_key(config.admin_key, live.admin_key_hash):
            live.store.close()
            live.reader.close()
            raise WrongAdminKey(
                f"The admin key does not match the one of room {live.id} in {config.data_dir}."
            )
        return live
    if not config.name or not config.duration_s:
        raise StartupError("A new room needs --name and --duration (minutes).")
    paper = open_paper(config.paper_dir)
    return LiveRoom.create(
        config.data_dir,
        name=config.name,
        duration_s=config.duration_s,
        admin_key=config.admin_key,
        paper=paper,
        policy=config.policy or default_policy(),
        grace_ms=int(config.grace_s * 1000),
        host_info=info,
        paper_dir=config.paper_dir,
    )


async def run_host(
    config: HostConfig,
    ready: asyncio.Future[dict[str, Any]] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    app = make_app(lambda: open_room(config))
    read_certificate = None
    if config.tls:
        app[HOST_TLS] = TlsSlot()
        read_certificate = partial(prepare_tls, config.data_dir, config.bind)
    runner, port = await serve(app, config.bind, config.port, config.limits, tls=read_certificate)
    tls = app[HOST_TLS].tls if config.tls else None
    live = app[LIVE_ROOM]
    urls = student_urls(config.bind, port, scheme="https" if tls else "http")
    live.note_urls(urls)
    advert = RoomAdvert(
        live.id, live.engine.room.name, port, tls is not None, tls.fingerprint if tls else None
    )
    announcement = await start_announcing(
        advert, config.bind, announce_on=config.announce_on, enabled=config.announce
    )
    info = {
        "event": "ready",
        "room_id": live.id,
        "port": port,
        "urls": urls,
        "name": live.engine.room.name,
        "status": live.engine.room.status,
        "data_dir": str(config.data_dir),
        "pid": os.getpid(),
        **tls_fields(tls, live.id),
        **announcement.ready_fields(),
    }
    host_file = config.data_dir / HOST_JSON
    kept = ("pid", "port", "room_id", "urls", "tls", "fingerprint", "join_code")
    host_file.write_text(json.dumps({k: info[k] for k in kept} | {"bind": config.bind}))
    stop = stop or asyncio.Event()
    if ready is not None and not ready.done():
        ready.set_result(info)
    try:
        await stop.wait()
    finally:
        try:
            host_file.unlink()
        except FileNotFoundError:
            pass
        await announcement.close()
        await runner.cleanup()
        if tls is not None:
            await tls.connections.close()


FILES_PER_STUDENT = 2  # a stream and a pooled HTTP connection
FILES_OF_ITS_OWN = 64  # the host's own: its store, logs, listening sockets
LARGE_HALL = 1000


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s: %(message)s"
    )
    try:
        key = read_admin_key(args.admin_key_file)
        config = HostConfig(
            data_dir=resolve_data_dir(args.data_dir),
            admin_key=key,
            name=args.name,
            duration_s=round(args.duration * 60) if args.duration else None,
            bind=args.bind,
            port=args.port,
            paper_dir=args.paper,
            grace_s=args.grace if args.grace is not None else DEFAULT_GRACE_S,
            new_room=args.new_room,
            limits=GuardLimits(max_per_address=args.max_connections),
            tls=not args.insecure_http,
            announce=not args.no_announce,
            announce_on=args.announce_on,
        )
        if args.max_connections < 0:
            raise StartupError("--max-connections must be 0 (no cap) or more.")
        if config.duration_s is not None and config.duration_s <= 0:
            raise StartupError("--duration must be a positive number of minutes.")
        config.policy = default_policy(args.blacklist, args.camera, args.paste)
    except (AdminKeyError, StartupError) as exc:
        print(f"proctor host: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return EXIT_STARTUP_ERROR
    except Exception as exc:  # a bad blacklist file and the like
        print(f"proctor host: {exc}", file=sys.stderr)
        return EXIT_STARTUP_ERROR
    return asyncio.run(_main(config))


def check_open_file_limit() -> None:
    """Raise the open-file limit; say so if it stays too low for a large hall."""
    limit = raise_open_file_limit()
    if limit is not None and limit < FILES_PER_STUDENT * LARGE_HALL:
        log.warning(
            "only %d open files are allowed: about %d students can connect at once "
            "(raise it with `ulimit -n`)",
            limit,
            (limit - FILES_OF_ITS_OWN) // FILES_PER_STUDENT,
        )


async def _main(config: HostConfig) -> int:
    check_open_file_limit()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:  # Windows
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    ready: asyncio.Future[dict[str, Any]] = loop.create_future()
    task = asyncio.create_task(run_host(config, ready, stop))
    waiters: set[asyncio.Future[Any]] = {task, ready}
    done, _ = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    if ready.done():
        print(json.dumps(ready.result()), flush=True)
    try:
        await task
    except StartupError as exc:
        print(f"proctor host: {exc}", file=sys.stderr)
        return EXIT_WRONG_ADMIN_KEY if isinstance(exc, WrongAdminKey) else EXIT_STARTUP_ERROR
    except OSError as exc:
        print(f"proctor host: cannot listen: {exc}", file=sys.stderr)
        return EXIT_CANNOT_LISTEN
    return 0
