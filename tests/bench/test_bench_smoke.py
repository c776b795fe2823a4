"""Smoke run of `proctor bench`: 50 students, short periods. It proves the benchmark works end to
end; the figures themselves come from full runs (benchmarks/README.md), never from timings here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proctor.bench.__main__ import main

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

STUDENTS = 50
PAUSES = 5


def test_bench_smoke_runs_every_phase_and_writes_the_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    argv = ["--students", str(STUDENTS), "--steady-s", "3", "--pauses", str(PAUSES)]
    argv += ["--sleepers", "50", "--app-runs", "1", "--app-settle-s", "2", "--out", str(out)]
    argv += ["--shield-scans", "50"]

    assert main(argv) == 0

    result = json.loads(out.read_text())
    load = result["load"]
    assert load["join"]["joined"] == STUDENTS
    assert load["streams"]["open"] == STUDENTS
    assert load["streams"]["without_first_state"] == 0
    fanout = load["start_fanout"]
    assert fanout["targets"] == STUDENTS
    assert fanout["missing"] == 0
    assert fanout["latency_ms"]["n"] == STUDENTS
    assert fanout["latency_ms"]["p50"] <= fanout["latency_ms"]["p99"] <= fanout["latency_ms"]["max"]
    pauses = load["pause_push"]
    assert pauses["pauses"] == PAUSES and pauses["missing"] == 0
    assert pauses["pause_latency_ms"]["n"] == PAUSES
    assert pauses["resume_latency_ms"]["n"] == PAUSES
    assert load["state_latency_ms"]["n"] > 10
    assert load["host"]["host_rss_mb"] > 10
    assert load["host"]["host_cpu_percent"] >= 0
    assert load["errors"] == {}
    # The host saw what the students did: everyone online and sitting the exam, work stored.
    assert load["host_counts"]["online"] == STUDENTS
    assert load["host_counts"]["active"] == STUDENTS
    assert load["tally"]["work_ok"] > 0
    assert load["tally"]["heartbeats_sent"] >= STUDENTS
    assert result["host_exit_code"] == 0

    side = result["student_side"]
    for name in ("shield", "shield_memory", "camera", "app_start", "app_memory"):
        assert side[name]["measured"] or side[name]["reason"], name
    assert side["shield"]["measured"], side["shield"]
    assert side["shield"]["extra_processes"] == 50
    assert side["shield_memory"]["scans"] == 50 and side["shield_memory"]["incidents"] >= 2

    table = capsys.readouterr().out
    assert "start reaching every student's socket" in table
    assert "GET /state under load" in table
    assert "shield steady scan" in table
    assert "shield memory over 50 scans" in table
    assert f"results written to {out}" in table


def test_bench_refuses_nonsense_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--students", "0"]) == 2
    assert "--students must be positive" in capsys.readouterr().err


def test_the_marking_bench_marks_every_student_and_times_the_pushes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "marking.json"
    argv = ["--marking", "--students", "12", "--early", "4", "--exam-s", "6", "--out", str(out)]
    assert main(argv) == 0
    load = json.loads(out.read_text())["load"]
    end = load["end_to_every_result"]
    assert end["students"] == 12 and end["pending"] == 0 and end["marks_correct"] is True
    assert load["marking_during_exam"]["handed_in"] == 4
    assert load["push_while_marking"]["latency_ms"]["n"] > 0
    assert load["push_while_marking"]["missing"] == 0
    assert load["errors"] == {}
    assert "end to every result" in capsys.readouterr().out
    assert main(["--marking", "--exam-s", "0"]) == 2


def test_bench_smoke_with_screens_on_measures_the_wall(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "screens.json"
    argv = ["--students", "20", "--steady-s", "4", "--pauses", "2", "--skip-student-side"]
    argv += ["--screens", "--screen-interval-s", "2", "--out", str(out)]

    assert main(argv) == 0

    load = json.loads(out.read_text())["load"]
    assert load["errors"] == {}
    announced = load["announce_fanout"]
    assert announced["missing"] == 0 and announced["latency_ms"]["n"] == 3 * 20
    screens = load["screens"]
    assert screens["frames_sent"] >= 20 and 0 < screens["thumbnail_bytes"] <= 40 * 1024
    assert screens["bytes_per_student_per_minute"] > 0
    assert screens["wall_fetch_ms"]["n"] > 0
    assert "announcement reaching every socket" in capsys.readouterr().out
