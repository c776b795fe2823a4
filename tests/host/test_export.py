"""`proctor export`: session_log.json, attendance.csv, incidents.csv and submissions/ straight
from the store, with the host running and after it stopped; for a paper with questions each
student's variant and answers (ANSWERS.json, session_log.json)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from proctor.common.paths import assets_dir
from proctor.common.protocol import canonical_files
from proctor.common.receipt import receipt_code
from proctor.common.timeutil import iso
from proctor.host.export import export_room
from proctor.host.server.headless import open_paper
from proctor.paper.variants import make_variant, option_texts
from tests.helpers.api import Api
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.headless import HeadlessHost, call, run_proctor

SUBMITTED = {"main.py": "def sort(xs):\n    return sorted(xs)\n", "notes.txt": "Ünïcode ✓\n"}
SNAPSHOT = {"main.py": "# half done\n"}


def read_export(out: Path) -> dict[str, Any]:
    with open(out / "attendance.csv", newline="", encoding="utf-8") as fh:
        attendance = list(csv.DictReader(fh))
    with open(out / "incidents.csv", newline="", encoding="utf-8") as fh:
        incidents = list(csv.DictReader(fh))
    return {
        "log": json.loads((out / "session_log.json").read_text(encoding="utf-8")),
        "attendance": attendance,
        "incidents": incidents,
        "submissions": {
            p.relative_to(out / "submissions").as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((out / "submissions").rglob("*"))
            if p.is_file()
        },
    }


def check_export(exported: dict[str, Any], receipt: dict[str, Any]) -> None:
    log = exported["log"]
    assert set(log) == {
        "session",
        "attendance",
        "incidents",
        "actions",
        "announcements",
        "hands",
        "roster",
    }
    by_reg = {row["reg_no"]: row for row in log["attendance"]}
    assert set(by_reg) == {"A-1", "B-2", "C-3"}
    assert by_reg["A-1"]["status"] == "submitted"
    assert by_reg["A-1"]["submission_sha256"] == receipt["sha256"] == canonical_files(SUBMITTED)[1]
    assert by_reg["B-2"]["flagged"] is True
    csv_rows = {row["reg_no"]: row for row in exported["attendance"]}
    assert set(csv_rows) == set(by_reg)
    for reg, row in csv_rows.items():
        assert row["student_id"] == by_reg[reg]["student_id"]
        assert row["status"] == by_reg[reg]["status"]
        assert row["flagged"] == str(by_reg[reg]["flagged"])
    assert csv_rows["B-2"]["flag_reasons"] == "copying"
    assert len(exported["incidents"]) == len(log["incidents"]) >= 1
    kinds = [(row["reg_no"], row["kind"], row["source"]) for row in exported["incidents"]]
    assert ("B-2", "external_paste", "clipboard") in kinds
    paste = next(row for row in exported["incidents"] if row["kind"] == "external_paste")
    assert "chars=240" in paste["summary"] and "thumbnail" not in paste["summary"]
    files = exported["submissions"]
    assert files["A-1/main.py"] == SUBMITTED["main.py"]
    assert files["A-1/notes.txt"] == SUBMITTED["notes.txt"]
    assert receipt["sha256"] in files["A-1/RECEIPT.txt"]
    assert files["B-2/main.py"] == SNAPSHOT["main.py"]
    assert "B-2/NOT_SUBMITTED.txt" in files
    assert not any(name.startswith("C-3/") for name in files)  # nothing saved, nothing written


async def drive_exam(http: aiohttp.ClientSession, room_url: str) -> tuple[str, dict[str, Any]]:
    admin = (await call(http, "POST", f"{room_url}/admin/login", json={"admin_key": ADMIN_KEY}))[
        "token"
    ]
    students = {}
    for reg in ("A-1", "B-2", "C-3"):
        body = {"name": f"Student {reg}", "reg_no": reg}
        students[reg] = await call(http, "POST", f"{room_url}/join", json=body)
    await call(http, "POST", f"{room_url}/admin/start", admin)
    b = students["B-2"]
    paste = {
        "id": str(uuid.uuid4()),
        "kind": "external_paste",
        "at_ms": 0,
        "detail": {"chars": 240, "thumbnail_jpeg": "AAAA"},
    }
    await call(http, "POST", f"{room_url}/events", b["token"], {"events": [paste]})
    await call(http, "PUT", f"{room_url}/work", b["token"], {"seq": 1, "files": SNAPSHOT})
    await call(
        http,
        "POST",
        f"{room_url}/admin/students/{b['student_id']}/flag",
        admin,
        {"reason": "copying"},
    )
    a = students["A-1"]
    await call(http, "PUT", f"{room_url}/work", a["token"], {"seq": 1, "files": SNAPSHOT})
    receipt = await call(http, "POST", f"{room_url}/submit", a["token"], {"files": SUBMITTED})
    return admin, receipt


@pytest.mark.e2e
@pytest.mark.slow
async def test_export_while_the_host_runs_and_after_it_stopped(tmp_path: Path) -> None:
    data_dir = tmp_path / "host"
    host = HeadlessHost(data_dir)
    host.start()
    try:
        async with host.http() as http:
            admin, receipt = await drive_exam(http, host.room_url)
            live_log = await call(http, "GET", f"{host.room_url}/admin/log", admin)

        running = run_proctor("export", "--data-dir", str(data_dir), "--out", str(tmp_path / "o1"))
        assert running.returncode == 0, running.stderr
        line = json.loads(running.stdout.strip().splitlines()[-1])
        assert line["event"] == "exported" and line["room_id"] == host.info["room_id"]
        assert (line["submitted"], line["snapshots_only"]) == (1, 1)
    finally:
        assert host.stop() == 0, host.log()

    stopped = run_proctor("export", "--data-dir", str(data_dir), "--out", str(tmp_path / "o2"))
    assert stopped.returncode == 0, stopped.stderr

    first, second = read_export(tmp_path / "o1"), read_export(tmp_path / "o2")
    check_export(first, receipt)
    check_export(second, receipt)
    assert first["submissions"] == second["submissions"]
    assert first["log"]["attendance"] == live_log["attendance"]
    assert first["log"]["actions"] == live_log["actions"] == second["log"]["actions"]
    assert first["log"]["incidents"] == live_log["incidents"]
    assert first["log"]["session"]["room_id"] == second["log"]["session"]["room_id"]


def test_export_of_a_folder_without_a_room_is_a_clear_error(tmp_path: Path) -> None:
    result = run_proctor("export", "--data-dir", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "no room store" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


async def test_export_makes_safe_distinct_folders_for_odd_reg_nos(api: Api, tmp_path: Path) -> None:
    await api.admin("POST", "start")
    for reg in ("A:1", "A*1", "..", "ÅSA-7"):
        student = await api.join(reg)
        files = {"main.py": f"# by {reg}\n"}
        await api.ok("POST", "submit", token=student["token"], json={"files": files})
    result = export_room(api.live.store.path, tmp_path / "out")
    assert result["submitted"] == 4
    folders = sorted(p.name for p in (tmp_path / "out" / "submissions").iterdir())
    assert len(folders) == 4
    assert all(
        "/" not in f and ":" not in f and "*" not in f and f not in ("", "..") for f in folders
    )
    texts = {
        (tmp_path / "out" / "submissions" / f / "main.py").read_text(encoding="utf-8")
        for f in folders
    }
    assert texts == {f"# by {reg}\n" for reg in ("A:1", "A*1", "..", "ÅSA-7")}


async def test_receipts_explain_their_hash_and_the_files_check_against_it(
    api: Api, tmp_path: Path
) -> None:
    await api.admin("POST", "start")
    student = await api.join("CS/2021/045", "Ada Lovelace")
    receipt = await api.ok("POST", "submit", token=student["token"], json={"files": SUBMITTED})
    result = export_room(api.live.store.path, tmp_path / "out")
    folder = tmp_path / "out" / "submissions" / "CS_2021_045"  # a '/' never makes a folder
    text = (folder / "RECEIPT.txt").read_text(encoding="utf-8")
    code = receipt_code(receipt["sha256"])
    assert f"Receipt code: {code}" in text and f"SHA-256: {receipt['sha256']}" in text
    assert "Student: Ada Lovelace (CS/2021/045)" in text
    assert re.search(r"Received: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d local time \(\d{4}-.*Z\)", text)
    assert "sha256sum solution.py" in text
    # The check the receipt describes, run as written, gives the receipt's hash.
    script = text.split("To check the files in this folder with Python 3:\n", 1)[1]
    checked = subprocess.run(
        [sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == receipt["sha256"]
    assert result["counts"]["handed_in"] == 1 and result["counts"]["total"] == 1


async def test_exported_times_are_for_people(api: Api, tmp_path: Path) -> None:
    await api.admin("POST", "start")
    student = await api.join("B-2")
    seen = api.live.clock() - 30_000
    detail = {"duration_ms": 19_000, "last_seen_ms": seen, "window": "Discord"}
    event = {
        "id": str(uuid.uuid4()),
        "kind": "focus_lost",
        "at_ms": api.live.clock(),
        "detail": detail,
    }
    await api.ok("POST", "events", token=student["token"], json={"events": [event]})
    export_room(api.live.store.path, tmp_path / "out")
    exported = read_export(tmp_path / "out")
    row = next(r for r in exported["incidents"] if r["kind"] == "focus_lost")
    assert "duration=19 s" in row["summary"] and "window=Discord" in row["summary"]
    assert f"last_seen={iso(seen)}" in row["summary"] and "_ms" not in row["summary"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["at_local"])
    attendance = exported["attendance"][0]
    assert attendance["standing"] == "writing" and attendance["receipt_code"] == ""


async def test_the_export_of_a_paper_with_questions_holds_each_variant_and_answer(
    make_api: Any, tmp_path: Path
) -> None:
    paper = open_paper(assets_dir() / "sample_mixed_paper")
    api = await make_api(paper=paper, ticker=False)
    await api.admin("POST", "start")
    ada, bob = await api.join("A-1", "Ada"), await api.join("B-2", "Bob")
    served = await api.ok("GET", "paper", token=ada["token"])
    await api.ok("GET", "paper", token=bob["token"])
    answers = {"lookup": "dict", "table_size": "4 096 — ü", "word_counts": None}
    files = {"word_counts.py": "def word_counts(text):\n    return {}\n"}
    receipt = await api.ok("POST", "submit", token=ada["token"],
                           json={"files": files, "answers": answers})  # fmt: skip
    await api.ok("PUT", "work", token=bob["token"],
                 json={"seq": 1, "files": files, "answers": {"lookup": "list"}})  # fmt: skip

    export_room(api.live.store.path, tmp_path / "out")

    folder = tmp_path / "out" / "submissions" / "A-1"
    record = json.loads((folder / "ANSWERS.json").read_text(encoding="utf-8"))
    variant = make_variant(paper, ada["student_id"])
    assert record["variant"] == variant.to_json() and record["answers"] == answers
    assert [q["id"] for q in record["questions"]] == variant.questions
    assert [q["id"] for q in record["questions"]] == [q["id"] for q in served["questions"]]
    by_id = {q["id"]: q for q in record["questions"]}
    assert by_id["lookup"]["options"] == option_texts(paper, variant, "lookup")
    assert by_id["lookup"]["given"] == "dict" and by_id["halving_module"]["given"] is None
    assert record["from_snapshot"] is False and record["sha256"] == receipt["sha256"]
    text = (folder / "RECEIPT.txt").read_text(encoding="utf-8")
    assert "Answers: 2 (in ANSWERS.json)" in text
    script = text.split("To check the files in this folder with Python 3:\n", 1)[1]
    checked = subprocess.run(
        [sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == receipt["sha256"]

    snapshot_only = json.loads(
        (tmp_path / "out" / "submissions" / "B-2" / "ANSWERS.json").read_text(encoding="utf-8")
    )
    assert snapshot_only["from_snapshot"] is True and snapshot_only["answers"] == {"lookup": "list"}
    log = json.loads((tmp_path / "out" / "session_log.json").read_text(encoding="utf-8"))
    variants = {row["reg_no"]: row["variant"] for row in log["attendance"]}
    assert variants == {
        "A-1": variant.to_json(),
        "B-2": make_variant(paper, bob["student_id"]).to_json(),
    }
