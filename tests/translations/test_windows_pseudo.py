"""Every text the landing window shows goes through translation:
under a pseudo-language that marks each translated text, the window walked widget by widget
shows no word outside the marks. (The student's windows: tests/student/ui/test_translated.py.)"""

from __future__ import annotations

import pytest

from proctor.landing import Landing
from tests.helpers.pseudo import assert_translated, pseudo_language

pytestmark = pytest.mark.gui


def test_landing_window_is_translated(qtbot):
    with pseudo_language():
        landing = Landing()
        qtbot.addWidget(landing.window)
        assert_translated(landing.window, ["Proctor"])
