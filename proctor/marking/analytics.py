"""Item analysis of a marked paper (pure): a histogram of percents, mean, median, standard
deviation, Cronbach's alpha, and per question the facility, the discrimination (corrected
item-total correlation, as Moodle's discrimination index: the question against the rest of
the paper), mean points, how many answered, and per hidden test the share who passed it.

Conventions: the standard deviation and variances are of the sample (n - 1); a figure that
cannot be computed (fewer than two students, no spread) is None. A question is flagged
"check" when its discrimination is below 0.3. Pending questions count as unanswered.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from proctor.marking.results import QuestionResult

CHECK_BELOW = 0.3


def histogram(percents: Sequence[float], bins: int = 10) -> list[dict[str, float | int]]:
    """Equal bins over 0..100; each holds from <= p < to, the last one also 100."""
    width = 100.0 / bins
    counts = [0] * bins
    for p in percents:
        index = min(bins - 1, max(0, int(p // width)))
        counts[index] += 1
    return [
        {"from": round(i * width, 2), "to": round((i + 1) * width, 2), "count": counts[i]}
        for i in range(bins)
    ]


def _sd(values: Sequence[float]) -> float | None:
    return statistics.stdev(values) if len(values) >= 2 else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def cronbach_alpha(items: Sequence[Sequence[float]]) -> float | None:
    """items[i][s]: points of student s on item i. alpha = k/(k-1) * (1 - sum var_i / var_T)."""
    k = len(items)
    if k < 2 or len(items[0]) < 2:
        return None
    totals: list[float] = [sum(column) for column in zip(*items, strict=True)]
    total_var = statistics.variance(totals)
    if total_var == 0:
        return None
    item_var = sum(statistics.variance(item) for item in items)
    return k / (k - 1) * (1 - item_var / total_var)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def analyze(
    students: Sequence[Mapping[str, QuestionResult]],
    max_points: Mapping[str, float],
    percents: Sequence[float] | None = None,
    bins: int = 10,
) -> dict[str, Any]:
    """The GET admin/analytics body. `students`: each student's results by question id (the
    questions of their variant: a question drawn from a pool is left out where a student did
    not get it); `max_points`: every question of the paper; `percents`: each student's percent
    (computed from the points of their questions when omitted).

    A question's figures are over the students who had it; its discrimination is against the
    rest of each such student's points. Cronbach's alpha is over the questions every student
    had (with pools, the drawn questions are not comparable items)."""
    qids = list(max_points)
    totals = [sum(float(r.points) for q, r in s.items() if q in max_points) for s in students]
    if percents is None:
        tops = [sum(max_points[q] for q in s if q in max_points) for s in students]
        percents = [100.0 * t / top if top else 0.0 for t, top in zip(totals, tops, strict=True)]
    questions = []
    common: list[list[float]] = []
    for qid in qids:
        top = max_points[qid]
        holders = [i for i, s in enumerate(students) if qid in s]
        item = [float(students[i][qid].points) for i in holders]
        rest = [totals[i] - p for i, p in zip(holders, item, strict=True)]
        mean_points = statistics.fmean(item) if item else 0.0
        discrimination = pearson(item, rest)
        answered = sum(
            1 for i in holders if students[i][qid].status not in ("unanswered", "pending")
        )
        if students and len(holders) == len(students):
            common.append(item)
        questions.append(
            {
                "id": qid,
                "facility": _round(mean_points / top if top and item else None),
                "discrimination": _round(discrimination),
                "mean_points": round(mean_points, 4),
                "max_points": top,
                "answered": answered,
                "check": discrimination is not None and discrimination < CHECK_BELOW,
                "tests": _test_pass_rates([students[i][qid] for i in holders]),
                "students": len(holders),
            }
        )
    return {
        "histogram": histogram(percents, bins),
        "mean": _round(statistics.fmean(percents) if percents else None),
        "median": _round(statistics.median(percents) if percents else None),
        "sd": _round(_sd(percents)),
        "alpha": _round(cronbach_alpha(common) if common else None),
        "students": len(students),
        "questions": questions,
    }


def _test_pass_rates(results: Sequence[QuestionResult]) -> list[dict[str, Any]]:
    """Per hidden case, in the paper's order: the share of the students whose code ran it."""
    seen: dict[str, list[int]] = {}
    for result in results:
        for case in result.cases:
            if case.hidden:
                tally = seen.setdefault(case.name, [0, 0])
                tally[0] += case.passed
                tally[1] += 1
    return [
        {"name": name, "pass_rate": round(ok / ran, 4), "students": ran}
        for name, (ok, ran) in seen.items()
    ]
