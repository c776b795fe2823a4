"""The language of the windows: `--lang` is taken off the command line into PROCTOR_LANG,
German loads Proctor's `.qm` and Qt's qtbase (so Qt's own buttons speak German too), and
Arabic turns the layout right to left."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from proctor import cli
from proctor.host.dashboard.ui import labels
from proctor.student import wording
from proctor.student.ui import messages
from proctor.ui import language

pytestmark = pytest.mark.gui


@pytest.fixture
def speaking(qapp: QApplication) -> Iterator[None]:
    yield
    language.install("en")


def test_lang_is_taken_off_the_command_line() -> None:
    assert cli.take_language(["student", "--lang", "de", "--windowed"]) == (
        ["student", "--windowed"],
        "de",
    )
    assert cli.take_language(["--lang=ar", "host"]) == (["host"], "ar")
    assert cli.take_language(["host", "--headless"]) == (["host", "--headless"], None)


def test_a_bad_language_code_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "../../etc", "student"]) == 2
    assert "language code" in capsys.readouterr().out


def test_german_speaks_through_tables_constants_and_qt(speaking: None) -> None:
    assert "de" in language.available()
    language.install("de")
    assert labels.SETUP["open"] == "Raum öffnen"
    assert labels.STANDING_LABELS[labels.Standing.HANDED_IN] == "Abgegeben"
    assert messages.WINDOW_TITLE == "Prüfung"
    assert wording.KICKED.startswith("Die Aufsicht hat Sie")
    assert messages.save_text("host_ok", "", at="10:00") == (
        "Auf dem Rechner der Aufsicht gespeichert um 10:00"
    )
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    language.install("en")
    assert labels.SETUP["open"] == "Open the room"
    assert messages.WINDOW_TITLE == "Exam"


def test_arabic_lays_out_right_to_left(speaking: None) -> None:
    language.install("ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert labels.SETUP["open"] == "Open the room"  # no Arabic catalog: English words
    language.install("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_system_language_is_used_when_none_is_asked(
    speaking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert language.choose("de_AT") == "de_AT"
    monkeypatch.setattr(language.QLocale, "system", lambda: language.QLocale("de_DE"))
    assert language.choose("") == "de"
