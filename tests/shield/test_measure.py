"""The scan-cost measurement used by the benchmark: real sleepers, cleaned up afterwards."""

from __future__ import annotations

import psutil
import pytest

from proctor.shield.measure import measure_scan_cost, measure_scan_memory


@pytest.mark.slow
def test_the_scan_cost_is_measured_over_hundreds_of_real_processes():
    """What it measures; how fast is for the benchmark (a busy machine must not fail this)."""
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    result = measure_scan_cost(extra_processes=300, steady_scans=40)
    assert result["processes"] >= 300 and result["extra_processes"] == 300
    assert result["rules"] > 50
    assert result["first_scan_ms"] > 0
    assert 0 < result["steady_scan_ms_p50"] <= result["steady_scan_ms_p95"]
    assert result["steady_scan_ms_p95"] <= result["steady_scan_ms_max"]
    assert 0 < result["steady_scan_cpu_ms_p50"] <= result["steady_scan_cpu_ms_p95"]
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert after <= before  # every sleeper was killed and reaped


@pytest.mark.slow
def test_the_memory_measurement_churns_real_processes_and_forgets_the_dead():
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    result = measure_scan_memory(scans=100)
    assert result["measured"] and result["scans"] == 100
    assert result["processes_started"] >= 2 * 300  # warm-up and measured scans together
    # Every blacklisted app was reported and then cleared when it ended.
    assert result["incidents"] >= 2 and result["incidents"] % 2 == 0, result
    # The dead are forgotten: what the shield tracks does not grow with what came and went.
    assert result["tracked_end"] <= result["tracked_start"] + 10, result
    assert result["rss_mb_end"] > 0
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert after <= before
