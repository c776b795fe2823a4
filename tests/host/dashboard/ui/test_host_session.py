"""From `proctor host` to the dashboard with real server processes: the setup form, going
back to a running room, the server dying and coming back, and closing."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from proctor.host.dashboard.supervisor import pid_alive
from proctor.host.dashboard.ui.app import HostSession
from proctor.host.dashboard.ui.dialogs import AdminKeyDialog, CloseDialog
from proctor.host.dashboard.ui.rooms_dialog import RoomsDialog
from proctor.host.dashboard.ui.setup_form import LOOPBACK, SetupForm
from proctor.host.layout import HOST_JSON
from proctor.host.server.options import build_parser
from proctor.ui import geometry
from proctor.ui.bridge import AsyncBridge
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.dashboard import wait_closed
from tests.helpers.e2e import trusting_certificate_of

pytestmark = [pytest.mark.gui, pytest.mark.slow]
WAIT_MS = 30_000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(
    method: str, url: str, body: Any = None, token: str | None = None, context: Any = None
) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=10, context=context) as resp:
        return json.loads(resp.read())


class Sessions:
    """Host sessions made by a test, and the server processes to stop afterwards."""

    def __init__(self, bridge: AsyncBridge) -> None:
        self.bridge = bridge
        self.made: list[HostSession] = []

    def new(self, argv: list[str], rooms_root: Path | None = None) -> HostSession:
        session = HostSession(build_parser().parse_args(argv), self.bridge, rooms_root=rooms_root)
        self.made.append(session)
        session.start()
        return session

    def close(self) -> None:
        pids = set()
        for session in self.made:
            if session.service is not None:
                wait_closed(session.service.shutdown())
                pids.add(session.service.info.pid)
            if session.window is not None:
                session.window.allow_close = True
                session.window.close()
            if session.setup_form is not None:
                session.setup_form.close()
        for pid in pids:
            if pid_alive(pid):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while any(pid_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)


class DashboardWindowProbe(QWidget):
    """A window placed as the dashboard places itself, to read a remembered geometry back."""

    def place(self, saved: str) -> None:
        geometry.place(self, 210, 54, saved, area=self.screen().availableGeometry())


@pytest.fixture
def sessions(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sessions]:
    monkeypatch.delenv("PROCTOR_ADMIN_KEY", raising=False)
    bridge = AsyncBridge()
    made = Sessions(bridge)
    yield made
    made.close()
    bridge.stop()


def fill_setup(form: SetupForm, name: str) -> None:
    form.address_box.setCurrentIndex(form.address_box.findData(LOOPBACK))
    form.name_edit.setText(name)
    form.duration.setValue(45)
    form.key_edit.setText(ADMIN_KEY)
    form.key_again.setText(ADMIN_KEY)
    form.port_spin.setValue(free_port())
    form.check_port()
    form.camera_check.setChecked(True)
    form.blacklist.name_edit.setText("chess*")
    form.blacklist.add_from_edit()


def test_setup_then_going_back_to_the_running_room(
    sessions: Sessions, qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rooms = tmp_path / "rooms"
    first = sessions.new([], rooms_root=rooms)
    qtbot.waitUntil(lambda: first.setup_form is not None, timeout=WAIT_MS)
    form = first.setup_form
    assert form.isVisible()
    fill_setup(form, "Operating systems")
    form.open_button.click()
    qtbot.waitUntil(lambda: first.window is not None and first.window.isVisible(), timeout=WAIT_MS)
    assert first.setup_form is None
    ready = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert ready["event"] == "ready" and ready["name"] == "Operating systems"
    assert Path(ready["data_dir"]).parent == rooms
    assert (Path(ready["data_dir"]) / "blacklist.json").is_file()

    window = first.window
    qtbot.waitUntil(lambda: window.room is not None, timeout=WAIT_MS)
    assert window.connection.room_id == ready["room_id"]
    assert window.connection.address_label.text() == f"127.0.0.1:{ready['port']}"
    room = first.service.run(lambda c: c.room()).result(10)
    assert room.policy.camera == "report"
    assert any(rule.name == "chess*" for rule in room.policy.blacklist)

    # A second `proctor host` offers the running room and asks for its key.
    second = sessions.new([], rooms_root=rooms)
    qtbot.waitUntil(lambda: isinstance(second.dialog, RoomsDialog), timeout=WAIT_MS)
    rooms_dialog = second.dialog
    entry = rooms_dialog.list.item(0).text()
    assert ready["room_id"] in entry and "running" in entry
    assert "Operating systems" in entry and "in the lobby, 0 students" in entry
    rooms_dialog.open_button.click()
    qtbot.waitUntil(lambda: isinstance(second.dialog, AdminKeyDialog), timeout=WAIT_MS)
    key_dialog = second.dialog
    key_dialog.key_edit.setText("not the right key")
    key_dialog.ok_button.click()
    qtbot.waitUntil(lambda: "not this room's admin key" in key_dialog.error.text(), timeout=WAIT_MS)
    key_dialog.key_edit.setText(ADMIN_KEY)
    key_dialog.ok_button.click()
    qtbot.waitUntil(lambda: second.window is not None, timeout=WAIT_MS)
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again["attached"] is True
    assert (again["room_id"], again["pid"]) == (ready["room_id"], ready["pid"])
    qtbot.waitUntil(lambda: second.window.room is not None, timeout=WAIT_MS)
    assert second.window.room.name == "Operating systems"


def test_server_death_restart_and_stopping_on_close(
    sessions: Sessions,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PROCTOR_ADMIN_KEY", ADMIN_KEY)
    data_dir = tmp_path / "room"
    argv = ["--name", "Networks", "--duration", "30", "--data-dir", str(data_dir)]
    argv += ["--port", str(free_port()), "--bind", "127.0.0.1"]
    session = sessions.new(argv)
    assert session.cli_mode
    qtbot.waitUntil(lambda: session.window is not None, timeout=WAIT_MS)
    ready = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "attached" not in ready
    window, service = session.window, session.service
    api = f"https://127.0.0.1:{ready['port']}/api/v1/rooms/{ready['room_id']}"
    pinned = trusting_certificate_of(data_dir, ready["fingerprint"])
    student = http("POST", f"{api}/join", {"name": "Ada Lovelace", "reg_no": "R001"}, None, pinned)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)

    os.kill(ready["pid"], signal.SIGKILL)
    qtbot.waitUntil(lambda: service.server_down, timeout=WAIT_MS)
    assert "stopped" in window.banner.text() and window.banner.property("level") == "error"
    assert window.banner_button.text() == "Restart the room server"
    assert not window.all_time_button.isEnabled()

    window.banner_button.click()
    qtbot.waitUntil(lambda: window.banner.property("level") == "success", timeout=WAIT_MS)
    assert not service.server_down and service.info.pid != ready["pid"]
    assert service.info.room_id == ready["room_id"]
    qtbot.waitUntil(lambda: service.connected, timeout=WAIT_MS)
    api = f"https://127.0.0.1:{service.info.port}/api/v1/rooms/{ready['room_id']}"
    state = http("GET", f"{api}/state", token=student["token"], context=pinned)
    assert state["me"]["reg_no"] == "R001"  # same room, same student, same token
    assert window.model.rowCount() == 1

    # Closing in the lobby with a student waiting: stop the server this time.
    window.close()
    dialog = session.actions.dialog
    assert isinstance(dialog, CloseDialog) and "waiting" in dialog.text.text()
    new_pid = service.info.pid
    with qtbot.waitSignal(session.finished, timeout=WAIT_MS):
        dialog.stop_button.click()
    assert not pid_alive(new_pid)
    assert not (data_dir / HOST_JSON).exists()


def test_a_wrong_environment_key_asks_for_the_right_one(
    sessions: Sessions, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROCTOR_ADMIN_KEY", ADMIN_KEY)
    data_dir = tmp_path / "room"
    argv = ["--name", "Compilers", "--duration", "30", "--data-dir", str(data_dir)]
    argv += ["--port", str(free_port()), "--bind", "127.0.0.1"]
    first = sessions.new(argv)
    qtbot.waitUntil(lambda: first.window is not None, timeout=WAIT_MS)
    room_id = first.service.info.room_id
    qtbot.waitUntil(lambda: first.window.room is not None, timeout=WAIT_MS)
    first.window.close()
    dialog = first.actions.dialog
    assert isinstance(dialog, CloseDialog)
    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        dialog.stop_button.click()
    assert not (data_dir / HOST_JSON).exists()

    # The room's server is stopped; opening it again with the wrong key in the environment
    # asks for the right one instead of failing.
    monkeypatch.setenv("PROCTOR_ADMIN_KEY", "a different key")
    second = sessions.new(argv)
    qtbot.waitUntil(lambda: isinstance(second.dialog, AdminKeyDialog), timeout=WAIT_MS)
    key_dialog = second.dialog
    assert "PROCTOR_ADMIN_KEY is not this room's admin key" in key_dialog.error.text()
    key_dialog.key_edit.setText(ADMIN_KEY)
    key_dialog.ok_button.click()
    qtbot.waitUntil(lambda: second.window is not None, timeout=WAIT_MS)
    assert second.service.info.room_id == room_id


def test_a_new_room_offers_the_last_setup_and_the_dashboard_keeps_its_size(
    sessions: Sessions, qtbot: Any, tmp_path: Path
) -> None:
    rooms = tmp_path / "rooms"
    first = sessions.new([], rooms_root=rooms)
    qtbot.waitUntil(lambda: first.setup_form is not None, timeout=WAIT_MS)
    fill_setup(first.setup_form, "Databases")
    first.setup_form.open_button.click()
    qtbot.waitUntil(lambda: first.window is not None and first.window.isVisible(), timeout=WAIT_MS)
    window = first.window
    qtbot.waitUntil(lambda: window.room is not None, timeout=WAIT_MS)
    window.resize(777, 555)  # the offscreen screen is 800x800
    left_at = (window.width(), window.height())
    assert left_at[1] == 555
    window.close()
    dialog = first.actions.dialog
    assert isinstance(dialog, CloseDialog)
    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        dialog.stop_button.click()
    prefs = tmp_path / "dashboard.json"
    qtbot.waitUntil(lambda: prefs.is_file() and "dashboard" in prefs.read_text(), timeout=WAIT_MS)
    saved = json.loads(prefs.read_text())
    assert saved["setup"]["duration_min"] == 45 and saved["setup"]["extra_names"] == ["chess*"]
    assert "admin" not in prefs.read_text().lower()  # the key is never kept

    # The next room starts from the last setup: interface, checks, the proctor's additions.
    second = sessions.new([], rooms_root=rooms)
    qtbot.waitUntil(lambda: second.setup_form is not None, timeout=WAIT_MS)
    form = second.setup_form
    assert form.duration.value() == 45 and form.camera_check.isChecked()
    assert form.chosen_address() == LOOPBACK
    assert form.blacklist.extra_names() == ["chess*"]
    assert form.name_edit.text() == "" and form.key_edit.text() == ""
    # And a dashboard opened later takes the size the proctor left it at.
    probe = DashboardWindowProbe()
    probe.place(saved["windows"]["dashboard"])
    # (Qt narrows a restored window to this 800 px offscreen screen; the height is kept.)
    assert probe.height() == left_at[1]
    probe.deleteLater()
