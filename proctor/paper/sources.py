"""Reading a paper's files: inside the paper folder, UTF-8 text, within size limits; and
edited texts not yet written (the editor checks a paper before it saves it)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

MAX_TOML_BYTES = 1024 * 1024  # paper.toml or a bank file
MAX_TEXT_FILE_BYTES = 512 * 1024  # instructions, a question text, a starter file, tests


class ReadError(Exception):
    """A file that cannot be part of a paper; the message says why, without the path."""


class PaperFolder:
    """The files of one paper folder; `overrides` maps relative paths ("paper.toml",
    "bank/dsa.toml") to texts that stand in for what is on disk."""

    def __init__(self, folder: Path, overrides: Mapping[str, str] | None = None) -> None:
        self.root = folder.resolve()
        self.overrides = dict(overrides or {})

    def relative(self, path: Path) -> str:
        """`path` as a posix path relative to the paper folder (or as given, if outside)."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def path(self, relative: str) -> Path:
        return self.root.joinpath(*PurePosixPath(relative).parts)

    def exists(self, relative: str) -> bool:
        return relative in self.overrides or self.path(relative).is_file()

    def glob(self, pattern: str) -> list[str]:
        """Files matching `pattern`, relative and sorted, inside the folder."""
        found = {
            self.relative(p) for p in self.root.glob(pattern) if p.is_file() and self._inside(p)
        }
        found |= {r for r in self.overrides if PurePosixPath(r).match(pattern)}
        return sorted(found)

    def read(self, relative: str, limit: int = MAX_TEXT_FILE_BYTES) -> str:
        if relative in self.overrides:
            text = self.overrides[relative]
            if len(text.encode("utf-8", errors="surrogatepass")) > limit:
                raise ReadError(f"is larger than {limit // 1024} KiB")
            return text
        path = self.path(relative)
        if not path.is_file():
            raise ReadError("does not exist")
        if not self._inside(path):
            raise ReadError("is outside the paper folder (a link?)")
        if path.stat().st_size > limit:
            raise ReadError(f"is larger than {limit // 1024} KiB")
        raw = path.read_bytes()
        if b"\0" in raw:
            raise ReadError("is not a text file")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ReadError(f"is not UTF-8 text (line {line})") from None

    def _inside(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.root)
