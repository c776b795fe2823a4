"""Runs the room server as its own process and finds one that is already running (no Qt).

The dashboard never hosts students itself: it starts `proctor host --headless` in a new
session (so closing or killing the window leaves it running), reads its ready line, and
afterwards only talks to it over loopback. A server announces itself in
`<data_dir>/host.json` while it runs; a dashboard opened later re-attaches through it.
Both the ready line and host.json carry the certificate's fingerprint: every request of the
dashboard, `hello_answers` included, is pinned to it (plain HTTP only for a server started
with --insecure-http, which says so with `"tls": false`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from proctor.common.paths import user_data_root
from proctor.common.protocol import APP_NAME
from proctor.common.tls import FingerprintError, normalize_fingerprint, pin
from proctor.host.layout import HOST_JSON, current_room_file
from proctor.host.server.options import EXIT_WRONG_ADMIN_KEY
from proctor.host.server.store import load

BLACKLIST_FILE = "blacklist.json"  # the proctor's edited blacklist
SERVER_STDOUT = "server-stdout.log"
SERVER_LOG = "server.log"
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class ServerStartError(Exception):
    """The room server could not be started; the message is meant for the proctor."""


class WrongAdminKey(ServerStartError):
    """The server stopped because the admin key is not the one of the room it was to resume
    (its exit code says so: `EXIT_WRONG_ADMIN_KEY`)."""


def rooms_root() -> Path:
    """Where the dashboard puts a fresh data folder for every new room."""
    return user_data_root() / "rooms"


def new_room_data_dir(root: Path | None = None) -> Path:
    base = root or rooms_root()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = base / stamp
    n = 2
    while candidate.exists():
        candidate = base / f"{stamp}-{n}"
        n += 1
    return candidate


# -- ports ---------------------------------------------------------------------------------


def port_is_free(port: int, bind: str = "0.0.0.0") -> bool:
    """True if a server could listen on `bind:port` now (same socket options as aiohttp)."""
    if not 1 <= port <= 65535:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((bind, port))
        except OSError:
            return False
    return True


def next_free_port(start: int, bind: str = "0.0.0.0", tries: int = 200) -> int | None:
    """The first free port from `start` on, or None if none of the next `tries` is free."""
    for port in range(max(1, start), min(65536, start + tries)):
        if port_is_free(port, bind):
            return port
    return None


# -- what a running server announces -------------------------------------------------------


@dataclass
class ServerInfo:
    """A room server that is up: where to reach it and what to print as the ready line."""

    room_id: str
    port: int
    pid: int
    data_dir: Path
    urls: list[str] = field(default_factory=list)
    bind: str = "0.0.0.0"
    fingerprint: str | None = None  # the certificate's (None: plain HTTP)
    join_code: str | None = None  # ROOMID-XXXX, for the projector (None: plain HTTP)

    @property
    def tls(self) -> bool:
        return self.fingerprint is not None

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def ready_line(self, **extra: Any) -> str:
        record: dict[str, Any] = {
            "event": "ready",
            "room_id": self.room_id,
            "port": self.port,
            "urls": self.urls,
            "data_dir": str(self.data_dir),
            "pid": self.pid,
        }
        record.update(extra)
        return json.dumps(record)

    @classmethod
    def from_record(cls, record: dict[str, Any], data_dir: Path) -> ServerInfo:
        fingerprint = record.get("fingerprint")
        return cls(
            room_id=str(record["room_id"]),
            port=int(record["port"]),
            pid=int(record["pid"]),
            data_dir=Path(record.get("data_dir") or data_dir),
            urls=[str(u) for u in record.get("urls", [])],
            bind=str(record.get("bind", "0.0.0.0")),
            fingerprint=normalize_fingerprint(fingerprint) if fingerprint else None,
            join_code=str(record["join_code"]) if record.get("join_code") else None,
        )


def read_host_json(data_dir: Path) -> dict[str, Any] | None:
    """What a running server wrote in its data folder; None if missing, unreadable, or
    not whole (a TLS server's record without a valid fingerprint is not trusted)."""
    try:
        record = json.loads((data_dir / HOST_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not {"pid", "port", "room_id"} <= record.keys():
        return None
    if record.get("tls") and not record.get("fingerprint"):
        return None
    if record.get("fingerprint"):
        try:
            normalize_fingerprint(str(record["fingerprint"]))
        except FingerprintError:
            return None
    return record


def pid_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


async def hello_answers(port: int, fingerprint: str | None = None, timeout_s: float = 2.0) -> bool:
    """True if a Proctor room server answers `GET /api/v1/hello` on loopback at `port`, over
    TLS pinned to `fingerprint` (plain HTTP without one)."""
    scheme = "https" if fingerprint else "http"
    url = f"{scheme}://127.0.0.1:{port}/api/v1/hello"
    try:
        timeout = aiohttp.ClientTimeout(total=timeout_s)
        connector = aiohttp.TCPConnector(ssl=pin(fingerprint) if fingerprint else True)
        async with (
            aiohttp.ClientSession(timeout=timeout, connector=connector) as http,
            http.get(url) as resp,
        ):
            body = await resp.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError):
        return False
    return resp.status == 200 and isinstance(body, dict) and body.get("app") == APP_NAME


async def find_running(data_dir: Path) -> ServerInfo | None:
    """The server running on `data_dir`, if its process is alive and it answers."""
    record = await asyncio.to_thread(read_host_json, data_dir)
    if record is None or not pid_alive(int(record["pid"])):
        return None
    info = ServerInfo.from_record(record, data_dir)
    if not await hello_answers(info.port, info.fingerprint):
        return None
    return info


@dataclass
class FoundRoom:
    """A room under the rooms folder that was not shut down: running, or its server died."""

    data_dir: Path
    room_id: str
    running: ServerInfo | None
    name: str = ""
    status: str = ""  # the room's: lobby, active, ended ("" when its store cannot be read)
    students: int = 0

    @property
    def opened(self) -> str:
        """When the room was set up, from its folder name (YYYYmmdd-HHMMSS)."""
        stamp = self.data_dir.name[:15]
        try:
            return time.strftime("%d %b %Y %H:%M", time.strptime(stamp, "%Y%m%d-%H%M%S"))
        except ValueError:
            return self.data_dir.name


def room_summary(data_dir: Path) -> tuple[str, str, int]:
    """(session name, room status, number of students) from the room's store, read-only."""
    path = current_room_file(data_dir)
    if path is None:
        return "", "", 0
    try:
        loaded = load(path)
    except (OSError, sqlite3.Error, KeyError, TypeError, ValueError):
        return "", "", 0
    return loaded.room.name, loaded.room.status, len(loaded.students)


def _candidates(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    found = (d for d in base.iterdir() if (d / HOST_JSON).is_file())
    return sorted(found, key=lambda d: d.name, reverse=True)


async def find_rooms(root: Path | None = None) -> list[FoundRoom]:
    """Rooms whose server still runs, or died without a clean stop (its host.json is left
    behind), newest first. A cleanly stopped server removes its host.json."""
    candidates = await asyncio.to_thread(_candidates, root or rooms_root())
    found = await asyncio.gather(*(find_running(d) for d in candidates))
    rooms = []
    for data_dir, info in zip(candidates, found, strict=True):
        record = await asyncio.to_thread(read_host_json, data_dir)
        if info is None and (record is None or not has_store(data_dir)):
            continue
        if info is None and record is not None and pid_alive(int(record["pid"])):
            continue  # alive but not answering: not ours to restart
        room_id = info.room_id if info else str(record["room_id"] if record else "")
        name, status, students = await asyncio.to_thread(room_summary, data_dir)
        rooms.append(FoundRoom(data_dir, room_id, info, name, status, students))
    return rooms


def has_store(data_dir: Path) -> bool:
    """True if `data_dir` holds a room a server could resume."""
    return data_dir.is_dir() and current_room_file(data_dir) is not None


# -- launching -----------------------------------------------------------------------------


@dataclass
class LaunchOptions:
    """The `proctor host --headless` options the dashboard passes on. Without a name and a
    duration the server can only resume the room already in its data folder."""

    name: str | None = None
    duration_min: float | None = None
    port: int = 8080
    bind: str = "0.0.0.0"
    paper: Path | None = None
    camera: str | None = None
    paste: str | None = None
    blacklist: Path | None = None
    blacklist_rules: list[dict[str, Any]] | None = None  # written beside the store at launch
    grace_s: float | None = None
    max_connections: int | None = None  # per address; None: the server's default
    insecure_http: bool = False  # serve plain HTTP (--insecure-http)
    announce_on: str | None = None  # the address shown to students: announced from there

    def argv(self, data_dir: Path) -> list[str]:
        args = ["--headless", "--port", str(self.port), "--bind", self.bind]
        if self.insecure_http:
            args.append("--insecure-http")
        if self.announce_on and not self.announce_on.startswith("127."):
            args += ["--announce-on", self.announce_on]
        args += ["--data-dir", str(data_dir)]
        if self.name:
            args += ["--name", self.name]
        if self.duration_min:
            args += ["--duration", f"{self.duration_min:g}"]
        if self.paper is not None:
            args += ["--paper", str(self.paper)]
        if self.camera:
            args += ["--camera", self.camera]
        if self.paste:
            args += ["--paste", self.paste]
        if self.blacklist is not None:
            args += ["--blacklist", str(self.blacklist)]
        if self.grace_s is not None:
            args += ["--grace", f"{self.grace_s:g}"]
        if self.max_connections is not None:
            args += ["--max-connections", str(self.max_connections)]
        return args


def host_command() -> list[str]:
    """How to run `proctor host` with this interpreter or this frozen executable."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "host"]
    return [sys.executable, "-m", "proctor", "host"]


def server_env(admin_key: str) -> dict[str, str]:
    """The server's environment: the admin key, and this package importable from anywhere."""
    env = dict(os.environ, PROCTOR_ADMIN_KEY=admin_key)
    env.pop("QT_QPA_PLATFORM", None)
    if not getattr(sys, "frozen", False):
        package_root = str(Path(__file__).resolve().parents[3])
        paths = [package_root, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


class ServerProcess:
    """A room server on one data folder: started here, or found already running."""

    def __init__(self, data_dir: Path, admin_key: str, options: LaunchOptions | None = None):
        self.data_dir = data_dir
        self.options = options
        self.admin_key = admin_key
        self._popen: subprocess.Popen[bytes] | None = None
        self.info: ServerInfo | None = None
        self.ready_text: str | None = None

    async def attach(self) -> ServerInfo | None:
        """Use the server already running on this data folder, if there is one."""
        self.info = await find_running(self.data_dir)
        return self.info

    async def attach_or_launch(self) -> tuple[ServerInfo, bool]:
        """(server, attached): re-attach to a live server, else start one (resuming the store)."""
        info = await self.attach()
        if info is not None:
            return info, True
        return await self.launch(), False

    async def launch(self) -> ServerInfo:
        """Start the server and wait for its ready line."""
        if self.options is None:
            self.options = LaunchOptions()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.options.blacklist_rules is not None:
            blacklist = self.data_dir / BLACKLIST_FILE
            text = json.dumps(self.options.blacklist_rules, indent=1)
            blacklist.write_text(text, encoding="utf-8")
            self.options = replace(self.options, blacklist=blacklist, blacklist_rules=None)
        stdout_path = self.data_dir / SERVER_STDOUT
        env = server_env(self.admin_key)
        cmd = [*host_command(), *self.options.argv(self.data_dir)]
        with open(stdout_path, "wb") as out, open(self.data_dir / SERVER_LOG, "ab") as err:
            self._popen = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,
                cwd=str(self.data_dir),
            )
        line = await self._wait_ready_line(stdout_path, READY_TIMEOUT_S)
        record = json.loads(line)
        self.info = ServerInfo.from_record(record, self.data_dir)
        self.ready_text = line
        return self.info

    async def _wait_ready_line(self, stdout_path: Path, timeout_s: float) -> str:
        assert self._popen is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in _lines(stdout_path):
                with contextlib.suppress(ValueError):
                    if json.loads(line).get("event") == "ready":
                        return line
            code = self._popen.poll()
            if code is not None:
                error = WrongAdminKey if code == EXIT_WRONG_ADMIN_KEY else ServerStartError
                raise error("The room server stopped while starting:\n" + self.log_tail())
            await asyncio.sleep(0.05)
        self._popen.kill()
        raise ServerStartError("The room server did not start within 30 seconds.")

    def log_tail(self, lines: int = 12) -> str:
        try:
            text = (self.data_dir / SERVER_LOG).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    def process_alive(self) -> bool:
        if self._popen is not None:
            return self._popen.poll() is None
        return self.info is not None and pid_alive(self.info.pid)

    async def is_running(self) -> bool:
        """True if the server process lives and answers."""
        if self.info is None or not self.process_alive():
            return False
        return await hello_answers(self.info.port, self.info.fingerprint)

    async def restart(self) -> ServerInfo:
        """Start the server again on the same data folder; it resumes the room from its store."""
        if self.process_alive():
            await self.stop()
        if self.info is not None:  # the port students already typed, if it is still free
            self.options = replace(self.options or LaunchOptions(), port=self.info.port)
        return await self.launch()

    async def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """Ask the server to stop (SIGTERM) and wait for it; kill it if it hangs."""
        pid = self._popen.pid if self._popen is not None else (self.info.pid if self.info else None)
        if pid is None or not self.process_alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while self.process_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.process_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if line.startswith("{")]
