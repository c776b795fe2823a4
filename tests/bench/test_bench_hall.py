"""Smoke run of `proctor bench --hall`: 20 students behind a shaped link in two network
namespaces, lean and full frames. It proves the hall mode works end to end and counts what
crosses the link (a full start carries the policy to every student, a lean one does not);
the figures themselves come from full runs (benchmarks/README.md), never from timings here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proctor.bench import hall
from proctor.bench.__main__ import main
from proctor.common import netns
from proctor.host.server.headless import default_policy
from tests.common.hall import cannot_make_namespaces

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

STUDENTS = 20


@pytest.fixture(scope="module", autouse=True)
def namespaces_possible() -> None:
    reason = cannot_make_namespaces() or hall.unavailable_reason()
    if reason:
        pytest.skip(reason)


def test_the_hall_mode_counts_the_link_for_full_and_lean_frames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hall.json"
    argv = ["--hall", "--students", str(STUDENTS), "--steady-s", "5", "--out", str(out)]
    assert main(argv) == 0
    result = json.loads(out.read_text())
    assert "tbf" in result["link"]["qdisc"] and "100Mbit" in result["link"]["qdisc"]
    starts = {}
    for kind in ("full", "lean"):
        load = result["runs"][kind]["load"]
        assert load["config"]["lean"] is (kind == "lean")
        assert load["start_fanout"]["missing"] == 0 and load["errors"] == {}
        assert load["host_counts"]["active"] == STUDENTS
        starts[kind] = load["start_link"]["down_per_student"]
        assert load["steady_link"]["total_per_student"] > 0
        assert result["runs"][kind]["host_exit_code"] == 0
    policy_bytes = len(default_policy().model_dump_json())  # what a room starts with
    assert starts["full"] - starts["lean"] > policy_bytes / 2  # the policy, not sent again
    messages = result["per_student"]["messages"]
    assert messages["heartbeat and its reply"]["total"] > 0
    held = messages["GET state?policy_rev (policy held)"]["down"]
    assert messages["GET state, exam running"]["down"] > held
    assert result["per_student"]["app"]["idle"]["status"] == "active"
    table = capsys.readouterr().out
    assert "lean frames, 20 students" in table and "full frames, 20 students" in table
    left = [n for n in netns.namespaces() if n.startswith(hall.PREFIX)]
    assert left == []  # the bench removed its namespaces


def test_a_rate_tc_would_not_take_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--hall", "--rate", "fast"]) == 2
    assert "a tc rate such as 100mbit" in capsys.readouterr().err
