"""A paper's answers through the real student session and a real host serving the sample
mixed paper: sent with the snapshots and handed in beside the files, the receipt over both;
kept through a SIGKILL of the student's process; restored on another computer after the
proctor moves the seat; a bad answer refused by the host and changing nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import Paper, canonical_work
from proctor.student.errors import SessionCode, SessionError
from proctor.student.session import StudentSession
from tests.helpers.constants import ROOT
from tests.helpers.hosts import AsyncHost
from tests.helpers.session import SessionPool, host_for
from tests.helpers.waiting import wait_until_async

MIXED = ROOT / "assets" / "sample_mixed_paper"


def answers_for(paper: Paper, tag: str) -> dict[str, Any]:
    """A value of the right shape for every question of this student's paper."""
    answers: dict[str, Any] = {}
    for question in paper.questions:
        options = question.options or []
        if question.type == "choice":
            answers[question.id] = options[len(tag) % len(options)]
        elif question.type == "multi":
            answers[question.id] = options[:2]
        elif question.type == "short":
            answers[question.id] = f"{tag} {question.id}"
        else:
            answers[question.id] = None
    return answers


async def host_view(host: AsyncHost, sid: str) -> dict[str, Any]:
    return dict(await host.admin("GET", f"students/{sid}/work"))


async def until_host_snapshot_has(host: AsyncHost, sid: str, answers: dict[str, Any]) -> None:
    async def has() -> bool:
        snapshot = (await host_view(host, sid))["snapshot"]
        return bool(snapshot) and snapshot.get("answers") == answers

    await wait_until_async(has, timeout=10, what=f"the host's snapshot to hold {answers}")


async def seated(
    pool: SessionPool, host: AsyncHost, folder: Path, name: str, reg_no: str
) -> tuple[StudentSession, Any, str, Paper]:
    session, events = pool.make(folder)
    joined = await session.join(host.host, host.port, host.join_code, name, reg_no)
    await session.start()
    return session, events, joined.student_id, await _paper_when_active(session, events, host)


async def _paper_when_active(session: StudentSession, events: Any, host: AsyncHost) -> Paper:
    room = (await host.admin("GET", "room"))["room"]
    if room["status"] == "lobby":
        await host.admin("POST", "start")
    await wait_until_async(lambda: events.status == "active", what="active")
    return await session.fetch_paper()


async def test_answers_reach_the_host_and_are_handed_in_with_a_receipt_over_both(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host", paper_dir=MIXED) as host:
        session, events, sid, paper = await seated(pool, host, tmp_path / "a", "Ada", "R-1")
        assert paper.questions, "the sample mixed paper has questions"
        answers = answers_for(paper, "first")
        session.answers_changed(answers, [paper.questions[0].id])
        await until_host_snapshot_has(host, sid, answers)
        await wait_until_async(lambda: "host_ok" in events.save_kinds(), what="host_ok")

        later = {**answers, next(q.id for q in paper.questions if q.type == "short"): "42"}
        session.answers_changed(later)
        receipt = await session.submit()
        files = session.local_work()
        assert files is not None
        assert receipt.sha256 == canonical_work(files, later)[1]  # the client checked it too
        submission = (await host_view(host, sid))["submission"]
        assert submission["answers"] == later and submission["sha256"] == receipt.sha256
        assert session.local_answers() == (later, [])


async def test_answers_survive_a_sigkill_of_the_student_process_and_are_restored(
    tmp_path: Path, pool: SessionPool
) -> None:
    data_dir = tmp_path / "student"
    async with host_for(pool, tmp_path / "host", paper_dir=MIXED) as host:
        await host.admin("POST", "start")
        errors = tmp_path / "child-stderr.txt"
        with errors.open("w") as stderr:
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(data_dir), str(host.port), host.join_code],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        try:
            assert child.stdout is not None
            ready = await asyncio.wait_for(asyncio.to_thread(child.stdout.readline), 30)
            assert ready.startswith("answering"), ready + errors.read_text()
            await asyncio.sleep(1.5)  # it keeps changing its answers, and saving them
            os.kill(child.pid, signal.SIGKILL)
            assert await asyncio.to_thread(child.wait, 10) == -signal.SIGKILL
            written = [line for line in child.stdout.read().splitlines() if line.isdigit()]
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            if child.stdout is not None:
                child.stdout.close()
        assert written, "the child changed its answers at least once"

        again, events = pool.make(data_dir)
        state = await again.resume()
        assert state is not None and state.me.status == "active"
        answers, marked = again.local_answers()
        assert answers is not None, "the answers were not on disk after the kill"
        shorts = sorted(k for k, v in answers.items() if isinstance(v, str) and "#" in v)
        assert len(shorts) >= 2
        numbers = {answers[k].split("#")[1] for k in shorts}
        assert len(numbers) == 1, f"a half-written save: {answers}"  # one whole version
        (number,) = numbers
        assert int(number) >= int(written[0])  # not older than one printed before the kill
        assert len(marked) == 1 and marked[0] in shorts  # the marks for review, too
        # And the restored answers go on to the host once the session runs again.
        await again.start()
        sid = state.me.student_id
        await until_host_snapshot_has(host, sid, answers)


# The student's process: join, then change two short answers together as fast as it can,
# printing each version once it is handed to the session (each save must hold both).
CHILD = """
import asyncio, sys
from pathlib import Path
from proctor.student.errors import SessionCode, SessionError
from proctor.student.session import StudentSession

class Quiet:
    def __getattr__(self, name):
        return lambda *args: None

async def main(data_dir, port, join_code):
    session = StudentSession(Path(data_dir), Quiet(), local_save_delay_s=0.1,
                             snapshot_every_s=0.5, poll_s=0.3)
    await session.join("127.0.0.1", port, join_code, "Kill Me", "R-9")
    await session.start()
    for _ in range(100):
        if session.me is not None and session.me.status == "active":
            break
        await asyncio.sleep(0.1)
    paper = await session.fetch_paper()
    shorts = [q.id for q in paper.questions if q.type == "short"][:2]
    print("answering", flush=True)
    number = 0
    while True:
        number += 1
        session.answers_changed({qid: f"v#{number}" for qid in shorts}, [shorts[0]])
        print(number, flush=True)
        await asyncio.sleep(0.02)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
"""


async def test_a_move_restores_the_answers_from_the_host(tmp_path: Path, pool: SessionPool) -> None:
    async with host_for(pool, tmp_path / "host", paper_dir=MIXED) as host:
        laptop, _, sid, paper = await seated(pool, host, tmp_path / "laptop", "Ada", "R-1")
        answers = answers_for(paper, "laptop")
        laptop.answers_changed(answers, [paper.questions[1].id])
        await until_host_snapshot_has(host, sid, answers)
        await laptop.close()  # the laptop dies

        await host.admin("POST", f"students/{sid}/move", {"reason": "laptop died"})
        spare, spare_events = pool.make(tmp_path / "spare")
        moved = await spare.join(host.host, host.port, host.join_code, "Ada", "R-1")
        assert moved.student_id == sid
        # Before anything is saved, the spare computer holds the host's answers (marks for
        # review stay on the computer they were made on).
        assert spare.local_answers() == (answers, [])
        await spare.start()
        await wait_until_async(lambda: spare_events.status == "active", what="active")
        assert (await spare.fetch_paper()).questions == paper.questions  # the same variant
        changed = {**answers, next(q.id for q in paper.questions if q.type == "short"): "spare"}
        spare.answers_changed(changed)
        receipt = await spare.submit()
        files = spare.local_work()
        assert files is not None and receipt.sha256 == canonical_work(files, changed)[1]
        assert (await host_view(host, sid))["submission"]["answers"] == changed


async def test_a_bad_answer_is_refused_and_the_host_keeps_the_last_good_one(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host", paper_dir=MIXED) as host:
        session, events, sid, paper = await seated(pool, host, tmp_path / "s", "Ada", "R-1")
        good = answers_for(paper, "good")
        session.answers_changed(good)
        await until_host_snapshot_has(host, sid, good)
        choice = next(q.id for q in paper.questions if q.type == "choice")
        session.answers_changed({**good, choice: "not one of its options"})
        await wait_until_async(lambda: "host_rejected" in events.save_kinds(), what="refused")
        message = dict(events.saves)["host_rejected"]
        assert choice in message
        await asyncio.sleep(1.0)
        assert (await host_view(host, sid))["snapshot"]["answers"] == good
        # Kept on this computer all the same: nothing the student did is lost.
        saved = next((tmp_path / "s").rglob("work.json"))
        assert json.loads(saved.read_text())["answers"][choice] == "not one of its options"
        with pytest.raises(SessionError) as refused:
            await session.submit()
        assert refused.value.code == SessionCode.INVALID_INPUT and choice in refused.value.message
        assert (await host_view(host, sid))["submission"] is None
