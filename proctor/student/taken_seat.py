"""A seat the session has taken, and the parts that run for it: its host client and folder,
the autosaver, the hand-in, and once started the state channel and the delivery, each as a
background task on the loop. Taking another seat stops these and makes a new `TakenSeat`;
what outlives a seat (the work in memory, the reports, the disk thread) is the session's.

`SeatListener` is every part's listener in one: the session implements it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from proctor.common.protocol import SubmitResponse
from proctor.student.aio import keep_running
from proctor.student.autosave import Autosaver
from proctor.student.clock import ServerClock
from proctor.student.delivery import Delivery, DeliveryListener
from proctor.student.disk import DiskThread
from proctor.student.handin import HandIn, HandInListener
from proctor.student.host_client import HostClient
from proctor.student.kinds import SaveKind
from proctor.student.seat import Credentials, OpenedSeat
from proctor.student.state_channel import StateChannel, StateChannelListener
from proctor.student.work import WorkState

# A change is on the host within 5 s (PAPER.md): a snapshot at most every 4 s leaves room for
# the request, the host's commit and one retry on a busy link.
SNAPSHOT_EVERY_S = 4.0


@dataclass(frozen=True)
class Timings:
    """How often the parts act (the tests make them quick)."""

    heartbeat_s: float = 2.0
    snapshot_every_s: float = SNAPSHOT_EVERY_S
    local_save_delay_s: float = 0.5
    poll_s: float = 2.0
    reconnect_max_s: float = 5.0
    stream_retry_s: float = 20.0


class SeatListener(StateChannelListener, DeliveryListener, HandInListener, Protocol):
    """The listener of every part of a seat, and of its autosaver; on the loop thread."""

    def on_local_save(self, kind: SaveKind, message: str) -> None: ...


class TakenSeat:
    def __init__(
        self,
        credentials: Credentials,
        client: HostClient,
        opened: OpenedSeat,
        work: WorkState,
        listener: SeatListener,
        *,
        disk: DiskThread,
        clock: ServerClock,
        timings: Timings,
    ) -> None:
        self.credentials = credentials
        self.client = client
        self.folder = opened.folder
        self._work = work
        self._listener = listener
        self._disk = disk
        self._clock = clock
        self._timings = timings
        self.autosaver = Autosaver(
            opened.folder.work,
            work.snapshot,
            listener.on_local_save,
            timings.local_save_delay_s,
            disk=disk,
        )
        self.hand_in = HandIn(
            client,
            credentials.room_id,
            work,
            listener,
            keep_receipt=self._keep_receipt,
            server_now_ms=clock.now_ms,
            receipt=opened.receipt,
        )
        self.delivery: Delivery | None = None
        self.channel: StateChannel | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.on_message: Callable[[dict[str, Any]], None] | None = None  # the hall's messages

    @property
    def room_id(self) -> str:
        return self.credentials.room_id

    @property
    def running(self) -> bool:
        return bool(self._tasks)

    async def _keep_receipt(self, receipt: SubmitResponse, digest: str) -> None:
        await self._disk.run(self.folder.save_receipt, receipt, digest)

    def start(self) -> None:
        """Start the background work: stream or polling, autosave, snapshots, outbox."""
        if self._tasks:
            return
        timings = self._timings
        self.delivery = Delivery(
            self.client,
            self.room_id,
            self.folder.outbox,
            self._work,
            self._listener,
            disk=self._disk,
            snapshot_every_s=timings.snapshot_every_s,
            mono_s=lambda: self._clock.mono_ms() / 1000.0,
        )
        self.channel = StateChannel(
            self.client,
            self.room_id,
            self._listener,
            self._clock,
            heartbeat_s=timings.heartbeat_s,
            poll_s=timings.poll_s,
            reconnect_max_s=timings.reconnect_max_s,
            stream_retry_s=timings.stream_retry_s,
            on_message=self.on_message,
        )
        for name, run in (
            ("autosave", self.autosaver.run),
            ("state channel", self.channel.run),
            ("snapshots", self.delivery.run_snapshots),
            ("sender", self.delivery.run_sender),
        ):
            self._tasks.append(asyncio.create_task(keep_running(name, run), name=name))

    async def stop(self) -> None:
        """Stop the background work, after a last local save."""
        await self.hand_in.auto.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        self.delivery = self.channel = None
        await self.autosaver.save()

    def close_folder(self) -> None:
        """Stop using the folder; it closes on the disk thread, after the writes queued."""
        self._disk.post(self.folder.close)
