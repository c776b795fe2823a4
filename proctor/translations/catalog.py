"""The translation catalog: every sentence of the app, by context, read from the tables that
`proctor.common.i18n.lift` registers (imported) and from the `tr("…")` calls of modules with
`tr = translator(__name__)` (read from the source, as pyside6-lupdate would; lupdate itself
cannot read dict values or constants). Qt-free.

    python -m proctor.translations.catalog update   # refresh every proctor_<lang>.ts, build .qm
    python -m proctor.translations.catalog check    # count what is untranslated (exit 1 if any)

`update` keeps every translation whose context and source still exist, adds new sources as
unfinished and drops the ones gone, then compiles each `.ts` with pyside6-lrelease.
"""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from proctor.common import i18n

PACKAGE = Path(__file__).resolve().parent.parent
FOLDER = Path(__file__).resolve().parent
TS_PREFIX = "proctor_"


@dataclass
class Catalog:
    """Sources by context (in the order met), where each `tr` call is, and calls the
    catalog cannot read (a `tr` whose argument is not one string literal)."""

    messages: dict[str, dict[str, str]] = field(default_factory=dict)  # ctx -> source -> where
    problems: list[str] = field(default_factory=list)

    def add(self, context: str, source: str, where: str = "") -> None:
        self.messages.setdefault(context, {}).setdefault(source, where)

    def keys(self) -> set[tuple[str, str]]:
        return {(c, s) for c, sources in self.messages.items() for s in sources}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts[-2:-1])


def build() -> Catalog:
    """The whole catalog, from the tables and the `tr` calls."""
    catalog = Catalog()
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        if "lift(__name__" in text:
            importlib.import_module(_module_name(path))
        if "translator(__name__)" in text:
            _read_tr_calls(path, text, catalog)
    for context, table in sorted(i18n.REGISTRY.items()):
        for source in table.sources():
            catalog.add(context, source)
    return catalog


def _read_tr_calls(path: Path, text: str, catalog: Catalog) -> None:
    context = i18n.context_of(_module_name(path))
    where = path.relative_to(PACKAGE.parent).as_posix()
    tree = ast.parse(text, str(path))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id != "tr":
            continue
        args = node.args
        if len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            catalog.add(context, args[0].value, f"{where}:{node.lineno}")
        elif len(args) == 1 and isinstance(args[0], ast.Name) and args[0].id in constants:
            catalog.add(context, constants[args[0].id], f"{where}:{node.lineno}")
        else:
            catalog.problems.append(f"{where}:{node.lineno}: tr() needs one string literal")


# -- .ts files ---------------------------------------------------------------------------------


@dataclass
class Entry:
    translation: str
    finished: bool


def read_ts(path: Path) -> dict[tuple[str, str], Entry]:
    """(context, source) -> its translation, from a Qt Linguist file."""
    if not path.exists():
        return {}
    entries: dict[tuple[str, str], Entry] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            node = message.find("translation")
            text = "" if node is None else (node.text or "")
            kind = "" if node is None else node.get("type", "")
            entries[(name, source)] = Entry(
                text, kind not in ("unfinished", "vanished", "obsolete")
            )
    return entries


def write_ts(path: Path, language: str, catalog: Catalog) -> tuple[int, int]:
    """Write `path` for `language` from `catalog`, keeping the translations it had; returns
    (sources, unfinished)."""
    old = read_ts(path)
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    unfinished = 0
    for context in sorted(catalog.messages):
        node = ET.SubElement(root, "context")
        ET.SubElement(node, "name").text = context
        for source, where in catalog.messages[context].items():
            message = ET.SubElement(node, "message")
            if where:
                filename, _, line = where.rpartition(":")
                ET.SubElement(message, "location", filename=filename, line=line)
            ET.SubElement(message, "source").text = source
            entry = old.get((context, source))
            translation = ET.SubElement(message, "translation")
            if entry is not None and entry.translation:
                translation.text = entry.translation
            if entry is None or not entry.finished or not entry.translation:
                translation.set("type", "unfinished")
                unfinished += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return len(catalog.keys()), unfinished


def ts_files() -> list[Path]:
    return sorted(FOLDER.glob(f"{TS_PREFIX}*.ts"))


def language_of(path: Path) -> str:
    return path.stem.removeprefix(TS_PREFIX)


def lrelease() -> str | None:
    """pyside6-lrelease beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    return str(beside) if beside.exists() else shutil.which("pyside6-lrelease")


def compile_ts(ts: Path, qm: Path) -> None:
    tool = lrelease()
    if tool is None:
        raise RuntimeError("pyside6-lrelease is not installed (it comes with PySide6)")
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True, timeout=120)


def untranslated(path: Path, catalog: Catalog) -> list[tuple[str, str]]:
    """The catalog's sentences with no finished translation in `path`."""
    entries = read_ts(path)
    missing = []
    for key in sorted(catalog.keys()):
        entry = entries.get(key)
        if entry is None or not entry.finished or not entry.translation:
            missing.append(key)
    return missing


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    catalog = build()
    for problem in catalog.problems:
        print(problem, file=sys.stderr)
    if command == "update":
        for ts in ts_files():
            total, unfinished = write_ts(ts, language_of(ts), catalog)
            compile_ts(ts, ts.with_suffix(".qm"))
            print(f"{ts.name}: {total} sentences, {unfinished} untranslated")
        return 1 if catalog.problems else 0
    if command == "check":
        bad = bool(catalog.problems)
        for ts in ts_files():
            missing = untranslated(ts, catalog)
            print(f"{ts.name}: {len(catalog.keys())} sentences, {len(missing)} untranslated")
            bad = bad or bool(missing)
        return 1 if bad else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
