"""Rooms on the LAN: what a host announces, what a student hears, and the list of rooms heard.

A host announces a `RoomAdvert` two ways (`beacon`: UDP broadcast; `mdns`: `_proctor._tcp`);
a student's listeners turn what they hear into `HeardRoom` values and feed one `RoomRegistry`,
which merges both sources, forgets rooms not heard for a while and stays small whatever
arrives.

Anyone on the LAN can announce anything: a heard room is a hint where to look, never proof of
who is there. So a student still types the room ID or the join code from the projector, and
the first connection is checked against the advertised fingerprint prefix and the join code
(`joincode.pin_first_contact`), then pinned in full. Two different fingerprints heard for one
room ID (`RoomRegistry.conflicting`) mean someone is imitating it: the student app must then
ask for the join code rather than trust either.
"""

from __future__ import annotations

import ipaddress
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from proctor.common.ids import normalize_room_id
from proctor.common.joincode import ADVERTISED_FP_CHARS

SERVICE_TYPE = "_proctor._tcp.local."
PROTOCOL_VERSION = 1
MAX_NAME_CHARS = 80
STALE_AFTER_S = 10.0  # five beacons missed
REGISTRY_CAPACITY = 64
PER_ADDRESS_LIMIT = 4  # rooms one address may hold in the registry

Source = Literal["beacon", "mdns"]
_FP16 = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class RoomAdvert:
    """What a host announces about its room."""

    room_id: str
    name: str
    port: int
    tls: bool
    fingerprint: str | None  # the full fingerprint when tls, else None

    @property
    def fp(self) -> str:
        """The advertised part of the fingerprint: its first 16 hex characters ('' without TLS)."""
        return self.fingerprint[:ADVERTISED_FP_CHARS] if self.fingerprint else ""


@dataclass(frozen=True)
class HeardRoom:
    """A room a student's app heard of. `last_heard` is on the registry's clock (monotonic s)."""

    name: str
    room_id: str
    address: str
    port: int
    tls: bool
    fp: str  # first 16 hex characters of the host's fingerprint; '' without TLS
    sources: frozenset[Source]
    last_heard: float
    first_heard: float = 0.0
    hits: int = 1

    @property
    def key(self) -> tuple[str, str, int, bool, str]:
        return (self.room_id, self.address, self.port, self.tls, self.fp)

    def age_s(self, now: float) -> float:
        return max(0.0, now - self.last_heard)


def clean_name(value: object) -> str | None:
    """A room name as announced, made safe to show: None unless a non-empty string; control
    and format characters (e.g. right-to-left overrides) are dropped; capped in length."""
    if not isinstance(value, str):
        return None
    text = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    text = " ".join(text.split())[:MAX_NAME_CHARS]
    return text or None


def valid_port(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535:
        return value
    return None


def valid_fp(value: object, tls: bool) -> str | None:
    """The advertised fingerprint prefix: 16 lowercase hex with TLS, '' without; else None."""
    if not tls:
        return "" if value in (None, "") else None
    if isinstance(value, str) and _FP16.fullmatch(value):
        return value
    return None


def valid_address(value: str) -> str | None:
    """A unicast IPv4 address a room may be reached at, else None."""
    try:
        ip = ipaddress.IPv4Address(value)
    except ValueError:
        return None
    if ip.is_multicast or ip.is_unspecified or ip == ipaddress.IPv4Address("255.255.255.255"):
        return None
    return str(ip)


def heard_room(
    *,
    room_id: object,
    name: object,
    address: str,
    port: object,
    tls: object,
    fp: object,
    source: Source,
    now: float,
) -> HeardRoom | None:
    """A HeardRoom from announced fields, or None if any of them is not what a host sends."""
    room = normalize_room_id(room_id) if isinstance(room_id, str) else None
    shown = clean_name(name)
    where = valid_address(address)
    number = valid_port(port)
    if room is None or shown is None or where is None or number is None:
        return None
    if not isinstance(tls, bool):
        return None
    prefix = valid_fp(fp, tls)
    if prefix is None:
        return None
    return HeardRoom(shown, room, where, number, tls, prefix, frozenset({source}), now, now)


@dataclass
class _Entry:
    room: HeardRoom
    seen: dict[Source, float] = field(default_factory=dict)


class RoomRegistry:
    """The rooms heard lately, merged across sources. Bounded: at most `capacity` rooms and
    `per_address` of them from one address; when full, a new room replaces the one heard the
    fewest times (a real host's beacon every 2 s outlasts a flood of one-off fakes).

    Not thread-safe: use it on the loop its listeners run on."""

    def __init__(
        self,
        *,
        capacity: int = REGISTRY_CAPACITY,
        per_address: int = PER_ADDRESS_LIMIT,
        stale_after_s: float = STALE_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.capacity = capacity
        self.per_address = per_address
        self.stale_after_s = stale_after_s
        self.clock = clock
        self.on_change = on_change
        self._entries: dict[tuple[str, str, int, bool, str], _Entry] = {}
        self.refused = 0  # rooms not taken in because an address held too many

    def __len__(self) -> int:
        return len(self._entries)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def heard(self, room: HeardRoom) -> None:
        """Record a sighting (one source in `room.sources`)."""
        now = self.clock()
        self._expire(now)
        entry = self._entries.get(room.key)
        if entry is not None:
            changed = entry.room.name != room.name or not room.sources <= entry.room.sources
            for source in room.sources:
                entry.seen[source] = now
            entry.room = replace(
                entry.room,
                name=room.name,
                sources=frozenset(entry.seen),
                last_heard=now,
                hits=entry.room.hits + 1,
            )
            if changed:
                self._changed()
            return
        same_address = [e for e in self._entries.values() if e.room.address == room.address]
        if len(same_address) >= self.per_address:
            self.refused += 1
            return
        if len(self._entries) >= self.capacity:
            weakest = min(self._entries.values(), key=lambda e: (e.room.hits, e.room.last_heard))
            del self._entries[weakest.room.key]
        fresh = replace(room, last_heard=now, first_heard=now, hits=1)
        self._entries[room.key] = _Entry(fresh, dict.fromkeys(room.sources, now))
        self._changed()

    def forget(self, source: Source, room_id: str, address: str, port: int) -> None:
        """A source says the room is gone (an mDNS goodbye); other sources may still hold it."""
        changed = False
        for key, entry in list(self._entries.items()):
            room = entry.room
            if (room.room_id, room.address, room.port) != (room_id, address, port):
                continue
            if entry.seen.pop(source, None) is None:
                continue
            changed = True
            if entry.seen:
                entry.room = replace(room, sources=frozenset(entry.seen))
            else:
                del self._entries[key]
        if changed:
            self._changed()

    def _expire(self, now: float) -> bool:
        changed = False
        for key, entry in list(self._entries.items()):
            stale = [s for s, at in entry.seen.items() if now - at > self.stale_after_s]
            if not stale:
                continue
            changed = True
            for source in stale:
                del entry.seen[source]
            if entry.seen:
                entry.room = replace(entry.room, sources=frozenset(entry.seen))
            else:
                del self._entries[key]
        return changed

    def expire(self) -> None:
        """Drop what has not been heard within `stale_after_s`."""
        if self._expire(self.clock()):
            self._changed()

    def rooms(self) -> list[HeardRoom]:
        """The rooms heard lately, by name, then room ID, then address."""
        self.expire()
        return sorted(
            (e.room for e in self._entries.values()),
            key=lambda r: (r.name.casefold(), r.room_id, r.address, r.port),
        )

    def find(self, room_id: str) -> list[HeardRoom]:
        """The rooms heard with this room ID (typed in any case); more than one is suspect."""
        wanted = normalize_room_id(room_id)
        return [r for r in self.rooms() if r.room_id == wanted]

    def conflicting(self, room_id: str) -> bool:
        """True if this room ID was heard with two different fingerprints or TLS settings:
        someone is imitating the room, so only the join code can tell which is real."""
        return len({(r.tls, r.fp) for r in self.find(room_id)}) > 1
