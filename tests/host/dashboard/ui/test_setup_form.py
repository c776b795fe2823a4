"""The room setup form: what it refuses, what it offers, and what it hands over."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.host.dashboard.ui.setup_form import LOOPBACK, SetupForm, SetupResult, address_choices

pytestmark = pytest.mark.gui


@pytest.fixture
def form(qtbot: Any) -> Iterator[SetupForm]:
    f = SetupForm()
    qtbot.addWidget(f)
    f.show()
    # Tests stay on loopback: pick "this computer only".
    f.address_box.setCurrentIndex(f.address_box.findData(LOOPBACK))
    yield f


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


def test_empty_form_explains_every_problem(form: SetupForm) -> None:
    form.name_edit.setText("   ")
    form.try_accept()
    assert set(form.errors) >= {"name", "key"}
    assert form.summary.isVisible() and "fields" in form.summary.text()
    assert form._error_labels["name"].isVisible()
    assert not form.busy


def test_admin_key_rules(form: SetupForm) -> None:
    fill(form, key="short")
    assert "at least 8" in form.validate()["key"]
    fill(form, key="long enough key", key_again="long enough kex")
    assert form.validate().get("key_again") == "The two admin keys are not the same."
    fill(form, key="long enough key")
    form.port_spin.setValue(free_port())
    assert form.validate() == {}


def test_port_in_use_offers_the_next_free_one(form: SetupForm, busy_port: int) -> None:
    fill(form)
    form.port_spin.setValue(busy_port)
    form.try_accept()
    assert "port" in form.errors and f"Port {busy_port} is in use" in form.errors["port"]
    assert form.use_free_port.isVisible()
    offered = int(form.use_free_port.text().removeprefix("Use "))
    assert offered > busy_port
    form.use_free_port.click()
    assert form.port_spin.value() == offered
    assert form.port_status.text() == "Free" and not form.use_free_port.isVisible()
    assert "port" not in form.validate()


def test_paper_folder_must_exist_and_hold_something(form: SetupForm, tmp_path: Path) -> None:
    fill(form)
    form.port_spin.setValue(free_port())
    form.paper_edit.setText(str(tmp_path / "missing"))
    assert form.validate()["paper"] == "This folder does not exist."
    empty = tmp_path / "empty"
    empty.mkdir()
    form.paper_edit.setText(str(empty))
    assert "empty" in form.validate()["paper"]
    (empty / "instructions.md").write_text("# Paper\n")
    assert "paper" not in form.validate()


def test_a_valid_form_hands_over_its_settings(form: SetupForm, qtbot: Any) -> None:
    port = free_port()
    fill(form, name="  Algorithms midterm ", duration=75)
    form.port_spin.setValue(port)
    form.camera_check.setChecked(True)
    form.paste_box.setCurrentIndex(form.paste_box.findData("block"))
    editor = form.blacklist
    assert editor.checks, "the default blacklist has categories"
    first_key = next(iter(editor.checks))
    editor.checks[first_key].setChecked(False)
    editor.name_edit.setText("chess*")
    editor.add_from_edit()
    assert not editor.add_name("CHESS*")  # no duplicates, whatever the case

    with qtbot.waitSignal(form.submitted, timeout=2000) as submitted:
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

    options = result.launch_options()
    assert options.bind == LOOPBACK and options.camera == "report"
    assert options.blacklist_rules == result.blacklist
    form.set_failed("The room could not be opened.")
    assert not form.busy and form.summary.text() == "The room could not be opened."


def test_network_choices_end_with_this_computer_only() -> None:
    choices = address_choices()
    assert choices[-1][0] == LOOPBACK
    assert all(not address.startswith("127.") for address, _ in choices[:-1])


def test_without_a_network_it_says_so_and_offers_this_computer(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This machine has a network; a machine without one reports only loopback.
    monkeypatch.setattr(
        "proctor.host.dashboard.ui.setup_form.lan_addresses", lambda: [("127.0.0.1", "lo")]
    )
    form = SetupForm()
    qtbot.addWidget(form)
    form.show()
    assert form.address_box.count() == 1
    assert form.address_box.currentData() == LOOPBACK
    assert form.no_network.isVisible() and "No network connection" in form.no_network.text()
