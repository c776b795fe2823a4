"""The process shield against real processes: copies of `sleep` named like forbidden apps."""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time

import psutil
import pytest

from proctor.shield import processes
from proctor.shield.blacklist import load_blacklist
from proctor.shield.processes import ProcessShield, ShieldMonitor
from tests.helpers.waiting import wait_until

RULES = [
    {"name": "Discord", "match": ["Discord"], "category": "chat"},
    {"name": "AnyDesk", "match": ["AnyDesk"], "category": "remote"},
    {"name": "OBS Studio", "match": ["obs", "obs64"], "category": "capture"},
]


@pytest.fixture(params=[True, False], ids=["proc", "psutil"])
def both_probes(request, monkeypatch):
    """Run through the /proc reader and through the psutil one (what Windows and macOS use)."""
    if request.param and not processes._LINUX_PROC:
        pytest.skip("no /proc here")
    monkeypatch.setattr(processes, "_LINUX_PROC", request.param)
    return request.param


@pytest.mark.slow
def test_an_app_is_reported_once_even_when_a_scan_catches_it_dying(spawn, recorder):
    """While a process exits, its program path is gone before it is a zombie: that must not
    look like it started another program (which reported Discord a second time)."""
    shield = ProcessShield(RULES, recorder)
    shield.scan()
    pids = []
    for _ in range(100):
        proc = spawn("Discord", seconds=0.03)
        pids.append(proc.pid)
        while proc.poll() is None:  # scan all the way through its exit
            shield.scan()
        shield.scan()
    reported = [d["pid"] for d in recorder.of("process_blacklisted")]
    assert sorted(reported) == sorted(pids)  # each one, once
    assert len(recorder.of("process_cleared")) == 100


def test_reports_forbidden_apps_and_clears_them_when_they_exit(both_probes, spawn, recorder):
    shield = ProcessShield(RULES, recorder)
    shield.scan()
    assert recorder.events == []

    before_ms = time.time() * 1000
    discord, anydesk, obs = spawn("Discord"), spawn("AnyDesk.exe"), spawn("obs")
    notes = spawn("notes")
    shield.scan()

    reported = {d["pid"]: d for d in recorder.of("process_blacklisted")}
    assert set(reported) == {discord.pid, anydesk.pid, obs.pid}
    assert reported[discord.pid]["rule"] == "Discord"
    assert reported[discord.pid]["category"] == "chat"
    assert reported[discord.pid]["name"] == "Discord"
    assert reported[anydesk.pid]["rule"] == "AnyDesk"
    assert reported[anydesk.pid]["name"] == "AnyDesk.exe"
    assert reported[obs.pid]["exe"].endswith(os.sep + "obs")
    # The start time is the process's own, to within the kernel's 10 ms clock ticks (psutil on
    # Linux counts from a boot time in whole seconds).
    slack = 20 if both_probes else 1020
    assert before_ms - slack <= reported[discord.pid]["started_ms"] <= time.time() * 1000 + slack
    assert {d["rule"] for d in shield.offenders()} == {"Discord", "AnyDesk", "OBS Studio"}

    shield.scan()  # nothing new: nothing reported twice
    assert len(recorder.of("process_blacklisted")) == 3

    for proc in (discord, anydesk, obs):
        proc.kill()
        proc.wait()
    shield.scan()
    cleared = {d["pid"]: d for d in recorder.of("process_cleared")}
    assert set(cleared) == {discord.pid, anydesk.pid, obs.pid}
    assert cleared[discord.pid]["rule"] == "Discord"
    assert cleared[discord.pid]["duration_s"] >= 0
    assert shield.offenders() == []
    assert notes.pid not in recorder.pids("process_blacklisted")
    assert notes.pid in shield.known_pids()


@pytest.mark.usefixtures("both_probes")
def test_what_runs_before_the_first_scan_is_reported_at_the_first_scan(spawn, recorder):
    discord = spawn("Discord")
    time.sleep(0.2)
    shield = ProcessShield(RULES, recorder)
    shield.scan()
    assert recorder.pids("process_blacklisted") == [discord.pid]
    (detail,) = recorder.of("process_blacklisted")
    assert detail["started_ms"] < time.time() * 1000 - 100


def test_default_blacklist_catches_the_named_apps(spawn, recorder):
    shield = ProcessShield(load_blacklist(), recorder)
    shield.scan()
    baseline = len(recorder.events)
    procs = [spawn("Discord"), spawn("AnyDesk.exe"), spawn("obs"), spawn("my-notes")]
    shield.scan()
    rules = {d["pid"]: d["rule"] for d in recorder.of("process_blacklisted")[baseline:]}
    assert rules == {procs[0].pid: "Discord", procs[1].pid: "AnyDesk", procs[2].pid: "OBS Studio"}


@pytest.mark.usefixtures("both_probes")
def test_an_app_of_several_processes_is_one_report_until_the_last_exits(spawn, recorder):
    shield = ProcessShield(RULES, recorder)
    first = spawn("Discord")
    shield.scan()
    helper = spawn("Discord")
    shield.scan()
    assert recorder.pids("process_blacklisted") == [first.pid]

    first.kill()
    first.wait()
    shield.scan()
    assert recorder.of("process_cleared") == []  # the helper still runs
    assert [d["rule"] for d in shield.offenders()] == ["Discord"]

    helper.kill()
    helper.wait()
    shield.scan()
    (cleared,) = recorder.of("process_cleared")
    assert cleared["pid"] == first.pid  # keyed like the report, so the proctor's flag clears
    assert cleared["processes"] == 2


@pytest.mark.usefixtures("both_probes")
def test_a_zombie_counts_as_gone(spawn, recorder):
    shield = ProcessShield(RULES, recorder)
    discord = spawn("Discord")
    shield.scan()
    os.kill(discord.pid, 9)
    wait_until(lambda: psutil.Process(discord.pid).status() == psutil.STATUS_ZOMBIE)
    shield.scan()  # still listed, not yet reaped
    assert recorder.pids("process_cleared") == [discord.pid]
    discord.wait()
    shield.scan()
    assert discord.pid not in shield.known_pids()
    assert len(recorder.of("process_cleared")) == 1


@pytest.mark.usefixtures("both_probes")
@pytest.mark.parametrize(
    "options",
    [{}, {"settle_s": 0, "sweep_per_scan": 10_000}],
    ids=["while-young", "by-the-rolling-sweep"],
)
def test_a_process_that_becomes_a_forbidden_app_after_it_started_is_caught(
    program, recorder, options
):
    # A launcher: a shell that exec's Discord a moment after it started (same PID, new name).
    # Young processes are looked at again on every scan; with settle_s=0 none is young, so
    # only the rolling sweep can catch it.
    discord = program("Discord")
    script = f"sleep 0.4; exec {shlex.quote(str(discord))} 30"
    shield = ProcessShield(RULES, recorder, **options)
    shield.scan()
    launcher = subprocess.Popen(["/bin/sh", "-c", script])
    try:
        time.sleep(0.05)
        shield.scan()
        assert recorder.events == []  # still a shell
        wait_until(lambda: psutil.Process(launcher.pid).name() == "Discord")
        shield.scan()
        assert recorder.pids("process_blacklisted") == [launcher.pid]
    finally:
        launcher.kill()
        launcher.wait()


def test_unlisted_processes_are_never_reported(spawn, recorder):
    shield = ProcessShield(RULES, recorder)
    for name in ("Discordant", "obsidian", "jobs", "AnyDeskHelper", "Discord.txt"):
        spawn(name)
    shield.scan()
    time.sleep(0.1)
    shield.scan()
    assert recorder.events == []


def test_the_shield_never_reports_its_own_process(program, recorder):
    own_name = psutil.Process().name()
    shield = ProcessShield([{"name": "Me", "match": [own_name]}], recorder)
    shield.scan()
    assert os.getpid() not in recorder.pids("process_blacklisted")


@pytest.mark.logs_errors
def test_monitor_reports_within_two_intervals_and_survives_a_failing_listener(spawn):
    events: list[tuple[str, dict, float]] = []
    lock = threading.Lock()

    def emit(kind: str, detail: dict) -> None:
        with lock:
            events.append((kind, detail, time.time()))
        raise RuntimeError("listener failure must not stop the shield")

    monitor = ShieldMonitor(RULES, interval_s=0.2, emit=emit)
    monitor.start()
    try:
        wait_until(lambda: monitor.shield.scans >= 1)
        started = time.time()
        discord = spawn("Discord")
        wait_until(lambda: any(k == "process_blacklisted" for k, _, _ in events), 2)
        reported_at = next(t for k, _, t in events if k == "process_blacklisted")
        assert reported_at - started <= 2 * 0.2 + 0.3
        discord.kill()
        discord.wait()
        wait_until(lambda: any(k == "process_cleared" for k, _, _ in events), 2)
        assert monitor.running
        assert monitor.last_scan_ms is not None
    finally:
        monitor.stop()
    assert not monitor.running


def test_monitor_stop_is_prompt_and_idempotent():
    monitor = ShieldMonitor(RULES, interval_s=30, emit=lambda kind, detail: None)
    monitor.start()
    wait_until(lambda: monitor.shield.scans >= 1)
    began = time.monotonic()
    monitor.stop()
    monitor.stop()
    assert time.monotonic() - began < 2
    assert not monitor.running


@pytest.mark.slow
def test_soak_many_short_lived_processes_none_missed_nothing_leaks(program, recorder):
    """Hundreds of processes come and go while the monitor scans every 0.25 s: each that
    lived longer than two intervals is reported and cleared, and nothing stays remembered."""
    interval = 0.25
    count = 300
    names = [f"Soak{i:03d}" for i in range(count)]
    rules = [{"name": n, "match": [n], "category": "soak"} for n in names]
    paths = [program(n) for n in names]
    lock = threading.Lock()
    events: list[tuple[str, dict]] = []

    def emit(kind: str, detail: dict) -> None:
        with lock:
            events.append((kind, detail))

    monitor = ShieldMonitor(rules, interval_s=interval, emit=emit)
    monitor.start()
    running: list[subprocess.Popen[bytes]] = []
    lifetimes: dict[int, float] = {}
    began = time.monotonic()
    try:
        wait_until(lambda: monitor.shield.scans >= 1)
        baseline_known = monitor.shield.seen_count
        for i, path in enumerate(paths):
            # Alternate very short lives with ones well over two intervals.
            life = 0.02 + (i % 7) * 0.04 if i % 2 else 0.6 + (i % 5) * 0.15
            proc = subprocess.Popen([str(path), f"{life:.2f}"])
            lifetimes[proc.pid] = life
            running.append(proc)
            running = [p for p in running if p.poll() is None]
            time.sleep(0.03)
        for proc in running:
            proc.wait(timeout=10)
        wait_until(
            lambda: (
                len([k for k, _ in events if k == "process_cleared"])
                >= len([k for k, _ in events if k == "process_blacklisted"])
            ),
            5,
        )
        time.sleep(3 * interval)
    finally:
        monitor.stop()
    assert time.monotonic() - began < 60

    with lock:
        reported = {d["pid"] for k, d in events if k == "process_blacklisted"}
        cleared = {d["pid"] for k, d in events if k == "process_cleared"}
    long_lived = {pid for pid, life in lifetimes.items() if life > 2 * interval}
    assert len(long_lived) > 100
    assert long_lived <= reported, f"missed {sorted(long_lived - reported)[:5]}"
    assert reported <= set(lifetimes)  # nothing else was ever reported
    assert reported == cleared
    assert monitor.offenders() == []
    # Nothing of ours is still remembered, and the memory is back to the size it had.
    assert not (monitor.shield.known_pids() & set(lifetimes))
    assert monitor.shield.seen_count <= baseline_known + 20
