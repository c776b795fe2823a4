"""Servers listening on the student's computer: remote-control tools and local AI model servers.

A listening TCP socket is matched to a known service in one of two ways:
- by its owner: the program (name, program file or command line) is a known server, e.g.
  `ollama`, `rustdesk`, `python server.py` inside `text-generation-webui`. That is certain, on
  whatever port it listens;
- by its port alone, when the owner is another program or cannot be read (another user's or the
  system's process): only "suspected", since developers' tools use the same ports (1234, 7860).
  Some default ports are too common to mean anything alone (8080 is Proctor's own default, and
  every web framework's; 5000 is Flask's and macOS AirPlay's; 8000, 4000, 5001): those count
  only with a known owner.
Assistive technology is never reported, and nor is this process.

`ListenerWatch.check()` returns incidents as episodes: `local_ai_server` / `remote_control_port`
(or their `_suspected` forms) when a service starts listening, `..._cleared` when it stops.

Listing sockets with their owners is expensive (psutil walks every process's open files: ~10-30
ms), so it runs on a slow cadence (the monitor's, 15 s) and, on Linux, only when the set of
listening sockets in /proc/net/tcp{,6} (a cheap read) has changed since the last look.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psutil

from proctor.shield.assistive import is_assistive
from proctor.shield.names import base_name, normalise_name

AI_KIND = "local_ai_server"
REMOTE_KIND = "remote_control_port"
SUSPECTED = "_suspected"
CLEARED = "_cleared"


@dataclass(frozen=True)
class Service:
    name: str
    kind: str  # AI_KIND or REMOTE_KIND
    ports: frozenset[int]  # where it listens out of the box
    suspect_ports: frozenset[int]  # ports that are suspicious even when the owner is unknown
    owners: frozenset[str] = frozenset()  # normalised program names
    cmdline: tuple[str, ...] = ()  # case-folded fragments of the command line


def _service(
    name: str,
    kind: str,
    ports: Iterable[int],
    owners: Iterable[str] = (),
    cmdline: Iterable[str] = (),
    port_alone: bool | Iterable[int] = True,
) -> Service:
    """`port_alone`: whether its ports are suspicious with an unknown owner (True: all of them;
    or which ones)."""
    ports = frozenset(ports)
    if isinstance(port_alone, bool):
        suspect = ports if port_alone else frozenset()
    else:
        suspect = frozenset(port_alone)
    return Service(
        name,
        kind,
        ports,
        suspect,
        frozenset(normalise_name(o) for o in owners),
        tuple(f.casefold() for f in cmdline),
    )


SERVICES: tuple[Service, ...] = (
    # local AI model servers
    _service("Ollama", AI_KIND, [11434], ["ollama", "ollama app", "ollama_llama_server"]),
    _service("LM Studio", AI_KIND, [1234], ["LM Studio", "lm-studio", "lmstudio"]),
    _service("GPT4All", AI_KIND, [4891], ["gpt4all"]),
    _service("Jan", AI_KIND, [1337], ["jan", "cortex-server"]),
    _service(
        "text-generation-webui",
        AI_KIND,
        [7860, 5000],
        cmdline=["text-generation-webui", "oobabooga"],
        port_alone=[7860],  # 5000, its API's, is Flask's default and macOS AirPlay's
    ),
    _service(
        "llama.cpp server",
        AI_KIND,
        [8080],
        ["llama-server", "llama-cpp-server", "llamafile"],
        ["llama_cpp.server", "llama-server", ".llamafile"],
        port_alone=False,
    ),
    _service("LocalAI", AI_KIND, [8080], ["local-ai", "localai"], port_alone=False),
    _service("KoboldCpp", AI_KIND, [5001], ["koboldcpp"], ["koboldcpp"], port_alone=False),
    _service("vLLM", AI_KIND, [8000], ["vllm"], ["vllm.entrypoints", "vllm serve"], False),
    # remote control
    _service(
        "Remote Desktop (RDP)",
        REMOTE_KIND,
        [3389],
        ["xrdp", "gnome-remote-desktop-daemon", "krdpserver", "freerdp-shadow-cli"],
    ),
    _service(
        "VNC",
        REMOTE_KIND,
        range(5900, 5911),
        [
            "x11vnc",
            "Xvnc",
            "Xtigervnc",
            "x0vncserver",
            "vino-server",
            "wayvnc",
            "krfb",
            "winvnc",
            "winvnc4",
            "tvnserver",
            "vncserver-x11-core",
            "vncserver-x11",
            "screensharingd",
            "ARDAgent",
        ],
    ),
    _service(
        "TeamViewer", REMOTE_KIND, [5938], ["TeamViewer", "teamviewerd", "TeamViewer_Service"]
    ),
    _service("AnyDesk", REMOTE_KIND, [7070], ["AnyDesk"]),
    _service("RustDesk", REMOTE_KIND, range(21115, 21120), ["rustdesk", "hbbs", "hbbr"]),
    _service("NoMachine", REMOTE_KIND, [4000], ["nxd", "nxserver", "nxnode"], port_alone=False),
)

_BY_OWNER = {owner: s for s in SERVICES for owner in s.owners}
_BY_SUSPECT_PORT: dict[int, Service] = {}
for _s in SERVICES:
    for _p in _s.suspect_ports:
        _BY_SUSPECT_PORT.setdefault(_p, _s)
# Programs whose command line is worth reading: interpreters that run servers written for them.
_INTERPRETERS = ("python", "node", "bun", "deno", "java", "uv", "conda")


@dataclass(frozen=True)
class Listener:
    address: str
    port: int
    pid: int | None


@dataclass(frozen=True)
class Owner:
    name: str
    exe: str
    cmdline: str


@dataclass
class Finding:
    service: Service
    suspected: bool
    ports: set[int] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    pids: set[int] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, bool]:
        return self.service.name, self.suspected

    @property
    def kind(self) -> str:
        return self.service.kind + (SUSPECTED if self.suspected else "")

    def detail(self) -> dict[str, Any]:
        ports = sorted(self.ports)
        where = ", ".join(str(p) for p in ports)
        plural = "s" if len(ports) > 1 else ""
        what = "local AI model server" if self.service.kind == AI_KIND else "remote control"
        if self.suspected:
            owner = ", ".join(sorted(self.programs)) or "a program that could not be identified"
            message = (
                f"Something listens on port{plural} {where}, the port{plural} "
                f"{self.service.name} ({what}) uses; owner: {owner}."
            )
        else:
            message = f"{self.service.name} ({what}) is listening on port{plural} {where}."
        loopback = all(_is_loopback(a) for a in self.addresses)
        return {
            "name": self.service.name,
            "suspected": self.suspected,
            "ports": ports,
            "addresses": sorted(self.addresses),
            "loopback_only": loopback,
            "pids": sorted(self.pids),
            "programs": sorted(self.programs),
            "reasons": list(dict.fromkeys(self.reasons)),
            "message": message,
        }


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def match_listener(listener: Listener, owner: Owner | None) -> tuple[Service, bool, str] | None:
    """(service, suspected, why) for one listening socket, or None when it means nothing."""
    if owner is not None:
        if is_assistive(owner.name, owner.exe):
            return None
        for candidate in (owner.name, base_name(owner.exe) if owner.exe else ""):
            service = _BY_OWNER.get(normalise_name(candidate)) if candidate else None
            if service is not None:
                return service, False, f"program {candidate}"
        cmdline = owner.cmdline.casefold()
        if cmdline:
            for service in SERVICES:
                for fragment in service.cmdline:
                    if fragment in cmdline:
                        return service, False, f"command line contains {fragment}"
    service = _BY_SUSPECT_PORT.get(listener.port)
    if service is None:
        return None
    return service, True, f"port {listener.port}"


class ListenerWatch:
    """Finds known services among this computer's listening sockets; call `check()` from one
    thread. `listing` counts the expensive listings with owners (for the cost report)."""

    def __init__(self) -> None:
        self._me = os.getpid()
        self._table: frozenset[tuple[str, int, int]] | None = None
        self._listeners: list[Listener] = []
        self._owners: dict[int, tuple[float, Owner | None]] = {}  # pid -> (create_time, owner)
        self.open: dict[tuple[str, bool], tuple[str, dict[str, Any], float]] = {}
        self.listings = 0

    def check(self, now: float | None = None) -> list[tuple[str, dict[str, Any]]]:
        """One look: incidents for services that started or stopped listening since the last."""
        now = time.time() if now is None else now
        findings = self.findings()
        incidents: list[tuple[str, dict[str, Any]]] = []
        for key in [k for k in self.open if k not in findings]:
            kind, detail, since = self.open.pop(key)
            base = kind.removesuffix(SUSPECTED)
            cleared = dict(detail, duration_s=round(max(0.0, now - since), 1))
            cleared["message"] = f"{detail['name']} no longer listens."
            incidents.append((base + CLEARED, cleared))
        for key, finding in findings.items():
            if key not in self.open:
                detail = finding.detail()
                detail["since_ms"] = int(now * 1000)
                self.open[key] = (finding.kind, detail, now)
                incidents.append((finding.kind, detail))
        return incidents

    def findings(self) -> dict[tuple[str, bool], Finding]:
        found: dict[tuple[str, bool], Finding] = {}
        for listener in self.listeners():
            if listener.pid == self._me:
                continue
            owner = self._owner(listener.pid) if listener.pid else None
            matched = match_listener(listener, owner)
            if matched is None:
                continue
            service, suspected, why = matched
            finding = found.setdefault((service.name, suspected), Finding(service, suspected))
            finding.ports.add(listener.port)
            finding.addresses.add(listener.address)
            finding.reasons.append(why)
            if listener.pid:
                finding.pids.add(listener.pid)
            if owner is not None and owner.name:
                finding.programs.add(owner.name)
        # A certain finding of a service makes the suspected one about the same ports redundant.
        for (name, suspected), finding in list(found.items()):
            certain = found.get((name, False))
            if suspected and certain is not None and finding.ports <= certain.ports:
                del found[(name, suspected)]
        return found

    # -- the sockets ------------------------------------------------------------------------

    def listeners(self) -> list[Listener]:
        """Listening TCP sockets with their owners' PIDs (None where the OS does not say)."""
        if _LINUX_TABLES:
            table = _linux_listen_table()
            if table == self._table:
                return self._listeners
            self._table = table
        self._listeners = _listeners_with_owners()
        self.listings += 1
        return self._listeners

    def _owner(self, pid: int) -> Owner | None:
        try:
            proc = psutil.Process(pid)
            created = proc.create_time()
            cached = self._owners.get(pid)
            if cached is not None and cached[0] == created:
                return cached[1]
            with proc.oneshot():
                name = proc.name()
                try:
                    exe = proc.exe()
                except (psutil.AccessDenied, psutil.ZombieProcess, OSError):
                    exe = ""
                cmdline = ""
                if any(normalise_name(name).startswith(p) for p in _INTERPRETERS):
                    try:
                        cmdline = " ".join(proc.cmdline())
                    except (psutil.AccessDenied, psutil.ZombieProcess, OSError):
                        pass
            owner = Owner(name, exe, cmdline)
        except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
            return None
        if len(self._owners) > 512:  # forget the dead now and then
            alive = set(psutil.pids())
            self._owners = {p: v for p, v in self._owners.items() if p in alive}
        self._owners[pid] = (created, owner)
        return owner


_LINUX_TABLES = sys.platform.startswith("linux") and os.path.exists("/proc/net/tcp")
_LISTEN_STATE = b"0A"


def _linux_listen_table() -> frozenset[tuple[str, int, int]]:
    """(address, port, socket inode) of every listening TCP socket in this network namespace."""
    rows: set[tuple[str, int, int]] = set()
    for path, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        for line in data.splitlines()[1:]:
            head = line.split(None, 4)
            if len(head) < 5 or head[3] != _LISTEN_STATE:
                continue
            fields = line.split()
            try:
                address, port = _decode_address(fields[1], v6)
                rows.add((address, port, int(fields[9])))
            except (ValueError, IndexError):
                continue
    return frozenset(rows)


def _decode_address(text: bytes, v6: bool) -> tuple[str, int]:
    """`0100007F:1F90` -> ("127.0.0.1", 8080): the kernel prints each 32-bit word in host order."""
    hex_address, hex_port = text.split(b":")
    raw = bytes.fromhex(hex_address.decode())
    if sys.byteorder == "little":
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.IPv6Address(raw) if v6 else ipaddress.IPv4Address(raw)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped), int(hex_port, 16)
    return str(address), int(hex_port, 16)


def _listeners_with_owners() -> list[Listener]:
    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:  # macOS without root: each of our own processes, one by one
        return _own_processes_listeners()
    return [
        Listener(c.laddr.ip, c.laddr.port, c.pid)
        for c in connections
        if c.status == psutil.CONN_LISTEN and c.laddr
    ]


def _own_processes_listeners() -> list[Listener]:
    out: list[Listener] = []
    for proc in psutil.process_iter():
        try:
            for c in proc.net_connections(kind="tcp"):
                if c.status == psutil.CONN_LISTEN and c.laddr:
                    out.append(Listener(c.laddr.ip, c.laddr.port, proc.pid))
        except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
            continue
    return out
