"""The list of forbidden applications: loading, validating and matching process names.

A rule is `{"name": "Discord", "match": ["Discord", "DiscordPTB"], "category": "chat"}` (the shape
of `proctor.common.protocol.BlacklistRule`). A process matches a rule when its process name or the
base name of its executable equals one of the `match` entries, ignoring case and a trailing `.exe`
or `.app`; `*` and `?` in an entry are wildcards. Assistive technology (screen readers,
magnifiers; see `proctor.shield.assistive`) never matches, whatever the rules say.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from proctor.common.paths import assets_dir
from proctor.common.protocol import BlacklistRule, first_invalid
from proctor.shield.assistive import is_assistive
from proctor.shield.names import base_name, normalise_name

DEFAULT_BLACKLIST_FILE = "blacklist.json"
_WILDCARDS = frozenset("*?[")


class BlacklistError(ValueError):
    """A blacklist file that cannot be read or is not in the expected shape."""


def default_blacklist_path() -> Path:
    return assets_dir() / DEFAULT_BLACKLIST_FILE


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    rules: list[dict[str, Any]]


def load_blacklist_categories(path: Path | str | None = None) -> list[Category]:
    """The blacklist grouped by category, as the dashboard shows it (categories on/off)."""
    data = _read_json(Path(path) if path is not None else default_blacklist_path())
    return _parse_categories(data)


def load_blacklist(path: Path | str | None = None) -> list[dict[str, Any]]:
    """Every rule of the blacklist file (the default one when `path` is None), flattened.

    Accepts the categorised file (`{"categories": {key: {"label", "rules": [...]}}}`) or a plain
    list of rules (`[{"name", "match", "category"?}, ...]`, as `--blacklist FILE` may give).
    """
    data = _read_json(Path(path) if path is not None else default_blacklist_path())
    if isinstance(data, list):
        return validate_rules(data)
    return [rule for category in _parse_categories(data) for rule in category.rules]


def validate_rules(rules: Iterable[Any]) -> list[dict[str, Any]]:
    """Check each rule against the wire model; returns plain dicts with duplicates removed."""
    out: list[dict[str, Any]] = []
    for index, raw in enumerate(rules):
        try:
            rule = BlacklistRule.model_validate(raw)
        except ValidationError as exc:
            where, problem = first_invalid(exc, "rule")
            raise BlacklistError(f"rule {index + 1}: {where}: {problem}") from exc
        out.append(_rule_dict(rule.name, rule.match, rule.category))
    return out


def rules_from_categories(
    categories: Iterable[Category], enabled: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The rules of the enabled categories (all of them when `enabled` is None)."""
    wanted = None if enabled is None else set(enabled)
    return [rule for cat in categories if wanted is None or cat.key in wanted for rule in cat.rules]


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BlacklistError(f"cannot read the blacklist {path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BlacklistError(
            f"the blacklist {path} is not valid JSON (line {exc.lineno}: {exc.msg})"
        ) from exc


def _parse_categories(data: Any) -> list[Category]:
    if not isinstance(data, Mapping) or not isinstance(data.get("categories"), Mapping):
        raise BlacklistError(
            'a blacklist is a list of rules or an object with "categories" '
            '({"chat": {"label": ..., "rules": [...]}, ...})'
        )
    categories = []
    for key, body in data["categories"].items():
        if not isinstance(body, Mapping) or not isinstance(body.get("rules"), list):
            raise BlacklistError(f'category "{key}" needs a "rules" list')
        try:
            rules = validate_rules({**r, "category": key} for r in body["rules"])
        except TypeError as exc:
            raise BlacklistError(f'category "{key}": every rule is an object') from exc
        except BlacklistError as exc:
            raise BlacklistError(f'category "{key}", {exc}') from exc
        label = body.get("label")
        categories.append(Category(str(key), str(label) if label else str(key), rules))
    return categories


def _rule_dict(name: str, match: Iterable[str], category: str | None) -> dict[str, Any]:
    unique: list[str] = []
    seen: set[str] = set()
    for entry in match:
        key = normalise_name(entry)
        if key and key not in seen:
            seen.add(key)
            unique.append(entry.strip())
    return {"name": name, "match": unique, "category": category}


class RuleMatcher:
    """Decides which rule, if any, a process name or executable matches. Lookups are O(1)
    for plain names; wildcard entries are tried one by one (there are few)."""

    def __init__(self, rules: Iterable[Mapping[str, Any]]) -> None:
        self.rules = [dict(r) for r in rules]
        self._exact: dict[str, dict[str, Any]] = {}
        self._patterns: list[tuple[str, dict[str, Any]]] = []
        for rule in self.rules:
            for entry in rule.get("match") or ():
                key = normalise_name(str(entry))
                if not key:
                    continue
                if _WILDCARDS & set(key):
                    self._patterns.append((key, rule))
                else:
                    self._exact.setdefault(key, rule)

    def __bool__(self) -> bool:
        return bool(self._exact or self._patterns)

    def match(self, name: str | None, exe: str | None = None) -> dict[str, Any] | None:
        """The rule matching a process name or its executable's base name, or None.
        Assistive technology matches no rule."""
        if is_assistive(name, exe):
            return None
        keys = [normalise_name(n) for n in (name, base_name(exe) if exe else None) if n]
        for key in keys:
            rule = self._exact.get(key)
            if rule is not None:
                return rule
        for pattern, rule in self._patterns:
            if any(fnmatchcase(key, pattern) for key in keys):
                return rule
        return None
