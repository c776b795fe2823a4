"""A paper with questions, served by a real room server (aiohttp on a real port, a real SQLite
file): each student's variant fixed at their first GET paper and stored; answers checked
against it (each kind of bad answer a 400 that changes nothing), kept with snapshots and
hand-ins, the receipt over answers and files, and given back by GET work and the admin."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

import pytest

from proctor.common.paths import assets_dir
from proctor.common.protocol import MAX_ANSWER_CHARS
from proctor.host.server.app import make_app
from proctor.host.server.handins import read_handin
from proctor.host.server.headless import open_paper
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from proctor.paper.exam import ExamPaper
from proctor.paper.variants import Variant, make_variant, option_texts
from tests.helpers.api import Api, MakeApi, room_state

MIXED = assets_dir() / "sample_mixed_paper"
WARMUP = ("lifo", "deque_ops", "heap_root")  # the pool: each student gets two


def client_sha(files: dict[str, str], answers: dict[str, Any] | None) -> str:
    """The receipt's hash as a client computes it (PAPER.md), independently of the host."""
    body: Any = files if answers is None else {"answers": answers, "files": files}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def some_answers(paper: ExamPaper, served: dict[str, Any]) -> dict[str, Any]:
    """An answer to every question of a served paper, none of them right: each choice the
    student's last option, each multi their first two, short answers in words."""
    answers: dict[str, Any] = {}
    for question in served["questions"]:
        kind, options = question["type"], question["options"]
        if kind == "choice":
            answers[question["id"]] = options[-1]
        elif kind == "multi":
            answers[question["id"]] = options[:2]
        elif kind == "short":
            answers[question["id"]] = f"déjà vu, {question['id']}"
        else:
            answers[question["id"]] = None
    return answers


@pytest.fixture
def paper() -> ExamPaper:
    return open_paper(MIXED)


async def mixed_room(make_api: MakeApi, paper: ExamPaper) -> Api:
    api = await make_api(paper=paper, ticker=False)
    await api.admin("POST", "start")
    return api


def stored_variant(api: Api, student_id: str) -> dict[str, Any] | None:
    """The variant as the room file holds it (not the engine's copy)."""
    conn = sqlite3.connect(f"file:{api.live.store.path}?mode=ro", uri=True)
    try:
        (data,) = conn.execute(
            "SELECT data FROM students WHERE student_id = ?", (student_id,)
        ).fetchone()
    finally:
        conn.close()
    return json.loads(data)["variant"]


# ---- variants ---------------------------------------------------------------------------------
async def test_each_student_is_served_their_variant_fixed_and_stored_at_the_first_get(
    make_api: MakeApi, paper: ExamPaper
) -> None:
    api = await mixed_room(make_api, paper)
    ada, bob = await api.join("CS-1"), await api.join("CS-2")
    assert stored_variant(api, ada["student_id"]) is None  # not before the paper is read

    served = await api.ok("GET", "paper", token=ada["token"])

    variant = make_variant(paper, ada["student_id"])
    assert stored_variant(api, ada["student_id"]) == variant.to_json()  # on disk
    assert [q["id"] for q in served["questions"]] == variant.questions
    assert len(variant.questions) == len(paper.questions) - 1  # two of the pool's three
    assert sum(qid in WARMUP for qid in variant.questions) == 2
    for question in served["questions"]:
        assert question["options"] == option_texts(paper, variant, question["id"])
    assert set(served["files"]) == {"word_counts.py", "running_median.py"}
    assert await api.ok("GET", "paper", token=ada["token"]) == served  # the same, again
    other = await api.ok("GET", "paper", token=bob["token"])
    assert [q["id"] for q in other["questions"]] != variant.questions  # shuffled per student
    assert (
        stored_variant(api, bob["student_id"]) == make_variant(paper, bob["student_id"]).to_json()
    )


async def test_the_stored_variant_is_served_after_a_restart_not_a_new_one(
    aiohttp_client: Any, make_live: Any, paper: ExamPaper
) -> None:
    """What is served after a restart is what was stored: a variant edited in the room file
    (still one that fits the paper) is the one served."""
    first: LiveRoom = make_live(paper=paper)
    client = await aiohttp_client(make_app(lambda: first, start_ticker=False))
    api = Api(client, client.app[LIVE_ROOM])
    await api.admin("POST", "start")
    ada = await api.join("CS-1")
    before = await api.ok("GET", "paper", token=ada["token"])
    await client.close()
    path = first.store.path
    sid = ada["student_id"]
    reordered = Variant.model_validate(make_variant(paper, sid).to_json())
    reordered.questions.reverse()
    for order in reordered.options.values():
        order.reverse()
    conn = sqlite3.connect(path)
    (data,) = conn.execute("SELECT data FROM students WHERE student_id = ?", (sid,)).fetchone()
    record = json.loads(data) | {"variant": reordered.to_json()}
    conn.execute("UPDATE students SET data = ? WHERE student_id = ?", (json.dumps(record), sid))
    conn.commit()
    conn.close()

    client = await aiohttp_client(make_app(lambda: LiveRoom.resume(path), start_ticker=False))
    api = Api(client, client.app[LIVE_ROOM])
    after = await api.ok("GET", "paper", token=ada["token"])
    assert [q["id"] for q in after["questions"]] == reordered.questions
    assert [q["id"] for q in after["questions"]] == [q["id"] for q in before["questions"]][::-1]
    lookup = next(q for q in after["questions"] if q["id"] == "lookup")
    assert lookup["options"] == option_texts(paper, reordered, "lookup")


async def test_answers_before_the_paper_fix_the_same_variant(
    make_api: MakeApi, paper: ExamPaper
) -> None:
    api = await mixed_room(make_api, paper)
    ada = await api.join("CS-1")
    variant = make_variant(paper, ada["student_id"])
    body = {"seq": 1, "files": {}, "answers": {"table_size": "12"}}
    await api.ok("PUT", "work", token=ada["token"], json=body)
    assert stored_variant(api, ada["student_id"]) == variant.to_json()
    served = await api.ok("GET", "paper", token=ada["token"])
    assert [q["id"] for q in served["questions"]] == variant.questions


# ---- answers ----------------------------------------------------------------------------------
async def test_answers_are_kept_with_the_snapshot_and_the_hand_in_and_come_back(
    make_api: MakeApi, paper: ExamPaper
) -> None:
    api = await mixed_room(make_api, paper)
    ada = await api.join("CS-1")
    served = await api.ok("GET", "paper", token=ada["token"])
    files = dict(served["files"]) | {"word_counts.py": "def word_counts(text):\n    return {}\n"}
    answers = some_answers(paper, served)

    saved = await api.ok("PUT", "work", token=ada["token"], json={"seq": 3, "files": files,
                                                                  "answers": answers})  # fmt: skip
    assert saved == {"seq": 3, "sha256": client_sha(files, answers), "accepts_base": True}
    work = await api.ok("GET", "work", token=ada["token"])
    assert work["answers"] == answers and work["files"] == files
    assert work["sha256"] == saved["sha256"] and work["seq"] == 3

    handed = dict(answers, table_size="4095 entries")
    receipt = await api.ok("POST", "submit", token=ada["token"],
                           json={"files": files, "answers": handed})  # fmt: skip
    assert receipt["sha256"] == client_sha(files, handed) != saved["sha256"]
    work = await api.ok("GET", "work", token=ada["token"])  # the hand-in is the latest copy
    assert work["answers"] == handed and work["sha256"] == receipt["sha256"]
    row = (await api.admin("GET", "students"))["students"][0]
    assert row["submission_sha256"] == receipt["sha256"]

    view = await api.admin("GET", f"students/{ada['student_id']}/work")
    assert view["snapshot"]["answers"] == answers and view["submission"]["answers"] == handed
    assert view["variant"] == make_variant(paper, ada["student_id"]).to_json()

    student = api.live.engine.student(ada["student_id"])
    handin = await api.live.read(read_handin, api.live.reader, student)
    assert handin is not None and not handin.from_snapshot
    assert handin.answers == handed and handin.files == files
    assert handin.variant == make_variant(paper, ada["student_id"])


async def test_work_without_answers_is_as_before_and_unanswered_is_null(
    make_api: MakeApi, paper: ExamPaper
) -> None:
    api = await mixed_room(make_api, paper)
    ada = await api.join("CS-1")
    await api.ok("GET", "paper", token=ada["token"])
    files = {"word_counts.py": "x = 1\n"}
    saved = await api.ok("PUT", "work", token=ada["token"], json={"seq": 1, "files": files})
    assert saved["sha256"] == client_sha(files, None)
    assert "answers" not in await api.ok("GET", "work", token=ada["token"])
    unanswered = {"lookup": None, "stable_sorts": [], "word_counts": None}
    body = {"seq": 2, "files": files, "answers": unanswered}
    saved = await api.ok("PUT", "work", token=ada["token"], json=body)
    assert saved["sha256"] == client_sha(files, unanswered)
    assert (await api.ok("GET", "work", token=ada["token"]))["answers"] == unanswered


async def test_a_paper_without_questions_takes_no_answers_but_an_empty_set(api: Api) -> None:
    await api.admin("POST", "start")
    ada = await api.join("CS-1")
    assert "questions" not in await api.ok("GET", "paper", token=ada["token"])
    files = {"main.py": "print(1)\n"}
    saved = await api.ok("PUT", "work", token=ada["token"], json={"seq": 1, "files": files})
    assert saved["sha256"] == client_sha(files, None)
    empty = await api.ok("PUT", "work", token=ada["token"],
                         json={"seq": 2, "files": files, "answers": {}})  # fmt: skip
    assert empty["sha256"] == client_sha(files, {})
    before = room_state(api.live)
    body = {"seq": 3, "files": files, "answers": {"q1": "4"}}
    message = await api.fail("PUT", "work", 400, "invalid_answers", token=ada["token"], json=body)
    assert 'question "q1": is not a question of this paper' in message
    assert room_state(api.live) == before


def bad_answers(paper: ExamPaper, variant: Variant) -> list[tuple[dict[str, Any], str, str]]:
    """Each kind of answer a host refuses, with its code and what its refusal says:
    `invalid_answers` for what does not fit the variant, `invalid_body` for what the wire
    model refuses before."""
    undrawn = next(qid for qid in WARMUP if qid not in variant.questions)
    not_theirs = "hashmap"
    assert not_theirs not in (paper.question("lookup").options or [])
    unfit = "invalid_answers"
    return [
        (
            {"lookup": not_theirs},
            unfit,
            f'question "lookup": "{not_theirs}" is not one of its options',
        ),
        (
            {"lookup": ["dict"]},
            unfit,
            'question "lookup": a choice answer is the text of one option',
        ),
        ({"stable_sorts": "heapsort"}, unfit, "a multi answer is a list of option texts"),
        ({"stable_sorts": ["heapsort", "heapsort"]}, unfit, "an option is chosen twice"),
        ({"stable_sorts": ["bogosort"]}, unfit, '"bogosort" is not one of its options'),
        ({"table_size": ["4096"]}, unfit, 'question "table_size": a short answer is text'),
        ({"table_size": "a\x07b"}, unfit, "control characters"),
        ({"word_counts": "print(1)"}, unfit, "a code question's answer is its files: send null"),
        ({undrawn: None}, unfit, f'question "{undrawn}": is not a question of your paper'),
        ({"q404": "x"}, unfit, 'question "q404": is not a question of this paper'),
        ({"table_size": "x" * (MAX_ANSWER_CHARS + 1)}, "invalid_body", "answers.table_size"),
        ({"no spaces": "x"}, "invalid_body", "answers"),
        ({"lookup": "dict", "table_size": 4096}, "invalid_body", "answers.table_size"),
        ({"stable_sorts": ["merge sort"] * 21}, "invalid_body", "answers.stable_sorts"),
    ]


async def test_each_kind_of_bad_answer_is_refused_and_changes_nothing(
    make_api: MakeApi, paper: ExamPaper
) -> None:
    api = await mixed_room(make_api, paper)
    ada = await api.join("CS-1")
    served = await api.ok("GET", "paper", token=ada["token"])
    files = dict(served["files"])
    good = some_answers(paper, served)
    await api.ok(
        "PUT", "work", token=ada["token"], json={"seq": 1, "files": files, "answers": good}
    )
    variant = make_variant(paper, ada["student_id"])
    cases = bad_answers(paper, variant)
    before = room_state(api.live)
    for answers, code, said in cases:
        for method, path, body in (
            ("PUT", "work", {"seq": 2, "files": files, "answers": good | answers}),
            ("POST", "submit", {"files": files, "answers": good | answers}),
        ):
            message = await api.fail(method, path, 400, code, token=ada["token"], json=body)
            assert said in message, (answers, message)
            assert len(message) < 1000
            assert room_state(api.live) == before, (method, answers)
    # Every problem is named at once, each with its question.
    both = {"lookup": "hashmap", "word_counts": "print(1)"}
    message = await api.fail("PUT", "work", 400, "invalid_answers", token=ada["token"],
                             json={"seq": 2, "files": files, "answers": both})  # fmt: skip
    assert '"lookup"' in message and '"word_counts"' in message
    assert (await api.ok("GET", "work", token=ada["token"]))["answers"] == good
    assert api.live.engine.student(ada["student_id"]).status == "active"


async def test_a_refused_answer_before_the_paper_keeps_no_variant(
    make_api: MakeApi, paper: ExamPaper
) -> None:
    api = await mixed_room(make_api, paper)
    ada = await api.join("CS-1")
    before = room_state(api.live)
    body = {"seq": 1, "files": {}, "answers": {"q404": "x"}}
    await api.fail("PUT", "work", 400, "invalid_answers", token=ada["token"], json=body)
    assert room_state(api.live) == before
    assert api.live.engine.student(ada["student_id"]).variant is None
