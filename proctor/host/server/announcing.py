"""Announcing the room on the hall's network while the server runs: the UDP beacon and the
mDNS record (`common/announce.py`), from one address, the one students use.

That address is `--announce-on` when given (the dashboard passes the one the proctor chose),
else the bound address, else, for a server bound to every interface (0.0.0.0), the most
likely LAN address (`netcheck.student_address`, the one the network check reports): one
interface, not all of them, so the room is not announced into a VPN or a second network.
Announcing is a convenience: a part that cannot start is told in the ready line's
`announce_problems` and the room is served all the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from proctor.common.announce import RoomAnnouncer
from proctor.common.discovery import RoomAdvert
from proctor.common.netcheck import student_address

log = logging.getLogger(__name__)


@dataclass
class Announcement:
    """The room's announcer while the server runs (None: not announced, and why)."""

    announcer: RoomAnnouncer | None
    address: str | None
    problems: list[str] = field(default_factory=list)

    def ready_fields(self) -> dict[str, Any]:
        announcer = self.announcer
        return {
            "announced_on": self.address if announcer is not None else None,
            "announced_by": [] if announcer is None else announced_by(announcer),
            "announce_problems": list(self.problems),
        }

    async def close(self) -> None:
        announcer, self.announcer = self.announcer, None
        if announcer is not None:
            try:
                await announcer.close()
            except Exception:  # stopping must go on: the room's store closes after this
                log.exception("the room's announcer did not close cleanly")


def announced_by(announcer: RoomAnnouncer) -> list[str]:
    """The ways the room is announced: "beacon", "mdns" (what started)."""
    ways = ["beacon"] if announcer.beacon.running else []
    return ways + (["mdns"] if announcer.mdns is not None else [])


def announce_address(bind: str, announce_on: str | None) -> str | None:
    """The address to announce from (see the module docstring); None if there is none."""
    if announce_on:
        return announce_on
    found = student_address(bind)
    return found[0] if found else None


async def start_announcing(
    advert: RoomAdvert, bind: str, *, announce_on: str | None = None, enabled: bool = True
) -> Announcement:
    """Start announcing `advert`; never raises for a network that refuses it."""
    if not enabled:
        return Announcement(None, None)
    address = announce_address(bind, announce_on)
    if address is None:
        problem = "The room is not announced: this computer has no network address."
        log.warning("%s", problem)
        return Announcement(None, None, [problem])
    announcer = RoomAnnouncer(advert, address)
    await announcer.start()
    return Announcement(announcer, address, list(announcer.problems))
