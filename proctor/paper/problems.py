"""A paper's problems, each with its file and line, and the error that refuses a paper."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from proctor.common.protocol import FILE_NAME_PATTERN
from proctor.paper.locate import clean_location
from proctor.paper.model import QUESTION_TYPES


@dataclass(frozen=True)
class Problem:
    """One reason a paper is refused: `file` is relative to the paper folder."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class PaperError(Exception):
    """A paper that does not load, with every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def label(data: Any, path: Sequence[str | int]) -> tuple[str, list[str | int]]:
    """Who a problem is about ('question "q3"', 'pool "warmup"'...) and the rest of its path."""
    rest = list(path)
    if len(rest) >= 2 and rest[0] in ("questions", "pools") and isinstance(rest[1], int):
        kind = "question" if rest[0] == "questions" else "pool"
        items = data.get(rest[0]) if isinstance(data, dict) else None
        item = items[rest[1]] if isinstance(items, list) and rest[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        who = f'{kind} "{ident}"' if isinstance(ident, str) else f"{kind} {rest[1] + 1}"
        return who, rest[2:]
    if len(rest) >= 2 and rest[0] == "runners":
        return f'runner "{rest[1]}"', rest[2:]
    return "", rest


def field_name(path: Sequence[str | int]) -> str:
    """("cases", 0, "output") -> "cases[0].output"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def join(who: str, field: str, message: str) -> str:
    parts = [p for p in (who, field) if p]
    return ": ".join([*parts, message])


_SHOW_INPUT = ("literal_error", "string_pattern_mismatch", "greater_than", "less_than", "_type")
_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def describe_errors(errors: list[Any], data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Pydantic errors as (path in the data, sentence); a value that fits none of a union's
    kinds is one sentence ("should be text, a whole number or a number")."""
    described: list[tuple[tuple[str | int, ...], str]] = []
    kinds: list[str] = []
    for error in errors:
        path, message = describe_error(error, data)
        kind = _KINDS.get(str(error.get("type")))
        if kind and kinds and described and described[-1][0] == path:
            kinds.append(kind)
            who, rest = label(data, path)
            alternatives = ", ".join(kinds[:-1]) + " or " + kinds[-1]
            sentence = f"should be {alternatives}{_shown(error.get('input'))}"
            described[-1] = (path, join(who, field_name(rest), sentence))
            continue
        kinds = [kind] if kind else []
        described.append((path, message))
    return described


def describe_error(error: Any, data: Any) -> tuple[tuple[str | int, ...], str]:
    """A pydantic error as (its path in the data, a sentence a teacher can act on)."""
    loc = tuple(error.get("loc", ()))
    path = clean_location(data, loc)
    kind = str(error.get("type", ""))
    who, rest = label(data, path)
    field = field_name(rest)
    value = error.get("input")
    message = str(error.get("msg", "invalid value"))
    if kind == "missing":
        return path, join(who, "", f"{field or 'a value'} is required")
    if kind == "extra_forbidden":
        owner = field_name(rest[:-1])
        return path, join(who, owner, f'"{rest[-1] if rest else loc[-1]}" is not a known field')
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "")
        types = ", ".join(QUESTION_TYPES)
        return (*path, "type"), join(who, "", f'type "{tag}" is not one of {types}')
    if kind == "union_tag_not_found":
        return path, join(who, "", f"type is required: one of {', '.join(QUESTION_TYPES)}")
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") in _PATTERNS:
        message = _PATTERNS[error["ctx"]["pattern"]] + _shown(value)
        if loc and loc[-1] == "[key]":
            message = f'the name "{value}": {_PATTERNS[error["ctx"]["pattern"]]}'
    elif loc and loc[-1] == "[key]":
        message = f'the name "{value}" {_lower(message)}'
    elif kind in _KINDS:
        message = f"should be {_KINDS[kind]}{_shown(value)}"
    else:
        message = _lower(message.removeprefix("Value error, "))
        if any(k in kind for k in _SHOW_INPUT):
            message += _shown(value)
    return path, join(who, field, message)


# Patterns a teacher should never see as regular expressions: the sentence that says them.
_PATTERNS = {
    FILE_NAME_PATTERN: (
        "file names are letters, digits, '_', '-' and '.', with no folders and no '..'"
    ),
}


def _shown(value: Any) -> str:
    shown = _scalar(value)
    return f" (it is {shown})" if shown else ""


def _lower(message: str) -> str:
    for prefix in ("Input should", "String should", "List should", "Dictionary should"):
        if message.startswith(prefix):
            return "should" + message[len(prefix) :]
    return message


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= 60):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a table"
    return None
