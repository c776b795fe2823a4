"""`proctor host` with a window: find or start the room server, then open the dashboard.

    proctor host                         rooms still running → go back to one; else the setup form
    proctor host --data-dir D            that room: re-attach, or restart it from its store
    proctor host --name N --duration M   (with PROCTOR_ADMIN_KEY) no form: start the room at once

The room server always runs as its own process (`proctor host --headless`), so the window can
close or crash without touching the students. Like the headless host, this prints one JSON
ready line on stdout once the room is up.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from proctor.common.errors import ErrorCode
from proctor.common.protocol import AdminRoom
from proctor.host.dashboard.admin_client import AdminApiError
from proctor.host.dashboard.prefs import Prefs, load_prefs, prefs_path, save_prefs
from proctor.host.dashboard.setup_checks import SetupEnvironment, SetupResult
from proctor.host.dashboard.supervisor import (
    FoundRoom,
    LaunchOptions,
    ServerInfo,
    ServerProcess,
    ServerStartError,
    WrongAdminKey,
    find_rooms,
    find_running,
    has_store,
    new_room_data_dir,
    read_host_json,
)
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.actions import DashboardActions
from proctor.host.dashboard.ui.connection_card import hosts_of
from proctor.host.dashboard.ui.dialogs import AdminKeyDialog
from proctor.host.dashboard.ui.hall_desk import HallDesk, install_hall
from proctor.host.dashboard.ui.labels import error_text
from proctor.host.dashboard.ui.rooms_dialog import RoomsDialog
from proctor.host.dashboard.ui.service import DashboardService, admin_client
from proctor.host.dashboard.ui.setup_form import SetupForm
from proctor.host.dashboard.ui.setup_probe import SetupProbe
from proctor.host.dashboard.ui.window import DashboardWindow
from proctor.host.server.options import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_PORT,
    AdminKeyError,
    build_parser,
    read_admin_key,
)
from proctor.ui import geometry
from proctor.ui.bridge import AsyncBridge
from proctor.ui.interrupt import on_interrupt
from proctor.ui.style import ensure_application

log = logging.getLogger(__name__)


class HostSession(QObject):
    """One proctor's way from opening `proctor host` to the dashboard, and back out.

    Nothing here reads a file or probes the network on the GUI thread: the remembered prefs,
    the setup form's look at this computer and the room list come through the bridge.
    `shown` is emitted once the first window is up; `backRequested` when the proctor cancels
    the setup (the landing then shows the role choice again), just before `finished`."""

    finished = Signal(int)  # exit code
    shown = Signal()
    backRequested = Signal()

    def __init__(
        self,
        args: argparse.Namespace,
        bridge: AsyncBridge,
        *,
        rooms_root: Path | None = None,
        parent_widget: QWidget | None = None,
        prefs_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.args = args
        self.bridge = bridge
        self.rooms_root = rooms_root
        self.parent_widget = parent_widget
        self.prefs_file = prefs_file or prefs_path(rooms_root)
        self.prefs = Prefs()
        self.probe = SetupProbe(bridge, self)
        try:
            self.env_key: str | None = read_admin_key(args.admin_key_file)
        except AdminKeyError:
            self.env_key = None
        self.cli_mode = bool(args.name and args.duration and self.env_key)
        self.dialog: QWidget | None = None
        self.setup_form: SetupForm | None = None
        self.server: ServerProcess | None = None
        self.service: DashboardService | None = None
        self.window: DashboardWindow | None = None
        self.hall: HallDesk | None = None
        self.actions: DashboardActions | None = None
        self.ready_line = ""
        self._shown = False

    # -- where to begin ---------------------------------------------------------------------

    def start(self) -> None:
        """Read the remembered prefs (off the GUI thread), then begin."""
        self.bridge.run_task(load_prefs, self.prefs_file, on_done=self._begin)

    def _begin(self, prefs: Prefs) -> None:
        self.prefs = prefs
        if self.args.data_dir is not None:
            self.open_data_dir(Path(self.args.data_dir).expanduser().resolve())
        elif self.cli_mode:
            self.launch(new_room_data_dir(self.rooms_root), self.cli_options(), self.env_key or "")
        else:
            # The form first, then an offer to go back to any room still running on top of it.
            self.show_setup(
                then=lambda: self.bridge.submit(find_rooms(self.rooms_root), self._rooms_found)
            )

    def _window_up(self, widget: QWidget) -> None:
        if not self._shown:
            self._shown = True
            self.shown.emit()

    def save_prefs(self) -> None:
        prefs = Prefs(self.prefs.setup, dict(self.prefs.windows))
        self.bridge.run_task(save_prefs, self.prefs_file, prefs)

    def remember_geometry(self, name: str, widget: QWidget) -> None:
        self.prefs.windows[name] = geometry.record_of(widget)
        self.save_prefs()

    def cli_options(self) -> LaunchOptions:
        a = self.args
        return LaunchOptions(
            name=a.name,
            duration_min=a.duration,
            port=a.port,
            bind=a.bind,
            paper=a.paper,
            camera=a.camera,
            paste=a.paste,
            blacklist=a.blacklist,
            grace_s=a.grace,
            insecure_http=a.insecure_http,
            announce_on=a.announce_on,
        )

    def open_data_dir(self, data_dir: Path) -> None:
        """Re-attach to the room of `data_dir`, restart it from its store, or set it up."""

        def found(info: ServerInfo | None) -> None:
            if info is not None:
                self.attach(ServerProcess(data_dir, ""))
            elif has_store(data_dir):
                self.restart_stopped(data_dir)
            elif self.cli_mode:
                self.launch(data_dir, self.cli_options(), self.env_key or "")
            else:
                self.show_setup(data_dir)

        self.bridge.submit(find_running(data_dir), found, lambda exc: self.fail(error_text(exc)))

    def _rooms_found(self, rooms: list[FoundRoom]) -> None:
        form = self.setup_form
        if not rooms or form is None or not form.isVisible():
            return
        dialog = RoomsDialog(rooms, form)
        self.dialog = dialog

        def chosen() -> None:
            room = dialog.chosen
            if room is None:
                self.dialog = form
                return
            form.set_busy(True)
            if room.running is not None:
                self.attach(ServerProcess(room.data_dir, ""))
            else:
                self.restart_stopped(room.data_dir)

        dialog.accepted.connect(chosen)
        dialog.open()

    def _back(self) -> None:
        """A step was cancelled: back to the setup form if there is one, else quit."""
        if self.setup_form is not None:
            self.show_setup()
        else:
            self.finished.emit(0)

    # -- the setup form ---------------------------------------------------------------------

    def show_setup(
        self, data_dir: Path | None = None, then: Callable[[], object] | None = None
    ) -> None:
        """Show the setup form (built once this computer's addresses and blacklist are read)."""
        if self.setup_form is not None:
            self._show_form(self.setup_form)
            return

        def build(env: SetupEnvironment) -> None:
            form = self._make_form(env, data_dir)
            self._show_form(form)
            if then is not None:
                then()

        self.probe.environment(build)

    def _make_form(self, env: SetupEnvironment, data_dir: Path | None) -> SetupForm:
        defaults: dict[str, Any] = {"name": self.args.name or ""}
        if self.args.port != DEFAULT_PORT:
            defaults["port"] = self.args.port
        if self.args.duration:
            defaults["duration_min"] = self.args.duration
        if self.args.paper:
            defaults["paper"] = self.args.paper
        form = SetupForm(self.probe, env, self.parent_widget, defaults, self.prefs.setup)
        form.place(self.prefs.windows.get("setup", ""))
        form.submitted.connect(lambda result: self._setup_done(result, data_dir))
        form.cancelled.connect(self._setup_cancelled)
        self.setup_form = form
        return form

    def _show_form(self, form: SetupForm) -> None:
        self.dialog = form
        form.set_busy(False)
        form.show()
        form.raise_()
        self._window_up(form)

    def _setup_cancelled(self) -> None:
        """Cancel: back to the role choice when there is one (it shows first, so a window
        stays up throughout), else out."""
        form, self.setup_form = self.setup_form, None
        if form is not None:
            self.remember_geometry("setup", form)
        self.backRequested.emit()
        if form is not None:
            form.close_for_good()
        self.dialog = None
        self.finished.emit(0)

    def _setup_done(self, result: SetupResult, data_dir: Path | None) -> None:
        self.prefs.setup = result.remembered
        self.save_prefs()
        target = data_dir or new_room_data_dir(self.rooms_root)
        self.launch(target, result.launch_options(), result.admin_key, result.address)

    # -- starting or finding the server -----------------------------------------------------

    def launch(
        self, data_dir: Path, options: LaunchOptions, key: str, address: str | None = None
    ) -> None:
        if options.max_connections is None and self.args.max_connections != DEFAULT_MAX_CONNECTIONS:
            options.max_connections = self.args.max_connections
        server = ServerProcess(data_dir, key, options)
        self.server = server

        def failed(exc: BaseException) -> None:
            self.fail(f"The room could not be opened.\n\n{error_text(exc)}", retry_setup=True)

        self.bridge.submit(
            server.attach_or_launch(),
            lambda res: self.open_dashboard(server, key, attached=res[1], address=address),
            failed,
        )

    def attach(self, server: ServerProcess) -> None:
        """Go back to a running server: with PROCTOR_ADMIN_KEY if it is right, else ask."""

        async def login(key: str) -> None:
            info = await server.attach()
            if info is None:
                raise ServerStartError("The room server is no longer running.")
            async with admin_client(info, key) as client:
                await client.login()

        def opened(key: str) -> None:
            server.admin_key = key
            self.open_dashboard(server, key, attached=True)

        self._with_key(login, opened, "Open the running room")

    def restart_stopped(self, data_dir: Path) -> None:
        """Start a room whose server stopped, from its store (on its old port if free)."""
        holder: dict[str, ServerProcess] = {}

        async def start(key: str) -> None:
            record = await asyncio.to_thread(read_host_json, data_dir) or {}
            options = LaunchOptions(
                port=int(record.get("port", self.args.port)),
                bind=str(record.get("bind", "0.0.0.0")),
                insecure_http=record.get("tls") is False,
            )
            server = ServerProcess(data_dir, key, options)
            await server.launch()
            holder["server"] = server

        self._with_key(
            start,
            lambda key: self.open_dashboard(holder["server"], key, attached=False),
            "Restart the room",
        )

    def _with_key(
        self,
        attempt: Callable[[str], Coroutine[Any, Any, None]],
        then: Callable[[str], None],
        title: str,
    ) -> None:
        """Run `attempt(key)`: first with PROCTOR_ADMIN_KEY if set, else after asking for it."""

        def ask(error: str = "") -> None:
            def check(key: str, answer: Callable[[str], None]) -> None:
                self.bridge.submit(
                    attempt(key),
                    lambda _r: answer(""),
                    lambda e: answer(
                        "That is not this room's admin key." if _is_bad_key(e) else error_text(e)
                    ),
                )

            dialog = AdminKeyDialog(
                title, "Type the admin key of this room.", "Open", check, self.parent_widget
            )
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.show_error(error)
            dialog.accepted.connect(lambda: then(dialog.key()))
            dialog.rejected.connect(self._back)
            self.dialog = dialog
            dialog.open()
            self._window_up(dialog)

        if self.env_key:
            key = self.env_key

            def refused(exc: BaseException) -> None:
                if self.cli_mode and not _is_bad_key(exc):
                    self.fail(error_text(exc))
                else:
                    bad_key = "PROCTOR_ADMIN_KEY is not this room's admin key."
                    ask(bad_key if _is_bad_key(exc) else error_text(exc))

            self.bridge.submit(attempt(key), lambda _r: then(key), refused)
        else:
            ask()

    # -- the dashboard ----------------------------------------------------------------------

    def open_dashboard(
        self, server: ServerProcess, key: str, attached: bool, address: str | None = None
    ) -> None:
        assert server.info is not None
        info = server.info
        self.server = server
        if attached or not server.ready_text:
            self.ready_line = info.ready_line(attached=True)
        else:
            self.ready_line = server.ready_text
        print(self.ready_line, flush=True)
        addresses = hosts_of(info.urls)
        if address and address in addresses:
            addresses.remove(address)
            addresses.insert(0, address)
        self.service = DashboardService(self.bridge, server, key)
        self.window = DashboardWindow(self.service, addresses)
        self.hall = install_hall(self.window, self.service)
        self.window.place(self.prefs.windows.get("dashboard", ""))
        self.actions = DashboardActions(self.window, self.service)
        self.actions.detailOpened.connect(self.hall.decorate_detail)
        self.actions.finished.connect(self._closed)
        self.service.run(
            lambda c: c.room(),
            self._room_info,
            lambda exc: log.info("the room's details could not be read: %s", exc),
        )  # the stream's snapshot brings the room as well
        self.service.start_stream()
        self.dialog = None
        self.window.show()
        self._window_up(self.window)
        if self.setup_form is not None:  # closed only now: a window must stay up throughout
            form, self.setup_form = self.setup_form, None
            self.prefs.windows["setup"] = geometry.record_of(form)
            form.close_for_good()
        if attached:
            self.window.statusBar().showMessage("Re-attached to the running room.", 8000)

    def _room_info(self, admin_room: AdminRoom) -> None:
        if self.window is not None:
            self.window.on_room(admin_room.room)

    def interrupt(self) -> None:
        """Ctrl+C in the terminal: close the dashboard and leave the room server running."""
        if self.server is not None:
            print(
                "proctor host: the dashboard is closed; the room keeps running. "
                f"`proctor host --data-dir {self.server.data_dir}` opens it again.",
                file=sys.stderr,
                flush=True,
            )
        if self.actions is not None:
            self.actions.close_window()
        else:
            self.finished.emit(0)

    def _closed(self) -> None:
        """The dashboard closed: keep its size, let go of the server (without waiting on the
        GUI thread), then finish."""
        if self.window is not None:
            self.remember_geometry("dashboard", self.window)
        if self.service is not None:
            self.service.shutdown(lambda: self.finished.emit(0))
        else:
            self.finished.emit(0)

    # -- trouble ----------------------------------------------------------------------------

    def fail(self, message: str, retry_setup: bool = False) -> None:
        if self.cli_mode and self.window is None:
            print(f"proctor host: {message}", file=sys.stderr, flush=True)
            self.finished.emit(1)
            return
        if retry_setup and self.setup_form is not None and self.setup_form.isVisible():
            self.setup_form.set_failed(message)
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            labels.PROBLEM_TITLE,
            message,
            QMessageBox.StandardButton.Ok,
            self.parent_widget,
        )
        if retry_setup and self.setup_form is not None:
            box.finished.connect(lambda _r: self.show_setup())
        else:
            box.finished.connect(lambda _r: self.finished.emit(1))
        self.dialog = box
        box.open()
        self._window_up(box)


def _is_bad_key(exc: BaseException) -> bool:
    if isinstance(exc, AdminApiError):
        return exc.code == ErrorCode.BAD_ADMIN_KEY
    return isinstance(exc, WrongAdminKey)


_sessions: set[HostSession] = set()
_bridge: AsyncBridge | None = None


def shared_bridge() -> AsyncBridge:
    """The dashboard's asyncio bridge, made on first use and stopped when the app quits."""
    global _bridge
    if _bridge is None:
        _bridge = AsyncBridge()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_stop_bridge)
    return _bridge


def _stop_bridge() -> None:
    global _bridge
    if _bridge is not None:
        _bridge.stop()
        _bridge = None


def open_setup() -> HostSession:
    """Start the proctor's side inside a running application (the landing's button): connect
    to `shown` and `backRequested` before the event loop runs again."""
    session = HostSession(build_parser().parse_args([]), shared_bridge())
    _sessions.add(session)
    session.finished.connect(lambda _code: _sessions.discard(session))
    session.start()
    return session


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    app = ensure_application()
    session = HostSession(args, shared_bridge())
    exit_code = {"code": 0}

    def finished(code: int) -> None:
        exit_code["code"] = code
        app.exit(code)

    session.finished.connect(finished)
    interrupt_watch = on_interrupt(session.interrupt)
    session.start()
    app.exec()
    interrupt_watch.stop()
    _stop_bridge()
    return exit_code["code"]
