"""Reading the host address a student types: "IP", "IP:port", a host name, or "[IPv6]:port"."""

from __future__ import annotations

import ipaddress
import re

from proctor.student.errors import JoinError
from proctor.student.host_client import DEFAULT_PORT

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_EXAMPLE = "like 192.168.1.20 or 192.168.1.20:8080"


def _invalid(reason: str) -> JoinError:
    return JoinError(
        "invalid_address", f"{reason} Enter the address the proctor shows, {_EXAMPLE}."
    )


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    if len(host) > 253 or re.fullmatch(r"[0-9.]+", host):
        return False  # digits and dots only, but not a valid IPv4 address
    return all(_LABEL.match(label) for label in host.rstrip(".").split("."))


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise _invalid(f"“{text}” is not a port number (1 to 65535).")
    return int(text)


def parse_host_address(text: str) -> tuple[str, int]:
    """(host, port) from what the student typed; the port defaults to 8080."""
    address = text.strip()
    for scheme in ("http://", "https://"):
        if address.lower().startswith(scheme):
            address = address[len(scheme) :]
    address = address.split("/", 1)[0]
    if not address:
        raise _invalid("The host address is empty.")
    port = DEFAULT_PORT
    if address.startswith("["):
        host, bracket, rest = address[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _invalid(f"“{text.strip()}” is not a host address.")
        if rest:
            port = _port(rest[1:])
    elif address.count(":") == 1:
        host, port_text = address.split(":")
        port = _port(port_text)
    else:
        host = address
    if not host or not _valid_host(host):
        raise _invalid(f"“{text.strip()}” is not a host address.")
    return host, port
