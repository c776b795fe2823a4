"""What the dashboard's buttons do: each asks what it must (confirmation, reason, minutes,
the admin key), calls the admin API through the service, and says how it went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog

from proctor.common.protocol import StudentRow
from proctor.host.dashboard.admin_client import AdminApiError, AdminClient, StudentAction
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.dialogs import (
    AdminKeyDialog,
    CloseDialog,
    ConfirmDialog,
    ExtraTimeDialog,
    ReasonDialog,
)
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_detail import StudentDetailDialog
from proctor.host.dashboard.ui.window import DashboardWindow

STATUS_MESSAGE_MS = 8000
MIN_TIME_LEFT_MS = 60_000  # the server never lets time taken away end an exam sooner


def students_word(n: int) -> str:
    return f"{n} student{'s' if n != 1 else ''}"


def export_room_folder(data_dir: Path, out_dir: Path) -> Any:
    """The same export as `proctor export`: session_log.json, CSVs and submissions."""
    from proctor.host.export import export_room

    return export_room(data_dir, out_dir)


class DashboardActions(QObject):
    """Connects the window's buttons to the admin API."""

    exported = Signal(str)  # the folder written
    finished = Signal()  # the window may close now

    def __init__(self, window: DashboardWindow, service: DashboardService) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.dialog: QDialog | None = None
        self.details: dict[str, StudentDetailDialog] = {}
        self.exporting = False
        w = window
        w.start_button.clicked.connect(self.start_exam)
        w.all_time_button.clicked.connect(self.extra_time_for_all)
        w.end_button.clicked.connect(self.end_session)
        w.export_button.clicked.connect(self.choose_export_folder)
        buttons = w.student_buttons
        buttons["details"].clicked.connect(self.open_selected_detail)
        buttons["pause"].clicked.connect(lambda: self.simple_action("pause"))
        buttons["resume"].clicked.connect(lambda: self.simple_action("resume"))
        buttons["unflag"].clicked.connect(lambda: self.simple_action("unflag"))
        buttons["readmit"].clicked.connect(lambda: self.simple_action("readmit"))
        buttons["flag"].clicked.connect(self.flag_selected)
        buttons["kick"].clicked.connect(self.kick_selected)
        buttons["time"].clicked.connect(self.extra_time_for_selected)
        w.detail_requested.connect(self.open_detail)
        w.close_requested.connect(self.request_close)
        w.timer.time_up.connect(self._time_up)
        service.server_lost.connect(self._server_lost)

    # -- feedback ---------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def fail(self, text: str) -> None:
        self.window.show_banner("error", text, "Dismiss", self.window.hide_banner)

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- room -------------------------------------------------------------------------------

    def start_exam(self) -> None:
        rows = [r for r in self.window.model.students() if r.status != "kicked"]
        if not rows:
            self.fail("Nobody has joined yet: the exam can start once a student is in the room.")
            return
        room = self.window.room
        online = sum(r.online for r in rows)
        minutes = labels.duration(room.duration_s) if room else ""
        dialog = ConfirmDialog(
            "Start the exam",
            f"Start the exam for {students_word(len(rows))} ({online} online)?\n\n"
            f"The clock starts now and runs for {minutes}. Students who join later start at "
            "once, with the time that is left.",
            "Start exam",
            self.window,
        )
        self._open(dialog, self._do_start)

    def _do_start(self) -> None:
        self.window.start_button.setEnabled(False)
        self.service.run(
            lambda c: c.start(),
            lambda room: (self.window.on_room(room), self.say("The exam has started.")),
            lambda exc: self.fail(f"Could not start the exam: {labels.error_text(exc)}"),
        )

    def extra_time_for_all(self) -> None:
        rows = [r for r in self.window.model.students() if r.status != "ended"]
        dialog = ExtraTimeDialog(
            "everyone", self.window, check=lambda s: self._time_left_problem(s, rows)
        )

        def give(seconds: int) -> None:
            self.service.run(
                lambda c: c.extra_time(seconds),
                lambda _r: self.say(f"Everyone has {seconds // 60:+d} minutes."),
                lambda exc: self.fail(f"Could not change the time: {labels.error_text(exc)}"),
            )

        self._open(dialog, lambda: self._confirm_time_taken(dialog, rows, "everyone", give))

    # -- taking time away -------------------------------------------------------------------

    def _new_ends(self, seconds: int, rows: list[StudentRow]) -> list[tuple[int, StudentRow]]:
        """Each running student's end after the change, the soonest first."""
        ends = [
            (r.ends_ms + seconds * 1000, r)
            for r in rows
            if r.ends_ms is not None and r.status in ("active", "paused", "submitted")
        ]
        return sorted(ends, key=lambda pair: pair[0])

    def _time_left_problem(self, seconds: int, rows: list[StudentRow]) -> str:
        """Why the server would refuse this change (it keeps every exam a minute), or ""."""
        ends = self._new_ends(seconds, rows)
        if seconds >= 0 or not ends:
            return ""
        soonest, row = ends[0]
        now = self.window.model.server_now_ms()
        if soonest - now >= MIN_TIME_LEFT_MS:
            return ""
        spare = max(0, (row.ends_ms or now) - now - MIN_TIME_LEFT_MS) // 60_000
        return (
            f"That would end {row.name}'s exam within a minute. At most {spare} minutes "
            "can be taken away now."
        )

    def _confirm_time_taken(
        self, dialog: ExtraTimeDialog, rows: list[StudentRow], who: str,
        give: Callable[[int], None],
    ) -> None:  # fmt: skip
        """Time taken away ends exams sooner: say whose ends first, and ask before."""
        seconds = dialog.extra_seconds()
        if seconds > 0:
            give(seconds)
            return
        ends = self._new_ends(seconds, rows)
        text = f"Take {-seconds // 60} minutes away from {who}?"
        if ends:
            soonest, row = ends[0]
            left = labels.duration((soonest - self.window.model.server_now_ms()) / 1000)
            text += (
                f"\n\nTheir exams end earlier: {row.name}'s would end first, at "
                f"{labels.clock(soonest)[:5]} (in {left})."
            )
        confirm = ConfirmDialog("Take time away", text, "Take time away", self.window, danger=True)
        self._open(confirm, lambda: give(seconds))

    def end_session(self) -> None:
        def check(key: str, answer: Callable[[str], None]) -> None:
            def refused(exc: BaseException) -> None:
                if isinstance(exc, AdminApiError) and exc.code == "bad_admin_key":
                    answer("That is not the admin key. Nothing was changed.")
                else:
                    answer(f"The session was not ended: {labels.error_text(exc)}")

            self.service.run(lambda c: c.end(key), lambda room: self._ended(room, answer), refused)

        dialog = AdminKeyDialog(
            "End the session for everyone",
            "Every student's exam ends now and their last saved work is kept. This cannot be "
            "undone.\n\nType the admin key to confirm.",
            "End the session",
            check,
            self.window,
            danger=True,
        )
        self._open(dialog, self._offer_export)

    def _ended(self, room: Any, answer: Callable[[str], None]) -> None:
        self.window.on_room(room)
        answer("")

    def _time_up(self) -> None:
        self.window.show_banner(
            "info",
            "The exam is over. Every answer received is saved in the room's store.",
            "Export results…",
            self.choose_export_folder,
        )

    def _offer_export(self) -> None:
        self.say("The session has ended.")
        self._time_up()

    # -- students ---------------------------------------------------------------------------

    def _eligible(self, action: str, rows: list[StudentRow]) -> list[StudentRow]:
        wanted: dict[str, Callable[[StudentRow], bool]] = {
            "pause": lambda r: r.status == "active",
            "resume": lambda r: r.status == "paused",
            "unflag": lambda r: r.manual_flag,
            "readmit": lambda r: r.status == "kicked",
            "kick": lambda r: r.status != "kicked",
            "flag": lambda r: True,
            "time": lambda r: r.status != "ended",
        }
        return [r for r in rows if wanted[action](r)]

    def simple_action(self, action: StudentAction, reason: str | None = None) -> None:
        chosen = self.window.selected_students()
        targets = self._eligible(action, chosen)
        if not targets:
            self.say("None of the selected students can be changed that way.")
            return
        self.apply(
            action, [t.student_id for t in targets], reason, skipped=len(chosen) - len(targets)
        )

    def apply(
        self, action: StudentAction, student_ids: list[str], reason: str | None = None,
        skipped: int = 0,
    ) -> None:  # fmt: skip
        done_words = {
            "pause": "Paused", "resume": "Resumed", "flag": "Flagged", "unflag": "Unflagged",
            "kick": "Removed", "readmit": "Readmitted",
        }  # fmt: skip

        def make(client: AdminClient, sid: str) -> Any:
            return client.student_action(sid, action, reason)

        def finished(failures: list[tuple[str, BaseException]]) -> None:
            ok = len(student_ids) - len(failures)
            text = f"{done_words[action]} {students_word(ok)}."
            if skipped:
                text += f" {students_word(skipped)} did not need it."
            self.say(text)
            if failures:
                self.fail(
                    f"{students_word(len(failures))} could not be changed: "
                    + labels.error_text(failures[0][1])
                )

        self.service.run_all(make, student_ids, finished)

    def flag_selected(self) -> None:
        targets = self.window.selected_students()
        if not targets:
            return
        who = targets[0].name if len(targets) == 1 else students_word(len(targets))
        dialog = ReasonDialog(
            "Flag", f"Flag {who} for a closer look later. The student is not told.", "Flag",
            self.window, placeholder="What did you see? (optional)",
        )  # fmt: skip
        ids = [t.student_id for t in targets]
        self._open(dialog, lambda: self.apply("flag", ids, dialog.reason()))

    def kick_selected(self) -> None:
        targets = self._eligible("kick", self.window.selected_students())
        if not targets:
            return
        who = targets[0].name if len(targets) == 1 else students_word(len(targets))
        dialog = ReasonDialog(
            "Remove from the exam",
            f"Remove {who} from the exam? They stop writing at once; what they wrote so far "
            "is kept. You can readmit them later.",
            "Remove", self.window, required=True, danger=True,
        )  # fmt: skip
        ids = [t.student_id for t in targets]
        self._open(dialog, lambda: self.apply("kick", ids, dialog.reason()))

    def extra_time_for_selected(self) -> None:
        targets = self._eligible("time", self.window.selected_students())
        if not targets:
            return
        who = targets[0].name if len(targets) == 1 else students_word(len(targets))
        dialog = ExtraTimeDialog(
            who, self.window, check=lambda s: self._time_left_problem(s, targets)
        )
        ids = [t.student_id for t in targets]

        def give(seconds: int) -> None:
            def make(client: AdminClient, sid: str) -> Any:
                return client.extra_time(seconds, sid)

            def finished(failures: list[tuple[str, BaseException]]) -> None:
                self.say(f"{students_word(len(ids) - len(failures))}: {seconds // 60:+d} minutes.")
                if failures:
                    self.fail(f"Extra time failed for {students_word(len(failures))}: "
                              + labels.error_text(failures[0][1]))  # fmt: skip

            self.service.run_all(make, ids, finished)

        self._open(dialog, lambda: self._confirm_time_taken(dialog, targets, who, give))

    def open_selected_detail(self) -> None:
        ids = self.window.selected_ids()
        if ids:
            self.open_detail(ids[0])

    def open_detail(self, student_id: str) -> StudentDetailDialog | None:
        student = self.window.model.student_by_id(student_id)
        if student is None:
            return None
        dialog = self.details.get(student_id)
        if dialog is None:
            dialog = StudentDetailDialog(self.service, student, self.window)
            dialog.finished.connect(lambda _r, sid=student_id: self.details.pop(sid, None))
            self.details[student_id] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    # -- export -----------------------------------------------------------------------------

    def choose_export_folder(self) -> None:
        dialog = QFileDialog(self.window, "Choose the folder for the results")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(str(Path.home()))
        self._open(dialog, lambda: self.export_to(Path(dialog.selectedFiles()[0])))

    def export_to(self, folder: Path) -> None:
        """Write the export into `folder`, off the GUI thread."""
        if self.exporting:
            return
        self.exporting = True
        self.window.export_button.setEnabled(False)
        data_dir = self.service.info.data_dir
        self.say("Exporting…")

        async def export() -> Any:
            loop = self.service.bridge.loop
            return await loop.run_in_executor(None, export_room_folder, data_dir, folder)

        def done(_result: Any) -> None:
            self.exporting = False
            self.window.export_button.setEnabled(True)
            self.window.show_banner("success", f"Results exported to {folder}")
            self.exported.emit(str(folder))

        def failed(exc: BaseException) -> None:
            self.exporting = False
            self.window.export_button.setEnabled(True)
            self.fail(f"The export failed: {labels.error_text(exc)}")

        self.service.bridge.submit(export(), done, failed)

    # -- server and closing -----------------------------------------------------------------

    def _server_lost(self) -> None:
        text = (
            "The room server has stopped. Students keep their work on their computers and "
            "reconnect by themselves once it runs again; nothing is lost."
        )
        self.window.show_banner("error", text, "Restart the room server", self.restart_server)
        self.window.update_enabled()

    def restart_server(self) -> None:
        self.window.show_banner("warning", "Restarting the room server…")

        def back(_info: Any) -> None:
            self.window.show_banner("success", "The room server is running again.")
            self.window.update_enabled()

        def failed(exc: BaseException) -> None:
            self.window.show_banner(
                "error", f"The room server could not be restarted: {labels.error_text(exc)}",
                "Try again", self.restart_server,
            )  # fmt: skip

        self.service.restart_server(back, failed)

    def request_close(self) -> None:
        room = self.window.room
        if self.service.server_down or room is None:
            self.close_window()
            return
        if room.status == "active":
            text = (
                "The exam is running. If you keep the room running, students carry on and you "
                "can open the dashboard again at any time with “I am the proctor”."
            )
        elif room.status == "lobby" and self.window.model.rowCount():
            text = "Students are waiting in the lobby. Keep the room open for them?"
        else:
            text = (
                "Keep the room server running, or stop it? Everything is saved in "
                f"{self.service.info.data_dir}."
            )
        dialog = CloseDialog(text, self.window)

        def chosen() -> None:
            if dialog.choice == CloseDialog.STOP:
                self.window.show_banner("warning", "Stopping the room server…")
                self.service.stop_server(lambda _r: self.close_window())
            else:
                self.close_window()

        self._open(dialog, chosen)

    def close_window(self) -> None:
        for detail in list(self.details.values()):
            detail.close()
        self.window.allow_close = True
        self.window.close()
        self.finished.emit()
