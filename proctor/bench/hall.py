"""`proctor bench --hall`: the host behind a shaped link, as in a real hall.

The bench makes two network namespaces joined by one veth pair: the host's side
(198.19.0.1) and the students' side (198.19.0.2), both in the benchmarking range
(RFC 2544), so nothing else on the machine is touched. Each end's egress is shaped with a
token bucket (`tc qdisc add dev X root tbf rate 100mbit burst 32kbit latency 50ms`; this
kernel has no netem, and a shared Wi-Fi channel is closer to a rate limit than to a delay).
The host runs in its namespace, the load generator in the students': every byte between them
crosses the shaped link, and the load generator reads the link's byte counters on its side
(`/sys/class/net/DEV/statistics`) around the start and over the steady minute.

Linux only, as root, with iproute2 and tc; `unavailable_reason()` says why not elsewhere.
Namespaces are named `proctor-bench-<pid>-host` / `-stu` and removed when the run ends
(those of a run that died are removed by the next one).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from proctor.common import netns

HOST_IP, STUDENT_IP = "198.19.0.1", "198.19.0.2"
PREFIX = "proctor-bench"
_OURS = re.compile(rf"^{PREFIX}-(\d+)-(host|stu)$")
RATE_PATTERN = re.compile(r"^\d+(?:\.\d+)?(?:bit|kbit|mbit|gbit)$")


def unavailable_reason() -> str | None:
    """Why the hall mode cannot run here, or None."""
    reason = netns.unavailable_reason()
    if reason:
        return reason
    if shutil.which("tc") is None:
        return "the hall mode needs `tc` (iproute2) to shape the link"
    return None


@dataclass(frozen=True)
class Hall:
    host_ns: str
    student_ns: str
    host_device: str
    student_device: str
    rate: str

    def in_host(self, argv: list[str]) -> list[str]:
        return netns.run_in(self.host_ns, argv)

    def in_students(self, argv: list[str]) -> list[str]:
        return netns.run_in(self.student_ns, argv)

    def qdisc(self) -> str:
        """The host side's shaping, as tc reports it (for the result file)."""
        done = subprocess.run(
            netns.run_in(self.host_ns, ["tc", "qdisc", "show", "dev", self.host_device]),
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip()


def _shape(namespace: str, device: str, rate: str) -> None:
    command = ["tc", "qdisc", "add", "dev", device, "root", "tbf", "rate", rate]
    command += ["burst", "32kbit", "latency", "50ms"]
    done = subprocess.run(
        netns.run_in(namespace, command), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise netns.NamespaceError(f"tc could not shape {device}: {done.stderr.strip()}")


def remove_stale() -> None:
    for name in netns.namespaces():
        found = _OURS.match(name)
        if found and not psutil.pid_exists(int(found.group(1))):
            netns.delete_namespace(name)


@contextlib.contextmanager
def shaped_hall(rate: str = "100mbit") -> Iterator[Hall]:
    """Two namespaces on one veth, each end's egress limited to `rate`; removed after."""
    if not RATE_PATTERN.match(rate):
        raise ValueError(f"a tc rate such as 100mbit, not {rate!r}")
    remove_stale()
    base = f"{PREFIX}-{os.getpid()}"
    hall = Hall(f"{base}-host", f"{base}-stu", f"pbh{os.getpid()}", f"pbs{os.getpid()}", rate)
    try:
        netns.add_namespace(hall.host_ns)
        netns.add_namespace(hall.student_ns)
        netns.add_veth(
            netns.VethEnd(hall.host_ns, hall.host_device, f"{HOST_IP}/24"),
            netns.VethEnd(hall.student_ns, hall.student_device, f"{STUDENT_IP}/24"),
        )
        for namespace in (hall.host_ns, hall.student_ns):
            netns.ip("link", "set", "lo", "up", namespace=namespace)
            # No IPv6 on the link: its router and neighbour messages would be counted too.
            subprocess.run(
                netns.run_in(namespace, ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"]),
                capture_output=True,
                check=False,
            )
        _shape(hall.host_ns, hall.host_device, rate)
        _shape(hall.student_ns, hall.student_device, rate)
        yield hall
    finally:
        for namespace in (hall.host_ns, hall.student_ns):
            with contextlib.suppress(Exception):
                netns.delete_namespace(namespace)


def link_bytes(device: str) -> tuple[int, int]:
    """(received, sent) bytes of a network device in this process's namespace."""
    folder = Path("/sys/class/net") / device / "statistics"
    return int((folder / "rx_bytes").read_text()), int((folder / "tx_bytes").read_text())


def tcp_opened() -> int:
    """TCP connections this namespace has opened so far (ActiveOpens in /proc/net/snmp)."""
    lines = [line.split() for line in Path("/proc/net/snmp").read_text().splitlines()]
    heads, values = [row for row in lines if row and row[0] == "Tcp:"][:2]
    return int(values[heads.index("ActiveOpens")])
