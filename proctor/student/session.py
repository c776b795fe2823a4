"""The student's session with the room host: join, stay connected, never lose work, hand in.

A façade: the UI calls it, and it tells the UI through a `SessionListener` (on the AsyncBridge
loop thread; the UI adapter forwards to the GUI). Plain asyncio, no Qt. The parts of a seat it
has taken (`TakenSeat`: the state channel, the delivery, the hand-in, the autosaver) report to
it through their typed listeners, which it implements (`SeatListener`). Beside them: the work
in memory (`WorkState`), incidents on their way to the outbox (`EventReports`), the host's
time (`ServerClock`), taking a seat and what this computer keeps of it (`joining`, `seat`), and
one `DiskThread` that reads and writes every file, in order. `report()` and `work_changed()`
are safe from any thread and never wait for the disk.

Additions to the agreed API:
- `resume(offline_ok=True)`: if the host cannot be reached, carry on from the last state
  kept on this computer (the student keeps working; `start()` reconnects).
- `answers_changed(answers, marked)` and `local_answers()`: a paper's answers, kept, sent and
  handed in beside the files (PAPER.md), restored after a crash or a move.
- `last_receipt()`, `pending_event_count()`, `forget()`, `room`, `me`, `connection`,
  `credentials`, and the `clock=` / `reconnect_max_s=` / `stream_retry_s=` options.
- `join()` / `resume()` on a started session move it to the new seat and keep it running.
- `join(..., room=room ID or join code, fingerprint=, advertised_fp=, heard_plain=)`: the
  host's certificate is settled before anything is sent and pinned from then on (`pinning`);
  the saved seat keeps the fingerprint. A pinned host that later presents another
  certificate is told as connection `untrusted` and error `certificate_changed`, with the
  sentence that says what happened and what to check; nothing is sent to it.
- `SessionError` (base of `JoinError`) from `submit()` / `fetch_paper()`, with a code
  (`SessionCode`, or the protocol's `ErrorCode`) and a sentence (`wording`).
Save kinds: `SaveKind`; connection kinds: `ConnectionKind`. Error codes told through
`on_error`: kicked, seat_moved (the proctor moved the seat to another computer: this one
stops), token_invalid, room_gone, and for the automatic hand-in exam_over, too_large,
invalid_input. `on_receipt` is called for every receipt: handed in by the student
(automatic=False) or by the session when the exam ends (automatic=True, also when it re-shows
an earlier receipt).
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from proctor.common.errors import ErrorCode
from proctor.common.protocol import (
    JoinResponse,
    LatestWork,
    Me,
    Paper,
    Room,
    StateResponse,
    SubmitResponse,
)
from proctor.common.timeutil import now_ms
from proctor.student import wording
from proctor.student.address import parse_host_address
from proctor.student.clock import ServerClock
from proctor.student.disk import DiskThread
from proctor.student.errors import JoinError, SessionCode, SessionError
from proctor.student.hall import StudentHall
from proctor.student.host_client import BadAnswer, HostClient, HostRefused, HostUnreachable
from proctor.student.joining import host_work_for_resume, join_seat, resume_state
from proctor.student.kinds import ConnectionKind, SaveKind
from proctor.student.listener import GuardedListener, SessionListener
from proctor.student.pinning import JoinTarget, read_room_entry, settle_fingerprint
from proctor.student.reports import EventReports
from proctor.student.seat import (
    Credentials,
    files_digest,
    forget_credentials,
    keep_credentials,
    load_credentials,
    open_seat,
    quietly,
    retire_seat_key,
)
from proctor.student.taken_seat import SNAPSHOT_EVERY_S, SeatListener, TakenSeat, Timings
from proctor.student.work import WorkState

__all__ = [
    "Credentials",
    "JoinError",
    "SessionError",
    "SessionListener",
    "StudentSession",
    "files_digest",
    "parse_host_address",
]


class StudentSession(SeatListener):
    def __init__(
        self,
        data_dir: Path,
        listener: SessionListener,
        *,
        heartbeat_s: float = 2.0,
        snapshot_every_s: float = SNAPSHOT_EVERY_S,
        local_save_delay_s: float = 0.5,
        poll_s: float = 2.0,
        reconnect_max_s: float = 5.0,
        stream_retry_s: float = 20.0,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.listener = listener
        self.timings = Timings(
            heartbeat_s=heartbeat_s,
            snapshot_every_s=snapshot_every_s,
            local_save_delay_s=local_save_delay_s,
            poll_s=poll_s,
            reconnect_max_s=reconnect_max_s,
            stream_retry_s=stream_retry_s,
        )
        self.clock = ServerClock(wall_ms=clock or now_ms)
        self.credentials: Credentials | None = None
        self.room: Room | None = None
        self.me: Me | None = None
        self.connection: tuple[ConnectionKind, str] | None = None
        self._ui = GuardedListener(listener)
        self._disk = DiskThread()
        self._work = WorkState()
        self._reports = EventReports(self._disk, self.server_now_ms, self._wake_delivery)
        self._seat: TakenSeat | None = None
        self.hall = StudentHall(self._hall_link)
        self._last_state: tuple[Any, Any] | None = None
        self._kicked = False
        self._stopped = False  # the host no longer knows this seat
        self._closed = False

    # ---- taking a seat -----------------------------------------------------------------
    @staticmethod
    def saved_credentials(data_dir: Path) -> Credentials | None:
        """The seat saved on this computer (blocking: call it off the GUI thread)."""
        return load_credentials(Path(data_dir))

    def _new_client(
        self, host: str, port: int, token: str | None = None, fingerprint: str | None = None
    ) -> HostClient:
        clock = self.clock
        return HostClient(
            host,
            port,
            token=token,
            fingerprint=fingerprint,
            mono_ms=clock.mono_ms,
            on_round_trip=clock.add_sample,
        )

    async def join(
        self,
        host: str,
        port: int,
        room: str,
        name: str,
        reg_no: str,
        *,
        fingerprint: str | None = None,
        advertised_fp: str | None = None,
        heard_plain: bool = False,
        pin: str | None = None,
    ) -> JoinResponse:
        """Take a seat: a new one, or this seat again with the key this computer keeps for
        the room and registration number (a moved seat needs the proctor's move). A seat
        taken again starts from the host's copy of the work when that is newer.

        `room` is the room ID or the join code. The host's certificate is settled first
        (`pinning`): the `fingerprint` when known in full, else checked against the join code
        and `advertised_fp` (the 16 characters the room picked from the list announced);
        `heard_plain`: the room was heard announcing plain HTTP. From then on every request
        and the stream are pinned to it, and the saved seat keeps it. `pin`: the one on the
        student's slip, when the room's roster gives PINs."""
        room_id, code = read_room_entry(room)
        target = JoinTarget(
            host,
            port,
            room_id,
            join_code=code,
            advertised_fp=advertised_fp,
            heard_plain=heard_plain,
            fingerprint=fingerprint,
        )
        pinned = await settle_fingerprint(target)
        client = self._new_client(host, port, fingerprint=pinned)
        try:
            joined = await join_seat(client, self._disk, self.data_dir, room_id, name, reg_no, pin)
        except BaseException:
            await client.close()  # a failed attempt leaves no connection behind
            raise
        room_id, answer, host_work = joined
        me = answer.me
        credentials = Credentials(
            host,
            port,
            room_id,
            me.student_id,
            answer.token,
            me.name,
            me.reg_no,
            answer.seat_key,
            pinned or "",
        )
        was_running = await self._take_seat(credentials, client, host_work)
        await self._disk.run(keep_credentials, self.data_dir, credentials)
        self._set_state(answer.room, answer.me)
        if was_running:
            await self.start()
        return answer

    async def resume(self, *, offline_ok: bool = False) -> StateResponse | None:
        """Sit again in the saved seat; None when there is none or the host forgot it.

        With `offline_ok`, an unreachable host is not an error: the last state kept on this
        computer is returned (if any) and `start()` keeps trying to reconnect."""
        credentials = await self._disk.run(load_credentials, self.data_dir)
        if credentials is None:
            return None
        client = self._new_client(
            credentials.host, credentials.port, credentials.token, credentials.fingerprint or None
        )
        state = await resume_state(client, credentials, self._disk, self.data_dir, offline_ok)
        if state is None:
            return None
        host_work = await host_work_for_resume(client, credentials, self._disk, self.data_dir)
        was_running = await self._take_seat(credentials, client, host_work)
        self._set_state(state.room, state.me)
        if was_running:
            await self.start()
        return state

    async def _take_seat(
        self, credentials: Credentials, client: HostClient, host_work: LatestWork | None
    ) -> bool:
        """Sit in `credentials`' seat, carrying on from the host's copy of the work
        (`host_work`, if the host has one) where it stands; True if the session was running."""
        before = self._seat
        was_running = before is not None and before.running
        if before is not None:
            await before.stop()
            if before.client is not client:
                await before.client.close()
        folder = credentials.folder(self.data_dir)
        same_seat = before is not None and before.credentials.folder(self.data_dir) == folder
        self.credentials = credentials
        opened = await self._disk.run(open_seat, folder, host_work)
        self._reports.detach()
        if before is not None:
            before.close_folder()
        keep = same_seat and not opened.from_host
        restored = self._work.take_seat(opened.work, opened.paper, keep=keep)
        seat = TakenSeat(
            credentials,
            client,
            opened,
            self._work,
            self,
            disk=self._disk,
            clock=self.clock,
            timings=self.timings,
        )
        seat.autosaver.mark_saved(restored)
        seat.on_message = self.hall.on_stream_message
        self._seat = seat
        self._reports.attach(opened.folder.outbox)
        self._kicked = self._stopped = False
        self._last_state = self.connection = None
        return was_running

    # ---- running -----------------------------------------------------------------------
    async def start(self) -> None:
        """Start the background work: stream or polling, autosave, snapshots, outbox."""
        seat = self._taken()
        if seat.running:
            return
        seat.start()
        if self.room is not None and self.me is not None:
            self._last_state = None
            self._set_state(self.room, self.me)

    async def close(self) -> None:
        """Stop everything, after a last local save and every write queued before."""
        if self._closed:
            return
        self._closed = True
        seat = self._seat
        if seat is not None:
            await seat.stop()
            await seat.client.close()
            self._reports.detach()
            seat.close_folder()
        await self._disk.close()

    async def forget(self) -> None:
        """Stop offering this seat for resuming (the exam is over for this student)."""
        await self._disk.run(forget_credentials, self.data_dir)

    def _running(self) -> bool:
        return self._seat is not None and self._seat.running

    def _taken(self) -> TakenSeat:
        if self._seat is None:
            raise SessionError(SessionCode.NO_SEAT, wording.NO_SEAT)
        return self._seat

    # ---- what the UI calls -------------------------------------------------------------
    def server_now_ms(self) -> int:
        return self.clock.now_ms()

    def report(
        self, kind: str, detail: dict[str, Any], at_ms: int | None = None
    ) -> concurrent.futures.Future[None]:
        """Queue an incident for the host; safe from any thread, and returns at once: the
        event is committed to the outbox on the disk thread within milliseconds, in order
        (the returned future is done once it is on disk). See `reports` for why."""
        return self._reports.report(kind, detail, at_ms)

    def work_changed(self, files: dict[str, str]) -> None:
        """The student's files changed: saved locally within a second. Safe from any thread."""
        self._work.change(files)
        self._notify_change()

    def answers_changed(self, answers: dict[str, Any], marked: Iterable[str] = ()) -> None:
        """The student's answers ({qid: value}, PAPER.md's shape) or marks for review changed:
        saved locally within a second, on the host with the next snapshot (within
        `snapshot_every_s`), handed in with the files. Safe from any thread."""
        self._work.change_answers(answers, marked)
        self._notify_change()

    def _notify_change(self) -> None:
        seat = self._seat  # the loop may replace it, and its parts
        if seat is not None:
            seat.autosaver.notify()
            delivery = seat.delivery
            if delivery is not None:
                delivery.work_changed()

    def latest_work(self) -> tuple[int, dict[str, str] | None]:
        return self._work.latest()

    def local_work(self) -> dict[str, str] | None:
        """The work on this computer (restored after a crash), or None if there is none."""
        return self._work.copy()

    def local_answers(self) -> tuple[dict[str, Any] | None, list[str]]:
        """The answers on this computer (restored after a crash, or the host's copy after a
        move), None if there are none yet, and the questions marked for review."""
        return self._work.answers()

    async def pending_event_count(self) -> int:
        """Reports on this computer not yet accepted by the host (after the writes queued)."""
        return await self._reports.pending_count()

    def last_receipt(self) -> SubmitResponse | None:
        return None if self._seat is None else self._seat.hand_in.receipt

    async def fetch_paper(self) -> Paper:
        """The exam paper from the host, or the copy kept on this computer."""
        seat = self._taken()
        try:
            paper = await seat.client.paper(seat.room_id)
        except HostRefused as exc:
            self._refused(exc)
            if exc.status < 500:
                raise SessionError(exc.code, exc.message) from None
        except (HostUnreachable, BadAnswer):
            pass
        else:
            self._work.set_paper(paper)
            await self._disk.run(seat.folder.save_paper, paper)
            return paper
        kept = self._work.paper  # read from the seat folder when the seat was taken
        if kept is None:
            raise SessionError(SessionCode.HOST_UNREACHABLE, wording.PAPER_UNREACHABLE)
        return kept

    async def submit(
        self,
        files: dict[str, str] | None = None,
        answers: dict[str, Any] | None = None,
        marked: Iterable[str] = (),
    ) -> SubmitResponse:
        """Hand in `files` and `answers` (None: the latest). Raises SessionError with a clear
        message; the receipt is checked to be for exactly the work sent."""
        seat = self._taken()
        if files is not None:
            self.work_changed(files)
        if answers is not None:
            self.answers_changed(answers, marked)
        return await seat.hand_in.submit()

    # ---- state from the host ----------------------------------------------------------
    def _set_state(self, room: Room, me: Me) -> None:
        self.room, self.me = room, me
        seat = self._seat
        running = seat is not None and seat.running
        key = (room.model_dump(exclude={"server_time_ms"}), me.model_dump())
        if seat is not None and running and key != self._last_state:
            self._last_state = key
            self._ui.on_state(room, me)
            self._disk.post(seat.folder.save_state, room, me)  # in order, after earlier ones
        if me.status == "kicked":
            self._set_kicked()
        elif self._kicked:
            self._kicked = False  # readmitted
            if seat is not None and seat.delivery is not None:
                seat.delivery.rearm()
        if seat is not None and running:
            seat.hand_in.auto.update(room, me)

    def _set_kicked(self) -> None:
        if not self._kicked:
            self._kicked = True
            self._ui.on_error(ErrorCode.KICKED, wording.KICKED)

    def _set_connection(self, kind: ConnectionKind, detail: str) -> None:
        if self.connection != (kind, detail):
            self.connection = (kind, detail)
            self._ui.on_connection(kind, detail)

    def _refused(self, error: HostRefused) -> None:
        """React to a refusal that concerns the whole seat (kicked, moved away, forgotten,
        room gone)."""
        if error.code == ErrorCode.KICKED:
            self._set_kicked()
        elif error.code == ErrorCode.SEAT_MOVED and not self._stopped:
            if self.credentials is not None:  # that key is dead: a later join offers a new one
                where = (self.data_dir, self.credentials.room_id, self.credentials.reg_no)
                self._disk.post(quietly, retire_seat_key, *where)
            self._stop_for_good(ErrorCode.SEAT_MOVED, wording.SEAT_MOVED)
        elif error.status == 401 and not self._stopped:
            self._stop_for_good(SessionCode.TOKEN_INVALID, wording.SEAT_FORGOTTEN)
        elif error.status == 404 and error.code == ErrorCode.UNKNOWN_ROOM and not self._stopped:
            self._stop_for_good(SessionCode.ROOM_GONE, wording.ROOM_GONE)

    def _stop_for_good(self, code: str, message: str) -> None:
        self._stopped = True
        if self._seat is not None and self._seat.channel is not None:
            self._seat.channel.stop()
        self._set_connection(ConnectionKind.OFFLINE, message)
        self._ui.on_error(code, message)

    def _wake_delivery(self) -> None:
        seat = self._seat  # any thread: the loop may replace it
        delivery = None if seat is None else seat.delivery
        if delivery is not None:
            delivery.wake()

    # ---- SeatListener: the state channel's ---------------------------------------------
    def on_host_state(self, room: Room, me: Me) -> None:
        self._set_state(room, me)

    def on_channel_status(self, kind: ConnectionKind, detail: str) -> None:
        untrusted_now = kind == ConnectionKind.UNTRUSTED
        was_untrusted = self.connection is not None and self.connection[0] == kind
        self._set_connection(kind, detail)
        if untrusted_now and not was_untrusted:  # said once, loudly: not a network hiccup
            self._ui.on_error(SessionCode.CERTIFICATE_CHANGED, detail)

    def on_host_reached(self) -> None:
        self._wake_delivery()
        self.hall.host_reached()

    def _hall_link(self) -> tuple[HostClient, str] | None:
        seat = self._seat
        if seat is None or self._stopped or self._kicked:
            return None
        return seat.client, seat.room_id

    def on_channel_refused(self, error: HostRefused) -> bool:
        self._refused(error)
        return self._stopped

    # ---- the delivery's and the autosaver's --------------------------------------------
    def may_send(self) -> bool:
        return not (self._kicked or self._stopped or self._closed)

    def on_delivery_status(self, kind: SaveKind, message: str) -> None:
        self._ui.on_save_status(kind, message)

    def on_host_saved(self, version: int | None) -> None:
        """The host acknowledged a snapshot of `version` of the work (None: unknown)."""
        if self._work.host_saved(version):
            self._ui.on_save_status(SaveKind.HOST_OK, wording.HOST_SAVED)

    def on_delivery_refused(self, error: HostRefused) -> None:
        self._refused(error)

    def on_local_save(self, kind: SaveKind, message: str) -> None:
        """Saved here after the host had this version first: it is on the host."""
        if kind == SaveKind.LOCAL_OK and self._work.host_has_latest():
            kind, message = SaveKind.HOST_OK, wording.HOST_SAVED
        self._ui.on_save_status(kind, message)

    # ---- the hand-in's ---------------------------------------------------------------
    def may_hand_in(self) -> bool:
        return self.may_send()

    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        self._ui.on_receipt(receipt, automatic)

    def on_hand_in_status(self, kind: SaveKind, message: str) -> None:
        self._ui.on_save_status(kind, message)

    def on_hand_in_failed(self, code: str, message: str) -> None:
        self._ui.on_error(code, message)

    def on_hand_in_refused(self, error: HostRefused) -> None:
        self._refused(error)
