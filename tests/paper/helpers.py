"""Writing small paper folders for the tests, and reading their problems."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from proctor.common.paths import assets_dir
from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError

MIXED = assets_dir() / "sample_mixed_paper"


def make_paper(folder: Path, toml: str, files: dict[str, str | bytes] | None = None) -> Path:
    """A paper folder holding `paper.toml` (dedented) and `files` (relative path -> text)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "paper.toml").write_text(textwrap.dedent(toml), encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    """The problems the paper is refused for, as printed."""
    with pytest.raises(PaperError) as refused:
        load_paper(folder)
    return [str(p) for p in refused.value.problems]
