"""The JSON Schema of paper.toml and of a question-bank file, generated from the models that
load them; docs/paper.schema.json and docs/bank.schema.json are these, committed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from proctor.paper.model import BankFile, PaperFile

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def paper_schema() -> dict[str, Any]:
    schema = PaperFile.model_json_schema()
    return {"$schema": SCHEMA_DRAFT, **schema}


def bank_schema() -> dict[str, Any]:
    schema = BankFile.model_json_schema()
    return {"$schema": SCHEMA_DRAFT, **schema}


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(docs: Path) -> list[Path]:
    """Write both schemas into `docs`; returns the files written."""
    written = []
    schemas = {"paper.schema.json": paper_schema(), "bank.schema.json": bank_schema()}
    for name, schema in schemas.items():
        path = docs / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(__file__).resolve().parents[2] / "docs"):
        print(path)
