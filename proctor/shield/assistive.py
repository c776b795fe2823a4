"""Assistive technology the shield never reports: screen readers, magnifiers, on-screen keyboards,
speech input and the desktop's accessibility services.

A student who needs a screen reader must be able to sit the exam with it, so this list wins over
every blacklist entry and every other signal: a process whose name or program file is listed here
is never matched, however a rule is written (a wildcard such as `orc*` does not catch `orca`).
Names are compared as the blacklist compares them: ignoring case and a trailing `.exe`/`.app`.
"""

from __future__ import annotations

from proctor.shield.names import base_name, normalise_name

# name -> what it is (shown in docs/SHIELD.md; the keys are what is matched)
ASSISTIVE_PROGRAMS: dict[str, str] = {
    # Windows
    "nvda": "NVDA screen reader",
    "nvda_slave": "NVDA screen reader",
    "nvda_uiaccess": "NVDA screen reader",
    "nvda_nouiaccess": "NVDA screen reader",
    "nvdahelperremoteloader": "NVDA screen reader",
    "jfw": "JAWS screen reader",
    "fsreader": "JAWS (Freedom Scientific) document reader",
    "narrator": "Windows Narrator",
    "magnify": "Windows Magnifier",
    "osk": "Windows On-Screen Keyboard",
    "tabtip": "Windows touch keyboard",
    "sapisvr": "Windows Speech Recognition",
    "voiceaccess": "Windows Voice Access",
    "zoomtext": "ZoomText magnifier and reader",
    "wineyes": "Window-Eyes screen reader",
    "natspeak": "Dragon speech recognition",
    "claroread": "ClaroRead reading support",
    # Linux
    "orca": "Orca screen reader",
    "at-spi-bus-launcher": "desktop accessibility service (AT-SPI)",
    "at-spi2-registryd": "desktop accessibility service (AT-SPI)",
    "speech-dispatcher": "speech service for screen readers",
    "sd_espeak-ng": "speech service for screen readers",
    "sd_espeak": "speech service for screen readers",
    "espeakup": "console screen reader",
    "fenrir": "console screen reader",
    "brltty": "braille display driver",
    "onboard": "Onboard on-screen keyboard",
    "florence": "Florence on-screen keyboard",
    "caribou": "GNOME on-screen keyboard",
    "kmag": "KDE magnifier",
    "kmousetool": "KDE mouse clicking aid",
    "kmouth": "KDE speech aid",
    "magnus": "Magnus magnifier",
    "dasher": "Dasher text entry",
    # macOS
    "voiceover": "VoiceOver screen reader",
    "voiceover utility": "VoiceOver screen reader",
    "assistivecontrol": "Accessibility Keyboard and Switch Control",
    "universalaccessd": "macOS accessibility service (zoom, contrast)",
    "magnifier": "Magnifier",
}


def is_assistive(name: str | None, exe: str | None = None) -> bool:
    """True when the process name or its program file's base name is assistive technology."""
    for candidate in (name, base_name(exe) if exe else None):
        if candidate and normalise_name(candidate) in ASSISTIVE_PROGRAMS:
            return True
    return False


def assistive_label(name: str | None, exe: str | None = None) -> str | None:
    """What the assistive program is ("Orca screen reader"), or None when it is not one."""
    for candidate in (name, base_name(exe) if exe else None):
        if candidate:
            label = ASSISTIVE_PROGRAMS.get(normalise_name(candidate))
            if label:
                return label
    return None
