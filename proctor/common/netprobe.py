"""Can a student's laptop reach the host's port? A probe that answers that, step by step.

`probe_port` connects to address:port, does the TLS handshake and checks the certificate's
fingerprint (when one is given), then asks `GET /api/v1/hello` and checks that a Proctor host
answers. It reports the step it got to and a sentence for the proctor (`PortProbe`).

`probe_from_outside` runs the same probe from another network namespace joined to this one by
a veth pair (Linux, as root): the connection then arrives over a network interface and passes
the firewall, as a student's would, instead of taking the loopback shortcut. Its addresses are
a /30 from 198.18.0.0/15 (the range kept for network tests), removed when it is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import json
import os
import secrets
import socket
import ssl
import time
from dataclasses import asdict, dataclass
from typing import Any, Literal

import psutil

from proctor.common import netns
from proctor.common.tls import fingerprint_of_der, handshake_only_context, normalize_fingerprint

PROBE_TIMEOUT_S = 3.0
MAX_HELLO_BYTES = 64 * 1024
TEST_RANGE = ipaddress.IPv4Network("198.18.0.0/15")
PROBE_PREFIX = "proctor-probe-"

Stage = Literal["connect", "tls", "pin", "hello", "ok", "skipped"]


@dataclass(frozen=True)
class PortProbe:
    ok: bool
    stage: Stage  # how far it got: the step that failed, or "ok"
    message: str  # a sentence for the proctor
    elapsed_ms: float
    fingerprint_seen: str | None = None
    from_where: str = "this computer"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _connect_failure(exc: BaseException, address: str, port: int) -> str:
    code = getattr(exc, "errno", None)
    if isinstance(exc, TimeoutError) or code == errno.ETIMEDOUT:
        return (
            f"No answer from {address}:{port}: a firewall drops the connection, or that "
            "address is not on this network."
        )
    if code == errno.ECONNREFUSED:
        return (
            f"Nothing listens on {address}:{port}: is the room running, and listening on that "
            "address (not only on 127.0.0.1)?"
        )
    if code in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return f"{address} cannot be reached from here: no route to it."
    return f"Cannot connect to {address}:{port}: {exc}."


def _parse_hello(raw: bytes) -> dict[str, Any] | None:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    parts = status_line.split()
    if len(parts) < 2 or parts[1] != b"200":
        return None
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


async def _ask_hello(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, address: str
) -> dict[str, Any] | None:
    host = f"[{address}]" if ":" in address else address
    writer.write(
        f"GET /api/v1/hello HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n"
        "Connection: close\r\n\r\n".encode("ascii")
    )
    await writer.drain()
    raw = b""
    while len(raw) <= MAX_HELLO_BYTES:
        chunk = await reader.read(8192)
        if not chunk:
            break
        raw += chunk
    return _parse_hello(raw)


async def probe_port(
    address: str,
    port: int,
    *,
    fingerprint: str | None,
    timeout_s: float = PROBE_TIMEOUT_S,
    sock: socket.socket | None = None,
    from_where: str = "this computer",
) -> PortProbe:
    """Probe the room at address:port (TLS pinned to `fingerprint`, or plain HTTP if None).
    `sock`, if given, is an unconnected TCP socket to use (one made in another namespace)."""
    started = time.perf_counter()
    expected = normalize_fingerprint(fingerprint) if fingerprint else None

    def result(ok: bool, stage: Stage, message: str, seen: str | None = None) -> PortProbe:
        elapsed = (time.perf_counter() - started) * 1000
        return PortProbe(ok, stage, message, round(elapsed, 1), seen, from_where)

    loop = asyncio.get_running_loop()
    own = sock or socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    own.setblocking(False)
    try:
        try:
            async with asyncio.timeout(timeout_s):
                await loop.sock_connect(own, (address, port))
        except (OSError, TimeoutError) as exc:
            return result(False, "connect", _connect_failure(exc, address, port))
        context = handshake_only_context() if expected else None
        try:
            async with asyncio.timeout(timeout_s):
                reader, writer = await asyncio.open_connection(
                    sock=own, ssl=context, server_hostname="" if context else None
                )
        except (OSError, TimeoutError) as exc:
            return result(
                False,
                "tls",
                f"{address}:{port} answers, but not over TLS ({exc.__class__.__name__}): is "
                "another program using that port, or the room started with --insecure-http?",
            )
        own = None  # type: ignore[assignment]  # the writer owns it now
        try:
            seen = None
            if expected:
                ssl_object = writer.get_extra_info("ssl_object")
                der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
                seen = fingerprint_of_der(der) if der else None
                if seen != expected:
                    return result(
                        False,
                        "pin",
                        f"{address}:{port} presents another certificate than this room's: "
                        "another program or computer answers there.",
                        seen,
                    )
            try:
                async with asyncio.timeout(timeout_s):
                    hello = await _ask_hello(reader, writer, address)
            except (OSError, TimeoutError):
                hello = None
            if hello is None or hello.get("app") != "proctor":
                return result(
                    False,
                    "hello",
                    f"Something answers on {address}:{port}, but not a Proctor room.",
                    seen,
                )
            return result(True, "ok", f"The room answers at {address}:{port}.", seen)
        finally:
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
                async with asyncio.timeout(1.0):
                    await writer.wait_closed()
    finally:
        if own is not None:
            own.close()


def _free_subnet() -> ipaddress.IPv4Network:
    used = [
        ipaddress.IPv4Address(a.address)
        for addrs in psutil.net_if_addrs().values()
        for a in addrs
        if a.family == socket.AF_INET
    ]
    subnets = list(TEST_RANGE.subnets(new_prefix=30))
    for _ in range(64):
        candidate = subnets[secrets.randbelow(len(subnets))]
        if not any(address in candidate for address in used):
            return candidate
    raise netns.NamespaceError("no free /30 left in 198.18.0.0/15 on this computer")


def _remove_stale_probe_namespaces() -> None:
    """Namespaces left by a check whose process died before it could remove them."""
    for existing in netns.namespaces():
        pid = existing.removeprefix(PROBE_PREFIX).split("-")[0]
        if existing.startswith(PROBE_PREFIX) and pid.isdigit() and not psutil.pid_exists(int(pid)):
            netns.delete_namespace(existing)


async def probe_from_outside(
    address: str, port: int, *, fingerprint: str | None, timeout_s: float = PROBE_TIMEOUT_S
) -> PortProbe:
    """Probe from a temporary namespace linked to this one, or a `skipped` result saying why
    this computer cannot (not Linux, not root, no iproute2)."""
    reason = netns.unavailable_reason()
    if reason is None and ipaddress.IPv4Address(address).is_loopback:
        reason = f"{address} is this computer's loopback: no other computer can use it."
    if reason is not None:
        return PortProbe(False, "skipped", reason, 0.0, None, "another network namespace")
    _remove_stale_probe_namespaces()
    tag = secrets.token_hex(4)
    name, here_dev, there_dev = f"{PROBE_PREFIX}{os.getpid()}-{tag}", f"prbh{tag}", f"prbs{tag}"
    subnet = _free_subnet()
    here_ip, there_ip = (str(h) for h in subnet.hosts())
    loop = asyncio.get_running_loop()

    def build() -> socket.socket:
        netns.add_namespace(name)
        netns.add_veth(
            netns.VethEnd(None, here_dev, f"{here_ip}/30"),
            netns.VethEnd(name, there_dev, f"{there_ip}/30"),
        )
        netns.add_route(f"{address}/32", here_ip, namespace=name)
        return netns.socket_in_namespace(name)

    try:
        try:
            sock = await loop.run_in_executor(None, build)
        except (netns.NamespaceError, OSError) as exc:
            return PortProbe(
                False,
                "skipped",
                f"The check from another network could not be set up: {exc}",
                0.0,
                None,
                "another network namespace",
            )
        return await probe_port(
            address,
            port,
            fingerprint=fingerprint,
            timeout_s=timeout_s,
            sock=sock,
            from_where="another network namespace",
        )
    finally:
        await loop.run_in_executor(None, netns.delete_namespace, name)
