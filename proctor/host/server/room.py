"""A running room: the engine, its store and its live connections, glued together.

Every command goes the same way: the engine changes state and names what changed; the matching
store operations are queued at once (so commits keep command order); the caller awaits the
commit; then the change is pushed to the students and dashboards concerned. A command whose
commit fails is taken back (`tentative.py`): what shows is what is on disk. The room keeps the
paper it was opened with (an `ExamPaper`, in its store's meta), so a restart serves the same,
and each student's variant of it (`answering.Variants`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from proctor.common.ids import new_room_id
from proctor.common.protocol import EventIn, Policy, RoomStatus, source_of
from proctor.common.timeutil import now_ms
from proctor.host.layout import CURRENT_ROOM_FILE, room_file
from proctor.host.server.answering import Variants
from proctor.host.server.compressed import SharedBody
from proctor.host.server.engine import RoomEngine
from proctor.host.server.events import (
    ActionLogged,
    Event,
    IncidentAdded,
    RoomChanged,
    StudentChanged,
)
from proctor.host.server.hall_screens import ScreenWall
from proctor.host.server.hall_state import HallState
from proctor.host.server.hall_store import ensure_schema, read_hall
from proctor.host.server.hub import Hub
from proctor.host.server.marking import PoolFactory, RoomMarking, default_pool
from proctor.host.server.security import ADMIN_TOKEN_LIFETIME_S, hash_admin_key
from proctor.host.server.states import RoomState
from proctor.host.server.store import Reader, Store, load
from proctor.host.server.tentative import ROOM_RECORD, Revisions, Tentative
from proctor.marking.paper_specs import paper_specs
from proctor.paper.exam import ExamPaper
from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError

log = logging.getLogger(__name__)
T = TypeVar("T")
EVENT_ROUNDS = 3  # a duplicate waits for its original at most this often before giving up


class PaperRefused(Exception):
    """The paper's folder holds a paper this room cannot switch to (answered 409)."""


class NotSaved(Exception):
    """The host could not commit a change (answered 503 `not_saved`)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside: for a push to every student (a start), where one
    collection of thousands of live stream objects would hold up every frame behind it. It
    pays: the start's p99 at 2,000 students, 56-87 ms with it, 69-171 ms without
    (benchmarks/README.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LiveRoom:
    """One room being served: engine + store + hub."""

    def __init__(
        self,
        engine: RoomEngine,
        store: Store,
        meta: dict[str, Any],
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.engine = engine
        self.store = store
        self.reader = Reader(store.path)
        self.meta = meta
        self.paper = ExamPaper.model_validate(meta["paper"])
        self.paper_body: SharedBody | None = None  # GET paper's answer, made on first use
        self.variants = Variants(self.paper)
        self.clock = clock
        self.hub = Hub(engine, clock)
        self.marking = RoomMarking(
            self.paper, engine.students, store, self.reader, clock, self.hub.send_admins
        )
        ensure_schema(store)
        self.hall = HallState(engine, read_hall(store.path))
        self.screens = ScreenWall()
        self.admin_tokens: dict[str, int] = {}  # token hash -> when it expires (epoch ms)
        self._ticker: asyncio.Task[None] | None = None
        self.revisions = Revisions()
        # Events being committed: a repeat of one waits for the outcome (True: committed).
        self.pending_events: dict[str, asyncio.Future[bool]] = {}

    @property
    def id(self) -> str:
        return self.engine.room.id

    @property
    def admin_key_hash(self) -> dict[str, Any]:
        return dict(self.meta["admin_key"])

    # ---- creation and resumption -------------------------------------------------------
    @classmethod
    def create(
        cls,
        data_dir: Path,
        *,
        name: str,
        duration_s: int,
        admin_key: str,
        paper: ExamPaper,
        policy: Policy,
        grace_ms: int,
        host_info: dict[str, Any],
        clock: Callable[[], int] = now_ms,
        paper_dir: Path | None = None,
    ) -> LiveRoom:
        """A new room; `paper_dir` (the paper's folder, if it came from one) is kept so a
        re-mark can read a fixed test from it."""
        data_dir.mkdir(parents=True, exist_ok=True)
        room_id = new_room_id()
        while room_file(data_dir, room_id).exists():
            room_id = new_room_id()
        now = clock()
        room = RoomState(
            id=room_id,
            name=name,
            duration_s=duration_s,
            created_ms=now,
            grace_ms=grace_ms,
            policy=policy.model_dump(),
        )
        store = Store(room_file(data_dir, room_id))
        meta: dict[str, Any] = {
            "admin_key": hash_admin_key(admin_key),
            "paper": paper.model_dump(mode="json"),
            "host": host_info,
        }
        if paper_dir is not None:
            meta["paper_dir"] = str(paper_dir.resolve())
        store.commit_sync([store.op_room(room)] + [store.op_meta(k, v) for k, v in meta.items()])
        (data_dir / CURRENT_ROOM_FILE).write_text(room_id)
        return cls(RoomEngine(room), store, meta, clock)

    @classmethod
    def resume(
        cls,
        path: Path,
        host_info: dict[str, Any] | None = None,
        clock: Callable[[], int] = now_ms,
    ) -> LiveRoom:
        loaded = load(path)
        engine = RoomEngine(
            loaded.room,
            loaded.students,
            next_incident_id=loaded.next_incident_id,
            seen_event_ids=loaded.seen_event_ids,
        )
        engine.restarted(clock())
        store = Store(path)
        meta = {k: v for k, v in loaded.meta.items() if k != "room"}
        if host_info is not None:
            meta["host"] = host_info
            store.commit_sync([store.op_meta("host", host_info)])
        live = cls(engine, store, meta, clock)
        live.admin_tokens = {
            digest: issued + ADMIN_TOKEN_LIFETIME_S * 1000
            for digest, issued in loaded.admin_tokens.items()
        }
        return live

    # ---- marking -----------------------------------------------------------------------
    @property
    def released(self) -> bool:
        return bool(self.meta.get("released"))

    async def open_marking(self, pool_factory: PoolFactory = default_pool) -> None:
        """With the room (the app's cleanup context): the marking pool, the stored marks,
        and whatever is left to mark."""
        self.marking.pool_factory = pool_factory
        await self.marking.open(list(self.engine.students), self.ended)

    async def reread_paper(self) -> bool:
        """Before a re-mark: the paper read again from its folder, when it changed there (a
        test fixed, an answer key corrected) and still fits the students' variants (the same
        questions and pools). True when the room now marks with it; False when there is no
        folder or nothing changed. PaperRefused when the folder's paper cannot be used."""
        folder = self.meta.get("paper_dir")
        if not folder or not Path(folder).is_dir():
            return False
        loop = asyncio.get_running_loop()
        try:
            fresh = await loop.run_in_executor(None, load_paper, Path(folder))
            paper_specs(fresh)  # every question can be marked
        except PaperError as exc:
            raise PaperRefused(f"The paper in {folder} does not load now:\n{exc}") from None
        if fresh.identity != self.paper.identity:
            raise PaperRefused(
                f"The paper in {folder} now has other questions or pools than this room's, "
                "so the students' papers would not fit it."
            )
        dumped = fresh.model_dump(mode="json")
        if dumped == self.meta["paper"]:
            return False
        await self.store.commit([self.store.op_meta("paper", dumped)])
        self.meta["paper"] = dumped
        self.paper = self.variants.paper = fresh
        self.marking.set_paper(fresh)
        return True

    @property
    def ended(self) -> bool:
        return self.engine.room.status == RoomStatus.ENDED

    def _after_commit(self) -> None:
        """Once the end is on disk, everyone is marked."""
        marking = self.marking
        if self.ended and marking.enabled and not marking.ended and not marking.closed:
            marking.exam_ended(list(self.engine.students))

    # ---- applying events ---------------------------------------------------------------
    def store_ops(self, events: list[Event]) -> list[tuple[str, tuple[Any, ...]]]:
        """The store operations that save what `events` name: each record changed once (as
        it is now), every incident and action."""
        ops: list[tuple[str, tuple[Any, ...]]] = []
        seen_students: set[str] = set()
        room_done = False
        revisions = self.revisions
        for event in events:
            if isinstance(event, StudentChanged):
                if event.student_id not in seen_students:
                    seen_students.add(event.student_id)
                    revisions.bump(event.student_id)
                    ops.append(self.store.op_student(self.engine.students[event.student_id]))
            elif isinstance(event, RoomChanged):
                if not room_done:
                    room_done = True
                    revisions.bump(ROOM_RECORD)
                    ops.append(self.store.op_room(self.engine.room))
            elif isinstance(event, IncidentAdded):
                ops.append(self.store.op_incident(event.incident, event.event_id))
            elif isinstance(event, ActionLogged):
                ops.append(self.store.op_action(event.action))
        return ops

    def tentative(self, student_ids: Iterable[str] | None = (), room: bool = False) -> Tentative:
        """Before a command: what to put back if its commit fails (`student_ids` None: all)."""
        return Tentative(self.engine, self.revisions, student_ids, room)

    async def _commit(self, ops: list[tuple[str, tuple[Any, ...]]], undo: Tentative | None) -> None:
        try:
            await self.store.commit(ops)
        except Exception as exc:
            if undo is not None:
                restored = undo.undo()
                if restored:
                    self.hub.publish(restored)  # the views follow what is on disk
            if isinstance(exc, sqlite3.OperationalError):  # a full disk, an I/O error
                raise NotSaved(str(exc)) from exc
            raise  # a bug: answered 500 and logged as one

    async def commit_and_push(
        self,
        events: list[Event],
        extra_ops: list[tuple[str, tuple[Any, ...]]] | None = None,
        undo: Tentative | None = None,
    ) -> None:
        """Persist what `events` name (plus `extra_ops`), then push them. Call right after
        the engine command, with no await in between, so commits keep command order. If the
        commit fails, `undo` (taken before the command) puts the state back: NotSaved."""
        ops = self.store_ops(events) + (extra_ops or [])
        if undo is not None:
            undo.seal()
        if ops:
            await self._commit(ops, undo)
        if events:
            self.hub.publish(events)
            self._after_commit()

    async def commit_only(
        self,
        events: list[Event],
        extra_ops: list[tuple[str, tuple[Any, ...]]] | None = None,
        undo: Tentative | None = None,
    ) -> None:
        """As `commit_and_push`, for a change no view shows (a student's variant): persisted,
        never pushed."""
        ops = self.store_ops(events) + (extra_ops or [])
        if undo is not None:
            undo.seal()
        if ops:
            await self._commit(ops, undo)

    async def push_and_commit(self, events: list[Event], undo: Tentative | None = None) -> None:
        """For a proctor's command: push first, then persist; the proctor's answer still
        waits for the commit. Students hear of a start or a pause one commit sooner; no
        student's data is acknowledged by a push, so nothing acknowledged can be lost.
        If the commit fails, `undo` takes the command back and the correction is pushed."""
        if not events:
            return
        self.hub.publish(events)
        # Let the stream flusher write before the change is serialised for the store. Rows
        # are whole snapshots of the current state, so a command slipping in between still
        # leaves the store with the newest state.
        await asyncio.sleep(0)
        ops = self.store_ops(events)
        if undo is not None:
            undo.seal()
        if ops:
            await self._commit(ops, undo)
        self._after_commit()

    # ---- client-reported events ----------------------------------------------------------
    async def record_events(self, student_id: str, items: list[EventIn]) -> tuple[int, int, int]:
        """Record a student's events, idempotent by id: (accepted, duplicates, dropped: past
        the cap of reports per student, not kept). An id counts
        as seen only once its incident is committed; a repeat of one still being committed
        waits for it (a duplicate is answered only once the original is on disk), and
        records it itself if the original's commit failed."""
        accepted = duplicates = dropped = 0
        todo: list[EventIn] = []
        in_batch: set[str] = set()
        for item in items:
            event_id = item.id.lower()
            if event_id in in_batch:
                duplicates += 1
            else:
                in_batch.add(event_id)
                todo.append(item)
        for _ in range(EVENT_ROUNDS):
            fresh: list[EventIn] = []
            waiting: list[tuple[EventIn, asyncio.Future[bool]]] = []
            for item in todo:
                event_id = item.id.lower()
                pending = self.pending_events.get(event_id)
                if event_id in self.engine.seen_event_ids:
                    duplicates += 1
                elif pending is not None:
                    waiting.append((item, pending))
                else:
                    fresh.append(item)
            if fresh:
                taken, left_out = await self._record_fresh(student_id, fresh)
                accepted += taken
                dropped += left_out
            todo = []
            for item, pending in waiting:
                if await asyncio.shield(pending):
                    duplicates += 1
                else:
                    todo.append(item)  # its original was not saved: try it ourselves
            if not todo:
                return accepted, duplicates, dropped
        raise NotSaved("events whose originals could not be saved")

    async def _record_fresh(self, student_id: str, fresh: list[EventIn]) -> tuple[int, int]:
        engine = self.engine
        now = self.clock()
        undo = self.tentative([student_id])
        allowed = engine.reports_left(student_id)  # a kicked student is refused below
        items, left_out = fresh[:allowed], fresh[allowed:]
        events: list[Event] = []
        for item in items:  # a refusal (a kicked student) comes at the first, changing nothing
            events += engine.record_event(
                student_id,
                item.id.lower(),
                item.kind,
                source_of(item.kind),
                item.detail,
                item.at_ms,
                now,
            )
        if left_out:
            events += engine.cap_reports(student_id, now)
        ids = [item.id.lower() for item in items]
        loop = asyncio.get_running_loop()
        outcomes = {event_id: loop.create_future() for event_id in ids}
        self.pending_events.update(outcomes)

        def settle(commit: asyncio.Future[None]) -> None:
            saved = not commit.cancelled() and commit.exception() is None
            if saved:
                engine.events_saved(ids)
            for event_id, outcome in outcomes.items():
                if self.pending_events.get(event_id) is outcome:
                    del self.pending_events[event_id]
                outcome.set_result(saved)

        # The outcome settles when the commit does, even if this request is given up on.
        commit = asyncio.ensure_future(self.commit_and_push(events, undo=undo))
        commit.add_done_callback(settle)
        await asyncio.shield(commit)
        return len(items), len(left_out)

    async def read(self, query: Callable[..., T], *args: Any) -> T:
        """A store read, off the event loop: reads can be large (files, thumbnails) and share
        one connection with the session log's."""
        return await asyncio.get_running_loop().run_in_executor(None, query, *args)

    # ---- admin tokens --------------------------------------------------------------------
    async def add_admin_token(self, digest: str) -> int:
        """Keep a new admin token's hash (committed); when it expires (epoch ms)."""
        now = self.clock()
        await self.store.commit([self.store.op_admin_token(digest, now)])
        expires = self.admin_tokens[digest] = now + ADMIN_TOKEN_LIFETIME_S * 1000
        return expires

    async def forget_admin_tokens(self, digests: list[str]) -> None:
        """Logged out or expired: refused from now on, their streams closed, rows deleted."""
        for digest in digests:
            self.admin_tokens.pop(digest, None)
        self.hub.close_admins_of(set(digests))
        await self.store.commit([self.store.op_forget_admin_tokens(digests)])

    def expired_admin_tokens(self, now: int) -> list[str]:
        return [digest for digest, expires in self.admin_tokens.items() if expires <= now]

    # ---- ticking -----------------------------------------------------------------------
    def start_ticker(self, interval_s: float = 0.25) -> None:
        self._ticker = asyncio.create_task(self._tick_forever(interval_s), name="room-ticker")

    async def _tick_forever(self, interval_s: float) -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                now = self.clock()
                events = self.engine.tick(now)
                if events:
                    await self.commit_and_push(events)
                expired = self.expired_admin_tokens(now)
                if expired:
                    await self.forget_admin_tokens(expired)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug here must not stop the clock
                log.exception("room tick failed")

    def note_urls(self, urls: list[str]) -> None:
        """Where students reach this host now (kept with the host's details for the log)."""
        self.meta["host"]["urls"] = urls

    async def close(self) -> None:
        """Stop the clock and the marking, close the store; the streams were closed by
        `hub.close_all` when the server began to stop (`app.make_app`)."""
        await self.marking.close()
        if self._ticker is not None:
            self._ticker.cancel()
            try:
                await self._ticker
            except asyncio.CancelledError:
                pass
        self.reader.close()
        self.store.close()
