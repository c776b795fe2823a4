"""The student's session with the room host: join, stay connected, never lose work, hand in.

Plain asyncio, no Qt: it runs on the AsyncBridge loop thread and reports through a
`SessionListener` (called on that loop thread; the UI adapter forwards to the GUI).
`report()` and `work_changed()` are safe from any thread.

Pieces: `link` (WebSocket stream or polling, reconnects), `uplink` (snapshots and events
through the on-disk `outbox`), `autosave` (local copy within a second), `clock` (the host's
time), `handin` (the end of the exam), `seat` and `credentials` (what this computer keeps,
so a restart resumes without typing).

Additions to the agreed API:
- `resume(offline_ok=True)`: if the host cannot be reached, carry on from the last state
  kept on this computer (the student keeps working; `start()` reconnects).
- `last_receipt()`, `pending_event_count()`, `forget()`, `room`, `me`, `connection`,
  `credentials`, and the `clock=` / `reconnect_max_s=` / `stream_retry_s=` options.
- `join()` / `resume()` on a started session move it to the new seat and keep it running.
- `SessionError` (base of `JoinError`) from `submit()` / `fetch_paper()`: codes
  host_unreachable, host_error, exam_over, too_large, kicked, token_invalid, invalid_input,
  not_started, paused, no_seat.
Save-status kinds: "local_ok", "local_failed", "host_ok", "too_large", "host_pending", and
"host_rejected" (the host refused the files, e.g. a file name it does not accept).
Errors: "kicked", "seat_moved" (the proctor moved the seat to another computer: this one
stops), "token_invalid", "room_gone", "exam_over", "too_large", "invalid_input".
`on_receipt` is called for every receipt: handed in by the student (automatic=False) or by
the session when the exam ends (automatic=True, also when it re-shows an earlier receipt).
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from proctor.common.protocol import (
    JoinResponse,
    LatestWork,
    Me,
    Paper,
    Room,
    StateResponse,
    SubmitRequest,
    SubmitResponse,
)
from proctor.common.timeutil import now_ms
from proctor.student.address import parse_host_address
from proctor.student.aio import keep_running
from proctor.student.autosave import Autosaver
from proctor.student.clock import ServerClock
from proctor.student.delivery import Delivery
from proctor.student.errors import (
    KICKED,
    NOT_HANDED_IN,
    ROOM_GONE,
    SEAT_FORGOTTEN,
    SEAT_MOVED,
    JoinError,
    SessionError,
    input_problem,
    submit_refusal,
)
from proctor.student.handin import AutoHandIn
from proctor.student.host_client import BadAnswer, HostClient, HostRefused, HostUnreachable
from proctor.student.joining import (
    cannot_resume,
    host_work_for_resume,
    join_seat,
    quietly,
    seat_state,
)
from proctor.student.outbox import QueuedEvent
from proctor.student.seat import (
    Credentials,
    SeatFolder,
    files_digest,
    forget_credentials,
    kept_state,
    load_credentials,
    open_seat,
    retire_seat_key,
    save_credentials,
    settle_work,
)
from proctor.student.state_channel import StateChannel

__all__ = [
    "Credentials",
    "JoinError",
    "SessionError",
    "SessionListener",
    "StudentSession",
    "files_digest",
    "parse_host_address",
]

log = logging.getLogger(__name__)

EVENT_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # as EventIn.kind
HOST_SAVED = "Saved on the host."


class SessionListener(Protocol):
    def on_state(self, room: Room, me: Me) -> None: ...
    def on_connection(self, status: str, detail: str) -> None: ...
    def on_save_status(self, kind: str, message: str) -> None: ...
    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None: ...
    def on_error(self, code: str, message: str) -> None: ...


class StudentSession:
    def __init__(
        self,
        data_dir: Path,
        listener: SessionListener,
        *,
        heartbeat_s: float = 2.0,
        snapshot_every_s: float = 5.0,
        local_save_delay_s: float = 0.5,
        poll_s: float = 2.0,
        reconnect_max_s: float = 5.0,
        stream_retry_s: float = 20.0,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.listener = listener
        self.heartbeat_s = heartbeat_s
        self.snapshot_every_s = snapshot_every_s
        self.local_save_delay_s = local_save_delay_s
        self.poll_s = poll_s
        self.reconnect_max_s = reconnect_max_s
        self.stream_retry_s = stream_retry_s
        self.clock = ServerClock(wall_ms=clock or now_ms)
        self.credentials: Credentials | None = None
        self.room: Room | None = None
        self.me: Me | None = None
        self.connection: tuple[str, str] | None = None
        self._lock = threading.Lock()  # guards the work, the seat folder and early events
        self._work: dict[str, str] | None = None
        self._work_version = 0
        self._host_version = 0  # the newest version of the work the host acknowledged
        self._early_events: list[QueuedEvent] = []
        self._client: HostClient | None = None
        self._seat_folder: SeatFolder | None = None
        self._autosaver: Autosaver | None = None
        self._uplink: Delivery | None = None
        self._link: StateChannel | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._receipt: tuple[SubmitResponse, str] | None = None  # and the digest it is for
        self._hand_in = AutoHandIn(
            self, lambda: self._submit(None, automatic=True), self.server_now_ms
        )
        self._last_state: tuple[Any, Any] | None = None
        self._kicked = False
        self._stopped = False  # the host no longer knows this seat
        self._closed = False

    # ---- taking a seat -----------------------------------------------------------------
    @staticmethod
    def saved_credentials(data_dir: Path) -> Credentials | None:
        return load_credentials(Path(data_dir))

    def _new_client(self, host: str, port: int, token: str | None = None) -> HostClient:
        clock = self.clock
        return HostClient(
            host, port, token=token, mono_ms=clock.mono_ms, on_round_trip=clock.add_sample
        )

    async def join(
        self, host: str, port: int, room_id: str, name: str, reg_no: str
    ) -> JoinResponse:
        """Take a seat: a new one, or this seat again with the key this computer keeps for
        the room and registration number (a moved seat needs the proctor's move). A seat
        taken again starts from the host's copy of the work when that is newer."""
        client = self._new_client(host, port)
        try:
            room, answer, host_work = await join_seat(client, self.data_dir, room_id, name, reg_no)
        except BaseException:
            await client.close()  # a failed attempt leaves no connection behind
            raise
        me = answer.me
        credentials = Credentials(
            host, port, room, me.student_id, answer.token, me.name, me.reg_no, answer.seat_key
        )
        was_running = await self._take_seat(credentials, client, host_work, host_checked=True)
        try:
            await asyncio.to_thread(save_credentials, self.data_dir, credentials)
        except OSError as exc:
            log.error("cannot keep the seat for resuming: %s", exc)
        self._set_state(answer.room, answer.me)
        if was_running:
            await self.start()
        return answer

    async def resume(self, *, offline_ok: bool = False) -> StateResponse | None:
        """Sit again in the saved seat; None when there is none or the host forgot it.

        With `offline_ok`, an unreachable host is not an error: the last state kept on this
        computer is returned (if any) and `start()` keeps trying to reconnect."""
        credentials = load_credentials(self.data_dir)
        if credentials is None:
            return None
        client = self._new_client(credentials.host, credentials.port, credentials.token)
        try:
            state = await seat_state(client, credentials, self.data_dir)
        except (HostUnreachable, BadAnswer) as exc:
            kept = None
            if offline_ok:
                kept = await asyncio.to_thread(kept_state, credentials.folder(self.data_dir))
            if kept is None:
                await client.close()
                raise cannot_resume(credentials, exc) from None
            state = kept
        except BaseException:
            await client.close()
            raise
        if state is None:
            await client.close()
            return None
        host_work, checked = await host_work_for_resume(client, credentials, self.data_dir)
        was_running = await self._take_seat(credentials, client, host_work, host_checked=checked)
        self._set_state(state.room, state.me)
        if was_running:
            await self.start()
        return state

    async def _take_seat(
        self,
        credentials: Credentials,
        client: HostClient,
        host_work: LatestWork | None = None,
        *,
        host_checked: bool = False,
    ) -> bool:
        """Sit in `credentials`' seat, carrying on from the host's copy of the work where it
        stands (`host_checked`: the host was asked); True if the session was running."""
        was_running = bool(self._tasks)
        await self._stop_running()
        if self._client is not None and self._client is not client:
            await self._client.close()
        same_seat = self.credentials is not None and self.credentials.folder(
            self.data_dir
        ) == credentials.folder(self.data_dir)
        self.credentials = credentials
        self._client = client
        path = credentials.folder(self.data_dir)
        seat, restored, receipt = await asyncio.to_thread(open_seat, path)
        from_host = False
        if host_checked:
            restored, from_host = await asyncio.to_thread(settle_work, seat, restored, host_work)
        with self._lock:
            if self._seat_folder is not None:
                self._seat_folder.close()
            self._seat_folder = seat
            early, self._early_events = self._early_events, []
            if not same_seat or from_host:
                self._work = None  # another exam's work stays in its own folder
                self._host_version = 0
            restored_version = 0
            if self._work is None and restored is not None:
                self._work = restored
                self._work_version += 1
                restored_version = self._work_version
        for event in early:
            seat.outbox.add_event(event.id, event.kind, event.at_ms, event.detail)
        self._autosaver = Autosaver(
            seat.work, self.latest_work, self.save_status, self.local_save_delay_s
        )
        self._autosaver.mark_saved(restored_version)
        self._receipt = receipt
        self._hand_in = AutoHandIn(
            self, lambda: self._submit(None, automatic=True), self.server_now_ms
        )
        self._kicked = self._stopped = False
        self._last_state = self.connection = None
        return was_running

    # ---- running -----------------------------------------------------------------------
    async def start(self) -> None:
        """Start the background work: stream or polling, autosave, snapshots, outbox."""
        if self._tasks:
            return
        client, room_id = self._seat()
        seat, autosaver = self._seat_folder, self._autosaver
        assert seat is not None and autosaver is not None
        mono_s = lambda: self.clock.mono_ms() / 1000.0  # noqa: E731
        self._uplink = Delivery(
            client,
            room_id,
            seat.outbox,
            self,
            snapshot_every_s=self.snapshot_every_s,
            mono_s=mono_s,
        )
        self._link = StateChannel(
            client,
            room_id,
            self,
            self.clock,
            heartbeat_s=self.heartbeat_s,
            poll_s=self.poll_s,
            reconnect_max_s=self.reconnect_max_s,
            stream_retry_s=self.stream_retry_s,
        )
        for name, run in (
            ("autosave", autosaver.run),
            ("link", self._link.run),
            ("snapshots", self._uplink.run_snapshots),
            ("sender", self._uplink.run_sender),
        ):
            self._tasks.append(asyncio.create_task(keep_running(name, run), name=name))
        if self.room is not None and self.me is not None:
            self._last_state = None
            self._set_state(self.room, self.me)

    async def close(self) -> None:
        """Stop everything, after a last local save."""
        if self._closed:
            return
        self._closed = True
        await self._stop_running()
        if self._client is not None:
            await self._client.close()
        with self._lock:
            if self._seat_folder is not None:
                self._seat_folder.close()
                self._seat_folder = None

    async def _stop_running(self) -> None:
        await self._hand_in.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        self._uplink = self._link = None
        if self._autosaver is not None:
            await self._autosaver.save()

    def forget(self) -> None:
        """Stop offering this seat for resuming (the exam is over for this student)."""
        forget_credentials(self.data_dir)

    # ---- what the UI calls -------------------------------------------------------------
    def server_now_ms(self) -> int:
        return self.clock.now_ms()

    def report(self, kind: str, detail: dict[str, Any], at_ms: int | None = None) -> None:
        """Queue an incident for the host, durably. Safe from any thread."""
        if not EVENT_KIND.match(kind):
            log.error("not reported: %r is not an event kind (a-z, 0-9, _)", kind)
            return
        at = self.server_now_ms() if at_ms is None else at_ms
        event = QueuedEvent(str(uuid.uuid4()), kind, at, detail)
        with self._lock:
            if self._seat_folder is None:
                self._early_events.append(event)
                return
            try:
                self._seat_folder.outbox.add_event(event.id, kind, at, detail)
            except Exception:
                log.exception("cannot queue the %s event", kind)
                return
        uplink = self._uplink
        if uplink is not None:
            uplink.wake()

    def work_changed(self, files: dict[str, str]) -> None:
        """The student's files changed: saved locally within a second. Safe from any thread."""
        with self._lock:
            self._work = dict(files)
            self._work_version += 1
        autosaver, uplink = self._autosaver, self._uplink  # other threads may replace them
        if autosaver is not None:
            autosaver.notify()
        if uplink is not None:
            uplink.work_changed()

    def latest_work(self) -> tuple[int, dict[str, str] | None]:
        with self._lock:
            return self._work_version, self._work

    def local_work(self) -> dict[str, str] | None:
        """The work on this computer (restored after a crash), or None if there is none."""
        with self._lock:
            return None if self._work is None else dict(self._work)

    def pending_event_count(self) -> int:
        """Reports on this computer not yet accepted by the host."""
        with self._lock:
            seat = self._seat_folder
            return len(self._early_events) if seat is None else seat.outbox.event_count()

    def last_receipt(self) -> SubmitResponse | None:
        return None if self._receipt is None else self._receipt[0]

    async def fetch_paper(self) -> Paper:
        """The exam paper from the host, or the copy kept on this computer."""
        client, room_id = self._seat()
        seat = self._seat_folder
        try:
            paper = await client.paper(room_id)
        except HostRefused as exc:
            self._refused(exc)
            if exc.status < 500:
                raise SessionError(exc.code, exc.message) from None
        except (HostUnreachable, BadAnswer):
            pass
        else:
            if seat is not None:
                await asyncio.to_thread(seat.save_paper, paper)
            return paper
        kept = await asyncio.to_thread(seat.load_paper) if seat is not None else None
        if kept is None:
            raise SessionError(
                "host_unreachable", "The paper cannot be fetched: the host cannot be reached."
            )
        return kept

    async def submit(self, files: dict[str, str] | None = None) -> SubmitResponse:
        """Hand in `files` (None: the latest work). Raises SessionError with a clear message."""
        return await self._submit(files, automatic=False)

    async def _submit(self, files: dict[str, str] | None, *, automatic: bool) -> SubmitResponse:
        client, room_id = self._seat()
        if files is not None:
            self.work_changed(files)
        handed = self._files_to_hand_in()
        try:
            request = SubmitRequest(files=handed)
        except ValidationError as exc:
            raise SessionError("invalid_input", input_problem(exc)) from None
        try:
            receipt = await client.submit(room_id, request)
        except HostUnreachable:
            raise SessionError("host_unreachable", NOT_HANDED_IN) from None
        except BadAnswer:
            raise SessionError("host_error", "The host's answer could not be read.") from None
        except HostRefused as exc:
            self._refused(exc)
            raise submit_refusal(exc) from None
        digest = files_digest(handed)
        self._receipt = (receipt, digest)
        if self._seat_folder is not None:
            await asyncio.to_thread(self._seat_folder.save_receipt, receipt, digest)
        self._tell("on_receipt", receipt, automatic)
        return receipt

    def _files_to_hand_in(self) -> dict[str, str]:
        """The latest work; before any change, the paper's starting files."""
        with self._lock:
            if self._work is not None:
                return dict(self._work)
            seat = self._seat_folder
        paper = seat.load_paper() if seat is not None else None
        return dict(paper.files) if paper is not None else {}

    def _seat(self) -> tuple[HostClient, str]:
        if self._client is None or self.credentials is None:
            raise SessionError("no_seat", "Join a room first.")
        return self._client, self.credentials.room_id

    # ---- state from the host ----------------------------------------------------------
    def _set_state(self, room: Room, me: Me) -> None:
        self.room, self.me = room, me
        key = (room.model_dump(exclude={"server_time_ms"}), me.model_dump())
        if self._tasks and key != self._last_state:
            self._last_state = key
            self._tell("on_state", room, me)
            if self._seat_folder is not None:
                asyncio.get_running_loop().run_in_executor(
                    None, self._seat_folder.save_state, room, me
                )
        if me.status == "kicked":
            self._set_kicked()
        elif self._kicked:
            self._kicked = False  # readmitted
            if self._uplink is not None:
                self._uplink.rearm()
        if self._tasks:
            self._hand_in.update(room, me)

    def _set_kicked(self) -> None:
        if not self._kicked:
            self._kicked = True
            self._tell("on_error", "kicked", KICKED)

    def _refused(self, error: HostRefused) -> None:
        """React to a refusal that concerns the whole seat (kicked, moved away, forgotten,
        room gone)."""
        if error.code == "kicked":
            self._set_kicked()
        elif error.code == "seat_moved" and not self._stopped:
            if self.credentials is not None:  # that key is dead: a later join offers a new one
                where = (self.data_dir, self.credentials.room_id, self.credentials.reg_no)
                asyncio.get_running_loop().run_in_executor(None, quietly, retire_seat_key, *where)
            self._stop_for_good("seat_moved", SEAT_MOVED)
        elif error.status == 401 and not self._stopped:
            self._stop_for_good("token_invalid", SEAT_FORGOTTEN)
        elif error.status == 404 and error.code == "unknown_room" and not self._stopped:
            self._stop_for_good("room_gone", ROOM_GONE)

    def _stop_for_good(self, code: str, message: str) -> None:
        self._stopped = True
        if self._link is not None:
            self._link.stop()
        self.link_status("offline", message)
        self._tell("on_error", code, message)

    # ---- callbacks from the link, the uplink and the hand-in ---------------------------
    def link_state(self, room: Room, me: object) -> None:
        assert isinstance(me, Me)
        self._set_state(room, me)

    def link_status(self, status: str, detail: str) -> None:
        if self.connection != (status, detail):
            self.connection = (status, detail)
            self._tell("on_connection", status, detail)

    def link_up(self) -> None:
        if self._uplink is not None:
            self._uplink.wake()

    def link_refused(self, error: HostRefused) -> bool:
        self._refused(error)
        return self._stopped

    def uplink_refused(self, error: HostRefused) -> None:
        self._refused(error)

    def may_send(self) -> bool:
        return not (self._kicked or self._stopped or self._closed)

    may_hand_in = may_send

    def save_status(self, kind: str, message: str) -> None:
        if kind == "local_ok" and self._host_has_latest():
            kind, message = "host_ok", HOST_SAVED  # the host had this version first
        self._tell("on_save_status", kind, message)

    def host_saved(self, version: int | None) -> None:
        """The host acknowledged a snapshot of `version` of the work (None: unknown)."""
        if version is not None:
            self._host_version = max(self._host_version, version)
        if version is None or self._host_has_latest():
            self._tell("on_save_status", "host_ok", HOST_SAVED)

    def _host_has_latest(self) -> bool:
        with self._lock:
            return self._work_version > 0 and self._host_version >= self._work_version

    def current_digest(self) -> str:
        return files_digest(self._files_to_hand_in())

    def receipt_digest(self) -> str | None:
        return None if self._receipt is None else self._receipt[1]

    def tell(self, method: str, *args: Any) -> None:
        self._tell(method, *args)

    def _tell(self, method: str, *args: Any) -> None:
        try:
            getattr(self.listener, method)(*args)
        except Exception:
            log.exception("the session listener failed in %s", method)
