"""Analytics and similarity of the sample paper's six marked students, against figures
worked by hand from their totals (30, 0, 0, 10, 14, 28 of 30)."""

from __future__ import annotations

import dataclasses
import statistics

import pytest

from proctor.common.marks import dump
from proctor.results.stats import analytics_body, similarity_body, similarity_detail
from proctor.results.work import applied_marks
from tests.helpers.sample_marks import Cohort, cohort

PERCENTS = [100.0, 0.0, 0.0, 33.33, 46.67, 93.33]


@pytest.fixture(scope="module")
def marked() -> Cohort:
    return cohort()


def test_class_figures(marked: Cohort) -> None:
    body = analytics_body(marked.paper, marked.works)
    assert body.students == 6 and body.pending == 0
    assert body.mean == pytest.approx(statistics.fmean(PERCENTS), abs=1e-4)  # 45.555
    assert body.median == 40.0  # (33.33 + 46.67) / 2
    assert body.sd == pytest.approx(statistics.stdev(PERCENTS), abs=1e-4)
    assert body.pass_rate == round(2 / 6, 4)  # ada and farah
    assert [b.count for b in body.histogram] == [2, 0, 0, 1, 1, 0, 0, 0, 0, 2]
    assert dump(body)["histogram"][0] == {"from": 0.0, "to": 10.0, "count": 2}
    assert body.alpha is not None and 0 < body.alpha <= 1


def test_question_figures(marked: Cohort) -> None:
    by_id = {q.id: q for q in analytics_body(marked.paper, marked.works).questions}
    lookup = by_id["lookup"]  # 2, 0, 0, 2, 2, 0 of 2
    assert (lookup.facility, lookup.mean_points, lookup.answered) == (0.5, 1.0, 5)
    assert lookup.type == "choice"
    word_counts = by_id["word_counts"]  # 10, 0, 0, 4, 8 (the override), 10
    assert word_counts.mean_points == pytest.approx(32 / 6, abs=1e-4)
    rates = {t.name: (t.pass_rate, t.students) for t in word_counts.tests}
    assert rates == {  # chen's code never ran; the visible case is no hidden test
        "test_hidden_every_punctuation_mark_is_ignored": (0.4, 5),
        "test_hidden_case_is_folded": (0.4, 5),
        "test_hidden_any_whitespace_separates": (0.8, 5),
        "case 2": (0.4, 5),
    }
    assert word_counts.discrimination is not None and not word_counts.check
    for question in by_id.values():
        assert question.check is (
            question.discrimination is not None and question.discrimination < 0.3
        )
    # A pooled question counts only the students who drew it: two of three each.
    pooled = [by_id[q] for q in ("lifo", "deque_ops", "heap_root")]
    assert sum(q.students for q in pooled) == 12
    for question in pooled:
        drew = [w for w in marked.works if question.id in w.variant.questions]  # type: ignore[union-attr]
        points = [applied_marks(marked.paper, w)[question.id].points for w in drew]
        assert question.students == len(drew)
        assert question.facility == round(statistics.fmean(points), 4)  # worth 1 point each


def test_pending_students_are_left_out(marked: Cohort) -> None:
    ada = marked.work("ada")
    half = dataclasses.replace(ada, marks={q: r for q, r in ada.marks.items() if q != "lookup"})
    body = analytics_body(marked.paper, [half, *marked.works[1:]])
    assert body.pending == 1 and body.students == 5


def test_similarity_finds_the_copy_and_only_real_pairs(marked: Cohort) -> None:
    pairs = similarity_body(marked.paper, marked.works).pairs
    top = {(p.a, p.b, p.question) for p in pairs if p.score >= 0.9}
    assert ("s-ada", "s-farah", "word_counts") in top
    assert ("s-ada", "s-farah", "running_median") in top
    assert ("s-dagny", "s-emeka", "word_counts") in top  # the same half-right code
    assert not any("s-chen" in (p.a, p.b) for p in pairs)  # no code at all
    assert all(0 <= p.score <= 1 for p in pairs)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


def test_a_pair_side_by_side(marked: Cohort) -> None:
    detail = similarity_detail(
        marked.paper, "word_counts", marked.work("ada"), marked.work("farah")
    )
    assert detail.score >= 0.9 and detail.a.name == "Ada Lovelace"
    assert "tally" in detail.b.files["word_counts.py"]
    for side in (detail.a, detail.b):
        assert side.lines and all(
            r.file == "word_counts.py" and r.from_ <= r.to for r in side.lines
        )
    # The starter's own lines never count: ada's and dagny's main() (lines 16-22, as the
    # starter wrote it) is in both, yet only their word counting (from line 7) matches.
    other = similarity_detail(marked.paper, "word_counts", marked.work("ada"), marked.work("dagny"))
    assert other.a.lines and all(r.to < 16 for r in other.a.lines)
    assert 0.3 < other.score < 0.9
    with pytest.raises(ValueError, match="no code"):
        similarity_detail(marked.paper, "word_counts", marked.work("ada"), marked.work("chen"))
    with pytest.raises(ValueError, match="not a code question"):
        similarity_detail(marked.paper, "lookup", marked.work("ada"), marked.work("farah"))
