"""Getting work and events to the host: snapshots at most every few seconds (the files, and
on a paper with questions the answers), the outbox drained.

The snapshot producer turns changes into numbered snapshots in the outbox (only the newest is
kept). The sender drains the outbox whenever it is woken (a change, a report, the link coming
back) and retries with backoff while the host cannot be reached. The host answers a
snapshot with the `seq` it holds; if that is newer than ours (the work came from another
install), the counter jumps past it and the work is sent again; if it stored ours under a
smaller number, the counter follows it (see `Outbox.record_ack`). Once the host has said it
takes them (`accepts_base`) and holds a copy this computer knows (its `sha256` is ours), a
snapshot carries only the files changed since that copy (`base_sha256`, `removed`); if the
host holds another copy (409 `base_mismatch`), every file goes again. Every outbox call runs on
the session's disk thread; this part runs on the loop and reports to a `DeliveryListener`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

from pydantic import ValidationError

from proctor.common.errors import ErrorCode
from proctor.common.protocol import (
    MAX_EVENTS_PER_BATCH,
    EventIn,
    EventsRequest,
    WorkRequest,
    canonical_work,
)
from proctor.student import wording
from proctor.student.aio import Backoff, Wakeup
from proctor.student.disk import DiskThread
from proctor.student.errors import first_problem
from proctor.student.host_client import BadAnswer, HostClient, HostRefused, HostUnreachable
from proctor.student.kinds import SaveKind
from proctor.student.outbox import Outbox, QueuedEvent
from proctor.student.work import Work, WorkState

log = logging.getLogger(__name__)

IDLE_CHECK_S = 30.0


class DeliveryListener(Protocol):
    """What the delivery asks and tells (the session), on the loop thread."""

    def may_send(self) -> bool: ...
    def on_delivery_status(self, kind: SaveKind, message: str) -> None: ...
    def on_host_saved(self, version: int | None) -> None: ...  # None: a version not known
    def on_delivery_refused(self, error: HostRefused) -> None: ...  # not a fault of the link


class Delivery:
    def __init__(
        self,
        client: HostClient,
        room_id: str,
        outbox: Outbox,
        work: WorkState,
        listener: DeliveryListener,
        *,
        disk: DiskThread,
        snapshot_every_s: float,
        mono_s: Callable[[], float],
    ) -> None:
        self.client = client
        self.room_id = room_id
        self.outbox = outbox
        self.work = work
        self.listener = listener
        self.snapshot_every_s = snapshot_every_s
        self._disk = disk
        self._mono_s = mono_s
        self._send = Wakeup()
        self._changes = Wakeup()
        self._queued_version = 0
        self._seq_versions: dict[int, int] = {}  # snapshot seq -> the work version it holds
        self._requeue = False
        self._batch = MAX_EVENTS_PER_BATCH
        self._pending_told = False
        # The copy of the work the host holds, when known: (its sha256, its files).
        self._host_copy: tuple[str, dict[str, str]] | None = None

    def wake(self) -> None:
        """Something waits in the outbox or the host is back; any thread."""
        self._send.set()

    def work_changed(self) -> None:
        """The work changed; a snapshot follows within `snapshot_every_s`. Any thread."""
        self._changes.set()

    def rearm(self) -> None:
        """Sending is allowed again (readmitted): queue the current work and send."""
        self._requeue = True
        self._changes.set()
        self._send.set()

    # ---- snapshots ---------------------------------------------------------------------
    async def run_snapshots(self) -> None:
        self._changes.bind()
        self._changes.set()  # work restored from disk may not be on the host yet
        last_s = float("-inf")
        while True:
            await self._changes.wait()
            delay = last_s + self.snapshot_every_s - self._mono_s()
            if delay > 0:
                await asyncio.sleep(delay)
            if not self.listener.may_send():
                continue
            version, work = self.work.snapshot()
            if work is None or (version <= self._queued_version and not self._requeue):
                continue
            seq = await self._disk.run(_queue_snapshot, self.outbox, work)
            self._seq_versions = {seq: version}  # only the newest snapshot is kept
            self._queued_version = version
            self._requeue = False
            last_s = self._mono_s()
            self._send.set()

    # ---- sending -----------------------------------------------------------------------
    async def run_sender(self) -> None:
        self._send.bind()
        self._send.set()
        backoff = Backoff(1.0, 15.0)
        wait_s = IDLE_CHECK_S
        while True:
            await self._send.wait(wait_s)
            if not self.listener.may_send():
                wait_s = IDLE_CHECK_S
                continue
            try:
                await self._flush_events()
                await self._flush_snapshot()
            except (HostUnreachable, BadAnswer) as exc:
                log.info("sending to the host failed: %s", exc)
                await self._waiting()
                wait_s = backoff.next()
            except HostRefused as exc:
                if exc.status >= 500 or exc.status == 429:
                    await self._waiting()
                    wait_s = backoff.next()
                else:
                    self.listener.on_delivery_refused(exc)
                    wait_s = IDLE_CHECK_S
            else:
                backoff.reset()
                self._pending_told = False
                wait_s = IDLE_CHECK_S

    async def _waiting(self) -> None:
        if self._pending_told:
            return
        if await self._disk.run(self.outbox.pending_snapshot) is not None:
            self._pending_told = True
            self.listener.on_delivery_status(SaveKind.HOST_PENDING, wording.HOST_PENDING)

    async def _flush_events(self) -> None:
        while True:
            batch = await self._disk.run(self.outbox.pending_events, self._batch)
            if not batch:
                return
            wired = [(event, _wire_event(event)) for event in batch]
            valid = [event for event, wire in wired if wire is not None]
            invalid = [event.id for event, wire in wired if wire is None]
            if invalid:
                log.warning("dropping %d malformed events", len(invalid))
                await self._disk.run(self.outbox.remove_events, invalid)
            if not valid:
                continue
            request = EventsRequest(events=[wire for _, wire in wired if wire is not None])
            try:
                await self.client.events(self.room_id, request)
            except HostRefused as exc:
                if exc.status in (400, 413) and len(valid) > 1:
                    self._batch = max(1, len(valid) // 2)  # find the one the host refuses
                    continue
                if exc.status in (400, 413):
                    await self._disk.run(_drop_or_shrink, self.outbox, valid[0], exc)
                    continue
                raise
            await self._disk.run(self.outbox.remove_events, [event.id for event in valid])
            self._batch = min(self._batch * 2, MAX_EVENTS_PER_BATCH)

    async def _flush_snapshot(self) -> None:
        snapshot = await self._disk.run(self.outbox.pending_snapshot)
        if snapshot is None:
            return
        try:  # every file and answer checked as a whole first
            WorkRequest(seq=snapshot.seq, files=snapshot.files, answers=snapshot.answers)
            request = changes_since(self._host_copy, snapshot.seq, snapshot.files, snapshot.answers)
        except ValidationError as exc:
            await self._disk.run(self.outbox.clear_snapshot, snapshot.seq)
            self.listener.on_delivery_status(SaveKind.HOST_REJECTED, _files_problem(exc))
            return
        try:
            try:
                answer = await self.client.work(self.room_id, request)
            except HostRefused as exc:
                if exc.code != ErrorCode.BASE_MISMATCH or request.base_sha256 is None:
                    raise
                self._host_copy = None  # the host holds another copy: every file, now
                request = WorkRequest(
                    seq=snapshot.seq, files=snapshot.files, answers=snapshot.answers
                )
                answer = await self.client.work(self.room_id, request)
        except HostRefused as exc:
            self._host_copy = None
            if exc.status == 413:
                await self._disk.run(self.outbox.clear_snapshot, snapshot.seq)
                self.listener.on_delivery_status(SaveKind.TOO_LARGE, wording.TOO_LARGE)
                return
            if exc.status in (400, 409):
                await self._disk.run(self.outbox.clear_snapshot, snapshot.seq)
                if exc.status == 400:
                    self.listener.on_delivery_status(SaveKind.HOST_REJECTED, exc.message)
                return
            raise
        sent_sha = canonical_work(snapshot.files, snapshot.answers)[1]
        if answer.accepts_base and answer.sha256 == sent_sha:
            self._host_copy = (sent_sha, snapshot.files)
        else:
            self._host_copy = None
        await self._disk.run(_settle_snapshot, self.outbox, snapshot.seq, answer.seq)
        if answer.seq > snapshot.seq:
            # The host holds a newer number than this computer has handed out: catch up.
            self.rearm()
            return
        # Which version of the work the host now has (None: a snapshot from before a restart).
        self.listener.on_host_saved(self._seq_versions.pop(snapshot.seq, None))


def changes_since(
    host_copy: tuple[str, dict[str, str]] | None,
    seq: int,
    files: dict[str, str],
    answers: dict[str, Any] | None = None,
) -> WorkRequest:
    """The snapshot to send: the files changed since the host's copy and those removed, when
    the host's copy is known and that leaves something out; else every file. The answers,
    small, always go whole."""
    if host_copy is not None:
        base_sha, base = host_copy
        changed = {name: text for name, text in files.items() if base.get(name) != text}
        removed = [name for name in base if name not in files]
        if len(changed) < len(files) or removed:
            return WorkRequest(
                seq=seq,
                files=changed,
                answers=answers,
                base_sha256=base_sha,
                removed=removed or None,
            )
    return WorkRequest(seq=seq, files=files, answers=answers)


# ---- on the disk thread ------------------------------------------------------------------
def _queue_snapshot(outbox: Outbox, work: Work) -> int:
    seq = outbox.next_seq()
    outbox.set_snapshot(seq, work.files, work.answers)
    return seq


def _settle_snapshot(outbox: Outbox, sent_seq: int, host_seq: int) -> None:
    """The host answered snapshot `sent_seq` with `host_seq`: catch up past a newer number
    it holds, or record what it stored."""
    outbox.clear_snapshot(sent_seq)
    if host_seq > sent_seq:
        outbox.raise_seq(host_seq)
    else:
        outbox.record_ack(sent_seq, host_seq)


def _drop_or_shrink(outbox: Outbox, event: QueuedEvent, error: HostRefused) -> None:
    """One event the host will not take: send it without its detail, or drop it."""
    outbox.remove_events([event.id])
    if error.status == 413 and event.detail.get("detail_omitted") is not True:
        small = {k: v for k, v in event.detail.items() if len(str(v)) <= 200}
        small["detail_omitted"] = True
        outbox.add_event(event.id, event.kind, event.at_ms, small)
    else:
        log.warning("the host refused event %s (%s): dropped", event.kind, error.message)


def _wire_event(event: QueuedEvent) -> EventIn | None:
    try:
        return EventIn.model_validate(event.wire())
    except ValidationError:
        return None


def _files_problem(exc: ValidationError) -> str:
    return wording.FILES_REFUSED.format(problem=first_problem(exc)[1])
