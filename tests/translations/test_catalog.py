"""The translation catalog and the German translation: every `tr` call can be read, German
has no untranslated sentence, each translation keeps its source's fields (a `{name}` lost
would raise or show the wrong value), the committed `.qm` is the compiled `.ts`, nothing
imports a sentence constant by name (it would keep the language of the import), and the
Qt path translates through the catalog, Qt's own qtbase texts included."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from proctor.common import i18n
from proctor.translations import catalog

GERMAN = catalog.FOLDER / "proctor_de.ts"


@pytest.fixture(scope="module")
def built() -> catalog.Catalog:
    return catalog.build()


def test_every_tr_call_is_readable(built: catalog.Catalog) -> None:
    assert built.problems == []
    assert len(built.keys()) > 900


def test_german_has_no_untranslated_sentence(built: catalog.Catalog) -> None:
    missing = catalog.untranslated(GERMAN, built)
    assert len(missing) == 0, missing[:20]


def _fields(text: str) -> list[str]:
    return sorted(
        f"{name}!{conv or ''}:{spec or ''}"
        for _lit, name, spec, conv in string.Formatter().parse(text)
        if name is not None
    )


def test_translations_keep_the_fields_and_one_accelerator() -> None:
    for (context, source), entry in catalog.read_ts(GERMAN).items():
        assert _fields(entry.translation) == _fields(source), (context, source)
        assert entry.translation.count("%s") == source.count("%s"), (context, source)
        if "&" in source.replace("&&", ""):
            assert entry.translation.replace("&&", "").count("&") == 1, (context, source)


def test_the_committed_qm_is_the_compiled_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "proctor_de.qm"
    catalog.compile_ts(GERMAN, fresh)
    assert fresh.read_bytes() == GERMAN.with_suffix(".qm").read_bytes(), (
        "run: python -m proctor.translations.catalog update"
    )


def test_the_ts_lists_exactly_the_catalog(built: catalog.Catalog) -> None:
    assert set(catalog.read_ts(GERMAN)) == built.keys()


def test_no_sentence_constant_is_imported_by_name(built: catalog.Catalog) -> None:
    constants = {f"{i18n.PREFIX}{context}": set(table) for context, table in i18n.REGISTRY.items()}
    offenders = []
    for path in sorted(catalog.PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in constants:
                loose = constants[node.module]
                offenders += [f"{path}: {a.name}" for a in node.names if a.name in loose]
    assert offenders == []
