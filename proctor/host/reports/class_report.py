"""report.pdf as a document (Qt-free): the summary (students, handed in, mean, median, pass
rate, alpha), the score histogram, the item analysis with the questions to check marked, the
hidden tests' pass rates, the most similar pairs, the incidents by kind and the class list."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from proctor.common.marks import AnalyticsResponse, ResultsResponse, SimilarityResponse
from proctor.common.protocol import Incident
from proctor.host.incident_words import incident_label
from proctor.host.reports.document import (
    Bar,
    Column,
    Document,
    Facts,
    Heading,
    Histogram,
    PageBreak,
    Paragraph,
    Row,
    Table,
    Tone,
)
from proctor.host.reports.words import (
    TYPE_WORDS,
    ReportSession,
    fig,
    pct,
    points_text,
    result_word,
)
from proctor.results.release import number

TOP_PAIRS = 20
# -- the class ------------------------------------------------------------------------------


def class_report(
    session: ReportSession,
    results: ResultsResponse,
    analytics: AnalyticsResponse,
    similarity: SimilarityResponse,
    incidents: Sequence[Incident] = (),
) -> Document:
    doc = Document(f"{results.title}: class report", session.exam, session.date)
    students = results.students
    handed_in = sum(1 for s in students if not s.from_snapshot)
    passed = sum(1 for s in students if s.passed and not s.pending)
    facts = [
        ("Paper", results.title),
        ("Students", str(len(students))),
        (
            "Handed in",
            f"{handed_in} (the other {len(students) - handed_in} marked on their last autosave)"
            if handed_in < len(students)
            else str(handed_in),
        ),
        ("Mean", pct(analytics.mean)),
        ("Median", pct(analytics.median)),
        (
            "Standard deviation",
            fig(analytics.sd, 1) + (" points of percent" if analytics.sd is not None else ""),
        ),
        ("Pass mark", pct(results.pass_percent) if results.pass_percent is not None else "none"),
    ]
    if results.pass_percent is not None:
        share = pct(None if analytics.pass_rate is None else 100 * analytics.pass_rate)
        facts.append(("Passed", f"{passed} of {len(students)} ({share})"))
    facts.append(("Cronbach's alpha", fig(analytics.alpha)))
    doc.add(Heading("Summary"), Facts(facts))
    if results.pending:
        doc.add(
            Paragraph(
                f"{results.pending} students are still being marked: the figures leave them out.",
                "warning",
            )
        )
    doc.add(
        Heading("Scores"),
        Histogram(
            [Bar(f"{number(b.from_)}–{number(b.to)}", b.count) for b in analytics.histogram],
            caption="Students by percent of their paper's points",
            x_title="percent",
            y_title="students",
        ),
    )
    doc.add(*_item_analysis(results, analytics))
    doc.add(*_hidden_tests(analytics))
    doc.add(*_similar_pairs(results, similarity))
    doc.add(*_incident_summary(incidents))
    doc.add(PageBreak(), *_class_list(results))
    return doc


def _item_analysis(results: ResultsResponse, analytics: AnalyticsResponse) -> list[Any]:
    columns = [
        Column("Question", 2.2),
        Column("Type", 1.3),
        Column("Points", 0.8, "right"),
        Column("Mean", 0.8, "right"),
        Column("Facility", 0.9, "right"),
        Column("Discrimination", 1.3, "right"),
        Column("Answered", 1.0, "right"),
        Column("", 1.9),
    ]
    rows = []
    for q in analytics.questions:
        answered = f"{q.answered} of {q.students}" if q.students else str(q.answered)
        rows.append(
            Row(
                [
                    q.id,
                    TYPE_WORDS.get(q.type or "", q.type or ""),
                    number(q.max_points),
                    f"{q.mean_points:.2f}",
                    fig(q.facility),
                    fig(q.discrimination),
                    answered,
                    "check this question" if q.check else "",
                ],
                "flag" if q.check else "",
            )
        )
    flagged = sum(1 for q in analytics.questions if q.check)
    note = (
        "Facility: mean points over the points (1 = everyone right). Discrimination: how well "
        "the question separates strong from weak papers (its correlation with the rest of the "
        "paper); below 0.3 the question is marked to check: it may be ambiguous, mis-keyed or "
        "too easy."
    )
    out: list[Any] = [Heading("Item analysis"), Table(columns, rows), Paragraph(note, "small")]
    if flagged:
        text = (
            "1 question to check (marked)."
            if flagged == 1
            else (f"{flagged} questions to check (marked).")
        )
        out.insert(1, Paragraph(text, "warning"))
    return out


def _hidden_tests(analytics: AnalyticsResponse) -> list[Any]:
    rows = [
        Row(
            [q.id, t.name, pct(100 * t.pass_rate), str(t.students)],
            "flag" if t.pass_rate < 0.2 else "",
        )
        for q in analytics.questions
        for t in q.tests
    ]
    if not rows:
        return []
    columns = [
        Column("Question", 1.6),
        Column("Hidden test", 3.6, mono=True),
        Column("Passed", 0.9, "right"),
        Column("Ran", 0.7, "right"),
    ]
    note = "Of the students whose code ran the test. A test few pass may be too strict."
    return [Heading("Hidden tests"), Table(columns, rows), Paragraph(note, "small")]


def _similar_pairs(results: ResultsResponse, similarity: SimilarityResponse) -> list[Any]:
    names = {s.student_id: f"{s.name} ({s.reg_no})" for s in results.students}
    rows = [
        Row(
            [p.question, names.get(p.a, p.a), names.get(p.b, p.b), f"{round(100 * p.score)}%"],
            "flag" if p.score >= 0.8 else "",
        )
        for p in similarity.pairs[:TOP_PAIRS]
    ]
    columns = [
        Column("Question", 1.4),
        Column("Student", 2.5),
        Column("Student", 2.5),
        Column("Similar", 0.9, "right"),
    ]
    note = (
        "Code compared by its structure (names, literals and comments do not count; the starter "
        "code is taken away). A high score is a reason to look at both, not a verdict."
    )
    return [
        Heading("Most similar code"),
        Table(columns, rows, empty="No two students' code is alike."),
        Paragraph(note, "small"),
    ]


def _incident_summary(incidents: Sequence[Incident]) -> list[Any]:
    by_kind: Counter[str] = Counter(i.kind for i in incidents)
    students: defaultdict[str, set[str]] = defaultdict(set)
    for incident in incidents:
        students[incident.kind].add(incident.student_id)
    rows = [
        Row([incident_label(kind), str(n), str(len(students[kind]))])
        for kind, n in by_kind.most_common()
    ]
    columns = [
        Column("What happened", 3.0),
        Column("Times", 0.8, "right"),
        Column("Students", 0.9, "right"),
    ]
    return [Heading("Incidents"), Table(columns, rows, empty="No incidents were reported.")]


def _class_list(results: ResultsResponse) -> list[Any]:
    columns = [
        Column("Reg. no", 1.5),
        Column("Name", 2.6),
        Column("Points", 1.0, "right"),
        Column("Percent", 0.9, "right"),
        Column("Result", 1.1),
        Column("Work marked", 1.4),
    ]
    rows = []
    for s in sorted(results.students, key=lambda s: (s.reg_no.casefold(), s.name)):
        tone: Tone = (
            "muted" if s.pending else ("good" if s.passed else "bad" if s.passed is False else "")
        )
        rows.append(
            Row(
                [
                    s.reg_no,
                    s.name,
                    points_text(s.points, s.max_points),
                    pct(s.percent),
                    result_word(s),
                    "last autosave" if s.from_snapshot else "hand-in",
                ],
                tone,
            )
        )
    return [Heading("Every student"), Table(columns, rows, empty="No students.")]
