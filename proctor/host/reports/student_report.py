"""reports/<reg no>.pdf as a document (Qt-free): who, the marks, each question of their
variant with their answer next to the right one (code: their files and every case, a visible
case with its input, the output expected and theirs; a hidden case by name and reason only),
the overrides with their reasons, the incidents and the proctor's actions in time order, and
the receipt. It is the proctor's record: what a student may see is the release's business
(the paper's `feedback`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from proctor.common.marks import AnswerSheet, SheetQuestion
from proctor.common.protocol import Action, Incident
from proctor.common.receipt import local_time, receipt_code
from proctor.host.incident_words import incident_label
from proctor.host.reports.document import (
    Code,
    Column,
    Document,
    Facts,
    Heading,
    Paragraph,
    Row,
    Table,
    Tone,
)
from proctor.host.reports.words import (
    STATUS_TONES,
    STATUS_WORDS,
    TYPE_WORDS,
    ReportSession,
    detail_text,
    markdown_blocks,
    pct,
    points_text,
    result_word,
)
from proctor.results.release import number

HIDDEN_NOTE = (
    "Hidden cases are named; their inputs and expected outputs are not printed (a reason may "
    "quote what the test checked)."
)

# -- one student ----------------------------------------------------------------------------


def student_report(
    session: ReportSession,
    sheet: AnswerSheet,
    incidents: Sequence[Incident] = (),
    actions: Sequence[Action] = (),
) -> Document:
    doc = Document(f"{sheet.name} ({sheet.reg_no})", session.exam, session.date)
    if sheet.from_snapshot:
        work = (
            "Not handed in: marked on the last autosave"
            + (f" ({local_time(sheet.received_ms, True)})" if sheet.received_ms else "")
            if sheet.sha256
            else "Nothing reached the host: every question is unanswered"
        )
    else:
        work = (
            f"Handed in {local_time(sheet.received_ms, True)}" if sheet.received_ms else "Handed in"
        )
    facts = [
        ("Name", sheet.name),
        ("Reg. no", sheet.reg_no),
        ("Paper", sheet.title),
        ("Points", f"{points_text(sheet.points, sheet.max_points)} ({pct(sheet.percent)})"),
        ("Result", result_word(sheet)),
        ("Work marked", work),
    ]
    if sheet.sha256:
        label = "Receipt code" if not sheet.from_snapshot else "Autosave code"
        facts += [(label, receipt_code(sheet.sha256)), ("SHA-256", sheet.sha256)]
    doc.add(Heading(f"{sheet.name}  ·  {sheet.reg_no}"), Facts(facts, frozenset({"SHA-256"})))
    doc.add(Heading("Marks"), _marks_table(sheet))
    overrides = [q for q in sheet.questions if q.override is not None]
    if overrides:
        n = len(overrides)
        text = "1 mark was" if n == 1 else f"{n} marks were"
        doc.add(Paragraph(f"{text} set by the proctor (see the questions).", "warning"))
    for number_, question in enumerate(sheet.questions, start=1):
        doc.add(*_question_blocks(number_, question))
    doc.add(*_timeline(sheet.student_id, incidents, actions))
    return doc


def _marks_table(sheet: AnswerSheet) -> Table:
    columns = [
        Column("#", 0.4, "right"),
        Column("Question", 2.0),
        Column("Type", 1.2),
        Column("Points", 0.9, "right"),
        Column("", 2.4),
    ]
    rows = [
        Row(
            [
                str(n),
                q.id,
                TYPE_WORDS.get(q.type, q.type),
                points_text(q.points, q.max_points),
                STATUS_WORDS[q.status] + (" (proctor's mark)" if q.override else ""),
            ],
            STATUS_TONES[q.status],
        )
        for n, q in enumerate(sheet.questions, start=1)
    ]
    rows.append(
        Row(["", "Total", "", points_text(sheet.points, sheet.max_points), pct(sheet.percent)])
    )
    return Table(columns, rows)


def _question_blocks(n: int, q: SheetQuestion) -> list[Any]:
    head = (
        f"{n}. {q.id}  ·  {TYPE_WORDS.get(q.type, q.type)}  ·  "
        f"{points_text(q.points, q.max_points)}  ·  {STATUS_WORDS[q.status]}"
    )
    out: list[Any] = [Heading(head, 2)]
    if q.override is not None:
        auto = "" if q.auto_points is None else f" instead of the automatic {number(q.auto_points)}"
        text = f"Proctor's mark: {number(q.override.points)} points{auto}."
        out.append(Paragraph(f"{text} Reason: “{q.override.reason}”", "warning"))
    out += markdown_blocks(q.text)
    if q.type in ("choice", "multi"):
        theirs = q.answer if isinstance(q.answer, list) else [q.answer] if q.answer else []
        right = q.right_answer if isinstance(q.right_answer, list) else [q.right_answer]
        rows = []
        for option in q.options or []:
            chosen, correct = option in theirs, option in right
            tone: Tone = "good" if chosen and correct else "bad" if chosen else ""
            rows.append(Row([option, "chosen" if chosen else "", "right" if correct else ""], tone))
        columns = [
            Column("Option (in the student's order)", 4.0),
            Column("Their answer", 1.2),
            Column("Right answer", 1.2),
        ]
        out.append(Table(columns, rows))
        if not theirs:
            out.append(Paragraph("Not answered.", "muted"))
    elif q.type == "short":
        accepted = ", ".join(f"“{a}”" for a in q.right_answer or [])
        how = {
            "exact": "exactly",
            "nocase": "ignoring case",
            "regex": "as a pattern",
            "number": "as a number",
        }.get(q.match or "", "")
        if q.match == "number" and q.tolerance:
            how += f", within {number(q.tolerance)}"
        answer = f"“{q.answer}”" if q.answer else "not answered"
        out.append(Facts([("Their answer", answer), ("Accepted", f"{accepted} ({how})")]))
    else:
        out += _code_blocks(q)
    if q.message and q.status in ("error", "unanswered", "wrong"):
        out.append(Paragraph(q.message, "muted"))
    return out


def _code_blocks(q: SheetQuestion) -> list[Any]:
    out: list[Any] = []
    if not any(text.strip() for text in q.files.values()):
        out.append(Paragraph("No code was written for this question.", "muted"))
    for name, text in q.files.items():
        if text.strip():
            out.append(Code(name, text))
    if not q.cases:
        return out
    rows = []
    for case in q.cases:
        kind = "hidden" if case.hidden else "visible"
        result = "passed" if case.passed else "failed"
        tone: Tone = "good" if case.passed else "bad"
        rows.append(Row([case.name, kind, result, case.message], tone))
    columns = [
        Column("Case", 3.0, mono=True),
        Column("Kind", 0.8),
        Column("Result", 0.8),
        Column("Reason", 3.6),
    ]
    out += [Heading("Cases", 3), Table(columns, rows)]
    visible = [c for c in q.cases if c.input is not None]
    if visible:
        columns = [
            Column("Visible case", 1.0),
            Column("Input", 2.0, mono=True),
            Column("Expected", 2.0, mono=True),
            Column("Their output", 2.0, mono=True),
        ]
        rows = [
            Row(
                [c.name, c.input or "", c.expected or "", c.output or ""],
                "good" if c.passed else "bad",
            )
            for c in visible
        ]
        out.append(Table(columns, rows))
    hidden = sum(1 for c in q.cases if c.hidden)
    if hidden:
        out.append(Paragraph(HIDDEN_NOTE, "small"))
    return out


def _timeline(
    student_id: str, incidents: Sequence[Incident], actions: Sequence[Action]
) -> list[Any]:
    events: list[tuple[int, str, str, Tone]] = []
    for incident in incidents:
        if incident.student_id == student_id:
            events.append(
                (
                    incident.at_ms,
                    incident_label(incident.kind),
                    detail_text(incident.detail),
                    "flag" if incident.source != "network" else "muted",
                )
            )
    for action in actions:
        if action.student_id == student_id:
            what = f"Proctor: {action.action.replace('_', ' ')}"
            events.append((action.at_ms, what, action.reason or "", ""))
    events.sort(key=lambda e: e[0])
    columns = [Column("Time", 1.0), Column("What happened", 2.2), Column("Detail", 3.8)]
    rows = [Row([local_time(at), what, detail], tone) for at, what, detail, tone in events]
    return [
        Heading("Timeline"),
        Table(columns, rows, empty="No incidents and no proctor's actions for this student."),
    ]
