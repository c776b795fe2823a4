"""The rooms this computer hears, for the join screen: a `RoomFinder` (beacon + mDNS) on the
session's asyncio loop, whose list is handed on at every change and once a second (so "heard
3 s ago" stays true), with what could not start. Plain asyncio, no Qt: the join screen's
adapter forwards each list to the GUI thread.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from proctor.common.announce import RoomFinder
from proctor.common.beacon import BEACON_PORT
from proctor.common.discovery import HeardRoom

TICK_S = 1.0


@dataclass(frozen=True)
class RoomsHeard:
    """One look at the list: the rooms (by name), how long ago each was last heard, the
    seconds since listening began, and sentences for parts that could not start."""

    rooms: tuple[HeardRoom, ...]
    ages_s: tuple[float, ...]
    listening_s: float
    problems: tuple[str, ...]
    conflicting: frozenset[str]  # room IDs heard with two certificates: ask for the code

    def age_of(self, room: HeardRoom) -> float:
        return self.ages_s[self.rooms.index(room)]


class RoomListening:
    """Runs a RoomFinder while started and tells `on_rooms` what it hears (on the loop).
    Started again after a stop, it listens anew. Starts and stops take turns (a lock): a stop
    asked for while a start is still binding its sockets closes what that start opened."""

    def __init__(
        self,
        on_rooms: Callable[[RoomsHeard], None],
        *,
        beacon_port: int = BEACON_PORT,
        mdns: bool = True,
        tick_s: float = TICK_S,
    ) -> None:
        self.on_rooms = on_rooms
        self.beacon_port = beacon_port
        self.mdns = mdns
        self.tick_s = tick_s
        self.finder: RoomFinder | None = None
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._started_at = 0.0
        self._turns = asyncio.Lock()

    def look(self) -> RoomsHeard:
        finder = self.finder
        if finder is None:
            return RoomsHeard((), (), 0.0, (), frozenset())
        now = finder.clock()
        rooms = tuple(finder.rooms())
        ids = {room.room_id for room in rooms}
        return RoomsHeard(
            rooms,
            tuple(room.age_s(now) for room in rooms),
            now - self._started_at,
            tuple(finder.problems),
            frozenset(i for i in ids if finder.registry.conflicting(i)),
        )

    async def start(self) -> None:
        """Start listening (a part that cannot start is told in `problems`)."""
        async with self._turns:
            await self._start()

    async def _start(self) -> None:
        if self._task is not None:
            return
        finder = RoomFinder(
            beacon_port=self.beacon_port, mdns=self.mdns, on_change=self._changed.set
        )
        self.finder = finder
        self._started_at = finder.clock()
        await finder.start()
        self._task = asyncio.get_running_loop().create_task(self._tell(), name="rooms-heard")

    async def _tell(self) -> None:
        while True:
            self.on_rooms(self.look())
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.tick_s):
                    await self._changed.wait()

    async def stop(self) -> None:
        async with self._turns:
            await self._stop()

    async def _stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        finder, self.finder = self.finder, None
        if finder is not None:
            await finder.close()
