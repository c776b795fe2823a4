"""What the dashboard's buttons do: each asks what it must (confirmation, reason, minutes,
the admin key), calls the admin API through the service, and says how it went."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog

from proctor.common.errors import ErrorCode
from proctor.common.i18n import translator
from proctor.common.protocol import Room, StudentRow, TimeResponse
from proctor.host.dashboard.admin_client import AdminApiError, AdminClient
from proctor.host.dashboard.supervisor import ServerInfo
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.dialogs import (
    AccommodationsDialog,
    AdminKeyDialog,
    CloseDialog,
    ConfirmDialog,
    ExtraTimeDialog,
    ReasonDialog,
)
from proctor.host.dashboard.ui.labels import ACTIONS_TEXT as TEXT
from proctor.host.dashboard.ui.labels import plural
from proctor.host.dashboard.ui.network_check import NetworkCheckDialog
from proctor.host.dashboard.ui.results_service import AdminResultsService
from proctor.host.dashboard.ui.results_view import ResultsWindow
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_detail import StudentDetailDialog
from proctor.host.dashboard.ui.window import DashboardWindow
from proctor.host.transitions import StudentCommand, may_act_on

tr = translator(__name__)

STATUS_MESSAGE_MS = 8000
MIN_TIME_LEFT_MS = 60_000  # the server never lets time taken away end an exam sooner


def export_room_folder(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """The same export as `proctor export`: session_log.json, CSVs and submissions."""
    from proctor.host.export import export_room

    return export_room(data_dir, out_dir)


class DashboardActions(QObject):
    """Connects the window's buttons to the admin API."""

    exported = Signal(str)  # the folder written
    finished = Signal()  # the window may close now
    detailOpened = Signal(object)  # a new StudentDetailDialog (the hall adds to its timeline)

    def __init__(self, window: DashboardWindow, service: DashboardService) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.dialog: QDialog | None = None
        self.details: dict[str, StudentDetailDialog] = {}
        self.results_window: ResultsWindow | None = None
        self.exporting = False
        w = window
        w.start_button.clicked.connect(self.start_exam)
        w.all_time_button.clicked.connect(self.extra_time_for_all)
        w.end_button.clicked.connect(self.end_session)
        w.export_button.clicked.connect(self.choose_export_folder)
        w.results_button.clicked.connect(self.open_results)
        buttons = w.student_buttons
        buttons["details"].clicked.connect(self.open_selected_detail)
        buttons["pause"].clicked.connect(lambda: self.simple_action(StudentCommand.PAUSE))
        buttons["resume"].clicked.connect(lambda: self.simple_action(StudentCommand.RESUME))
        buttons["unflag"].clicked.connect(lambda: self.simple_action(StudentCommand.UNFLAG))
        buttons["readmit"].clicked.connect(lambda: self.simple_action(StudentCommand.READMIT))
        buttons["flag"].clicked.connect(self.flag_selected)
        buttons["kick"].clicked.connect(self.kick_selected)
        buttons["time"].clicked.connect(self.extra_time_for_selected)
        buttons["move"].clicked.connect(self.move_selected)
        w.connection.checkRequested.connect(self.network_check)
        self.checking: NetworkCheckDialog | None = None
        w.detailRequested.connect(self.open_detail)
        w.closeRequested.connect(self.request_close)
        w.timer.timeUp.connect(self._time_up)
        service.serverLost.connect(self._server_lost)

    def network_check(self) -> None:
        """The network check, for the address on the join card (one dialog at a time)."""
        if self.checking is None:
            self.checking = NetworkCheckDialog(
                self.service, self.window.connection.addresses[0], self.window
            )
            self.checking.place()
        self.checking.open()
        self.checking.run()

    # -- feedback ---------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def fail(self, text: str) -> None:
        self.window.show_banner("error", text, labels.WINDOW["dismiss"], self.window.hide_banner)

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

    def _who(self, targets: list[StudentRow]) -> str:
        return targets[0].name if len(targets) == 1 else TEXT["students"].format(n=len(targets))

    # -- room -------------------------------------------------------------------------------

    def start_exam(self) -> None:
        rows = [r for r in self.window.model.students() if r.status != "kicked"]
        if not rows:
            self.fail(TEXT["start_nobody"])
            return
        room = self.window.room
        online = sum(r.online for r in rows)
        minutes = labels.duration(room.duration_s) if room else ""
        question = plural(
            len(rows),
            TEXT["start_question_one"],
            TEXT["start_question_many"],
            online=online,
            minutes=minutes,
        )
        dialog = ConfirmDialog(
            TEXT["start_title"],
            question,
            TEXT["start_ok"],
            self.window,
        )
        self._open(dialog, self._do_start)

    def _do_start(self) -> None:
        self.window.start_button.setEnabled(False)

        def started(room: Room) -> None:
            self.window.on_room(room)
            self.say(TEXT["started"])

        self.service.run(
            lambda c: c.start(),
            started,
            lambda exc: self.fail(TEXT["start_failed"].format(error=labels.error_text(exc))),
        )

    def extra_time_for_all(self) -> None:
        rows = self._eligible(StudentCommand.EXTRA_TIME, self.window.model.students())
        dialog = ExtraTimeDialog(
            TEXT["everyone"], self.window, check=lambda s: self._time_left_problem(s, rows)
        )

        def give(seconds: int) -> None:
            self.service.run(
                lambda c: c.extra_time(seconds),
                lambda _r: self.say(labels.extra_time_done(seconds // 60, None)),
                lambda exc: self.fail(TEXT["time_failed"].format(error=labels.error_text(exc))),
            )

        self._open(dialog, lambda: self._confirm_time_taken(dialog, rows, TEXT["everyone"], give))

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
        return TEXT["take_time_too_much"].format(name=row.name, spare=spare)

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
        text = TEXT["take_time_question"].format(minutes=-seconds // 60, who=who)
        if ends:
            soonest, row = ends[0]
            left = labels.duration((soonest - self.window.model.server_now_ms()) / 1000)
            text += TEXT["take_time_first_end"].format(
                name=row.name, at=labels.clock(soonest)[:5], left=left
            )
        confirm = ConfirmDialog(
            TEXT["take_time_title"], text, TEXT["take_time_ok"], self.window, danger=True
        )
        self._open(confirm, lambda: give(seconds))

    def end_session(self) -> None:
        def check(key: str, answer: Callable[[str], None]) -> None:
            def refused(exc: BaseException) -> None:
                if isinstance(exc, AdminApiError) and exc.code == ErrorCode.BAD_ADMIN_KEY:
                    answer(TEXT["end_bad_key"])
                else:
                    answer(TEXT["end_failed"].format(error=labels.error_text(exc)))

            self.service.run(lambda c: c.end(key), lambda room: self._ended(room, answer), refused)

        dialog = AdminKeyDialog(
            TEXT["end_title"], TEXT["end_text"], TEXT["end_ok"], check, self.window, danger=True
        )
        self._open(dialog, self._offer_export)

    def _ended(self, room: Room, answer: Callable[[str], None]) -> None:
        self.window.on_room(room)
        answer("")

    def _time_up(self) -> None:
        # The room bar's Export results… is the one way to export (now the main button).
        self.window.show_banner("info", TEXT["over"], kind="over")

    def _offer_export(self) -> None:
        self.say(TEXT["ended"])
        self._time_up()

    # -- students ---------------------------------------------------------------------------

    @staticmethod
    def _eligible(action: StudentCommand, rows: list[StudentRow]) -> list[StudentRow]:
        """The students the host would take `action` for (`transitions`)."""
        return [r for r in rows if may_act_on(action, r)]

    def simple_action(self, action: StudentCommand, reason: str | None = None) -> None:
        chosen = self.window.selected_students()
        targets = self._eligible(action, chosen)
        if not targets:
            self.say(TEXT["none_eligible"])
            return
        self.apply(
            action, [t.student_id for t in targets], reason, skipped=len(chosen) - len(targets)
        )

    def apply(
        self,
        action: StudentCommand,
        student_ids: list[str],
        reason: str | None = None,
        skipped: int = 0,
    ) -> None:
        def make(client: AdminClient, sid: str) -> Coroutine[Any, Any, StudentRow]:
            return client.student_action(sid, action, reason)

        def finished(failures: list[tuple[str, BaseException]]) -> None:
            ok = len(student_ids) - len(failures)
            text = labels.action_done(action, ok)
            if skipped:
                text += " " + plural(skipped, TEXT["skipped_one"], TEXT["skipped_many"])
            self.say(text)
            if failures:
                error = labels.error_text(failures[0][1])
                self.fail(
                    plural(len(failures), TEXT["failed_one"], TEXT["failed_many"], error=error)
                )

        self.service.run_all(make, student_ids, finished)

    def flag_selected(self) -> None:
        targets = self.window.selected_students()
        if not targets:
            return
        dialog = ReasonDialog(
            TEXT["flag_title"],
            TEXT["flag_text"].format(who=self._who(targets)),
            TEXT["flag_ok"],
            self.window,
            placeholder=TEXT["flag_placeholder"],
        )
        ids = [t.student_id for t in targets]
        self._open(dialog, lambda: self.apply(StudentCommand.FLAG, ids, dialog.reason()))

    def kick_selected(self) -> None:
        targets = self._eligible(StudentCommand.KICK, self.window.selected_students())
        if not targets:
            return
        dialog = ReasonDialog(
            TEXT["kick_title"],
            TEXT["kick_text"].format(who=self._who(targets)),
            TEXT["kick_ok"],
            self.window,
            required=True,
            danger=True,
        )
        ids = [t.student_id for t in targets]
        self._open(dialog, lambda: self.apply(StudentCommand.KICK, ids, dialog.reason()))

    def extra_time_for_selected(self) -> None:
        targets = self._eligible(StudentCommand.EXTRA_TIME, self.window.selected_students())
        if not targets:
            return
        who = self._who(targets)
        dialog = ExtraTimeDialog(
            who, self.window, check=lambda s: self._time_left_problem(s, targets)
        )
        ids = [t.student_id for t in targets]

        def give(seconds: int) -> None:
            def make(client: AdminClient, sid: str) -> Coroutine[Any, Any, TimeResponse]:
                return client.extra_time(seconds, sid)

            def finished(failures: list[tuple[str, BaseException]]) -> None:
                self.say(labels.extra_time_done(seconds // 60, len(ids) - len(failures)))
                if failures:
                    error = labels.error_text(failures[0][1])
                    one, many = TEXT["time_failed_one"], TEXT["time_failed_many"]
                    self.fail(plural(len(failures), one, many, error=error))

            self.service.run_all(make, ids, finished)

        self._open(dialog, lambda: self._confirm_time_taken(dialog, targets, who, give))

    def move_selected(self) -> None:
        ids = self.window.selected_ids()
        if len(ids) == 1:
            self.move_student(ids[0])

    def move_student(self, student_id: str) -> None:
        """Ask first, then let the student's next join (from another computer) take the seat."""
        row = self.window.model.student_by_id(student_id)
        if row is None or not may_act_on(StudentCommand.MOVE, row):
            return
        warning = (
            f"\n\n{row.name} is online right now from {row.address}: only do this if they "
            "really changed computers."
            if row.online
            else ""
        )
        dialog = ConfirmDialog(
            "Move to another computer",
            f"Move {row.name} ({row.reg_no}) to another computer?\n\n"
            f"• The next computer that joins as {row.reg_no} takes the seat, once, and starts "
            "from their latest work saved here. Their time and status carry on.\n"
            "• Their current computer is disconnected now and can no longer send work or hand "
            "in. What it had not sent stays on it only; the student is told." + warning,
            "Move to another computer",
            self.window,
            danger=row.online,
        )
        dialog.setMinimumWidth(560)

        def moved(student: StudentRow) -> None:
            self.window.on_students([student])
            self.say(f"{student.name} can now join from another computer.")

        def move() -> None:
            self.service.run(
                lambda c: c.move(student_id),
                moved,
                lambda exc: self.fail(
                    tr("Could not move {name}: {error}").format(
                        name=row.name, error=labels.error_text(exc)
                    )
                ),
            )

        self._open(dialog, move)

    def accommodate_student(self, student_id: str) -> None:
        """Larger text or the plain-text editor for one student (from their detail)."""
        row = self.window.model.student_by_id(student_id)
        if row is None or not may_act_on(StudentCommand.ACCOMMODATE, row):
            return
        dialog = AccommodationsDialog(row, self.window)

        def granted(student: StudentRow) -> None:
            self.window.on_students([student])
            self.say(
                tr("{name}: {what}").format(name=student.name, what=labels.granted_text(student))
            )

        def grant() -> None:
            self.service.run(
                lambda c: c.accommodate(student_id, dialog.granted()),
                granted,
                lambda exc: self.fail(
                    tr("Could not change {name}'s accommodations: {error}").format(
                        name=row.name, error=labels.error_text(exc)
                    )
                ),
            )

        self._open(dialog, grant)

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
            dialog.moveRequested.connect(self.move_student)
            dialog.accommodateRequested.connect(self.accommodate_student)
            self.details[student_id] = dialog
            self.detailOpened.emit(dialog)
        dialog.show()
        dialog.raise_()
        return dialog

    # -- results ----------------------------------------------------------------------------

    def open_results(self) -> ResultsWindow:
        """The Results window (one, kept while the dashboard is open), read afresh."""
        if self.results_window is None:
            service = AdminResultsService(self.service)
            self.results_window = ResultsWindow(service, self.window)
            self.results_window.place()
        self.results_window.show()
        self.results_window.raise_()
        self.results_window.activateWindow()
        self.results_window.refresh()
        return self.results_window

    # -- export -----------------------------------------------------------------------------

    def choose_export_folder(self) -> None:
        dialog = QFileDialog(self.window, TEXT["export_choose"])
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
        self.say(TEXT["exporting"])

        def done(result: dict[str, Any]) -> None:
            self.exporting = False
            self.window.export_button.setEnabled(True)
            counts = result.get("counts", {})
            text = TEXT["exported"].format(
                folder=folder,
                handed_in=counts.get("handed_in", 0),
                total=counts.get("total", 0),
            )
            self.window.show_banner(
                "success", text, labels.WINDOW["dismiss"], self.window.hide_banner
            )
            self.exported.emit(str(folder))

        def failed(exc: BaseException) -> None:
            self.exporting = False
            self.window.export_button.setEnabled(True)
            self.fail(TEXT["export_failed"].format(error=labels.error_text(exc)))

        self.service.run_task(
            export_room_folder, self.service.info.data_dir, folder, on_done=done, on_error=failed
        )

    # -- server and closing -----------------------------------------------------------------

    def _server_lost(self) -> None:
        self.window.show_banner(
            "error", TEXT["server_lost"], TEXT["restart"], self.restart_server, kind="server_lost"
        )
        self.window.update_enabled()

    def restart_server(self) -> None:
        self.window.show_banner("warning", TEXT["restarting"])

        def back(_info: ServerInfo) -> None:
            self.window.show_banner("success", TEXT["restarted"])
            self.window.update_enabled()

        def failed(exc: BaseException) -> None:
            self.window.show_banner(
                "error",
                TEXT["restart_failed"].format(error=labels.error_text(exc)),
                TEXT["try_again"],
                self.restart_server,
            )

        self.service.restart_server(back, failed)

    def request_close(self) -> None:
        room = self.window.room
        if self.service.server_down or room is None:
            self.close_window()
            return
        if room.status == "active":
            text = TEXT["close_running"]
        elif room.status == "lobby" and self.window.model.rowCount():
            text = TEXT["close_lobby"]
        else:
            text = TEXT["close_other"].format(folder=self.service.info.data_dir)
        dialog = CloseDialog(text, self.window)

        def chosen() -> None:
            if dialog.choice == CloseDialog.STOP:
                self.window.show_banner("warning", TEXT["stopping"])
                self.service.stop_server(lambda _r: self.close_window())
            else:
                self.close_window()

        self._open(dialog, chosen)

    def close_window(self) -> None:
        for detail in list(self.details.values()):
            detail.close()
        if self.results_window is not None:
            self.results_window.close()
        self.window.allow_close = True
        self.window.close()
        self.finished.emit()
