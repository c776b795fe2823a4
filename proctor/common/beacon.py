"""The UDP beacon: a host broadcasts its room every 2 s; a student's app listens.

Packet: one JSON object, at most 512 bytes,
`{"app": "proctor", "protocol": 1, "room_id", "name", "port", "tls", "fp"}` to UDP port 48080.

The sender binds to the chosen interface's address (so the packet leaves by that interface,
with that source address) and sends to the interface's directed broadcast address (e.g.
10.0.0.255) and to 255.255.255.255: some networks pass only one of them, and a listener
merges the two. A host bound to loopback sends to 127.0.0.1 only.

The listener takes a packet only if it is small, a JSON object of this shape, for this app and
protocol, with a room ID, a name, a port 1-65535, a boolean `tls` and, with TLS, 16 hex
characters of fingerprint; anything else is counted and dropped. It looks at no more than 5
packets a second from one address and 200 from all together, so a flood costs the app little
and one noisy laptop cannot crowd out a real host; the registry it feeds is bounded. The
address a room is reached at is the packet's source address, never a field in it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import sys
import time
from collections.abc import Callable, Sequence

from proctor.common.discovery import (
    MAX_NAME_CHARS,
    PROTOCOL_VERSION,
    HeardRoom,
    RoomAdvert,
    clean_name,
    heard_room,
)
from proctor.common.netutil import broadcast_address

log = logging.getLogger(__name__)

BEACON_PORT = 48080
BEACON_INTERVAL_S = 2.0
MAX_BEACON_BYTES = 512
MAX_PACKETS_PER_S = 200  # looked at, from all senders together
MAX_PACKETS_PER_SOURCE_S = 5  # a host sends 1 a second (2 targets every 2 s)
MAX_SOURCES_PER_S = 1024
LIMITED_BROADCAST = "255.255.255.255"


def encode_beacon(advert: RoomAdvert) -> bytes:
    """The beacon packet for an advert (the name shortened until the packet fits)."""
    name = clean_name(advert.name) or advert.room_id
    while True:
        body = {
            "app": "proctor",
            "protocol": PROTOCOL_VERSION,
            "room_id": advert.room_id,
            "name": name,
            "port": advert.port,
            "tls": advert.tls,
            "fp": advert.fp,
        }
        packet = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        if len(packet) <= MAX_BEACON_BYTES or len(name) <= 1:
            return packet
        name = name[: min(len(name) - 1, MAX_NAME_CHARS)]


def decode_beacon(data: bytes, address: str, *, now: float) -> HeardRoom | None:
    """The room a packet from `address` announces, or None unless it is a valid beacon."""
    if len(data) > MAX_BEACON_BYTES or not data.startswith(b"{"):
        return None
    try:
        body = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(body, dict) or body.get("app") != "proctor":
        return None
    version = body.get("protocol")
    if type(version) is not int or version != PROTOCOL_VERSION:
        return None
    return heard_room(
        room_id=body.get("room_id"),
        name=body.get("name"),
        address=address,
        port=body.get("port"),
        tls=body.get("tls"),
        fp=body.get("fp"),
        source="beacon",
        now=now,
    )


def beacon_targets(address: str) -> list[str]:
    """Where a host at `address` sends its beacon (see the module docstring)."""
    if address.startswith("127."):
        return ["127.0.0.1"]
    directed = broadcast_address(address)
    return [directed, LIMITED_BROADCAST] if directed else [LIMITED_BROADCAST]


class BeaconSender:
    """Broadcasts a room's advert every `interval_s` from `address` until closed."""

    def __init__(
        self,
        advert: RoomAdvert,
        address: str,
        *,
        port: int = BEACON_PORT,
        interval_s: float = BEACON_INTERVAL_S,
        targets: Sequence[str] | None = None,
    ) -> None:
        self.address = address
        self.port = port
        self.interval_s = interval_s
        self.targets = list(targets) if targets is not None else beacon_targets(address)
        self.sent = 0
        self.failed = 0
        self._packet = encode_beacon(advert)
        self._sock: socket.socket | None = None
        self._task: asyncio.Task[None] | None = None
        self._warned: set[str] = set()

    @property
    def running(self) -> bool:
        """Started and not closed (a start that failed leaves it not running)."""
        return self._sock is not None

    def update(self, advert: RoomAdvert) -> None:
        """Announce this advert from the next beacon on (a renamed room, say)."""
        self._packet = encode_beacon(advert)

    async def start(self) -> None:
        """Bind to the address (OSError if this machine lacks it) and start beaconing."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            sock.setblocking(False)
            sock.bind((self.address, 0))
        except OSError:
            sock.close()
            raise
        self._sock = sock
        self._task = asyncio.get_running_loop().create_task(self._run(), name="beacon-sender")

    async def send_once(self) -> None:
        sock = self._sock
        if sock is None:
            return
        loop = asyncio.get_running_loop()
        for target in self.targets:
            try:
                await loop.sock_sendto(sock, self._packet, (target, self.port))
                self.sent += 1
            except OSError as exc:
                self.failed += 1
                level = logging.DEBUG if target in self._warned else logging.WARNING
                self._warned.add(target)
                log.log(level, "The room's beacon to %s could not be sent: %s", target, exc)

    async def _run(self) -> None:
        while True:
            await self.send_once()
            await asyncio.sleep(self.interval_s)

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()


class _BeaconProtocol(asyncio.DatagramProtocol):
    def __init__(self, listener: BeaconListener) -> None:
        self.listener = listener

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        self.listener._received(data, str(addr[0]))

    def error_received(self, exc: Exception) -> None:
        log.debug("beacon listener: %s", exc)


class BeaconListener:
    """Hears beacons on UDP `port` and passes each valid one to `on_heard`."""

    def __init__(
        self,
        on_heard: Callable[[HeardRoom], None],
        *,
        port: int = BEACON_PORT,
        bind: str = "0.0.0.0",
        clock: Callable[[], float] = time.monotonic,
        max_packets_per_s: int = MAX_PACKETS_PER_S,
    ) -> None:
        self.on_heard = on_heard
        self.port = port
        self.bind = bind
        self.clock = clock
        self.max_packets_per_s = max_packets_per_s
        self.accepted = 0
        self.ignored = 0  # not a valid beacon
        self.dropped = 0  # over the rate limit, not even looked at
        self._window_start = 0.0
        self._window_count = 0
        self._per_source: dict[str, int] = {}
        self._transport: asyncio.DatagramTransport | None = None

    async def start(self) -> None:
        """Bind the port (OSError with the reason if it cannot) and start listening."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            if sys.platform != "win32":  # on Windows this would let another program take it
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.bind, self.port))
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: _BeaconProtocol(self), sock=sock
        )
        self._transport = transport

    def _received(self, data: bytes, address: str) -> None:
        now = self.clock()
        if now - self._window_start >= 1.0:
            self._window_start, self._window_count = now, 0
            self._per_source.clear()
        from_source = self._per_source.get(address, 0)
        if from_source >= MAX_PACKETS_PER_SOURCE_S or (
            not from_source and len(self._per_source) >= MAX_SOURCES_PER_S
        ):
            self.dropped += 1
            return
        self._per_source[address] = from_source + 1
        self._window_count += 1
        if self._window_count > self.max_packets_per_s:
            self.dropped += 1
            return
        room = decode_beacon(data, address, now=now)
        if room is None:
            self.ignored += 1
            return
        self.accepted += 1
        self.on_heard(room)

    async def close(self) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            transport.close()
            await asyncio.sleep(0)  # let the transport's close callback run
