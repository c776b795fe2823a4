"""The room setup form: checked as typed, what it refuses, what it offers, what it hands over,
what it remembers, and that it fits a 1366x768 screen. Its probes of this computer (port
binds, the paper folder, network addresses) are real and run off the GUI thread."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from proctor.host.dashboard.prefs import RememberedSetup
from proctor.host.dashboard.setup_checks import SetupEnvironment, gather_environment
from proctor.host.dashboard.ui.setup_form import (
    LOOPBACK,
    SetupForm,
    SetupResult,
    address_choices,
)
from proctor.host.dashboard.ui.setup_probe import SetupProbe
from proctor.ui import geometry
from proctor.ui.bridge import AsyncBridge

pytestmark = pytest.mark.gui
WAIT_MS = 5000
LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture
def bridge() -> Iterator[AsyncBridge]:
    b = AsyncBridge()
    yield b
    b.stop()


@pytest.fixture
def environment() -> SetupEnvironment:
    return gather_environment()


def make_form(qtbot: Any, bridge: AsyncBridge, env: SetupEnvironment, **kwargs: Any) -> SetupForm:
    f = SetupForm(SetupProbe(bridge), env, **kwargs)
    qtbot.addWidget(f)
    f.show()
    # Tests stay on loopback: pick "this computer only".
    f.address_box.setCurrentIndex(f.address_box.findData(LOOPBACK))
    qtbot.waitUntil(lambda: not f.checking(), timeout=WAIT_MS)
    return f


@pytest.fixture
def form(qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment) -> SetupForm:
    return make_form(qtbot, bridge, environment)


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def fill(form: SetupForm, **values: Any) -> None:
    form.name_edit.setText(values.get("name", "Programming 1, final"))
    form.duration.setValue(values.get("duration", 120))
    form.key_edit.setText(values.get("key", "correct horse battery"))
    form.key_again.setText(values.get("key_again", values.get("key", "correct horse battery")))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_port(qtbot: Any, form: SetupForm, port: int) -> None:
    form.port_spin.setValue(port)
    form.check_port()
    qtbot.waitUntil(lambda: not form.checking(), timeout=WAIT_MS)


def top_of(widget: QWidget, form: SetupForm) -> int:
    return widget.mapTo(form, QPoint(0, 0)).y()


def test_empty_form_explains_every_problem_above_the_fields(form: SetupForm) -> None:
    form.name_edit.setText("   ")
    form.try_accept()
    assert set(form.errors) >= {"name", "key"}
    assert form.summary.isVisible() and form.summary.text() == (
        f"Please correct the {len(form.errors)} fields marked below."
    )
    assert form._error_labels["name"].isVisible()
    # The banner sits above the fields it refers to.
    assert top_of(form.summary, form) < top_of(form.name_edit, form)
    assert not form.busy


def test_errors_follow_the_typing_and_vanish_when_fixed(form: SetupForm, qtbot: Any) -> None:
    key_error = form._error_labels["key"]
    qtbot.keyClicks(form.key_edit, "short")
    assert not key_error.isVisible()  # not scolded while typed
    form.key_edit.editingFinished.emit()  # left the field
    assert key_error.isVisible() and "at least 8" in key_error.text()
    qtbot.keyClicks(form.key_edit, " but long")
    assert not key_error.isVisible()  # fixed: gone at once, no need to press Open again

    form.try_accept()
    assert "Please correct" in form.summary.text()
    fill(form)
    set_port(qtbot, form, free_port())
    assert form.errors == {}
    assert not form.summary.isVisible()  # nothing left to correct


def test_a_duration_of_zero_is_refused_not_turned_into_90(form: SetupForm, qtbot: Any) -> None:
    fill(form)
    form.duration.selectAll()
    qtbot.keyClicks(form.duration, "0")
    form.duration.editingFinished.emit()
    assert form.duration.value() == 0
    assert "at least 1 minute" in form._error_labels["duration"].text()
    form.try_accept()
    assert not form.busy and "duration" in form.errors
    qtbot.keyClicks(form.duration, "5")
    assert form.duration.value() == 5 and "duration" not in form.errors


def test_admin_key_rules(form: SetupForm, qtbot: Any) -> None:
    fill(form, key="short")
    assert "at least 8" in form.validate()["key"]
    fill(form, key="long enough key", key_again="long enough kex")
    assert form.validate().get("key_again") == "The two admin keys are not the same."
    fill(form, key="long enough key")
    set_port(qtbot, form, free_port())
    assert form.validate() == {}


def test_port_in_use_offers_the_next_free_one(form: SetupForm, qtbot: Any, busy_port: int) -> None:
    fill(form)
    set_port(qtbot, form, busy_port)
    assert f"Port {busy_port} is in use" in form.errors["port"]
    assert form.use_free_port.isVisible()
    offered = int(form.use_free_port.text().removeprefix("Use "))
    assert offered > busy_port and f"Port {offered} is free." in form.errors["port"]
    form.use_free_port.click()
    qtbot.waitUntil(lambda: form.port_status.text() == "Free", timeout=WAIT_MS)
    assert form.port_spin.value() == offered and not form.use_free_port.isVisible()
    assert "port" not in form.validate()


def test_open_waits_for_the_port_check_then_refuses_a_taken_port(
    form: SetupForm, qtbot: Any, busy_port: int
) -> None:
    fill(form)
    form.port_spin.setValue(busy_port)  # the check runs in 250 ms, off the GUI thread
    assert form.checking() and form.port_status.text().startswith("Checking")
    form.try_accept()
    qtbot.waitUntil(lambda: "port" in form.errors, timeout=WAIT_MS)
    assert not form.busy and form.summary.isVisible()


def test_paper_folder_must_exist_and_hold_something(
    form: SetupForm, qtbot: Any, tmp_path: Path
) -> None:
    fill(form)
    set_port(qtbot, form, free_port())
    form.touched.add("paper")

    def paper_error(text: str) -> str:
        form.paper_edit.setText(text)
        form.check_paper()
        qtbot.waitUntil(lambda: not form.checking(), timeout=WAIT_MS)
        return form.validate().get("paper", "")

    assert paper_error(str(tmp_path / "missing")) == "This folder does not exist."
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "empty" in paper_error(str(empty))
    (empty / "instructions.md").write_text("# Paper\n")
    assert paper_error(str(empty)) == ""
    assert "not a folder" in paper_error(str(empty / "instructions.md"))


def test_a_valid_form_hands_over_its_settings(form: SetupForm, qtbot: Any) -> None:
    port = free_port()
    fill(form, name="  Algorithms midterm ", duration=75)
    set_port(qtbot, form, port)
    form.camera_check.setChecked(True)
    form.paste_box.setCurrentIndex(form.paste_box.findData("block"))
    editor = form.blacklist
    assert editor.checks, "the default blacklist has categories"
    first_key = next(iter(editor.checks))
    editor.checks[first_key].setChecked(False)
    editor.name_edit.setText("chess*")
    editor.add_from_edit()
    assert not editor.add_name("CHESS*")  # no duplicates, whatever the case

    with qtbot.waitSignal(form.submitted, timeout=WAIT_MS) as submitted:
        form.open_button.click()
    result = submitted.args[0]
    assert isinstance(result, SetupResult)
    assert (result.name, result.duration_min, result.port) == ("Algorithms midterm", 75, port)
    assert result.admin_key == "correct horse battery"
    assert result.address == LOOPBACK and result.bind == LOOPBACK
    assert (result.camera, result.paste) == ("report", "block")
    categories = {rule["category"] for rule in result.blacklist}
    assert first_key not in categories and "custom" in categories
    assert {"name": "chess*", "match": ["chess*"], "category": "custom"} in result.blacklist
    assert form.busy and form.open_button.text() == "Opening the room…"
    remembered = result.remembered
    assert (remembered.duration_min, remembered.port, remembered.address) == (75, port, LOOPBACK)
    assert remembered.categories_off == [first_key] and remembered.extra_names == ["chess*"]
    assert (remembered.camera, remembered.paste) == (True, "block")

    options = result.launch_options()
    assert options.bind == LOOPBACK and options.camera == "report"
    assert options.blacklist_rules == result.blacklist
    form.set_failed("The room could not be opened.")
    assert not form.busy and form.summary.text() == "The room could not be opened."


def test_the_last_setup_is_offered_again(
    qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment
) -> None:
    first_key = environment.categories[0].key
    remembered = RememberedSetup(
        duration_min=45,
        address=LOOPBACK,
        port=free_port(),
        paper="/srv/papers/os",
        camera=True,
        paste="allow",
        categories_off=[first_key],
        extra_names=["chess*", "gimp"],
    )
    form = make_form(qtbot, bridge, environment, remembered=remembered)
    assert form.duration.value() == 45 and form.port_spin.value() == remembered.port
    assert form.chosen_address() == LOOPBACK
    assert form.paper_edit.text() == "/srv/papers/os"
    assert form.camera_check.isChecked() and form.paste_box.currentData() == "allow"
    assert form.blacklist.unticked_categories() == [first_key]
    assert form.blacklist.extra_names() == ["chess*", "gimp"]
    assert form.name_edit.text() == "" and form.key_edit.text() == ""  # never the key


def test_network_choices_end_with_this_computer_only() -> None:
    choices = address_choices(
        [("127.0.0.1", "lo"), ("192.168.1.20", "wlan0"), ("169.254.3.4", "eth0")]
    )
    assert [address for address, _ in choices] == ["192.168.1.20", "169.254.3.4", LOOPBACK]
    assert "no DHCP" in choices[1][1] and "this computer only" in choices[2][1]
    real = address_choices(gather_environment().addresses)
    assert real[-1][0] == LOOPBACK
    assert all(not address.startswith("127.") for address, _ in real[:-1])


def test_without_a_network_it_says_so_and_offers_this_computer(
    qtbot: Any, bridge: AsyncBridge, environment: SetupEnvironment
) -> None:
    # This machine has a network; a machine without one reports only loopback.
    alone = SetupEnvironment([("127.0.0.1", "lo")], environment.categories)
    form = make_form(qtbot, bridge, alone)
    assert form.address_box.count() == 1
    assert form.address_box.currentData() == LOOPBACK
    assert form.no_network.isVisible() and "No network connection" in form.no_network.text()


def test_it_fits_a_1366x768_laptop_and_grows_with_the_font(form: SetupForm, qtbot: Any) -> None:
    geometry.place(form, 100, 46, area=LAPTOP)
    assert form.width() <= LAPTOP.width() and form.height() <= LAPTOP.height() - 40
    assert form.minimumSizeHint().height() <= form.height()
    qtbot.wait(50)
    inside = form.rect()
    for button in (form.open_button, form.cancel_button):
        at = button.geometry().translated(button.parentWidget().mapTo(form, QPoint(0, 0)))
        assert button.isVisible() and inside.contains(at), at
    body = form.scroll_area.widget()
    bar = form.scroll_area.verticalScrollBar()
    assert body.height() <= form.scroll_area.viewport().height() + bar.maximum()  # all reachable

    small = geometry.text_size(form, 100, 46)
    font = form.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    form.setFont(font)
    assert geometry.text_size(form, 100, 46).width() > small.width()


def test_cancel_and_esc_ask_the_caller_to_go_back(form: SetupForm, qtbot: Any) -> None:
    with qtbot.waitSignal(form.cancelled, timeout=WAIT_MS):
        form.cancel_button.click()
    assert form.isVisible()  # the caller decides where to go
    with qtbot.waitSignal(form.cancelled, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Escape)
