"""The network check: which address students will use, whether the room's port answers there
(from this computer and from another network namespace), and what to do when it does not.

`check_network(...)` returns a `NetworkReport`: the address and interface, the probes,
findings (`Finding`: ok / warning / problem, each a sentence) and plain-language fixes
(`Fix`: a title and steps, for this computer's system and for the hall's network).
`python -m proctor.common.netcheck --port N [--bind ADDR] [--fingerprint FP]` prints it as JSON.

What no check from the proctor's computer can see: whether the Wi-Fi keeps laptops apart
(client isolation) or puts students on another VLAN. The report says so, and the fixes cover
them; one student joining first is the real test.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import sys
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from proctor.common.beacon import BEACON_PORT
from proctor.common.netprobe import PortProbe, probe_from_outside, probe_port
from proctor.common.netutil import lan_addresses

Level = Literal["ok", "warning", "problem"]
MDNS_PORT = 5353
_VPN_PREFIXES = ("tun", "tap", "wg", "ppp", "utun", "ipsec", "zt", "tailscale", "nordlynx")


@dataclass(frozen=True)
class Finding:
    code: str
    level: Level
    message: str


@dataclass(frozen=True)
class Fix:
    code: str
    title: str
    steps: tuple[str, ...]
    platform: str | None = None  # "win32", "darwin", "linux"; None: the network, any system


@dataclass(frozen=True)
class NetworkReport:
    address: str | None  # the address students should use
    interface: str | None
    port: int
    tls: bool
    fingerprint: str | None
    candidates: tuple[tuple[str, str], ...]  # every (address, interface) of this computer
    here: PortProbe  # from this computer
    outside: PortProbe  # from another network namespace (stage "skipped" when not possible)
    findings: tuple[Finding, ...]
    fixes: tuple[Fix, ...]
    blind_spots: str = field(
        default=(
            "No check from this computer can tell whether the Wi-Fi keeps laptops apart "
            "(client isolation) or puts students on another network (VLAN): ask one student "
            "to join first."
        )
    )

    @property
    def ok(self) -> bool:
        return all(f.level != "problem" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def student_address(bind: str) -> tuple[str, str] | None:
    """(address, interface) students will use: the bound address, or for 0.0.0.0 the most
    likely LAN address (netutil's order); None if this computer has only loopback."""
    candidates = lan_addresses()
    if bind not in ("", "0.0.0.0"):
        for address, iface in candidates:
            if address == bind:
                return address, iface
        return (bind, "lo") if bind.startswith("127.") else None
    for address, iface in candidates:
        if not ipaddress.IPv4Address(address).is_loopback:
            return address, iface
    return None


def fixes_for(platform: str, port: int) -> list[Fix]:
    """The fixes worth showing on this system, then those for the hall's network."""
    fixes: list[Fix] = []
    if platform == "win32":
        fixes += [
            Fix(
                "windows_private_network",
                "Windows: mark the hall's network as Private",
                (
                    "Open Settings > Network & internet > Wi-Fi (or Ethernet), then the hall "
                    "network's properties.",
                    "Set Network profile type to Private network.",
                    "On a Public network Windows blocks other computers from reaching Proctor, "
                    "even when Proctor is allowed in the firewall.",
                ),
                "win32",
            ),
            Fix(
                "windows_firewall_rule",
                f"Windows: let students reach port {port}",
                (
                    "When Windows asks whether to allow Proctor, tick Private networks and "
                    "choose Allow.",
                    "Or open PowerShell as administrator and run: New-NetFirewallRule "
                    f'-DisplayName "Proctor room" -Direction Inbound -Protocol TCP '
                    f"-LocalPort {port} -Action Allow -Profile Private",
                ),
                "win32",
            ),
        ]
    elif platform == "darwin":
        fixes.append(
            Fix(
                "macos_firewall",
                "macOS: allow incoming connections for Proctor",
                (
                    "Open System Settings > Network > Firewall > Options.",
                    "Add Proctor and set it to Allow incoming connections.",
                ),
                "darwin",
            )
        )
    elif platform.startswith("linux"):
        fixes.append(
            Fix(
                "linux_firewall",
                f"Linux: open TCP port {port} in the firewall",
                (
                    f"With ufw: sudo ufw allow {port}/tcp",
                    f"With firewalld: sudo firewall-cmd --add-port={port}/tcp "
                    "(add --permanent to keep it after a restart)",
                ),
                "linux",
            )
        )
    fixes += [
        Fix(
            "client_isolation",
            "Wi-Fi that keeps laptops apart (client isolation)",
            (
                "Campus, guest and hotel Wi-Fi, and some hotspots, stop laptops from reaching "
                "one another; this is called client or AP isolation.",
                "Use a router or access point you control with isolation off, or ask IT to "
                "turn it off for the hall's network.",
                "A phone hotspot may do for a small room: try it with one student first.",
            ),
        ),
        Fix(
            "other_network",
            "Students on another network (VLAN)",
            (
                "Students on another Wi-Fi name, or on cable while you are on Wi-Fi, may be on "
                "another network: they hear no room, and the typed address works only if the "
                "two networks are routed to each other.",
                "Put everyone, the proctor included, on the same Wi-Fi or the same switch.",
            ),
        ),
        Fix(
            "students_discovery",
            "Students' laptops: let Proctor hear rooms",
            (
                f"Finding rooms without typing needs incoming UDP port {BEACON_PORT} (the "
                f"room's beacon) and {MDNS_PORT} (mDNS) on students' laptops; allow Proctor "
                "when their firewall asks.",
                "Without them students type the address and join code from the projector; "
                "that always works when the port is reachable.",
            ),
        ),
    ]
    return fixes


def findings_for(
    bind: str,
    chosen: tuple[str, str] | None,
    candidates: list[tuple[str, str]],
    here: PortProbe,
    outside: PortProbe,
    port: int,
) -> list[Finding]:
    found: list[Finding] = []
    if chosen is None:
        found.append(
            Finding(
                "no_network",
                "problem",
                "This computer has no network address students can use: join the hall's "
                "Wi-Fi or plug in its network cable.",
            )
        )
        return found
    address, iface = chosen
    ip = ipaddress.IPv4Address(address)
    if ip.is_loopback:
        found.append(
            Finding(
                "loopback_only",
                "problem",
                f"The room listens on {address}, this computer only: start it with another "
                "--bind (or none) so students can reach it.",
            )
        )
    elif ip.is_link_local:
        found.append(
            Finding(
                "link_local",
                "warning",
                f"{address} is an address a computer gives itself when no router answers: "
                "students reach it only on the same cable or switch.",
            )
        )
    elif not ip.is_private:
        found.append(
            Finding(
                "public_address",
                "warning",
                f"{address} is not a private LAN address: check that students are on the "
                "same network as this computer.",
            )
        )
    if iface.lower().startswith(_VPN_PREFIXES):
        found.append(
            Finding(
                "vpn_interface",
                "warning",
                f"{iface} looks like a VPN: students need the address of the hall's Wi-Fi or "
                "cable instead; turn the VPN off or choose it with --bind.",
            )
        )
    others = [
        (a, i) for a, i in candidates if a != address and not ipaddress.IPv4Address(a).is_loopback
    ]
    if others and bind in ("", "0.0.0.0"):
        listed = ", ".join(f"{a} ({i})" for a, i in others)
        found.append(
            Finding(
                "several_networks",
                "warning",
                f"This computer is on several networks; students should use {address} "
                f"({iface}). Other addresses: {listed}. If students are on another of them, "
                "give them that address.",
            )
        )
    if here.ok:
        found.append(Finding("port_here", "ok", here.message))
    else:
        found.append(Finding("port_here", "problem", here.message))
    if outside.stage == "skipped":
        found.append(
            Finding(
                "port_outside_unchecked",
                "warning",
                f"Not checked from another network: {outside.message}",
            )
        )
    elif outside.ok:
        found.append(
            Finding(
                "port_outside",
                "ok",
                "The port answers from another network namespace, through the firewall.",
            )
        )
    elif here.ok:
        found.append(
            Finding(
                "firewall_blocks",
                "problem",
                f"The room answers on this computer but not from another network: the firewall "
                f"blocks port {port}. ({outside.message})",
            )
        )
    else:
        found.append(Finding("port_outside", "problem", outside.message))
    return found


async def check_network(
    bind: str,
    port: int,
    *,
    fingerprint: str | None,
    outside: bool = True,
    platform: str = sys.platform,
    timeout_s: float = 3.0,
) -> NetworkReport:
    """The whole check for a room served on bind:port (TLS pinned to `fingerprint`, or plain
    HTTP when None). `outside=False` skips the probe from another namespace."""
    candidates = lan_addresses()
    chosen = student_address(bind)
    target = chosen[0] if chosen else "127.0.0.1"
    here = await probe_port(target, port, fingerprint=fingerprint, timeout_s=timeout_s)
    if not outside:
        far = PortProbe(False, "skipped", "not asked for", 0.0, None, "another network namespace")
    else:
        far = await probe_from_outside(target, port, fingerprint=fingerprint, timeout_s=timeout_s)
    return NetworkReport(
        address=chosen[0] if chosen else None,
        interface=chosen[1] if chosen else None,
        port=port,
        tls=fingerprint is not None,
        fingerprint=fingerprint,
        candidates=tuple(candidates),
        here=here,
        outside=far,
        findings=tuple(findings_for(bind, chosen, candidates, here, far, port)),
        fixes=tuple(fixes_for(platform, port)),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check that students can reach a room.")
    parser.add_argument("--bind", default="0.0.0.0")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fingerprint", default=None, help="the room's (omit for plain HTTP)")
    parser.add_argument("--no-outside", action="store_true", help="skip the namespace probe")
    args = parser.parse_args(argv)
    report = asyncio.run(
        check_network(
            args.bind, args.port, fingerprint=args.fingerprint, outside=not args.no_outside
        )
    )
    print(json.dumps(report.to_dict()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
