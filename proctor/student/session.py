"""The student's session with the room host: join, stay connected, never lose work, hand in.

Plain asyncio, no Qt: it runs on the AsyncBridge loop thread and reports through a
`SessionListener` (called on that loop thread; the UI adapter forwards to the GUI).
`report()` and `work_changed()` are safe from any thread.

Pieces: `link` (WebSocket stream or polling, reconnects), `uplink` (snapshots and events
through the on-disk `outbox`), `autosave` (local copy within a second), `clock` (the host's
time), `credentials` (the saved seat, for resuming without typing).

Save-status kinds: "local_ok", "local_failed", "host_ok", "too_large", "host_pending", and
"host_rejected" (the host refused the files, e.g. a name it does not accept).
Errors: "kicked", "token_invalid", "room_gone", "exam_over", "too_large", "invalid_input".
`on_receipt` is called for every receipt, handed in by the student (automatic=False) or by
the session when the exam ends (automatic=True).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import platform
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from proctor import __version__
from proctor.common.ids import normalize_room_id
from proctor.common.protocol import (
    PROTOCOL_VERSION,
    JoinRequest,
    JoinResponse,
    Me,
    Paper,
    Room,
    StateResponse,
    SubmitRequest,
    SubmitResponse,
)
from proctor.common.timeutil import now_ms
from proctor.student.address import parse_host_address
from proctor.student.autosave import Autosaver, WorkStore, atomic_write_json, read_json
from proctor.student.clock import ServerClock
from proctor.student.credentials import (
    Credentials,
    forget_credentials,
    load_credentials,
    save_credentials,
)
from proctor.student.errors import JoinError, SessionError
from proctor.student.http import BadAnswer, HostClient, HostRefused, HostUnreachable
from proctor.student.link import Backoff, Link
from proctor.student.outbox import Outbox, QueuedEvent
from proctor.student.uplink import Uplink

__all__ = [
    "Credentials",
    "JoinError",
    "SessionError",
    "SessionListener",
    "StudentSession",
    "parse_host_address",
]

log = logging.getLogger(__name__)

TIME_UP_MARGIN_S = 2.0
RESTART_DELAY_S = 1.0
KICKED = (
    "You were removed from the exam by the proctor. Your work is kept on this computer; "
    "ask the proctor if you think this is a mistake."
)
EXAM_OVER = (
    "The exam is over and the host no longer accepts hand-ins. "
    "The last snapshot of your work saved on the host stands."
)


class SessionListener(Protocol):
    def on_state(self, room: Room, me: Me) -> None: ...
    def on_connection(self, status: str, detail: str) -> None: ...
    def on_save_status(self, kind: str, message: str) -> None: ...
    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None: ...
    def on_error(self, code: str, message: str) -> None: ...


def files_digest(files: dict[str, str]) -> str:
    """The sha256 the host computes for a set of files (canonical JSON)."""
    canonical = json.dumps(files, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


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
        self._lock = threading.Lock()  # guards the work and the seat's outbox
        self._work: dict[str, str] | None = None
        self._work_version = 0
        self._early_events: list[QueuedEvent] = []
        self._client: HostClient | None = None
        self._outbox: Outbox | None = None
        self._folder: Path | None = None
        self._autosaver: Autosaver | None = None
        self._uplink: Uplink | None = None
        self._link: Link | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._hand_in: asyncio.Task[None] | None = None
        self._handed_in_digest: str | None = None  # the work the host gave a receipt for
        self._auto_handed_digest: str | None = None  # the work the end-of-exam hand-in settled
        self._time_up: asyncio.TimerHandle | None = None
        self._last_state: tuple[Any, Any] | None = None
        self._kicked = False
        self._stopped = False  # the host no longer knows this seat
        self._closed = False

    # ---- the seat ----------------------------------------------------------------------
    @staticmethod
    def saved_credentials(data_dir: Path) -> Credentials | None:
        return load_credentials(Path(data_dir))

    def _new_client(self, host: str, port: int, token: str | None = None) -> HostClient:
        return HostClient(
            host, port, token=token, mono_ms=self.clock.mono_ms, on_round_trip=self.clock.add_sample
        )

    async def join(
        self, host: str, port: int, room_id: str, name: str, reg_no: str
    ) -> JoinResponse:
        room = normalize_room_id(room_id)
        if room is None:
            raise JoinError(
                "invalid_input", "A room ID is 6 letters and digits, like 7KQ4MZ. Check it."
            )
        try:
            request = JoinRequest(name=name, reg_no=reg_no, client=_client_info())
        except ValidationError as exc:
            raise JoinError("invalid_input", _input_problem(exc)) from None
        client = self._new_client(host, port)
        try:
            await _check_host(client)
            answer = await client.join(room, request)
        except HostUnreachable as exc:
            await client.close()
            raise _unreachable(host, port, str(exc)) from None
        except BadAnswer:
            await client.close()
            raise _not_proctor(host, port) from None
        except HostRefused as exc:
            await client.close()
            raise _join_refusal(exc, room, reg_no) from None
        except JoinError:
            await client.close()
            raise
        client.token = answer.token
        credentials = Credentials(
            host, port, room, answer.student_id, answer.token, answer.me.name, answer.me.reg_no
        )
        await self._take_seat(credentials, client)
        try:
            await asyncio.to_thread(save_credentials, self.data_dir, credentials)
        except OSError as exc:
            log.error("cannot save the seat: %s", exc)
        self._set_state(answer.room, answer.me)
        return answer

    async def resume(self) -> StateResponse | None:
        """Sit again in the saved seat; None when there is none or the host forgot it."""
        credentials = load_credentials(self.data_dir)
        if credentials is None:
            return None
        client = self._new_client(credentials.host, credentials.port, credentials.token)
        try:
            state = await client.state(credentials.room_id)
        except HostRefused as exc:
            await client.close()
            if exc.status in (401, 404):
                return None
            if exc.code == "kicked":
                raise JoinError("kicked", KICKED) from None
            raise JoinError(exc.code, exc.message) from None
        except HostUnreachable as exc:
            await client.close()
            raise _unreachable(credentials.host, credentials.port, str(exc)) from None
        except BadAnswer:
            await client.close()
            raise _not_proctor(credentials.host, credentials.port) from None
        await self._take_seat(credentials, client)
        self._set_state(state.room, state.me)
        return state

    async def _take_seat(self, credentials: Credentials, client: HostClient) -> None:
        if self._client is not None and self._client is not client:
            await self._client.close()
        self.credentials = credentials
        self._client = client
        folder = credentials.folder(self.data_dir)
        store = WorkStore(folder)
        outbox, restored = await asyncio.to_thread(_open_folder, folder, store)
        with self._lock:
            if self._outbox is not None:
                self._outbox.close()
            self._outbox = outbox
            self._folder = folder
            early, self._early_events = self._early_events, []
            if self._work is None and restored is not None:
                self._work = restored
                self._work_version += 1
                restored_version = self._work_version
            else:
                restored_version = 0
        for event in early:
            outbox.add_event(event.id, event.kind, event.at_ms, event.detail)
        self._autosaver = Autosaver(
            store, self.latest_work, self._tell_save_status, self.local_save_delay_s
        )
        self._autosaver.mark_saved(restored_version)
        receipt = await asyncio.to_thread(read_json, folder / "receipt.json")
        if isinstance(receipt, dict) and isinstance(receipt.get("digest"), str):
            self._handed_in_digest = receipt["digest"]

    # ---- running -----------------------------------------------------------------------
    async def start(self) -> None:
        """Start the background work: stream or polling, autosave, snapshots, outbox."""
        if self._tasks:
            return
        if self.credentials is None or self._client is None or self._outbox is None:
            raise SessionError("no_seat", "Join a room first.")
        assert self._autosaver is not None
        room_id = self.credentials.room_id
        self._uplink = Uplink(
            self._client,
            room_id,
            self._outbox,
            self,
            snapshot_every_s=self.snapshot_every_s,
            mono_s=lambda: self.clock.mono_ms() / 1000.0,
        )
        self._link = Link(
            self._client,
            room_id,
            self,
            self.clock,
            heartbeat_s=self.heartbeat_s,
            poll_s=self.poll_s,
            reconnect_max_s=self.reconnect_max_s,
            stream_retry_s=self.stream_retry_s,
        )
        for name, run in (
            ("autosave", self._autosaver.run),
            ("link", self._link.run),
            ("snapshots", self._uplink.run_snapshots),
            ("sender", self._uplink.run_sender),
        ):
            self._tasks.append(asyncio.create_task(_keep_running(name, run), name=name))
        if self.room is not None and self.me is not None:
            self._last_state = None
            self._set_state(self.room, self.me)

    async def close(self) -> None:
        """Stop everything, after a last local save."""
        if self._closed:
            return
        self._closed = True
        if self._time_up is not None:
            self._time_up.cancel()
        tasks = [*self._tasks, *([self._hand_in] if self._hand_in else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._autosaver is not None:
            await self._autosaver.save()
        if self._client is not None:
            await self._client.close()
        with self._lock:
            if self._outbox is not None:
                self._outbox.close()
                self._outbox = None

    def forget(self) -> None:
        """Stop offering this seat for resuming (the exam is over for this student)."""
        forget_credentials(self.data_dir)

    # ---- what the UI calls -------------------------------------------------------------
    def server_now_ms(self) -> int:
        return self.clock.now_ms()

    def report(self, kind: str, detail: dict[str, Any], at_ms: int | None = None) -> None:
        """Queue an incident for the host, durably. Safe from any thread."""
        event = QueuedEvent(
            str(uuid.uuid4()), kind, self.server_now_ms() if at_ms is None else at_ms, detail
        )
        with self._lock:
            outbox = self._outbox
            if outbox is None:
                self._early_events.append(event)
                return
            try:
                outbox.add_event(event.id, event.kind, event.at_ms, event.detail)
            except Exception:
                log.exception("cannot queue the %s event", kind)
                return
        if self._uplink is not None:
            self._uplink.wake()

    def work_changed(self, files: dict[str, str]) -> None:
        """The student's files changed: saved locally within a second. Safe from any thread."""
        with self._lock:
            self._work = dict(files)
            self._work_version += 1
        if self._autosaver is not None:
            self._autosaver.notify()
        if self._uplink is not None:
            self._uplink.work_changed()

    def latest_work(self) -> tuple[int, dict[str, str] | None]:
        with self._lock:
            return self._work_version, self._work

    def local_work(self) -> dict[str, str] | None:
        """The work on this computer (restored after a crash), or None if there is none."""
        with self._lock:
            return None if self._work is None else dict(self._work)

    def last_receipt(self) -> SubmitResponse | None:
        if self._folder is None:
            return None
        saved = read_json(self._folder / "receipt.json")
        try:
            return SubmitResponse.model_validate(saved)
        except ValidationError:
            return None

    async def fetch_paper(self) -> Paper:
        """The exam paper from the host, or the copy cached on this computer."""
        client, room_id = self._seat()
        cache = self._folder / "paper.json" if self._folder else None
        try:
            paper = await client.paper(room_id)
        except HostRefused as exc:
            self._refused(exc)
            if exc.status < 500:
                raise SessionError(exc.code, exc.message) from None
            paper = None
        except (HostUnreachable, BadAnswer):
            paper = None
        if paper is None:
            cached = await asyncio.to_thread(read_json, cache) if cache else None
            with contextlib.suppress(ValidationError):
                return Paper.model_validate(cached)
            raise SessionError(
                "host_unreachable", "The paper cannot be fetched: the host cannot be reached."
            )
        if cache is not None:
            try:
                await asyncio.to_thread(atomic_write_json, cache, paper.model_dump())
            except OSError as exc:
                log.error("cannot cache the paper: %s", exc)
        return paper

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
            raise SessionError("invalid_input", _input_problem(exc)) from None
        try:
            receipt = await client.submit(room_id, request)
        except HostUnreachable:
            raise SessionError(
                "host_unreachable",
                "The host cannot be reached, so your work is not handed in yet. "
                "It is saved on this computer; try again in a moment.",
            ) from None
        except BadAnswer:
            raise SessionError(
                "host_error", "The host's answer could not be read. Try again in a moment."
            ) from None
        except HostRefused as exc:
            self._refused(exc)
            raise _submit_refusal(exc) from None
        self._handed_in_digest = files_digest(handed)
        if self._folder is not None:
            saved = {**receipt.model_dump(), "digest": self._handed_in_digest}
            try:
                await asyncio.to_thread(atomic_write_json, self._folder / "receipt.json", saved)
            except OSError as exc:
                log.error("cannot keep the receipt: %s", exc)
        self._tell("on_receipt", receipt, automatic)
        return receipt

    def _files_to_hand_in(self) -> dict[str, str]:
        with self._lock:
            if self._work is not None:
                return dict(self._work)
        cached = read_json(self._folder / "paper.json") if self._folder else None
        files = cached.get("files") if isinstance(cached, dict) else None
        return dict(files) if isinstance(files, dict) else {}

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
        if me.status == "kicked":
            self._set_kicked()
        elif self._kicked:
            self._kicked = False  # readmitted
            if self._uplink is not None:
                self._uplink.rearm()
        if self._tasks and (me.status == "ended" or (room.status == "ended" and not self._kicked)):
            self._start_hand_in()
        self._arm_time_up()

    def _set_kicked(self) -> None:
        if not self._kicked:
            self._kicked = True
            self._tell("on_error", "kicked", KICKED)

    def _arm_time_up(self) -> None:
        """If the host cannot tell us the time is up, hand in anyway when it is."""
        if self._time_up is not None:
            self._time_up.cancel()
            self._time_up = None
        me = self.me
        if not self._tasks or me is None or me.ends_ms is None:
            return
        if me.status not in ("active", "submitted"):
            return
        delay_s = (me.ends_ms - self.server_now_ms()) / 1000 + TIME_UP_MARGIN_S
        loop = asyncio.get_running_loop()
        self._time_up = loop.call_later(max(0.0, delay_s), self._on_time_up)

    def _on_time_up(self) -> None:
        me = self.me
        if me is not None and me.ends_ms is not None and self.server_now_ms() >= me.ends_ms:
            if me.status in ("active", "submitted"):
                self._start_hand_in()
        else:
            self._arm_time_up()

    def _start_hand_in(self) -> None:
        if self._closed or self._kicked or self._stopped:
            return
        if self._hand_in is not None and not self._hand_in.done():
            return
        digest = files_digest(self._files_to_hand_in())
        if digest != self._auto_handed_digest:
            self._hand_in = asyncio.create_task(self._hand_in_until_received(digest))

    async def _hand_in_until_received(self, digest: str) -> None:
        """Hand in by itself, retrying until a receipt arrives or the host says it is over."""
        if self._handed_in_digest == digest:  # the student handed in exactly this already
            self._auto_handed_digest = digest
            receipt = self.last_receipt()
            if receipt is not None:
                self._tell("on_receipt", receipt, True)
            return
        backoff = Backoff(1.0, 15.0)
        while not self._kicked and not self._stopped:
            try:
                await self._submit(None, automatic=True)
            except SessionError as exc:
                if exc.code in ("exam_over", "too_large", "invalid_input"):
                    self._auto_handed_digest = digest
                    self._tell("on_error", exc.code, exc.message)
                    return
                if exc.code in ("kicked", "token_invalid"):
                    return  # already told through _refused
                self._tell(
                    "on_save_status",
                    "host_pending",
                    "The exam has ended. Handing in your work… the host cannot be reached yet; "
                    "retrying. Your work is safe on this computer.",
                )
            else:
                self._auto_handed_digest = self._handed_in_digest
                return
            await asyncio.sleep(backoff.next())

    # ---- callbacks from the link and the uplink ----------------------------------------
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

    def save_status(self, kind: str, message: str) -> None:
        self._tell_save_status(kind, message)

    def _refused(self, error: HostRefused) -> None:
        """React to a refusal that concerns the whole seat (kicked, forgotten, room gone)."""
        if error.code == "kicked":
            self._set_kicked()
        elif error.status == 401 and not self._stopped:
            self._stop_for_good(
                "token_invalid",
                "The host no longer recognises this computer's seat in the exam. Join again with "
                "your details; your work on this computer is kept.",
            )
        elif error.status == 404 and error.code == "unknown_room" and not self._stopped:
            self._stop_for_good(
                "room_gone",
                "The host no longer serves this room. Ask the proctor; your work on this "
                "computer is kept.",
            )

    def _stop_for_good(self, code: str, message: str) -> None:
        self._stopped = True
        if self._link is not None:
            self._link.stop()
        self.link_status("offline", message)
        self._tell("on_error", code, message)

    def _tell_save_status(self, kind: str, message: str) -> None:
        self._tell("on_save_status", kind, message)

    def _tell(self, method: str, *args: Any) -> None:
        try:
            getattr(self.listener, method)(*args)
        except Exception:
            log.exception("session listener failed in %s", method)


# ---- helpers ------------------------------------------------------------------------
async def _keep_running(name: str, run: Callable[[], Any]) -> None:
    """Run a background loop forever; a bug in it is logged and the loop restarts."""
    while True:
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the %s task failed; restarting it", name)
            await asyncio.sleep(RESTART_DELAY_S)


def _open_folder(folder: Path, store: WorkStore) -> tuple[Outbox, dict[str, str] | None]:
    folder.mkdir(parents=True, exist_ok=True)
    return Outbox(folder / Outbox.FILE_NAME), store.load()


def _client_info() -> dict[str, Any]:
    return {"app": "proctor", "version": __version__, "os": platform.platform(terse=True)}


async def _check_host(client: HostClient) -> None:
    hello = await client.hello()
    if hello.app != "proctor":
        raise _not_proctor(client.host, client.port)
    if hello.protocol != PROTOCOL_VERSION:
        raise JoinError(
            "protocol_mismatch",
            f"This host speaks version {hello.protocol} of the exam protocol and this app "
            f"speaks version {PROTOCOL_VERSION}. Ask the proctor which app version to use.",
        )


def _unreachable(host: str, port: int, reason: str) -> JoinError:
    return JoinError(
        "host_unreachable",
        f"No answer from {host}:{port} ({reason}). Check the address and that this computer "
        "is on the exam network.",
    )


def _not_proctor(host: str, port: int) -> JoinError:
    return JoinError(
        "not_proctor",
        f"{host}:{port} answers, but it is not a Proctor exam host. Check the address and port.",
    )


def _join_refusal(exc: HostRefused, room: str, reg_no: str) -> JoinError:
    if exc.status == 404:
        return JoinError(
            "unknown_room", f"There is no room {room} on this host. Check the room ID."
        )
    if exc.code == "already_connected":
        return JoinError(
            "already_connected",
            f"Registration number {reg_no} is already connected to this room from another "
            "computer. Close the app there first, or ask the proctor.",
        )
    if exc.code == "kicked":
        return JoinError("kicked", "You were removed from this exam by the proctor.")
    if exc.code == "exam_over":
        return JoinError("exam_over", "This exam has ended; the room no longer takes students.")
    if exc.status == 400:
        return JoinError("invalid_input", exc.message)
    if exc.status == 429:
        return JoinError(
            "too_many_attempts", "Too many attempts to join. Wait a minute, then retry."
        )
    if exc.status >= 500 or not exc.code.isidentifier():
        return JoinError("not_proctor", f"The host could not take you in: {exc.message}")
    return JoinError(exc.code, exc.message)


def _submit_refusal(exc: HostRefused) -> SessionError:
    if exc.code == "exam_over":
        return SessionError("exam_over", EXAM_OVER)
    if exc.status == 413:
        return SessionError(
            "too_large",
            "Your work is too large for the host to accept. Make the files smaller "
            "and hand in again.",
        )
    if exc.code == "kicked":
        return SessionError("kicked", KICKED)
    if exc.status == 401:
        return SessionError("token_invalid", "The host no longer recognises this seat.")
    if exc.status >= 500:
        return SessionError("host_error", "The host had a problem; trying again shortly.")
    return SessionError(exc.code, exc.message)


def _input_problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    names = {"name": "Full name", "reg_no": "Registration number", "files": "Files"}
    label = names.get(field.split(".")[0], field or "Input")
    return f"{label}: {first.get('msg', 'invalid value')}."
