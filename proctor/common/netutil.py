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


def student_urls(bind: str, port: int, *, scheme: str = "http") -> list[str]:
    if bind in ("0.0.0.0", "", "::"):
        addresses = [a for a, _ in lan_addresses()]
    else:
        addresses = [bind]
    return [f"{scheme}://{a}:{port}" for a in addresses]


def interface_network(address: str) -> tuple[str, ipaddress.IPv4Network] | None:
    """(interface, network) of the interface holding this IPv4 address, if this machine has it."""
    for iface, addrs in psutil.net_if_addrs().items():
        for addr in addrs:
            if addr.family == socket.AF_INET and addr.address == address:
                netmask = addr.netmask or "255.255.255.255"
                return iface, ipaddress.IPv4Network(f"{address}/{netmask}", strict=False)
    return None


def broadcast_address(address: str) -> str | None:
    """The directed broadcast address of the interface holding `address` (e.g. 10.0.0.255
    for 10.0.0.7/24); None for loopback, a /31 or /32, or an address this machine lacks."""
    found = interface_network(address)
    if found is None:
        return None
    network = found[1]
    if network.prefixlen >= 31 or network.network_address.is_loopback:
        return None
    return str(network.broadcast_address)
