"""Banner texts the student sees."""

from __future__ import annotations

from proctor.shield.notices import OffenderBoard, join_names, shield_banner_text


def test_banner_names_the_apps_to_close():
    assert shield_banner_text([]) is None
    assert shield_banner_text(["Discord"]) == "Close Discord — the proctor has been notified."
    assert join_names(["Discord", "Slack", "OBS Studio"]) == "Discord, Slack and OBS Studio"


def test_board_follows_the_shield_reports():
    board = OffenderBoard()
    discord = {"rule": "Discord", "pid": 10, "name": "Discord"}
    obs = {"rule": "OBS Studio", "pid": 11, "name": "obs"}
    assert board.apply("process_blacklisted", discord)
    assert not board.apply("process_blacklisted", discord)
    assert board.apply("process_blacklisted", obs)
    assert not board.apply("focus_lost", {})
    assert board.banner_text() == "Close Discord and OBS Studio — the proctor has been notified."
    assert board.apply("process_cleared", {**discord, "duration_s": 4.0})
    assert board.app_names == ["OBS Studio"]
    assert board.apply("process_cleared", obs)
    assert board.banner_text() is None
