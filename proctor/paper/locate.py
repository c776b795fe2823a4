"""Where a value sits in a TOML file: `tomllib` gives no line numbers, so this scans the
text (already known to parse) and records the line of every table, key and array item by its
path, e.g. ("questions", 3, "answer") or ("questions", 3, "cases", 0, "output")."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

Path = tuple[str | int, ...]

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\n\r \t")


class TomlLocator:
    """Lines (1-based) of the tables, keys and array items of one TOML document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[Path, int] = {}
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._tables: dict[Path, int] = {}  # array-of-tables path -> how many so far
        self._pos = 0
        try:
            self._document()
        except IndexError:  # a text that does not parse: keep what was found
            pass

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of the deepest part of `path` found; parts not in the file (a union's
        tag in a pydantic location, a missing field) are skipped."""
        found: Path = ()
        for part in path:
            candidate = (*found, part)
            if candidate in self.lines:
                found = candidate
        return self.lines.get(found) if found else None

    # -- scanning -------------------------------------------------------------------------

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos) + 1

    def _peek(self, offset: int = 0) -> str:
        index = self._pos + offset
        return self.text[index] if index < len(self.text) else ""

    def _skip_blank(self, newlines: bool) -> None:
        """Spaces, and comments; also newlines when `newlines`."""
        while self._pos < len(self.text):
            ch = self.text[self._pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self._pos += 1
            elif ch == "#":
                end = self.text.find("\n", self._pos)
                self._pos = len(self.text) if end < 0 else end
            else:
                return

    def _document(self) -> None:
        table: Path = ()
        while True:
            self._skip_blank(newlines=True)
            if self._pos >= len(self.text):
                return
            start = self._pos
            if self._peek() == "[":
                table = self._header()
            else:
                self._pair(table)
            self._advanced(start)

    def _header(self) -> Path:
        line = self._line_at(self._pos)
        array = self._peek(1) == "["
        self._pos += 2 if array else 1
        keys = self._key()
        self._pos += 2 if array else 1
        table: Path = ()
        for key in keys[:-1]:
            table = (*table, key)
            self.lines.setdefault(table, line)
            if table in self._tables:
                table = (*table, self._tables[table] - 1)
        table = (*table, keys[-1])
        if array:
            self.lines.setdefault(table, line)
            index = self._tables.get(table, 0)
            self._tables[table] = index + 1
            table = (*table, index)
        self.lines.setdefault(table, line)
        return table

    def _pair(self, table: Path) -> None:
        line = self._line_at(self._pos)
        keys = self._key()
        path = table
        for key in keys:
            path = (*path, key)
            self.lines.setdefault(path, line)
        self._skip_blank(newlines=False)
        self._pos += 1  # "="
        self._skip_blank(newlines=False)
        self._value(path)

    def _key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            ch = self._peek()
            if ch and ch in "\"'":
                keys.append(self._string())
            else:
                start = self._pos
                while self._peek() in _BARE_KEY and self._peek():
                    self._pos += 1
                keys.append(self.text[start : self._pos])
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return keys
            self._pos += 1

    def _value(self, path: Path) -> None:
        ch = self._peek()
        if ch and ch in "\"'":
            self._string()
        elif ch == "[":
            self._array(path)
        elif ch == "{":
            self._inline_table(path)
        else:
            while self._peek() and self._peek() not in _SCALAR_END:
                self._pos += 1

    def _array(self, path: Path) -> None:
        self._pos += 1
        index = 0
        while True:
            self._skip_blank(newlines=True)
            if self._peek() == "]":
                self._pos += 1
                return
            start = self._pos
            item = (*path, index)
            self.lines.setdefault(item, self._line_at(self._pos))
            self._value(item)
            self._skip_blank(newlines=True)
            if self._peek() == ",":
                self._pos += 1
                index += 1
            self._advanced(start)

    def _inline_table(self, path: Path) -> None:
        self._pos += 1
        while True:
            self._skip_blank(newlines=True)
            if self._peek() == "}":
                self._pos += 1
                return
            if self._peek() == ",":
                self._pos += 1
                continue
            start = self._pos
            self._pair(path)
            self._advanced(start)

    def _advanced(self, start: int) -> None:
        if not start < self._pos <= len(self.text):  # not TOML: stop rather than loop
            raise IndexError(start)

    def _string(self) -> str:
        """Read a string of any of TOML's four kinds; its value for keys (escapes are not
        decoded: quoted keys with escapes are rare in a paper)."""
        quote = self._peek()
        if not quote:
            raise IndexError(self._pos)
        if self.text.startswith(quote * 3, self._pos):
            self._pos += 3
            end = self._find_close(quote * 3, escapes=quote == '"')
            while self.text.startswith(quote, end + 3):  # up to two quotes end the content
                end += 1
            value = self.text[self._pos : end]
            self._pos = end + 3
            return value
        self._pos += 1
        end = self._find_close(quote, escapes=quote == '"')
        value = self.text[self._pos : end]
        self._pos = end + 1
        return value

    def _find_close(self, close: str, escapes: bool) -> int:
        pos = self._pos
        while True:
            if escapes and self.text[pos] == "\\":
                pos += 2
                continue
            if self.text.startswith(close, pos):
                return pos
            pos += 1


def clean_location(data: Any, loc: Sequence[str | int]) -> Path:
    """A pydantic error location reduced to the parts present in the parsed data (dropping a
    union's tag and other validator-internal parts), keeping a last missing key."""
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif position == len(loc) - 1 and isinstance(part, str) and isinstance(node, dict):
            if part not in ("[key]",) and not part.startswith(("function-", "list[", "dict[")):
                path.append(part)
    return tuple(path)
