"""The student app's behaviour: which screen shows, when editing is allowed, and what the
session is asked to do. Widgets only emit signals; this object reacts and calls the session
through the one asyncio bridge."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from proctor.common.beacon import BEACON_PORT
from proctor.common.errors import ErrorCode
from proctor.common.i18n import translator
from proctor.common.protocol import (
    Me,
    Paper,
    Room,
    SubmitResponse,
)
from proctor.common.receipt import local_time, receipt_code
from proctor.student.errors import SessionCode
from proctor.student.handin import FINAL_CODES, effective_status
from proctor.student.kinds import ConnectionKind
from proctor.student.rooms_heard import RoomListening
from proctor.student.session import StudentSession
from proctor.student.ui import messages as text
from proctor.student.ui.accommodations import AccommodationsFollower
from proctor.student.ui.adapter import RoomsSignals, SessionSignals
from proctor.student.ui.answering import Answering
from proctor.student.ui.hall import HallUi
from proctor.student.ui.messages import extra_time_notice, join_problem
from proctor.student.ui.monitors import IntegrityMonitors
from proctor.student.ui.seat_flow import SeatFlow
from proctor.student.ui.submission import SubmitFlow
from proctor.student.ui.window import StudentWindow
from proctor.ui.bridge import AsyncBridge

tr = translator(__name__)

log = logging.getLogger(__name__)

PAPER_RETRY_MS = 2000
SHUTDOWN_TIMEOUT_S = 15.0
TIME_STATES = ("active", "paused", "submitted")  # states in which a student's clock runs


@dataclass(frozen=True)
class Prefill:
    host: str = ""
    room: str = ""
    name: str = ""
    reg_no: str = ""

    def complete(self) -> bool:
        return all((self.host, self.room, self.name, self.reg_no))


class StudentController(QObject):
    def __init__(
        self,
        bridge: AsyncBridge,
        data_dir: Path,
        camera_source: str | None = None,
        face_model: str | None = None,
        full_screen: bool = True,
        beacon_port: int = BEACON_PORT,
        mdns: bool = True,
    ) -> None:
        super().__init__()
        self.bridge = bridge
        self.data_dir = data_dir
        self.full_screen = full_screen
        self.signals = SessionSignals(bridge, self)
        self.session = StudentSession(data_dir, self.signals)
        # The rooms heard on this network, while the join form shows (on the session's loop).
        self.room_signals = RoomsSignals(bridge, self)
        self.listening = RoomListening(
            self.room_signals.on_rooms, beacon_port=beacon_port, mdns=mdns
        )
        self._listening = False
        self.window = StudentWindow(self.session.server_now_ms)
        self.exam = self.window.exam_page
        self.monitors = IntegrityMonitors(
            bridge, self.session.report, self._show_notice, camera_source, face_model
        )
        self.room: Room | None = None
        self.me: Me | None = None
        self.connection: str = ConnectionKind.RECONNECTING
        self.final_receipt: SubmitResponse | None = None
        self.last_receipt: SubmitResponse | None = None
        self.time_up = False
        self.answering = Answering(bridge, self.session, self.exam, self)
        self.submission = SubmitFlow(bridge, self.session, self.exam, self.window, self.answering)
        self.hall = HallUi(
            bridge, self.session.hall, self.window.stack, self.session.server_now_ms,
            self._show_notice,
        )  # fmt: skip
        self.exam.add_to_top_bar(self.hall.bar)
        self.accommodations = AccommodationsFollower(self.exam)
        self._started = False
        self._paper_loading = False
        self._paper: Paper | None = None
        self._closing = False
        self.seat_lost = False
        self.hand_in_refused = ""  # why the automatic hand-in cannot succeed, if it cannot

        self.window.close_refusal = self.close_refusal
        self.seat_flow = SeatFlow(self)
        self.window.join_page.joinRequested.connect(self.seat_flow.join)
        self.room_signals.roomsHeard.connect(self.window.join_page.set_heard)
        self.window.stack.currentChanged.connect(lambda _i: self.listen_while_joining())
        self.window.resume_page.other_button.clicked.connect(self.seat_flow.join_other_exam)
        self.signals.stateChanged.connect(self.apply_state)
        self.signals.connectionChanged.connect(self._on_connection)
        self.signals.saveStatusChanged.connect(self.exam.set_save_status)
        self.signals.receiptReceived.connect(self._on_receipt)
        self.signals.errorRaised.connect(self._on_session_error)
        self.exam.workChanged.connect(self._send_work)
        self.exam.saveNowRequested.connect(self.save_now)
        self.exam.submitRequested.connect(self.submission.confirm)
        self.exam.countdown.expired.connect(self._on_time_up)
        self.exam.overlay.action.clicked.connect(self._close_after_exam)

    # -- start-up (taking the seat: seat_flow.py) ----------------------------------

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def paper(self) -> Paper | None:
        return self._paper

    def listen_while_joining(self) -> None:
        """Listen for rooms while the join form shows, and only then."""
        wanted = self.window.current_page() is self.window.join_page and not self._closing
        if wanted == self._listening:
            return
        self._listening = wanted
        work = self.listening.start() if wanted else self.listening.stop()
        self.bridge.submit(work, None, lambda exc: log.warning("listening for rooms: %s", exc))

    def begin(self, prefill: Prefill | None = None) -> None:
        """Resume a saved seat, join at once with complete details, or show the form."""
        self.seat_flow.begin(prefill or Prefill())

    def start_session(self) -> None:
        if not self._started:
            self._started = True
            self.bridge.submit(self.session.start(), None, self._on_start_failed)

    def _on_start_failed(self, error: BaseException) -> None:
        log.error("the session could not start", exc_info=error)
        self.exam.banner.show_message(text.CONNECTION_PROBLEM.format(error=error), "warning")

    # -- state --------------------------------------------------------------------

    def apply_state(self, room: Room, me: Me) -> None:
        before = self.me
        self.room, self.me = room, me
        self.exam.set_identity(room.name, f"{me.name} · {me.reg_no}")
        self.window.setWindowTitle(room.name or text.WINDOW_TITLE)
        if before is not None and self.window.current_page() is self.exam:
            self._tell_extra_time(before, me)
        granted = self.accommodations.follow(me.accommodations)
        if granted:
            self.exam.banner.show_message(granted, "info")
        status = effective_status(room, me)
        self.hall.apply_state(me, status)
        if status == "waiting":
            self.window.lobby_page.set_state(room, me)
            self.window.lobby_page.set_connection(self.connection, "")
            self.window.show_page(self.window.lobby_page)
            return
        self._enter_exam()
        shown_removed = self.exam.connection.status == ConnectionKind.REMOVED
        if status != "kicked" and shown_removed:  # readmitted
            self.exam.set_connection(self.connection, "")
        if status in ("active", "submitted"):
            self.exam.countdown.set_end(me.ends_ms)
            if me.ends_ms is not None and me.ends_ms > self.session.server_now_ms():
                self.time_up = False
            if self.time_up:
                self._show_time_up()
                return
            self.exam.hide_overlay()
            self.exam.set_editable(self.exam.has_paper())
            if me.policy is not None and self.exam.has_paper() and not self.monitors.running:
                self.monitors.start(me.policy, self.window)
                if self.monitors.self_view is not None:
                    self.exam.set_self_view(self.monitors.self_view)
                if self.monitors.camera_notice:
                    self.exam.banner.show_message(self.monitors.camera_notice, "info")
        elif status == "paused":
            self.exam.set_editable(False)
            self.exam.countdown.freeze()
            self.exam.show_overlay("paused", text.PAUSED_TITLE, text.PAUSED_BODY)
        elif status == "kicked":
            self.exam.set_editable(False)
            self.exam.countdown.show_final("—")
            # not "Reconnecting…": the proctor did it
            self.exam.set_connection(ConnectionKind.REMOVED, "")
            self.monitors.stop()
            self.exam.show_overlay(
                "kicked", text.KICKED_TITLE, text.KICKED_BODY, action=text.CLOSE_ACTION
            )
        else:  # ended
            self.exam.set_editable(False)
            self.exam.countdown.show_final("Ended")
            self.monitors.stop()
            self._show_ended()

    def _tell_extra_time(self, before: Me, now: Me) -> None:
        """The proctor changed this student's time: say so once, in plain words. (A resume
        moves the end too, by the time paused: that is no news, and its status changes.)"""
        if before.status != now.status or now.status not in TIME_STATES:
            return
        if before.ends_ms is None or now.ends_ms is None or before.ends_ms == now.ends_ms:
            return
        delta = now.ends_ms - before.ends_ms
        if round(abs(delta) / 60_000) == 0:
            return
        local_end = time.time() * 1000 + (now.ends_ms - self.session.server_now_ms())
        notice = extra_time_notice(delta, local_time(round(local_end))[:5])
        self.exam.banner.show_message(notice, "info")

    def _enter_exam(self) -> None:
        if self.window.current_page() is not self.exam:
            self.window.show_page(self.exam)
            if self.full_screen:
                screen = self.window.screen()
                if screen is not None:  # covers the screen even with no window manager
                    self.window.setGeometry(screen.geometry())
                self.window.showFullScreen()
        if not self.exam.has_paper():
            self._load_paper()

    def _load_paper(self) -> None:
        if self._paper_loading or self.me is None or self.me.status == "waiting":
            return
        self._paper_loading = True

        async def paper_and_work() -> tuple[Paper, dict[str, str] | None]:
            paper = await self.session.fetch_paper()
            return paper, self.session.local_work()

        self.bridge.submit(paper_and_work(), self._on_paper, self._on_paper_failed)

    def _on_paper(self, loaded: tuple[Paper, dict[str, str] | None]) -> None:
        self._paper_loading = False
        paper, work = loaded
        self._paper = paper
        self.exam.load_paper(paper, work)
        self.answering.load(paper)
        if self.room is not None and self.me is not None:
            self.apply_state(self.room, self.me)

    def _on_paper_failed(self, error: BaseException) -> None:
        self._paper_loading = False
        message = getattr(error, "message", "") or str(error)
        self.exam.banner.show_message(text.PAPER_RETRYING.format(error=message), "warning")
        QTimer.singleShot(PAPER_RETRY_MS, self._retry_paper)

    def _retry_paper(self) -> None:
        if self._closing:
            return
        if not self.exam.has_paper() and self.me is not None and self.me.status != "kicked":
            self._load_paper()
        elif self.exam.has_paper():
            self.exam.banner.clear_message()

    def _on_time_up(self) -> None:
        if self._status() in ("active", "submitted"):
            self.time_up = True
            self._show_time_up()

    def _show_time_up(self) -> None:
        self.exam.set_editable(False)
        self.exam.show_overlay("time_up", text.TIME_UP_TITLE, self._handing_in_text())

    def _show_ended(self) -> None:
        receipt = self.final_receipt
        if receipt is None and self.hand_in_refused:
            self.exam.show_overlay(
                "ended",
                text.ENDED_TITLE,
                text.HAND_IN_REFUSED.format(reason=self.hand_in_refused),
                action=text.CLOSE_ACTION,
            )
            return
        if receipt is None:
            self.exam.show_overlay("ended", text.ENDED_TITLE, self._handing_in_text())
            return
        code = receipt_code(receipt.sha256)
        self.exam.show_overlay(
            "ended",
            text.RECEIVED_TITLE,
            text.RECEIVED_BODY.format(time=self._local_time_of(receipt.received_ms), code=code),
            receipt=text.receipt_block(code, receipt.sha256),
            action=text.CLOSE_ACTION,
        )

    def _local_time_of(self, server_ms: int) -> str:
        """A host instant as this computer's clock shows it (the clocks may differ)."""
        offset = self.session.server_now_ms() - time.time() * 1000
        return local_time(round(server_ms - offset))

    def _handing_in_text(self) -> str:
        if self.connection in (ConnectionKind.ONLINE, ConnectionKind.POLLING):
            return text.HANDING_IN_ONLINE
        return text.HANDING_IN_OFFLINE

    def _on_connection(self, status: str, detail: str) -> None:
        if self.connection == ConnectionKind.UNTRUSTED and status == ConnectionKind.ONLINE:
            for banner in (self.exam.banner, self.window.lobby_page.banner):
                if banner.property("level") == "error":  # the certificate warning: over
                    banner.clear_message()
        self.connection = status
        if self._status() == "kicked":
            status, detail = ConnectionKind.REMOVED, ""
        self.window.lobby_page.set_connection(status, detail)
        self.exam.set_connection(status, detail)
        kind = self.exam.overlay.kind
        if kind in ("ended", "time_up") and self.final_receipt is None:
            title = text.ENDED_TITLE if kind == "ended" else text.TIME_UP_TITLE
            self.exam.show_overlay(kind, title, self._handing_in_text())

    # -- work and submission ------------------------------------------------------

    def _send_work(self) -> None:
        if self.exam.has_paper():
            self.session.work_changed(self.exam.files())

    def save_now(self) -> None:
        if not self.exam.has_paper():
            return
        self.exam.save_label.setText(tr("Saving…"))
        self.session.work_changed(self.exam.files())

    def _on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        self.last_receipt = receipt
        if automatic:
            self.final_receipt = receipt
            if self.exam.overlay.kind in ("ended", "time_up") or self._status() == "ended":
                self._show_ended()
            return
        self.submission.show_receipt(receipt)

    def _on_session_error(self, code: str, message: str) -> None:
        if code == ErrorCode.KICKED:
            if self.room is not None and self.me is not None and self.me.status != "kicked":
                self.apply_state(self.room, self.me.model_copy(update={"status": "kicked"}))
            return
        if code == ErrorCode.SEAT_MOVED:  # this computer no longer takes part; its work stays here
            self.seat_lost = True
            self.exam.set_editable(False)
            self.monitors.stop()
            self.exam.show_overlay("seat_moved", text.MOVED_TITLE, message, action="&Close Proctor")
            return
        if code in (SessionCode.TOKEN_INVALID, SessionCode.ROOM_GONE):
            self.seat_lost = True
            self.exam.set_editable(False)
            self.exam.show_overlay(
                "seat_lost", text.SEAT_LOST_TITLE, message, action=text.JOIN_AGAIN_ACTION
            )
            return
        if code == SessionCode.CERTIFICATE_CHANGED:  # nothing is sent: loud, not a hiccup
            self.exam.banner.show_message(message, "error")
            self.window.lobby_page.banner.show_message(message, "error")
            return
        if code in FINAL_CODES and self.exam.overlay.kind in ("ended", "time_up"):
            # The automatic hand-in cannot succeed; say why and let the student go.
            self.hand_in_refused = message or code
            self._show_ended()
            return
        self.exam.banner.show_message(message or code, "warning")
        self.window.lobby_page.banner.show_message(message or code, "warning")

    def _show_notice(self, key: str, notice: str) -> None:
        if notice:
            self.exam.banner.show_message(notice, "warning")
        elif self.exam.banner.property("level") == "warning":
            self.exam.banner.clear_message()

    # -- closing ------------------------------------------------------------------

    def _status(self) -> str:
        if self.room is None or self.me is None:
            return ""
        return effective_status(self.room, self.me)

    def close_refusal(self) -> str:
        if self._closing or self.me is None or self.seat_lost:
            return ""
        status = self._status()
        if status == "kicked" or status == "waiting":
            return ""
        if status == "ended" or self.time_up:
            done = self.final_receipt is not None or bool(self.hand_in_refused)
            return "" if done else text.HANDING_IN_REASON
        return text.RUNNING_REASON

    def _close_after_exam(self) -> None:
        if self.exam.overlay.kind == "seat_lost":
            self._rejoin()
        elif not self.close_refusal():
            self.window.close()

    def _rejoin(self) -> None:
        """The host forgot this seat: join again with the same details (work is kept)."""
        self.seat_lost = False
        self._started = False
        self.exam.hide_overlay()
        self.window.showNormal()
        page = self.window.join_page
        self.window.show_page(page)
        page.show_problem(join_problem("", text.JOIN_AGAIN))

    def shutdown(self, on_done: Callable[[], None] | None = None) -> concurrent.futures.Future[Any]:
        """Save what is on screen, stop the monitors and close the session. The closing runs
        on the loop (the GUI never waits for it); `on_done` is called on the GUI thread."""
        self._closing = True
        self.signals.blockSignals(True)  # the session's last words find no window to show them
        self.room_signals.blockSignals(True)
        listening = self.listening
        self.exam.flush_work()
        if self.exam.has_paper() and self.exam.is_editable():
            files = self.exam.files()
            if files != self.session.local_work():  # only what the session has not got yet
                self.session.work_changed(files)
            if self.answering.unsaved():
                current = self.answering.current()
                if current is not None:
                    self.session.answers_changed(*current)
        self.monitors.stop()
        self.exam.runner.stop(tr("Stopped"))
        forget = self.final_receipt is not None and self._status() == "ended"
        session = self.session

        async def close() -> None:
            await listening.stop()
            if forget:  # the exam is over for this student: no resuming it
                await session.forget()
            await asyncio.wait_for(session.close(), SHUTDOWN_TIMEOUT_S)

        def failed(error: BaseException) -> None:
            log.error("closing the session failed", exc_info=error)
            if on_done is not None:
                on_done()

        return self.bridge.submit(
            close(), None if on_done is None else lambda _r: on_done(), failed
        )
