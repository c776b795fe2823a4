"""The addresses a host offers students: LAN first, loopback last."""

from __future__ import annotations

import ipaddress
import socket
from types import SimpleNamespace

import psutil
import pytest

from proctor.common import netutil
from proctor.common.netutil import lan_addresses, student_urls


def test_lan_addresses_of_this_machine_put_loopback_last() -> None:
    found = lan_addresses()
    addresses = [address for address, _ in found]
    assert "127.0.0.1" in addresses
    kinds = [ipaddress.ip_address(a).is_loopback for a in addresses]
    assert kinds == sorted(kinds), found  # every loopback after every other address
    for address, iface in found:
        assert ipaddress.ip_address(address).version == 4 and iface


def test_every_ipv4_address_of_this_machine_is_listed() -> None:
    own = {
        a.address
        for addrs in psutil.net_if_addrs().values()
        for a in addrs
        if a.family == socket.AF_INET
    }
    assert own <= {address for address, _ in lan_addresses()}


def _interfaces(table: dict[str, list[str]]) -> dict[str, list[SimpleNamespace]]:
    return {
        iface: [SimpleNamespace(family=socket.AF_INET, address=a) for a in addresses]
        for iface, addresses in table.items()
    }


def test_ranking_gateway_then_private_then_public_then_link_local_then_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # This machine has one interface; the ranking needs several, so describe them.
    table = {
        "lo": ["127.0.0.1"],
        "zz-link": ["169.254.10.20"],
        "wlan0": ["192.168.1.23"],
        "eth9": ["93.184.216.34"],
        "eth0": ["10.1.2.3"],
    }
    monkeypatch.setattr(netutil.psutil, "net_if_addrs", lambda: _interfaces(table))
    monkeypatch.setattr(netutil, "_default_gateway_interfaces", lambda: {"eth0"})
    assert [a for a, _ in lan_addresses()] == [
        "10.1.2.3",  # the default route's interface
        "192.168.1.23",  # other private addresses
        "93.184.216.34",  # the rest
        "169.254.10.20",  # link-local
        "127.0.0.1",  # loopback
    ]


def test_loopback_is_added_when_no_interface_lists_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netutil.psutil, "net_if_addrs", lambda: _interfaces({"eth0": ["10.0.0.5"]}))
    assert lan_addresses()[-1] == ("127.0.0.1", "lo")


def test_student_urls_for_a_specific_bind_and_for_all_interfaces() -> None:
    assert student_urls("127.0.0.1", 8080) == ["http://127.0.0.1:8080"]
    everywhere = student_urls("0.0.0.0", 9000)
    assert everywhere[-1] == "http://127.0.0.1:9000"
    assert all(url.startswith("http://") and url.endswith(":9000") for url in everywhere)


def _with_netmasks(
    table: dict[str, list[tuple[str, str | None]]],
) -> dict[str, list[SimpleNamespace]]:
    return {
        iface: [SimpleNamespace(family=socket.AF_INET, address=a, netmask=m) for a, m in rows]
        for iface, rows in table.items()
    }


def test_broadcast_address_of_the_interface_holding_an_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = {
        "lo": [("127.0.0.1", "255.0.0.0")],
        "wlan0": [("192.168.1.23", "255.255.255.0")],
        "eth0": [("10.1.2.3", "255.255.0.0")],
        "ptp0": [("100.64.0.1", "255.255.255.254")],
        "odd0": [("172.16.0.9", None)],
    }
    monkeypatch.setattr(netutil.psutil, "net_if_addrs", lambda: _with_netmasks(table))
    assert netutil.broadcast_address("192.168.1.23") == "192.168.1.255"
    assert netutil.broadcast_address("10.1.2.3") == "10.1.255.255"
    assert netutil.interface_network("10.1.2.3") == (
        "eth0",
        ipaddress.IPv4Network("10.1.0.0/16"),
    )
    assert netutil.broadcast_address("127.0.0.1") is None  # loopback
    assert netutil.broadcast_address("100.64.0.1") is None  # a /31 has no broadcast
    assert netutil.broadcast_address("172.16.0.9") is None  # no netmask known: a /32
    assert netutil.broadcast_address("10.9.9.9") is None  # not an address of this computer


def test_student_urls_with_https() -> None:
    assert student_urls("10.0.0.5", 8443, scheme="https") == ["https://10.0.0.5:8443"]
