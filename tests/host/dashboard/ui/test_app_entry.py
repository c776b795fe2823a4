"""The landing's "I am the proctor" opens the setup form; Cancel comes back to the role choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from proctor.host.dashboard.ui import app
from proctor.host.dashboard.ui.setup_form import SetupForm
from proctor.landing import Landing

pytestmark = pytest.mark.gui


def test_the_landing_opens_the_setup_form_and_cancel_comes_back(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # no rooms of this machine's user
    monkeypatch.delenv("PROCTOR_ADMIN_KEY", raising=False)
    landing = Landing(student_data_dir=tmp_path / "student")
    qtbot.addWidget(landing.window)
    landing.window.show()
    qtbot.mouseClick(landing.window.proctor_button, Qt.MouseButton.LeftButton)
    session = landing.opened
    assert session in app._sessions
    # The form comes once this computer's addresses are read; until then the landing stays.
    qtbot.waitUntil(lambda: isinstance(session.setup_form, SetupForm), timeout=10_000)
    form = session.setup_form
    qtbot.waitUntil(lambda: form.isVisible() and not landing.window.isVisible(), timeout=5000)

    with qtbot.waitSignal(session.finished, timeout=5000) as done:
        qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert done.args == [0]
    assert landing.window.isVisible() and landing.window.isEnabled()
    assert not form.isVisible()
    assert session not in app._sessions
    app._stop_bridge()


def test_esc_in_the_setup_form_is_cancel(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("PROCTOR_ADMIN_KEY", raising=False)
    session = app.open_setup()
    qtbot.waitUntil(lambda: isinstance(session.setup_form, SetupForm), timeout=10_000)
    form = session.setup_form
    with qtbot.waitSignal(session.backRequested, timeout=5000):
        qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert session not in app._sessions
    app._stop_bridge()
