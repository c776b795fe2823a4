"""The addresses students can reach this machine at, the most likely first."""

from __future__ import annotations

import ipaddress
import socket

import psutil


def _default_gateway_interfaces() -> set[str]:
    try:
        import netifaces

        gateways = netifaces.gateways()
        default = gateways.get("default", {})
        if not isinstance(default, dict):
            return set()
        entry = default.get(netifaces.AF_INET)
        return {entry[1]} if entry else set()
    except Exception:  # the gateway is only a hint for the order
        return set()


def lan_addresses() -> list[tuple[str, str]]:
    """(address, interface) pairs for IPv4: the default route's interface first, then other
    private addresses, then the rest; link-local and loopback last."""
    preferred = _default_gateway_interfaces()
    found: list[tuple[int, str, str]] = []
    for iface, addrs in psutil.net_if_addrs().items():
        for addr in addrs:
            if addr.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(addr.address)
            if ip.is_loopback:
                rank = 4
            elif ip.is_link_local:
                rank = 3
            elif iface in preferred:
                rank = 0
            elif ip.is_private:
                rank = 1
            else:
                rank = 2
            found.append((rank, addr.address, iface))
    found.sort(key=lambda item: (item[0], item[2], item[1]))
    result = [(address, iface) for _, address, iface in found]
    if not any(a == "127.0.0.1" for a, _ in result):
        result.append(("127.0.0.1", "lo"))
    return result


def student_urls(bind: str, port: int) -> list[str]:
    if bind in ("0.0.0.0", "", "::"):
        addresses = [a for a, _ in lan_addresses()]
    else:
        addresses = [bind]
    return [f"http://{a}:{port}" for a in addresses]
