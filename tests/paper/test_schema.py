"""The JSON Schema of paper.toml: generated from the models, committed, and describing real
papers (the samples validate; a broken one does not)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema

from proctor.paper.schema import bank_schema, paper_schema, schema_text
from tests.paper.helpers import MIXED

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_committed_schemas_are_up_to_date() -> None:
    """Regenerate with: python -m proctor.paper.schema"""
    assert (DOCS / "paper.schema.json").read_text(encoding="utf-8") == schema_text(paper_schema())
    assert (DOCS / "bank.schema.json").read_text(encoding="utf-8") == schema_text(bank_schema())


def test_the_samples_validate_against_the_schemas() -> None:
    jsonschema.Draft202012Validator.check_schema(paper_schema())
    paper = tomllib.loads((MIXED / "paper.toml").read_text(encoding="utf-8"))
    jsonschema.validate(paper, paper_schema())
    bank = tomllib.loads((MIXED / "bank" / "dsa_basics.toml").read_text(encoding="utf-8"))
    jsonschema.validate(bank, bank_schema())


def test_the_schema_refuses_what_the_loader_refuses() -> None:
    validator = jsonschema.Draft202012Validator(paper_schema())
    good = {"questions": [{"id": "q", "type": "short", "text": "t", "answer": ["x"]}]}
    assert not list(validator.iter_errors(good))
    one = {"questions": [{"id": "q", "type": "short", "text": "t", "answer": "x"}]}
    assert not list(validator.iter_errors(one))  # a single accepted answer, as the loader reads it
    for bad in (
        {"questions": [{"id": "q", "type": "essay", "text": "t"}]},
        {"questions": [{"id": "q 1", "type": "short", "text": "t", "answer": ["x"]}]},
        {"questions": [{"id": "q", "type": "short", "text": "t", "answer": ["x"], "anwser": 1}]},
        {"feedback": "loud"},
        {"pools": [{"id": "p", "draw": 0}]},
        {
            "questions": [
                {"id": "q", "type": "choice", "text": "t", "options": ["a"], "answer": "a"}
            ]
        },
    ):
        assert list(validator.iter_errors(bad)), json.dumps(bad)
    described = paper_schema()["properties"]["shuffle_questions"]
    assert described["default"] is False and described["description"]
