"""The dashboard's service: the admin client and the server process, seen from the GUI thread.

Widgets call `run(...)` with a coroutine factory and get the answer back on the GUI thread.
Admin stream messages are gathered on the asyncio loop and handed to the GUI in batches
(at most every 50 ms), already coalesced, so a burst of 500 joins is a handful of signals.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, TypeVarTuple

from PySide6.QtCore import QObject, Signal

from proctor.common.hall import HALL_MESSAGE_TYPES, HallMessage
from proctor.common.netcheck import NetworkReport, check_network
from proctor.common.protocol import (
    Action,
    AdminActionMessage,
    AdminGradingMessage,
    AdminIncidentMessage,
    AdminRoomMessage,
    AdminSnapshotMessage,
    AdminStudentMessage,
    Incident,
    Room,
    StudentRow,
)
from proctor.host.dashboard.admin_client import AdminApiError, AdminClient, StreamMessage
from proctor.host.dashboard.supervisor import LaunchOptions, ServerInfo, ServerProcess
from proctor.ui.bridge import AsyncBridge

BATCH_INTERVAL_S = 0.05
HALL_MESSAGES = tuple(HALL_MESSAGE_TYPES.values())
SHUTDOWN_TIMEOUT_S = 2.0

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


def admin_client(info: ServerInfo, admin_key: str) -> AdminClient:
    """The admin client of a running server, pinned to its certificate."""
    return AdminClient(info.base_url, info.room_id, admin_key, fingerprint=info.fingerprint)


class StreamBatch:
    """What arrived on the stream since the last hand-over, coalesced."""

    def __init__(self) -> None:
        self.snapshot: AdminSnapshotMessage | None = None
        self.room: Room | None = None
        self.students: dict[str, StudentRow] = {}
        self.incidents: list[Incident] = []
        self.actions: list[Action] = []
        self.grading: AdminGradingMessage | None = None  # the latest progress
        self.hall: list[HallMessage] = []  # in order: announcements, acks, hands, screens

    def add(self, msg: StreamMessage) -> None:
        if isinstance(msg, AdminSnapshotMessage):
            self.snapshot, self.room = msg, None
            self.students.clear()
        elif isinstance(msg, AdminStudentMessage):
            self.students[msg.student.student_id] = msg.student
        elif isinstance(msg, AdminRoomMessage):
            self.room = msg.room
        elif isinstance(msg, AdminIncidentMessage):
            self.incidents.append(msg.incident)
        elif isinstance(msg, AdminActionMessage):
            self.actions.append(msg.action)
        elif isinstance(msg, AdminGradingMessage):
            self.grading = msg
        elif isinstance(msg, HALL_MESSAGES):
            self.hall.append(msg)


class DashboardService(QObject):
    snapshotArrived = Signal(object, object)  # Room, list[StudentRow]
    studentsChanged = Signal(object)  # list[StudentRow]
    roomChanged = Signal(object)  # Room
    incidentsArrived = Signal(object)  # list[Incident]
    actionsArrived = Signal(object)  # list[Action]
    connectionChanged = Signal(bool, str)
    gradingProgressed = Signal(int, int)  # done, total: marking's progress
    hallArrived = Signal(object)  # list[HallMessage]
    serverLost = Signal()

    def __init__(
        self,
        bridge: AsyncBridge,
        server: ServerProcess,
        admin_key: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.server = server
        self._admin_key = admin_key
        assert server.info is not None
        self.info: ServerInfo = server.info
        if server.options is None:  # found running: a restart resumes its store on its port
            server.options = LaunchOptions(
                port=self.info.port, bind=self.info.bind, insecure_http=not self.info.tls
            )
        self.client = admin_client(self.info, admin_key)
        self._stream: concurrent.futures.Future[Any] | None = None
        self._batch = StreamBatch()
        self._flush_pending = False
        self.connected = False
        self.server_down = False

    # -- calling the server -----------------------------------------------------------------

    def run(
        self,
        make: Callable[[AdminClient], Coroutine[Any, Any, T]],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> concurrent.futures.Future[T]:
        """Run `make(client)` on the loop; the callbacks run on the GUI thread."""
        return self.bridge.submit(make(self.client), on_done, on_error)

    def run_task(
        self,
        fn: Callable[[*Ts], T],
        *args: *Ts,
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> concurrent.futures.Future[T]:
        """Blocking work (files, the export) off the GUI thread; callbacks on it."""
        return self.bridge.run_task(fn, *args, on_done=on_done, on_error=on_error)

    def run_all(
        self,
        make: Callable[[AdminClient, str], Coroutine[Any, Any, Any]],
        student_ids: list[str],
        on_done: Callable[[list[tuple[str, BaseException]]], None],
    ) -> None:
        """Apply one action to several students at once; `on_done` gets the failures."""

        async def every() -> list[tuple[str, BaseException]]:
            results = await asyncio.gather(
                *(make(self.client, sid) for sid in student_ids), return_exceptions=True
            )
            return [
                (sid, r)
                for sid, r in zip(student_ids, results, strict=True)
                if isinstance(r, BaseException)
            ]

        self.bridge.submit(every(), on_done, lambda exc: on_done([("", exc)]))

    def check_network(
        self,
        address: str,
        on_done: Callable[[NetworkReport], None],
        on_error: Callable[[BaseException], None],
    ) -> concurrent.futures.Future[Any]:
        """The network check for students coming to `address` (the one on the join card):
        run on the loop (probes, and a namespace on Linux as root), the report on the GUI
        thread."""
        info = self.info
        check = check_network(address or info.bind, info.port, fingerprint=info.fingerprint)
        return self.bridge.submit(check, on_done, on_error)

    # -- the stream -------------------------------------------------------------------------

    def start_stream(self) -> None:
        if self._stream is not None and not self._stream.done():
            return
        self._stream = self.bridge.submit(
            self.client.stream(self._on_message, self._on_connection),
            on_error=self._on_stream_error,
        )

    def stop_stream(self) -> None:
        if self._stream is not None:
            self._stream.cancel()
            self._stream = None

    def _on_message(self, msg: StreamMessage) -> None:  # loop thread
        self._batch.add(msg)
        if not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_later(BATCH_INTERVAL_S, self._flush)

    def _flush(self) -> None:  # loop thread
        batch, self._batch = self._batch, StreamBatch()
        self._flush_pending = False
        self.bridge.to_gui(self._deliver, batch)

    def _deliver(self, batch: StreamBatch) -> None:  # GUI thread
        if batch.snapshot is not None:
            self.snapshotArrived.emit(batch.snapshot.room, batch.snapshot.students)
        if batch.room is not None:
            self.roomChanged.emit(batch.room)
        if batch.students:
            self.studentsChanged.emit(list(batch.students.values()))
        if batch.incidents:
            self.incidentsArrived.emit(batch.incidents)
        if batch.actions:
            self.actionsArrived.emit(batch.actions)
        if batch.grading is not None:
            self.gradingProgressed.emit(batch.grading.done, batch.grading.total)
        if batch.hall:
            self.hallArrived.emit(batch.hall)

    async def _on_connection(self, connected: bool, why: str) -> None:  # loop thread
        if connected:
            self.bridge.to_gui(self._set_connected, True, "")
            return
        if not self.server.process_alive():
            self.bridge.to_gui(self._declare_lost)
            return
        self.bridge.to_gui(self._set_connected, False, why)

    def _on_stream_error(self, exc: BaseException) -> None:  # GUI thread
        if isinstance(exc, AdminApiError):
            self._set_connected(False, exc.message)

    def _set_connected(self, connected: bool, why: str) -> None:
        if connected != self.connected or why:
            self.connected = connected
            self.connectionChanged.emit(connected, why)

    def _declare_lost(self) -> None:
        self.stop_stream()
        self.connected = False
        if not self.server_down:
            self.server_down = True
            self.serverLost.emit()

    # -- the server process -----------------------------------------------------------------

    def restart_server(
        self, on_done: Callable[[ServerInfo], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Start the server again from its store and reconnect."""

        async def restart() -> ServerInfo:
            self.stop_stream()
            info = await self.server.restart()
            await self.client.close()
            self.client = admin_client(info, self._admin_key)
            return info

        def done(info: ServerInfo) -> None:
            self.info = info
            self.server_down = False
            self.start_stream()
            on_done(info)

        self.bridge.submit(restart(), done, on_error)

    def stop_server(self, on_done: Callable[[Any], None]) -> None:
        self.stop_stream()
        self.bridge.submit(self.server.stop(), on_done, lambda _exc: on_done(None))

    def shutdown(
        self, on_done: Callable[[], None] | None = None
    ) -> concurrent.futures.Future[Any] | None:
        """Stop following the stream and close the connections (the server keeps running);
        `on_done` is called on the GUI thread once they are closed. Never waits here; the
        future returned lets a caller off the GUI (a test, the last step of `main`) wait."""
        self.stop_stream()
        if not self.bridge.running:
            if on_done is not None:
                on_done()
            return None

        async def close() -> None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.client.close(), SHUTDOWN_TIMEOUT_S)

        return self.bridge.submit(close(), None if on_done is None else lambda _r: on_done())
