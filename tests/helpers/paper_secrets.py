"""What a paper holds that no student may ever be sent, as text to look for in what a host
sends (responses, stream frames, error bodies) and writes (its log)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from proctor.paper.load import load_paper
from proctor.paper.model import CodeQuestion, ShortQuestion

# Keys of the host's own paper models that the student's view never has.
HIDDEN_KEYS = frozenset(
    {"answer", "match", "tolerance", "hidden", "tests", "tests_name", "pool", "runners",
     "time_limit_s", "memory_mb", "scoring", "starter", "spec"}
)  # fmt: skip


def hidden_texts(folder: Path) -> list[str]:
    """Every short answer, hidden test, hidden case and runner argument of a paper, and the
    text of every file in its solutions/ folder (very short ones are left out: "0" or "-o"
    appear in any JSON)."""
    paper = load_paper(folder)
    found: list[str] = []
    for question in paper.questions:
        spec = question.spec
        if isinstance(spec, ShortQuestion):
            found += [a for a in spec.answer if len(a) >= 3]
        if isinstance(spec, CodeQuestion):
            assert question.tests
            found.append(question.tests)
            found += re.findall(r"def (test_\w+)", question.tests)
            found += [line.strip() for line in question.tests.splitlines() if "assert" in line]
            for case in spec.cases:
                if case.hidden:
                    found += [case.input, case.output]
    for runner in paper.runners.values():
        found += [arg for arg in [*(runner.build or []), *runner.run] if len(arg) >= 3]
    solutions = folder / "solutions"
    if solutions.is_dir():
        found += [p.read_text(encoding="utf-8") for p in sorted(solutions.iterdir())]
    return found


def keys_in(value: Any) -> set[str]:
    """Every object key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*(keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_in(v) for v in value))
    return set()


def leaks(text: str, hidden: list[str]) -> list[str]:
    """The hidden texts found in `text`, raw or as a client decodes its JSON, and the hidden
    keys of a JSON text."""
    found = [s for s in hidden if s in text]
    try:
        value = json.loads(text)
    except ValueError:
        return found
    decoded = json.dumps(value, ensure_ascii=False)
    found += [s for s in hidden if s in decoded and s not in found]
    found += sorted(keys_in(value) & HIDDEN_KEYS)
    return found
