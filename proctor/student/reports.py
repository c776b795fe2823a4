"""Incidents the integrity monitors report, on their way into the seat's outbox.

`report()` is called from any thread (the focus and paste watches on the GUI thread, the
shield and the camera on their own). It checks the kind, stamps the event with its id and
queues it on the session's disk thread, which commits it to the outbox (SQLite, WAL,
synchronous=FULL) in the order the reports were made. Before a seat is taken the events wait
in memory and go into the seat's outbox first, when it opens.

Why queued and not written before `report()` returns: a durable commit waits for an fsync
(milliseconds, far more on a busy disk), and the GUI thread must never wait for one. So the
promise is: queued at once, durable within milliseconds (the disk thread takes it next, after
the writes queued before it). The future `report()` returns is done once the event is on disk,
for a caller that must know; the session's `close()` waits for every queued write.
"""

from __future__ import annotations

import concurrent.futures
import logging
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

from proctor.student.disk import DiskThread
from proctor.student.outbox import Outbox, QueuedEvent

log = logging.getLogger(__name__)

EVENT_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # as EventIn.kind


class EventReports:
    def __init__(
        self, disk: DiskThread, now_ms: Callable[[], int], on_queued: Callable[[], None]
    ) -> None:
        """`now_ms`: the host's time, to stamp events; `on_queued`: wake the delivery (any
        thread; whatever it then reads from the outbox is queued after the new event)."""
        self._disk = disk
        self._now_ms = now_ms
        self._on_queued = on_queued
        self._lock = threading.Lock()  # the outbox and the early events; never held for I/O
        self._outbox: Outbox | None = None
        self._early: list[QueuedEvent] = []

    def report(
        self, kind: str, detail: dict[str, Any], at_ms: int | None = None
    ) -> concurrent.futures.Future[None]:
        """Queue an incident for the host; any thread, returns at once. The future is done
        once the event is on disk (or kept in memory, before a seat is taken)."""
        done: concurrent.futures.Future[None] = concurrent.futures.Future()
        if not EVENT_KIND.match(kind):
            log.error("not reported: %r is not an event kind (a-z, 0-9, _)", kind)
            done.set_exception(ValueError(f"{kind!r} is not an event kind"))
            return done
        at = self._now_ms() if at_ms is None else at_ms
        event = QueuedEvent(str(uuid.uuid4()), kind, at, detail)
        with self._lock:
            if self._outbox is None:
                self._early.append(event)
                done.set_result(None)
                return done
            written = self._disk.submit(_add, self._outbox, [event])
        self._on_queued()
        return written

    def attach(self, outbox: Outbox) -> None:
        """The seat's outbox is open (on the disk thread): events go there from now on, the
        ones made before first."""
        with self._lock:
            self._outbox = outbox
            early, self._early = self._early, []
            if early:  # queued under the lock, so no later report goes in before them
                self._disk.submit(_add, outbox, early)

    def detach(self) -> None:
        """The seat's outbox is closing: events wait in memory until the next one opens."""
        with self._lock:
            self._outbox = None

    async def pending_count(self) -> int:
        """Events not yet accepted by the host, counted after every write queued before."""
        with self._lock:
            outbox, early = self._outbox, len(self._early)
        if outbox is None:
            return early
        return early + await self._disk.run(outbox.event_count)


def _add(outbox: Outbox, events: list[QueuedEvent]) -> None:
    """On the disk thread: commit each event (a failure is logged; the others still go in)."""
    failed: Exception | None = None
    for event in events:
        try:
            outbox.add_event(event.id, event.kind, event.at_ms, event.detail)
        except Exception as exc:
            log.exception("cannot queue the %s event", event.kind)
            failed = failed or exc
    if failed is not None:
        raise failed
