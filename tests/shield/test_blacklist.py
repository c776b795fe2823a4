"""The default blacklist file and the rule matching."""

from __future__ import annotations

import json

import pytest

from proctor.common.protocol import BlacklistRule, Policy
from proctor.shield.blacklist import (
    BlacklistError,
    RuleMatcher,
    load_blacklist,
    load_blacklist_categories,
    normalise_name,
    rules_from_categories,
)


def test_default_blacklist_has_every_category_and_valid_rules():
    categories = {c.key: c for c in load_blacklist_categories()}
    assert set(categories) == {"chat", "ai", "remote", "capture", "vm"}
    rules = load_blacklist()
    assert len(rules) == sum(len(c.rules) for c in categories.values())
    for rule in rules:
        BlacklistRule.model_validate(rule)
        assert rule["category"] in categories
    # The host sends it as policy.blacklist: it must fit the wire model.
    assert len(Policy(blacklist=rules).blacklist) == len(rules)
    names = {r["name"] for r in rules}
    for expected in (
        "Discord",
        "Slack",
        "Microsoft Teams",
        "Telegram",
        "WhatsApp",
        "Signal",
        "Skype",
        "Zoom",
        "ChatGPT",
        "Claude",
        "Microsoft Copilot",
        "Gemini",
        "TeamViewer",
        "AnyDesk",
        "RustDesk",
        "VNC",
        "Chrome Remote Desktop",
        "Parsec",
        "Splashtop",
        "OBS Studio",
        "VirtualBox",
        "VMware",
    ):
        assert expected in names, expected
    assert all(c.label and c.label != c.key for c in categories.values())


@pytest.mark.parametrize(
    ("process", "exe", "rule"),
    [
        ("Discord", "/usr/share/discord/Discord", "Discord"),
        ("Discord.exe", r"C:\Users\a\AppData\Local\Discord\app-1.0\Discord.exe", "Discord"),
        ("DISCORD.EXE", None, "Discord"),
        ("Electron", "/Applications/Discord.app", "Discord"),
        ("", r"C:\Program Files\AnyDesk\AnyDesk.exe", "AnyDesk"),
        ("obs64.exe", None, "OBS Studio"),
        ("qemu-system-x86_64", "/usr/bin/qemu-system-x86_64", "QEMU"),
        ("TeamViewer_Service.exe", None, "TeamViewer"),
        ("zoom.us", "/Applications/zoom.us.app/Contents/MacOS/zoom.us", "Zoom"),
        ("python3", "/usr/bin/python3.11", None),
        ("obsidian", "/opt/Obsidian/obsidian", None),
        ("code", "/usr/share/code/code", None),
        ("Discord Helper", None, None),
        ("kworker/0:1", None, None),
    ],
)
def test_default_rules_match_real_world_names(process, exe, rule):
    matcher = RuleMatcher(load_blacklist())
    found = matcher.match(process, exe)
    assert (found["name"] if found else None) == rule


def test_names_are_compared_without_case_and_platform_suffixes():
    assert normalise_name(" Discord.EXE ") == "discord"
    assert normalise_name("Zoom.app") == "zoom"
    assert normalise_name(".exe") == ".exe"
    matcher = RuleMatcher([{"name": "X", "match": ["foo.exe"]}])
    assert matcher.match("FOO")["name"] == "X"
    assert matcher.match("foo.app")["name"] == "X"
    assert matcher.match("foobar") is None
    assert not RuleMatcher([])


def test_wildcards(tmp_path):
    matcher = RuleMatcher([{"name": "Q", "match": ["qemu-system-*"]}])
    assert matcher.match(None, "/usr/bin/qemu-system-aarch64")["name"] == "Q"
    assert matcher.match("qemu-img") is None


def test_a_flat_list_of_rules_is_accepted_for_headless_hosts(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps([{"name": "Notes", "match": ["notes", "NOTES.exe", "notes"]}]))
    assert load_blacklist(path) == [{"name": "Notes", "match": ["notes"], "category": None}]


def test_categories_can_be_turned_off():
    categories = load_blacklist_categories()
    chat_only = rules_from_categories(categories, enabled=["chat"])
    assert chat_only and {r["category"] for r in chat_only} == {"chat"}
    assert len(rules_from_categories(categories)) == len(load_blacklist())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"rules": []}', '"categories"'),
        ('{"categories": {"chat": {"label": "Chat"}}}', '"rules" list'),
        ('[{"name": "", "match": ["x"]}]', "rule 1"),
        ('[{"name": "X", "match": []}]', "rule 1: match"),
        ('{"categories": {"chat": {"rules": [{"name": "X"}]}}}', 'category "chat", rule 1'),
        ('{"categories": {"chat": {"rules": ["Discord"]}}}', "every rule is an object"),
    ],
)
def test_bad_files_are_explained(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(BlacklistError) as info:
        load_blacklist(path)
    assert message in str(info.value)


def test_a_missing_file_is_explained(tmp_path):
    with pytest.raises(BlacklistError, match="cannot read the blacklist"):
        load_blacklist(tmp_path / "missing.json")
