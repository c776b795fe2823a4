"""Small statistics helpers: percentiles and latency summaries in milliseconds."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (`fraction` in 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarize_ms(values: Sequence[float], *, digits: int = 2) -> dict[str, Any]:
    """{n, min, p50, p90, p99, max, mean} of latencies given in milliseconds."""
    if not values:
        return {k: None for k in ("min", "p50", "p90", "p99", "max", "mean")} | {"n": 0}
    return {
        "n": len(values),
        "min": round(min(values), digits),
        "p50": round(percentile(values, 0.50), digits),
        "p90": round(percentile(values, 0.90), digits),
        "p99": round(percentile(values, 0.99), digits),
        "max": round(max(values), digits),
        "mean": round(statistics.fmean(values), digits),
    }
