"""`proctor export`: session_log.json, attendance.csv, incidents.csv and submissions/ from a
room's store, whether its host is running or not (the store is read, never written). For a
paper with questions each student's folder also holds ANSWERS.json: their variant (question
ids in their order, each question's options in their order) and their answers; and the
export also holds grades.csv, results.json, report.pdf and reports/<reg no>.pdf
(`proctor.host.reports.files`), with each attendance row's points.

Times are ISO 8601 UTC as everywhere in exported files, with the exporting computer's local
time beside them where a person reads them (`*_local` columns, RECEIPT.txt). Who handed in
is each student's `standing` (proctor.host.standing), the same the dashboard counts."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from proctor.common.protocol import Accommodations, Action, Incident
from proctor.common.receipt import local_time, receipt_code
from proctor.common.timeutil import iso
from proctor.host.layout import current_room_file, room_file, student_file_stem
from proctor.host.reports.files import write_result_files
from proctor.host.reports.words import ReportSession
from proctor.host.server.hall_log import (
    HALL_ATTENDANCE_FIELDS,
    add_hall_sections,
    write_roster_csv,
)
from proctor.host.server.hall_store import read_hall
from proctor.host.server.handins import HandIn, read_handin
from proctor.host.server.marking_inputs import stored_works
from proctor.host.server.options import resolve_data_dir
from proctor.host.server.sessionlog import build_session_log
from proctor.host.server.states import StudentState
from proctor.host.server.store import Loaded, Reader, load
from proctor.paper.exam import ExamPaper
from proctor.paper.variants import option_texts
from proctor.results.grades import add_marks_to_log
from proctor.results.sheets import results_body

ATTENDANCE_FIELDS = [
    "student_id",
    "name",
    "reg_no",
    "standing",
    "status",
    "joined_at",
    "last_seen_at",
    "flagged",
    "flag_reasons",
    "violations",
    "extra_time_s",
    "accommodations",
    "submitted_at",
    "submitted_local",
    "receipt_code",
    "submission_sha256",
    "removed_reason",
    "address",
    *HALL_ATTENDANCE_FIELDS,
]
INCIDENT_FIELDS = ["at", "at_local", "student_id", "reg_no", "kind", "source", "summary"]

ANSWERS_FILE = "ANSWERS.json"


def accommodations_text(granted: dict[str, Any] | None) -> str:
    """`font 150%; plain editor`, or "" when nothing was granted."""
    return "; ".join(Accommodations.model_validate(granted).words()) if granted else ""


RECEIPT_FILE = "RECEIPT.txt"
NOT_SUBMITTED_FILE = "NOT_SUBMITTED.txt"

RECEIPT_HOW = """How the SHA-256 is computed: over all the handed-in files together, not one by one.
The files are written as one JSON object {file name: text} with the names sorted, no spaces
between items (separators "," and ":") and non-ASCII characters kept as they are; the SHA-256
is taken of that text encoded as UTF-8. When the hand-in carried answers (a paper with
questions: "answers" in ANSWERS.json is not null), the object hashed is
{"answers": {question id: answer}, "files": {file name: text}}, written the same way.
So `sha256sum solution.py` gives another value: it hashes the bytes of one file only. The
receipt code is the first 8 hex digits of the SHA-256.
To check the files in this folder with Python 3:

import hashlib, json, pathlib
records = ("RECEIPT.txt", "ANSWERS.json", "NOT_SUBMITTED.txt")
files = {p.name: open(p, encoding="utf-8", newline="").read()
         for p in pathlib.Path(".").iterdir() if p.name not in records}
body = files
if pathlib.Path("ANSWERS.json").exists():
    answers = json.loads(pathlib.Path("ANSWERS.json").read_text("utf-8"))["answers"]
    if answers is not None:
        body = {"answers": answers, "files": files}
text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
print(hashlib.sha256(text.encode("utf-8")).hexdigest())
"""


class ExportError(Exception):
    pass


def _instant(key: str, value: Any) -> bool:
    return key.endswith("_ms") and isinstance(value, int) and value > 10**11  # after 1973


def _seconds(ms: float) -> str:
    secs = round(ms / 1000)
    if secs < 60:
        return f"{secs} s"
    minutes, secs = divmod(secs, 60)
    return f"{minutes} min {secs} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def _summary(detail: dict[str, Any]) -> str:
    """One readable line for a CSV cell: instants as ISO 8601 UTC, durations in seconds and
    minutes; thumbnails stay in the JSON log only."""
    parts = []
    for key, value in detail.items():
        if key.startswith("thumbnail") or isinstance(value, dict | list):
            continue
        if _instant(key, value):
            parts.append(f"{key[:-3]}={iso(value)}")
        elif key.endswith("_ms") and isinstance(value, int | float) and value >= 0:
            parts.append(f"{key[:-3]}={_seconds(value)}")
        else:
            parts.append(f"{key}={value}")
    return "; ".join(parts)[:300]


def export_room(db_path: Path, out_dir: Path, *, pdfs: bool = True) -> dict[str, Any]:
    """Write the export files for the room stored at `db_path` (a room file, or a host data
    dir for its current room) into `out_dir` (`pdfs`: also the PDF reports)."""
    if db_path.is_dir():
        db_path = find_room_db(db_path)
    if not db_path.exists():
        raise ExportError(f"There is no room store at {db_path}.")
    loaded = load(db_path)
    reader = Reader(db_path)
    try:
        incidents = reader.incidents()
        log = build_session_log(
            loaded.room,
            loaded.students,
            incidents,
            reader.actions(),
            loaded.meta.get("host", {}),
        )
        add_hall_sections(log, read_hall(db_path), loaded.students)
        out_dir.mkdir(parents=True, exist_ok=True)
        marked = _write_results(loaded, reader, incidents, log, out_dir, pdfs)
        (out_dir / "session_log.json").write_text(
            json.dumps(log, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        submitted_ms = {s.student_id: s.submitted_ms for s in loaded.students}
        with open(out_dir / "attendance.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, ATTENDANCE_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for row in log["attendance"]:
                sha = row["submission_sha256"]
                writer.writerow(
                    row
                    | {
                        "flag_reasons": " | ".join(row["flag_reasons"]),
                        "accommodations": accommodations_text(row.get("accommodations")),
                        "submitted_local": local_time(submitted_ms[row["student_id"]], True),
                        "receipt_code": receipt_code(sha) if sha else "",
                    }
                )
        with open(out_dir / "incidents.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, INCIDENT_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for row, raw in zip(log["incidents"], incidents, strict=True):
                at_local = local_time(raw["at_ms"], with_date=True)
                writer.writerow(row | {"at_local": at_local, "summary": _summary(row["detail"])})
        write_roster_csv(log, out_dir)
        paper = ExamPaper.model_validate(loaded.meta["paper"]) if "paper" in loaded.meta else None
        written = _write_submissions(loaded.students, reader, paper, out_dir / "submissions")
    finally:
        reader.close()
    return {
        "room_id": loaded.room.id,
        "out_dir": str(out_dir),
        **written,
        **({"results": marked} if marked is not None else {}),
        "counts": log["session"]["counts"],
    }


def _write_results(
    loaded: Loaded,
    reader: Reader,
    incidents: list[dict[str, Any]],
    log: dict[str, Any],
    out_dir: Path,
    pdfs: bool,
) -> dict[str, Any] | None:
    """The results files of a paper with questions, and the marks in the log's attendance
    rows; None for a paper without questions."""
    if "paper" not in loaded.meta:
        return None
    paper = ExamPaper.model_validate(loaded.meta["paper"])
    if not paper.has_questions:
        return None
    works = stored_works(reader, loaded.students)
    released = bool(loaded.meta.get("released"))
    add_marks_to_log(log, results_body(paper, works, released))
    reg = {s.student_id: s.reg_no for s in loaded.students}
    room = loaded.room
    day = iso(room.started_ms or room.created_ms) or ""
    return write_result_files(
        out_dir,
        paper,
        works,
        ReportSession(room.name, day[:10], room.id),
        released=released,
        incidents=[Incident(reg_no=reg.get(r["student_id"], ""), **r) for r in incidents],
        actions=[Action(**r) for r in reader.actions()],
        pdfs=pdfs,
    )


def _write_submissions(
    students: list[StudentState], reader: Reader, paper: ExamPaper | None, root: Path
) -> dict[str, int]:
    """submissions/<reg_no>/<files>: the hand-in with a RECEIPT.txt, or the last snapshot when
    there is none (then a NOT_SUBMITTED.txt says so), and for a paper with questions an
    ANSWERS.json. Files are written byte for byte (no newline translation), so the receipt's
    hash can be checked on them."""
    submitted = snapshots_only = 0
    used: set[str] = set()
    for student in students:
        handin = read_handin(reader, student)
        if handin is None:
            continue
        folder_name = student_file_stem(student.reg_no)
        if folder_name.casefold() in used:
            folder_name = f"{folder_name}_{student.student_id}"
        used.add(folder_name.casefold())
        folder = root / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in handin.files.items():
            (folder / student_file_stem(name, 120)).write_text(text, "utf-8", newline="")
        if paper is not None and (paper.has_questions or handin.carried_answers):
            record = answers_record(paper, student, handin)
            (folder / ANSWERS_FILE).write_text(
                json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        if handin.from_snapshot:
            snapshots_only += 1
            (folder / NOT_SUBMITTED_FILE).write_text(
                "No hand-in was received; these files are the last autosaved snapshot "
                f"(save {handin.seq}, saved {local_time(handin.at_ms, True)} local time, "
                f"SHA-256 {handin.sha256}).\n",
                encoding="utf-8",
            )
        else:
            submitted += 1
            (folder / RECEIPT_FILE).write_text(_receipt_text(student, handin), "utf-8")
    return {"submitted": submitted, "snapshots_only": snapshots_only}


def answers_record(paper: ExamPaper, student: StudentState, handin: HandIn) -> dict[str, Any]:
    """ANSWERS.json: the student's questions in their order, each with its options in the
    order the student saw them and what the student answered; the variant as stored; and
    `answers` exactly as received (null when the work carried none: the receipt's hash is
    then over the files alone)."""
    variant = handin.variant
    questions = []
    for question_id in variant.questions if variant is not None else []:
        questions.append(
            {
                "id": question_id,
                "type": paper.question(question_id).spec.type,
                "options": option_texts(paper, variant, question_id) if variant else None,
                "given": handin.answers.get(question_id),
            }
        )
    return {
        "student_id": student.student_id,
        "reg_no": student.reg_no,
        "from_snapshot": handin.from_snapshot,
        "sha256": handin.sha256,
        "questions": questions,
        "variant": variant.to_json() if variant is not None else None,
        "answers": handin.answers if handin.carried_answers else None,
    }


def _receipt_text(student: StudentState, handin: HandIn) -> str:
    received = handin.at_ms
    answered = ""
    if handin.carried_answers:
        count = sum(1 for value in handin.answers.values() if value is not None)
        answered = f"Answers: {count} (in {ANSWERS_FILE})\n"
    return (
        f"Receipt code: {receipt_code(handin.sha256)}\n"
        f"Student: {student.name} ({student.reg_no})\n"
        f"Received: {local_time(received, with_date=True)} local time"
        f" ({iso(received)})\n"
        f"SHA-256: {handin.sha256}\n"
        f"Files: {', '.join(sorted(handin.files))}\n{answered}\n" + RECEIPT_HOW
    )


def find_room_db(data_dir: Path, room_id: str | None = None) -> Path:
    if room_id:
        path = room_file(data_dir, room_id.strip().upper())
        if not path.exists():
            raise ExportError(f"There is no room {room_id} in {data_dir}.")
        return path
    current = current_room_file(data_dir)
    if current is None:
        raise ExportError(f"There is no room store in {data_dir}.")
    return current


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="proctor export", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="the host's data dir")
    parser.add_argument("--room", help="room ID (default: the data dir's current room)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument(
        "--no-pdf", action="store_true", help="leave out report.pdf and reports/ (no Qt needed)"
    )
    args = parser.parse_args(argv)
    try:
        db = find_room_db(resolve_data_dir(args.data_dir), args.room)
        result = export_room(db, args.out.expanduser().resolve(), pdfs=not args.no_pdf)
    except ExportError as exc:
        print(f"proctor export: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"event": "exported", **result}))
    return 0
