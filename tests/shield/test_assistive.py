"""Assistive technology is never reported: the rule wins over every blacklist entry and signal."""

from __future__ import annotations

import pytest

from proctor.shield.assistive import ASSISTIVE_PROGRAMS, assistive_label, is_assistive
from proctor.shield.blacklist import RuleMatcher, load_blacklist
from proctor.shield.listeners import Listener, Owner, match_listener
from proctor.shield.processes import ProcessShield

# Rules a careless or hostile blacklist might hold: each would catch a screen reader.
GREEDY_RULES = [
    {"name": "Orca (by name)", "match": ["orca"], "category": "x"},
    {"name": "Everything with orc", "match": ["orc*"], "category": "x"},
    {"name": "NVDA", "match": ["nvda", "nvda*"], "category": "x"},
    {"name": "Magnifiers", "match": ["magnif*", "kmag"], "category": "x"},
]


@pytest.mark.parametrize(
    "name, exe",
    [
        ("orca", "/usr/bin/orca"),
        ("NVDA.exe", r"C:\Program Files (x86)\NVDA\nvda.exe"),
        ("Narrator.exe", r"C:\Windows\System32\Narrator.exe"),
        ("Magnify.exe", r"C:\Windows\System32\Magnify.exe"),
        ("jfw.exe", r"C:\Program Files\Freedom Scientific\JAWS\2024\jfw.exe"),
        ("VoiceOver", "/System/Library/CoreServices/VoiceOver.app/Contents/MacOS/VoiceOver"),
        ("python3", "/usr/bin/orca"),  # orca is a Python program: its file name tells
        ("kmag", ""),
    ],
)
def test_screen_readers_and_magnifiers_match_no_rule(name: str, exe: str) -> None:
    assert is_assistive(name, exe)
    assert RuleMatcher(GREEDY_RULES).match(name, exe) is None


def test_the_same_rules_still_catch_other_programs() -> None:
    matcher = RuleMatcher(GREEDY_RULES)
    assert matcher.match("orchard", "/usr/bin/orchard")["name"] == "Everything with orc"
    assert matcher.match("nvdaclone", "")["name"] == "NVDA"  # only the real names are spared
    assert not is_assistive("nvdaclone") and not is_assistive("zoom")


def test_no_default_blacklist_rule_catches_assistive_technology() -> None:
    matcher = RuleMatcher(load_blacklist())
    assert all(matcher.match(name) is None for name in ASSISTIVE_PROGRAMS)


def test_labels_say_what_the_program_is() -> None:
    assert assistive_label("orca") == "Orca screen reader"
    assert assistive_label("x", r"C:\NVDA\nvda.exe") == "NVDA screen reader"
    assert assistive_label("discord") is None


def test_a_real_process_named_orca_is_not_reported_by_rules_that_would_catch_it(
    spawn, recorder
) -> None:
    shield = ProcessShield(GREEDY_RULES, recorder)
    orca = spawn("orca")
    other = spawn("orchard")  # caught by "orc*": proves the rules are live
    shield.scan()
    assert other.pid in recorder.pids("process_blacklisted")
    assert orca.pid not in recorder.pids("process_blacklisted")
    assert orca.pid in shield.known_pids()  # seen, and let be


def test_assistive_technology_on_a_remote_or_ai_port_is_not_a_signal() -> None:
    orca = Owner("orca", "/usr/bin/orca", "")
    ordinary = Owner("python3", "/usr/bin/python3", "python3 app.py")
    for port in (11434, 5900, 3389):
        assert match_listener(Listener("127.0.0.1", port, 4242), orca) is None
        assert match_listener(Listener("127.0.0.1", port, 4242), ordinary) is not None


def test_a_real_orca_listening_on_a_vnc_port_is_not_reported(serve) -> None:
    from proctor.shield.listeners import ListenerWatch

    server = serve(port=5901, name="orca")
    if server.port is None:
        pytest.skip(server.reason)
    plain = serve(port=0)  # a listener of an ordinary program, to see the watch works
    watch = ListenerWatch()
    found = watch.findings()
    owners = {pid for finding in found.values() for pid in finding.pids}
    assert server.pid not in owners
    assert all(5901 not in finding.ports for finding in found.values())
    assert plain.port is not None
    assert any(lst.port == plain.port and lst.pid == plain.pid for lst in watch.listeners())
