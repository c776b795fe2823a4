"""Linux network namespaces through iproute2: made, linked by a veth pair, and removed.

The network check uses them to try the host's port from "another computer" (a namespace with
its own interface, so the connection arrives over a network interface, through the firewall,
not over loopback); tests use them to put a host and a student on two sides of one veth.

Everything needs Linux, the `ip` command and administrator rights (CAP_NET_ADMIN and
CAP_SYS_ADMIN); `unavailable_reason()` says in a sentence when they are missing.
A socket made with `socket_in_namespace` lives in that namespace whatever thread uses it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

IP_TIMEOUT_S = 10.0
CLONE_NEWNET = 0x40000000
NETNS_DIR = "/run/netns"


class NamespaceError(RuntimeError):
    """An iproute2 command failed; the message carries its error output."""


def unavailable_reason() -> str | None:
    """None if this process can make network namespaces, else why not (a sentence)."""
    if not sys.platform.startswith("linux"):
        return "Network namespaces exist on Linux only."
    if shutil.which("ip") is None:
        return "The `ip` command (iproute2) is not installed."
    if os.geteuid() != 0:
        return "Making a network namespace needs administrator rights (root)."
    return None


def ip(*args: str, namespace: str | None = None) -> str:
    """Run `ip [-n namespace] args...`; its output, or NamespaceError with its error text."""
    argv = ["ip", *(["-n", namespace] if namespace else []), *args]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=IP_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NamespaceError(f"{' '.join(argv)}: {exc}") from exc
    if done.returncode != 0:
        raise NamespaceError(f"{' '.join(argv)}: {done.stderr.strip() or done.returncode}")
    return done.stdout


def add_namespace(name: str) -> None:
    ip("netns", "add", name)
    ip("link", "set", "lo", "up", namespace=name)


def delete_namespace(name: str) -> None:
    """Remove a namespace (and the veth ends in it); no error if it is already gone."""
    if os.path.exists(os.path.join(NETNS_DIR, name)):
        with contextlib.suppress(NamespaceError):
            ip("netns", "del", name)


def namespaces() -> list[str]:
    try:
        return sorted(os.listdir(NETNS_DIR))
    except OSError:
        return []


@dataclass(frozen=True)
class VethEnd:
    namespace: str | None  # None: the namespace this process runs in
    device: str
    address: str  # with its prefix length, e.g. 198.18.7.1/30


def add_veth(a: VethEnd, b: VethEnd) -> None:
    """A veth pair between two namespaces, each end with its address, both up."""
    args = ["link", "add", a.device, "type", "veth", "peer", "name", b.device]
    if b.namespace:
        args += ["netns", b.namespace]
    ip(*args, namespace=a.namespace)
    for end in (a, b):
        ip("addr", "add", end.address, "dev", end.device, namespace=end.namespace)
        ip("link", "set", end.device, "up", namespace=end.namespace)


def add_route(destination: str, via: str, *, namespace: str | None) -> None:
    ip("route", "add", destination, "via", via, namespace=namespace)


def run_in(namespace: str, argv: Sequence[str]) -> list[str]:
    """The argv that runs a command inside a namespace (for subprocess)."""
    return ["ip", "netns", "exec", namespace, *argv]


def socket_in_namespace(
    namespace: str, family: int = socket.AF_INET, kind: int = socket.SOCK_STREAM
) -> socket.socket:
    """A new socket in that namespace. A short-lived thread enters the namespace (setns
    changes only the calling thread), makes the socket and ends."""
    made: list[socket.socket] = []
    failed: list[BaseException] = []

    def enter_and_make() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = os.open(os.path.join(NETNS_DIR, namespace), os.O_RDONLY)
            try:
                if libc.setns(fd, CLONE_NEWNET) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, f"cannot enter namespace {namespace}: {os.strerror(err)}")
            finally:
                os.close(fd)
            made.append(socket.socket(family, kind))
        except BaseException as exc:
            failed.append(exc)

    worker = threading.Thread(target=enter_and_make, name=f"netns-{namespace}", daemon=True)
    worker.start()
    worker.join(IP_TIMEOUT_S)
    if failed:
        raise failed[0]
    if not made:
        raise OSError(f"could not make a socket in namespace {namespace}")
    return made[0]
