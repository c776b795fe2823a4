"""Reading the host address a student types: "IP", "IP:port", a host name, or "[IPv6]:port"."""

from __future__ import annotations

import ipaddress
import re

from proctor.student import wording
from proctor.student.errors import JoinError, SessionCode
from proctor.student.host_client import DEFAULT_PORT

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def _invalid(reason: str) -> JoinError:
    return JoinError(
        SessionCode.INVALID_ADDRESS,
        wording.INVALID_ADDRESS.format(reason=reason, example=wording.ADDRESS_EXAMPLE),
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
        raise _invalid(wording.NOT_A_PORT.format(text=text))
    return int(text)


def parse_host_address(text: str) -> tuple[str, int]:
    """(host, port) from what the student typed; the port defaults to 8080."""
    address = text.strip()
    for scheme in ("http://", "https://"):
        if address.lower().startswith(scheme):
            address = address[len(scheme) :]
    address = address.split("/", 1)[0]
    if not address:
        raise _invalid(wording.ADDRESS_EMPTY)
    port = DEFAULT_PORT
    if address.startswith("["):
        host, bracket, rest = address[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _invalid(wording.NOT_AN_ADDRESS.format(text=text.strip()))
        if rest:
            port = _port(rest[1:])
    elif address.count(":") == 1:
        host, port_text = address.split(":")
        port = _port(port_text)
    else:
        host = address
    if not host or not _valid_host(host):
        raise _invalid(wording.NOT_AN_ADDRESS.format(text=text.strip()))
    return host, port
