"""The protocol's additions for papers with questions: receipts over answers and files, and
the Question model a student app parses."""

from __future__ import annotations

import hashlib
import json

from proctor.common.protocol import Paper, Question, canonical_files, canonical_work

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
