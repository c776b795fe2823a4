"""The landing's "I am the proctor" opens the setup form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proctor.host.dashboard.ui import app
from proctor.host.dashboard.ui.setup_form import SetupForm

pytestmark = pytest.mark.gui


def test_the_landing_opens_the_setup_form(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # no rooms of this machine's user
    monkeypatch.delenv("PROCTOR_ADMIN_KEY", raising=False)
    session = app.open_setup()
    assert session in app._sessions
    form = session.setup_form
    assert isinstance(form, SetupForm) and form.isVisible()
    with qtbot.waitSignal(session.finished, timeout=5000) as done:
        form.reject()
    assert done.args == [0]
    assert session not in app._sessions
    app._stop_bridge()
