"""The language of the windows: chosen from `--lang` (kept in PROCTOR_LANG for the processes
the app starts) or the system's, loaded as Proctor's own `.qm` plus Qt's `qtbase` one, and
installed as the Qt-free core's `translate` hook; the layout direction follows the language
(right to left for Arabic, Hebrew, Persian…)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

from proctor.common import i18n

log = logging.getLogger(__name__)

LANG_ENV = "PROCTOR_LANG"
SOURCE_LANGUAGE = "en"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

_installed: list[QTranslator] = []  # kept alive while installed
_language = SOURCE_LANGUAGE


def available() -> list[str]:
    """The languages Proctor has its own translation for, besides English."""
    return sorted(p.stem.removeprefix("proctor_") for p in TRANSLATIONS.glob("proctor_*.qm"))


def requested() -> str:
    """The language asked for with --lang (or PROCTOR_LANG), "" for the system's."""
    return os.environ.get(LANG_ENV, "").strip()


def choose(wanted: str = "") -> str:
    """`wanted` (a code such as "de" or "de_AT"), else the system's first UI language that
    Proctor speaks, else English. A language Proctor has no translation of is still taken
    (Qt's own texts and the layout direction follow it; Proctor's sentences stay English)."""
    if wanted:
        return wanted.replace("-", "_")
    ours = set(available())
    for name in QLocale.system().uiLanguages():
        code = name.replace("-", "_")
        for candidate in (code, code.split("_")[0]):
            if candidate in ours:
                return candidate
    return SOURCE_LANGUAGE


def current() -> str:
    return _language


def install(language: str) -> str:
    """Speak `language` from now on (English: no translators); returns the language."""
    global _language
    app = QCoreApplication.instance()
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    _language = language
    locale = QLocale(language)
    QLocale.setDefault(locale)
    ours = _load(TRANSLATIONS, f"proctor_{language}") or _load(
        TRANSLATIONS, f"proctor_{language.split('_')[0]}"
    )
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qtbase = _load(qt_folder, f"qtbase_{language}") or _load(
        qt_folder, f"qtbase_{language.split('_')[0]}"
    )
    for loaded in (ours, qtbase):
        if loaded is not None and app is not None:
            QCoreApplication.installTranslator(loaded)
            _installed.append(loaded)
    i18n.install(_qt_translate if ours is not None else None)
    if isinstance(app, QGuiApplication):
        app.setLayoutDirection(locale.textDirection())
    return language


def _load(folder: Path, name: str) -> QTranslator | None:
    path = folder / f"{name}.qm"
    if not path.exists():
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        log.warning("translation %s could not be loaded", path)
        return None
    return translator


def _qt_translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
