"""Taking a seat in the student app: resume the seat saved on this computer, join with the
details typed (or given on the command line), and say plainly why it failed. The controller
owns the session and the screens; this is its start-up, apart."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from proctor.common.i18n import translator
from proctor.common.joincode import format_join_code
from proctor.common.protocol import JoinResponse, StateResponse
from proctor.student.errors import SessionCode
from proctor.student.pinning import choose_target, read_room_entry
from proctor.student.seat import Credentials
from proctor.student.session import JoinError, StudentSession
from proctor.student.ui import messages as text
from proctor.student.ui.join import JoinDetails
from proctor.student.ui.messages import join_problem

if TYPE_CHECKING:
    from proctor.student.ui.controller import Prefill, StudentController

tr = translator(__name__)

log = logging.getLogger(__name__)

RESUME_RETRY_MS = 3000


class SeatFlow:
    """The controller's start-up: from the saved seat or the join form to a running session."""

    def __init__(self, controller: StudentController) -> None:
        self.controller = controller

    def begin(self, prefill: Prefill) -> None:
        """Resume a saved seat, join at once with complete details, or show the form. The
        saved seat is read off the GUI thread; the join form shows meanwhile."""
        self.controller.window.show_page(self.controller.window.join_page)
        self.controller.listen_while_joining()
        self.controller.bridge.run_task(
            StudentSession.saved_credentials,
            self.controller.data_dir,
            on_done=lambda saved: self._begin_with(saved, prefill),
        )

    def _begin_with(self, saved: Any, prefill: Prefill) -> None:
        if saved is not None and (not prefill.complete() or self._same_seat(saved, prefill)):
            self.resume(saved)
            return
        page = self.controller.window.join_page
        page.prefill(prefill.host, prefill.room, prefill.name, prefill.reg_no)
        self.controller.window.show_page(page)
        if prefill.complete():
            details = page.details()
            if details is not None:
                self.join(details)
                return
        page.focus_first_empty()

    @staticmethod
    def _same_seat(saved: Any, prefill: Prefill) -> bool:
        try:
            room_id = read_room_entry(prefill.room)[0]
        except JoinError:
            return False
        return str(saved.room_id).upper() == room_id and str(saved.reg_no) == prefill.reg_no.strip()

    def resume(self, saved: Credentials) -> None:
        page = self.controller.window.resume_page
        page.headline.setText(tr("Reconnecting to your exam…"))
        page.detail.setText(
            tr("{name} · {reg_no} · room {room_id}").format(
                name=saved.name, reg_no=saved.reg_no, room_id=saved.room_id
            )
        )
        self.controller.window.show_page(page)
        # For joining again by hand: the join code of the host this seat is pinned to.
        room = format_join_code(saved.room_id, saved.fingerprint) if saved.fingerprint else ""
        self.controller.window.join_page.prefill(
            f"{saved.host}:{saved.port}", room or saved.room_id, saved.name, saved.reg_no
        )
        # offline_ok: with the host unreachable, carry on from the state kept on disk (the
        # student keeps writing; the session reconnects and sends everything later).
        self.controller.bridge.submit(
            self.controller.session.resume(offline_ok=True),
            self._on_resumed,
            self._on_resume_failed,
        )

    def _on_resumed(self, state: StateResponse | None) -> None:
        if state is None:
            self.controller.window.show_page(self.controller.window.join_page)
            self.controller.window.join_page.focus_first_empty()
            return
        self.controller.start_session()
        self.controller.apply_state(state.room, state.me)

    def _on_resume_failed(self, error: BaseException) -> None:
        if isinstance(error, JoinError) and error.code == SessionCode.CERTIFICATE_CHANGED:
            # Another certificate at the seat's address: nothing is sent there. The real host
            # may come back (keep trying); a new room needs its new join code (the button).
            page = self.controller.window.resume_page
            page.headline.setText(text.UNTRUSTED_TITLE)
            page.detail.setText(text.UNTRUSTED_RESUME.format(reason=error.message))
            QTimer.singleShot(RESUME_RETRY_MS, self._retry_resume)
            return
        if isinstance(error, JoinError) and error.code == SessionCode.HOST_UNREACHABLE:
            # The proctor's computer may be restarting: keep trying; the work is on disk.
            page = self.controller.window.resume_page
            page.headline.setText(tr("Cannot reach the proctor's computer. Trying again…"))
            page.detail.setText(
                tr(
                    "{message}\n\nYour work is safe on this computer. Keep this window open."
                ).format(message=error.message)
            )
            # The session reads the saved seat again on each try (none left: the join form).
            QTimer.singleShot(RESUME_RETRY_MS, self._retry_resume)
            return
        self._show_join_error(error)

    def _retry_resume(self) -> None:
        if (
            not self.controller.closing
            and self.controller.window.current_page() is self.controller.window.resume_page
        ):
            self.controller.bridge.submit(
                self.controller.session.resume(offline_ok=True),
                self._on_resumed,
                self._on_resume_failed,
            )

    def join_other_exam(self) -> None:
        self.controller.window.show_page(self.controller.window.join_page)
        self.controller.window.join_page.focus_first_empty()

    def join(self, details: JoinDetails) -> None:
        page = self.controller.window.join_page
        try:  # which host, and what its certificate must match (pinning.py)
            target = choose_target(details.host_text, details.room_text, page.heard_rooms())
        except JoinError as exc:
            self._show_join_error(exc)
            return
        page.set_busy(True)
        coro = self.controller.session.join(
            target.host,
            target.port,
            target.room_entry,
            details.name,
            details.reg_no,
            advertised_fp=target.advertised_fp,
            heard_plain=target.heard_plain,
            pin=details.pin or None,
        )
        self.controller.bridge.submit(coro, self._on_joined, self._show_join_error)

    def _on_joined(self, joined: JoinResponse) -> None:
        self.controller.window.join_page.set_busy(False)
        self.controller.start_session()
        work = self.controller.session.local_work()
        if (
            self.controller.paper is not None
            and work is not None
            and work != self.controller.exam.files()
        ):
            self.controller.exam.load_paper(
                self.controller.paper, work
            )  # the seat carries on from the host's copy
        if self.controller.paper is not None:
            self.controller.answering.restore()  # and from the host's answers
        self.controller.apply_state(joined.room, joined.me)

    def _show_join_error(self, error: BaseException) -> None:
        page = self.controller.window.join_page
        if isinstance(error, JoinError):
            details = page.details()
            problem = join_problem(
                error.code,
                error.message,
                host=details.host_text if details else "",
                room=details.room_id if details else "",
                reg_no=details.reg_no if details else "",
            )
        else:
            log.error("joining failed", exc_info=error)
            problem = join_problem("", f"Joining failed: {error}")
        self.controller.window.show_page(page)
        page.show_problem(problem)
