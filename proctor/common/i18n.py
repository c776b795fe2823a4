"""Translation of what a user reads, Qt-free.

Sentences live in tables (dicts of sentences, and modules of sentence constants) and in
widgets' `tr("…")` calls. Both are translated where they are read, never where they are
defined, so a language chosen after the modules are imported applies everywhere:
- `lift(__name__, globals())` at the end of a module of sentences turns each upper-case dict
  of sentences into a `Texts` (its values translated on lookup, context `module.NAME`) and
  translates each upper-case sentence constant (a string, or a tuple of them) each time it
  is read as `module.NAME` (context: the module); a `from module import NAME` would keep
  the language of the import, so sentence constants are read through their module.
- `tr = translator(__name__)` in a module, then `tr("A whole sentence {with} {fields}")`:
  the context is the module; the argument must be one string literal (the catalog reads it
  from the source).

The Qt app installs `QCoreApplication.translate` with `install`; until then (and in the
Qt-free core run on its own, such as the headless host) every text is its English source.
`proctor.common.i18n_catalog` walks the registered tables and the `tr` calls into the `.ts`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, TypeVar

Translate = Callable[[str, str], str]

K = TypeVar("K")
V = TypeVar("V")

PREFIX = "proctor."


def _untranslated(context: str, text: str) -> str:
    return text


_translate: Translate = _untranslated
# Every table and module of constants `lift` saw: context -> its table (for the catalog).
REGISTRY: dict[str, Texts[Any, Any]] = {}


def install(translate: Translate | None) -> None:
    """Translate every text with `translate(context, source)` from now on (None: English)."""
    global _translate
    _translate = translate or _untranslated


def context_of(module_name: str) -> str:
    """The translation context of a module: its name without the package prefix."""
    return module_name.removeprefix(PREFIX)


def translate(context: str, text: str) -> str:
    return _translate(context, text) if text else text


def translator(module_name: str) -> Callable[[str], str]:
    """`tr` for one module: `tr("Sentence")` is the sentence in the chosen language."""
    context = context_of(module_name)

    def tr(text: str) -> str:
        return _translate(context, text) if text else text

    return tr


def is_sentence_value(value: object) -> bool:
    """A string, a tuple of strings (or of `(key, sentence, …)` pairs), or a dict of them."""
    if isinstance(value, str):
        return True
    if isinstance(value, tuple):
        return all(isinstance(v, str) or _is_pair(v) for v in value) and bool(value)
    if isinstance(value, dict):
        return bool(value) and all(is_sentence_value(v) for v in value.values())
    return False


def _is_pair(value: object) -> bool:
    """A `(key, sentence, …)` tuple inside a tuple: the first item is a key, not a text."""
    return isinstance(value, tuple) and len(value) >= 2 and all(isinstance(v, str) for v in value)


def translated(context: str, value: Any) -> Any:
    """`value` with each of its sentences translated (keys of pairs and dicts kept)."""
    if isinstance(value, str):
        return translate(context, value)
    if isinstance(value, tuple):
        return tuple(
            (v[0], *(translate(context, s) for s in v[1:]))
            if _is_pair(v)
            else translated(context, v)
            for v in value
        )
    if isinstance(value, dict) and not isinstance(value, Texts):
        return {k: translated(context, v) for k, v in value.items()}
    return value


def sources(value: Any) -> Iterator[str]:
    """The English sentences inside a table value, as `translated` would look them up."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, tuple):
        for v in value:
            yield from (v[1:] if _is_pair(v) else sources(v))
    elif isinstance(value, dict):
        for v in value.values():
            yield from sources(v)


class Texts(dict[K, V]):
    """A table of sentences whose values are translated each time they are read."""

    def __init__(self, context: str, table: dict[K, V]) -> None:
        super().__init__(table)
        self.context = context

    def __getitem__(self, key: K) -> V:
        value: V = translated(self.context, super().__getitem__(key))
        return value

    def get(self, key: K, default: Any = None) -> Any:
        return self[key] if key in self else default

    def values(self) -> list[V]:  # type: ignore[override]  # a list of translated values
        return [self[key] for key in self]

    def items(self) -> list[tuple[K, V]]:  # type: ignore[override]  # a list of translated pairs
        return [(key, self[key]) for key in self]

    def source(self, key: K) -> V:
        """The English value, untranslated."""
        return super().__getitem__(key)

    def sources(self) -> Iterator[str]:
        for key in self:
            yield from sources(self.source(key))


class _TranslatedModule(ModuleType):
    """A module whose sentence constants are translated each time they are read."""

    _sentences: Texts[str, Any]

    def __getattribute__(self, name: str) -> Any:
        if name.isupper():
            sentences = ModuleType.__getattribute__(self, "_sentences")
            if name in sentences:
                return sentences[name]
        return ModuleType.__getattribute__(self, name)


def lift(module_name: str, namespace: dict[str, Any], keep: tuple[str, ...] = ()) -> None:
    """Make a module's upper-case sentences translated where they are read (see the module
    docstring); `keep` names upper-case constants that are not sentences. The module's own
    functions read its constants as plain globals: they translate them with `tr` or
    `translated(context_of(__name__), NAME)`."""
    context = context_of(module_name)
    loose: dict[str, Any] = {}
    for name, value in list(namespace.items()):
        if not name.isupper() or name.startswith("_") or name in keep:
            continue
        if isinstance(value, dict) and not isinstance(value, Texts):
            if is_sentence_value(value):
                table: Texts[Any, Any] = Texts(f"{context}.{name}", value)
                namespace[name] = table
                REGISTRY[table.context] = table
        elif is_sentence_value(value):
            loose[name] = value
    constants: Texts[str, Any] = Texts(context, loose)
    REGISTRY[context] = constants
    module = sys.modules[module_name]
    module.__class__ = _TranslatedModule
    module._sentences = constants  # type: ignore[attr-defined]  # set on the new class
