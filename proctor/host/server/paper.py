"""Loading an exam paper: a folder with `instructions.md` and starter files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from proctor.common.paths import assets_dir

MAX_FILE_BYTES = 512 * 1024
MAX_FILES = 20
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


class PaperError(Exception):
    pass


def default_paper_dir() -> Path:
    return assets_dir() / "sample_paper"


def load_paper(folder: Path | None) -> dict[str, Any]:
    """The paper as served to students: title, Markdown instructions and starter files.

    Non-UTF-8 text is decoded with replacement characters (and said so in the warnings);
    files that are too large, binary or oddly named are skipped with a warning.
    """
    folder = folder or default_paper_dir()
    if not folder.is_dir():
        raise PaperError(f"The paper folder {folder} does not exist.")
    instructions_path = folder / "instructions.md"
    warnings: list[str] = []
    instructions = ""
    if instructions_path.is_file():
        instructions = _read_text(instructions_path, warnings)
    else:
        warnings.append("instructions.md is missing; students see no instructions")
    files: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "instructions.md" or path.name.startswith(".") or not path.is_file():
            continue
        if not _SAFE_NAME.match(path.name):
            warnings.append(f"{path.name}: skipped (file names are letters, digits, _ - .)")
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            warnings.append(f"{path.name}: skipped (larger than {MAX_FILE_BYTES // 1024} KiB)")
            continue
        if b"\0" in path.read_bytes()[:4096]:
            warnings.append(f"{path.name}: skipped (not a text file)")
            continue
        if len(files) >= MAX_FILES:
            warnings.append(f"{path.name}: skipped (at most {MAX_FILES} files)")
            continue
        files[path.name] = _read_text(path, warnings)
    title = _title(instructions) or folder.name.replace("_", " ").title()
    return {"title": title, "instructions": instructions, "files": files, "warnings": warnings}


def _read_text(path: Path, warnings: list[str]) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(f"{path.name}: not UTF-8; undecodable bytes were replaced")
        return raw.decode("utf-8", errors="replace")


def _title(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
    return None
