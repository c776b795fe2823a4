"""The scan-cost measurement used by the benchmark: real sleepers, cleaned up afterwards."""

from __future__ import annotations

import psutil
import pytest

from proctor.shield.measure import measure_scan_cost


@pytest.mark.slow
def test_steady_scans_of_hundreds_of_processes_stay_cheap():
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    result = measure_scan_cost(extra_processes=300, steady_scans=40)
    assert result["processes"] >= 300
    assert result["rules"] > 50
    assert result["first_scan_ms"] > result["steady_scan_ms_p50"]
    # The target is 5 ms with ~500 processes; the median is robust to a busy machine.
    assert result["steady_scan_ms_p50"] <= 5.0, result
    assert result["steady_scan_ms_p50"] <= result["steady_scan_ms_p95"]
    assert 0 < result["steady_scan_cpu_ms_p50"] <= 5.0, result
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert after <= before  # every sleeper was killed and reaped
