"""The protocol's additions for papers with questions: receipts over answers and files, and
the Question model a student app parses."""

from __future__ import annotations

import hashlib
import json

from proctor.common.protocol import (
    Paper,
    Question,
    Snapshot,
    Submission,
    canonical_files,
    canonical_work,
)

FILES = {"b.py": "print('é')\n", "a.py": ""}


def test_without_answers_the_receipt_is_over_the_files_as_before() -> None:
    assert canonical_work(FILES) == canonical_files(FILES)
    assert canonical_work(FILES, None) == canonical_files(FILES)


def test_with_answers_the_receipt_is_over_answers_and_files() -> None:
    answers = {"q2": ["x", "y"], "q1": "dict", "c": None}
    canonical, sha = canonical_work(FILES, answers)
    expected = json.dumps(
        {"answers": answers, "files": FILES},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert canonical == expected
    assert canonical.startswith('{"answers":{"c":null,"q1":"dict","q2":["x","y"]},"files":{"a.py"')
    assert sha == hashlib.sha256(expected.encode("utf-8")).hexdigest()
    assert canonical_work(FILES, {})[1] != canonical_files(FILES)[1]  # answers present, empty
    assert canonical_work(FILES, {"q1": "list"})[1] != sha


def test_a_paper_body_without_questions_parses_as_before() -> None:
    paper = Paper.model_validate({"title": "T", "instructions": "", "files": {}})
    assert paper.questions == []
    question = Question.model_validate({"id": "q", "type": "short", "text": "t", "points": 1})
    assert (question.options, question.files, question.examples, question.cases) == (
        None,
        [],
        None,
        [],
    )


def test_bodies_without_questions_or_answers_are_as_before() -> None:
    plain = Paper(title="T", instructions="", files={"a.py": ""})
    assert json.loads(plain.model_dump_json()) == {
        "title": "T",
        "instructions": "",
        "files": {"a.py": ""},
    }
    question = Question(id="q", type="short", text="t", points=1)
    with_questions = Paper(title="T", instructions="", files={}, questions=[question])
    assert json.loads(with_questions.model_dump_json())["questions"][0]["id"] == "q"
    snapshot = Snapshot(seq=1, files={}, sha256="x", saved_ms=0, answers=None)
    assert "answers" not in json.loads(snapshot.model_dump_json())
    answered = Submission(files={}, sha256="x", received_ms=0, answers={"q": "a"})
    assert json.loads(answered.model_dump_json())["answers"] == {"q": "a"}
