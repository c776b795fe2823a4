"""The cost measurement of the computer-wide signals (what docs/SHIELD.md reports)."""

from __future__ import annotations

from proctor.shield import listeners
from proctor.shield.signals_measure import measure_signals_cost


def test_measure_signals_cost_reports_each_check() -> None:
    result = measure_signals_cost(extra_processes=20, repeats=3)
    assert result["extra_processes"] == 20 and result["processes"] >= 20
    for check in ("virtual_machine", "remote_session", "listening_full_listing", "listening_check"):
        assert result[f"{check}_cpu_ms_p50"] >= 0, check
        assert 0 <= result[f"{check}_ms_p50"] <= result[f"{check}_ms_p95"], check
    assert result["tcp_sockets_in_table"] >= result["listening_sockets"] >= 0
    assert ("listening_unchanged_check_ms_p50" in result) == listeners._LINUX_TABLES
    assert result["core_share_percent"] >= 0
