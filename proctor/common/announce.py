"""One object per side for discovery: the host's `RoomAnnouncer` (beacon + mDNS advert) and
the student's `RoomFinder` (beacon listener + mDNS browser feeding one `RoomRegistry`).

Each part that cannot start (a port in use, no multicast on that interface) is left out with a
sentence in `problems`, and the rest carries on: discovery is a convenience, and the typed
address always works without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

from zeroconf import InterfaceChoice

from proctor.common.beacon import BEACON_PORT, BeaconListener, BeaconSender
from proctor.common.discovery import STALE_AFTER_S, HeardRoom, RoomAdvert, RoomRegistry
from proctor.common.mdns import MdnsAdvertiser, MdnsBrowser

log = logging.getLogger(__name__)

SWEEP_S = 1.0


class RoomAnnouncer:
    """Announces a room from `address` (the interface students use) by beacon and mDNS."""

    def __init__(
        self,
        advert: RoomAdvert,
        address: str,
        *,
        beacon_port: int = BEACON_PORT,
        mdns: bool = True,
    ) -> None:
        self.address = address
        self.beacon = BeaconSender(advert, address, port=beacon_port)
        self.mdns: MdnsAdvertiser | None = MdnsAdvertiser(advert, address) if mdns else None
        self.problems: list[str] = []

    async def start(self) -> None:
        try:
            await self.beacon.start()
        except OSError as exc:
            self._note(f"The room's beacon cannot be sent from {self.address}: {exc}.")
        if self.mdns is not None:
            if self.address.startswith("127."):
                self.mdns = None  # nobody else hears a loopback advert; the beacon covers it
                return
            try:
                await self.mdns.start()
            except Exception as exc:
                self.mdns = None
                self._note(f"The room cannot be advertised over mDNS on {self.address}: {exc}.")

    def _note(self, problem: str) -> None:
        log.warning("%s", problem)
        self.problems.append(problem)

    async def update(self, advert: RoomAdvert) -> None:
        self.beacon.update(advert)
        if self.mdns is not None:
            await self.mdns.update(advert)

    async def close(self) -> None:
        await self.beacon.close()
        if self.mdns is not None:
            await self.mdns.close()


class RoomFinder:
    """Listens for rooms by beacon and mDNS; `rooms()` is the list to show.

    `on_change` is called on the finder's loop whenever a room appears, changes or goes
    (stale rooms are swept every second), and `updates()` yields the list on each change; a UI
    bridges either to its own thread. Ages ("heard 4 s ago") are
    `HeardRoom.age_s(finder.clock())`."""

    def __init__(
        self,
        *,
        beacon_port: int = BEACON_PORT,
        beacon: bool = True,
        mdns: bool = True,
        interfaces: InterfaceChoice | list[str] = InterfaceChoice.All,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[], None] | None = None,
        stale_after_s: float = STALE_AFTER_S,
    ) -> None:
        self.clock = clock
        self._user_on_change = on_change
        self._changed = asyncio.Event()
        self.registry = RoomRegistry(
            clock=clock, on_change=self._on_change, stale_after_s=stale_after_s
        )
        self._sweeper: asyncio.Task[None] | None = None
        self.beacon: BeaconListener | None = (
            BeaconListener(self.registry.heard, port=beacon_port, clock=clock) if beacon else None
        )
        self.mdns: MdnsBrowser | None = (
            MdnsBrowser(self._heard_mdns, self._gone_mdns, interfaces=interfaces, clock=clock)
            if mdns
            else None
        )
        self.problems: list[str] = []
        self._closed = False

    def _on_change(self) -> None:
        self._changed.set()
        if self._user_on_change is not None:
            self._user_on_change()

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_S)
            self.registry.expire()

    async def updates(self) -> AsyncIterator[list[HeardRoom]]:
        """The rooms heard, now and after every change, until the finder is closed."""
        while True:
            self._changed.clear()
            yield self.registry.rooms()
            await self._changed.wait()
            if self._closed:
                return

    def _heard_mdns(self, room: HeardRoom) -> None:
        self.registry.heard(room)

    def _gone_mdns(self, room_id: str, address: str, port: int) -> None:
        self.registry.forget("mdns", room_id, address, port)

    async def start(self) -> None:
        if self.beacon is not None:
            port = self.beacon.port
            try:
                await self.beacon.start()
            except OSError as exc:
                self.beacon = None
                self._note(
                    f"This computer cannot listen for rooms' beacons (UDP port {port}): "
                    f"{exc.strerror or exc}."
                )
        if self.mdns is not None:
            try:
                await self.mdns.start()
            except Exception as exc:
                self.mdns = None
                self._note(f"This computer cannot listen for rooms over mDNS: {exc}.")
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep(), name="rooms-sweep")

    def _note(self, problem: str) -> None:
        log.warning("%s", problem)
        self.problems.append(problem)

    def rooms(self) -> list[HeardRoom]:
        return self.registry.rooms()

    async def close(self) -> None:
        self._closed = True
        sweeper, self._sweeper = self._sweeper, None
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        if self.beacon is not None:
            await self.beacon.close()
        if self.mdns is not None:
            await self.mdns.close()
        self._changed.set()  # ends any updates() loop
