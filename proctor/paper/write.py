"""Editing a paper and saving it back to paper.toml and its bank files, for the dashboard's
paper editor. tomlkit keeps the teacher's comments, order and layout: an edited question is
changed in place, key by key, and only the keys whose values changed are rewritten.

Where comments cannot be kept (said in docs/PAPER.md too):
- a question moved to another file (a bank and paper.toml) leaves its comments behind;
- a deleted question takes its comments with it, and so does a comment line just above the
  next `[[questions]]` header (TOML files give such a line to the table before it);
- a rewritten value loses the comments inside it (an edited multi-line `options` array, or
  `cases` rewritten as a whole when any case changes).

Nothing is written unless the edited paper loads: `save` checks the new texts with the
loader first and raises PaperError, changing nothing, when they do not."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import tomlkit
from pydantic import TypeAdapter, ValidationError
from tomlkit.items import AoT, Comment, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from proctor.paper.exam import ExamPaper
from proctor.paper.load import PAPER_TOML, load_paper
from proctor.paper.model import PaperFile, Pool, QuestionSpec, relative_path
from proctor.paper.problems import PaperError, Problem
from proctor.paper.sources import MAX_TOML_BYTES, PaperFolder, ReadError

_QUESTION = TypeAdapter[QuestionSpec](QuestionSpec)
_SETTINGS = ("title", "instructions", "pass_percent", "shuffle_questions", "shuffle_options")
SETTINGS = (*_SETTINGS, "feedback", "include")
# The order keys of a new question are written in.
_KEY_ORDER = (
    "id type text text_file options answer match tolerance language files main tests examples"
    " scoring time_limit_s memory_mb points tags pool cases"
).split()


@dataclass(frozen=True)
class DocQuestion:
    """A question as written: its file, its place there, and its model (None when the
    question has problems of its own: it loads only once they are fixed)."""

    file: str
    index: int
    id: str | None
    spec: QuestionSpec | None


class PaperDocument:
    """paper.toml and the bank files its `include` names, open for editing."""

    def __init__(self, folder: Path, docs: dict[str, TOMLDocument], texts: dict[str, str]):
        self.folder = folder
        self.files = PaperFolder(folder)
        self.docs = docs
        self._original = texts
        self._other: dict[str, str] = {}  # edited Markdown, starter files, tests...

    @classmethod
    def open(cls, folder: Path) -> PaperDocument:
        files = PaperFolder(folder)
        docs: dict[str, TOMLDocument] = {}
        texts: dict[str, str] = {}
        problems: list[Problem] = []
        pending = [PAPER_TOML]
        while pending:
            rel = pending.pop(0)
            try:
                texts[rel] = files.read(rel, MAX_TOML_BYTES)
                docs[rel] = tomlkit.parse(texts[rel])
            except (ReadError, tomlkit.exceptions.ParseError) as exc:
                problems.append(Problem(rel, getattr(exc, "line", None), str(exc)))
                continue
            if rel == PAPER_TOML:
                include = docs[rel].get("include", [])
                for pattern in include if isinstance(include, list) else []:
                    found = files.glob(str(pattern)) if isinstance(pattern, str) else []
                    pending += [r for r in found if r.endswith(".toml") and r not in pending]
        if problems:
            raise PaperError(problems)
        return cls(folder, docs, texts)

    # -- reading -------------------------------------------------------------------------

    def questions(self) -> list[DocQuestion]:
        found: list[DocQuestion] = []
        for rel, doc in self.docs.items():
            for index, table in enumerate(_questions(doc)):
                raw = table.unwrap()
                try:
                    spec: QuestionSpec | None = _QUESTION.validate_python(raw)
                except ValidationError:
                    spec = None
                ident = raw.get("id")
                found.append(
                    DocQuestion(rel, index, ident if isinstance(ident, str) else None, spec)
                )
        return found

    def find(self, question_id: str) -> DocQuestion:
        for question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def paper(self) -> TOMLDocument:
        return self.docs[PAPER_TOML]

    # -- editing -------------------------------------------------------------------------

    def put_question(
        self, spec: QuestionSpec, *, replace: str | None = None, file: str | None = None
    ) -> None:
        """Add `spec`, or replace the question `replace` (default: the one with spec's id) in
        place. `file` moves or adds it to that file (paper.toml or a bank the paper includes;
        a new bank file is created when include matches it)."""
        spec = _QUESTION.validate_python(spec.model_dump())
        current = None
        try:
            current = self.find(replace or spec.id)
        except KeyError:
            if replace is not None:
                raise
        target = file or (current.file if current else PAPER_TOML)
        self._ensure_file(target)
        if current is not None and current.file == target:
            table = _questions(self.docs[target])[current.index]
            _update_table(table, current.spec, spec)
            return
        if current is not None:
            self.delete_question(current.id or "")
            spec = _rebase(spec, _folder_of(current.file), _folder_of(target))
        _append_question(self.docs[target], _new_table(spec))

    def delete_question(self, question_id: str) -> None:
        question = self.find(question_id)
        doc = self.docs[question.file]
        aot = _questions(doc)
        del aot[question.index]
        if not len(aot):
            del doc["questions"]

    def set_setting(self, name: str, value: Any) -> None:
        """Set one of SETTINGS (None removes it: its default applies)."""
        if name not in SETTINGS:
            raise KeyError(name)
        if value is None:
            self.paper.pop(name, None)
            return
        PaperFile.model_validate({name: value})
        if self.paper.get(name) != value:
            _set(self.paper, name, _item(value))

    def put_pool(self, pool: Pool) -> None:
        pools = self.paper.get("pools")
        if not isinstance(pools, AoT):
            pools = tomlkit.aot()
            self.paper.append("pools", pools)
        for table in pools:
            if table.get("id") == pool.id:
                if table.get("draw") != pool.draw:
                    _set(table, "draw", _item(pool.draw))
                return
        table = tomlkit.table()
        table["id"] = pool.id
        table["draw"] = pool.draw
        pools.append(table)

    def delete_pool(self, pool_id: str) -> None:
        pools = self.paper.get("pools")
        if isinstance(pools, AoT):
            for index, table in enumerate(pools):
                if table.get("id") == pool_id:
                    del pools[index]
                    break
            if not len(pools):
                del self.paper["pools"]

    def put_file(self, relative: str, text: str) -> None:
        """A question's Markdown, starter file, tests or examples, written with the paper."""
        if relative.endswith(".toml"):
            raise ValueError("TOML files are edited through their questions")
        self._other[relative_path(relative)] = text

    # -- saving --------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        """Every file as it would be saved."""
        return {rel: tomlkit.dumps(doc) for rel, doc in self.docs.items()}

    def changed(self) -> dict[str, str]:
        edited = {rel: t for rel, t in self.texts().items() if t != self._original.get(rel)}
        return {**edited, **self._other}

    def check(self) -> ExamPaper:
        """The paper as it would load once saved (PaperError when it would not)."""
        return load_paper(self.folder, overrides=self.changed())

    def save(self) -> ExamPaper:
        """Check, then write every changed file (each atomically); returns the new paper."""
        paper = self.check()
        changed = self.changed()
        for rel, text in changed.items():
            _write_atomic(self.files.path(rel), text)
        self._original.update({rel: t for rel, t in changed.items() if rel in self.docs})
        self._other.clear()
        return paper

    def _ensure_file(self, rel: str) -> None:
        if rel in self.docs:
            return
        include = self.paper.get("include", [])
        if not rel.endswith(".toml") or not any(PurePosixPath(rel).match(str(p)) for p in include):
            raise ValueError(f'"{rel}" is not a bank file the paper includes')
        doc = tomlkit.document()
        doc.add(tomlkit.comment("A question bank: [[questions]] only."))
        self.docs[rel] = doc


def _folder_of(rel: str) -> str:
    return rel.rpartition("/")[0]


def _rebase(spec: QuestionSpec, old: str, new: str) -> QuestionSpec:
    """A moved question's paths, relative to its new file where that can be written (a
    file in a subfolder cannot name one above it: the check then says which is missing)."""
    if old == new or (new and not old.startswith(new + "/")):
        return spec
    prefix = old[len(new) + 1 :] if new else old
    moved = {
        key: f"{prefix}/{value}"
        for key in ("text_file", "tests", "examples")
        if isinstance(value := getattr(spec, key, None), str)
    }
    return spec.model_copy(update=moved)


def _questions(doc: TOMLDocument) -> AoT:
    value = doc.get("questions")
    if value is None:
        value = tomlkit.aot()
        doc.append("questions", value)
    if not isinstance(value, AoT):
        raise ValueError("questions is not an array of tables ([[questions]])")
    return value


def _dump(spec: QuestionSpec | None) -> dict[str, Any]:
    return spec.model_dump(mode="python") if spec is not None else {}


def _update_table(table: Table, old: QuestionSpec | None, new: QuestionSpec) -> None:
    """Change only what differs: a kept value keeps its layout and comments."""
    before, after = _dump(old), _dump(new)
    defaults = _dump(type(new).model_validate({"id": new.id, "type": new.type, **_required(new)}))
    for key in [k for k in table if k not in after]:
        del table[key]
    for key in _KEY_ORDER:
        if key not in after:
            continue
        value = after[key]
        if key in table and before.get(key) == value:
            continue
        required = type(new).model_fields[key].is_required()
        if value is None or (value in ({}, []) and not required):
            table.pop(key, None)
        elif key not in table and defaults.get(key) == value:
            continue
        else:
            _set(table, key, _item(value, key))


def _set(table: Table | TOMLDocument, key: str, value: Any) -> None:
    """Set `key`, keeping the comment on its line, and for a rewritten [[...cases]] the
    comments that ended the old last case (they introduce whatever follows)."""
    old = table.get(key)
    new = value if isinstance(value, Item) else tomlkit.item(value)
    if isinstance(old, AoT) and isinstance(new, AoT):
        trailing = _take_trailing_comments(_deepest_of(old)) if len(old) else []
        if len(new) and trailing:
            new[-1].add(tomlkit.nl())
            for item in trailing:
                new[-1].add(item)
    elif isinstance(old, Item) and old.trivia.comment and not isinstance(new, AoT | Table):
        new.trivia.comment_ws = old.trivia.comment_ws
        new.trivia.comment = old.trivia.comment
    table[key] = new


def _required(spec: QuestionSpec) -> dict[str, Any]:
    """The fields without defaults, so that a model of defaults can be built."""
    return {
        name: getattr(spec, name)
        for name, field in type(spec).model_fields.items()
        if field.is_required() and name not in ("id", "type")
    }


def _new_table(spec: QuestionSpec) -> Table:
    values = spec.model_dump(mode="python", exclude_defaults=True)
    table = tomlkit.table()
    for key in _KEY_ORDER:
        if key in ("id", "type"):
            table[key] = getattr(spec, key)
        elif key in values and values[key] not in (None, [], {}):
            table[key] = _item(values[key], key)
    return table


def _append_question(doc: TOMLDocument, table: Table) -> None:
    """Add at the end of [[questions]], after a blank line. Comments that ended the last
    question are the comments above whatever follows it: they move below the new one."""
    aot = _questions(doc)
    if len(aot):
        last = _deepest(aot[-1])
        trailing = _take_trailing_comments(last)
        if not last.as_string().endswith("\n\n"):
            last.add(tomlkit.nl())
        if trailing:
            table.add(tomlkit.nl())
            for item in trailing:
                table.add(item)
        elif not table.as_string().endswith("\n\n"):
            table.add(tomlkit.nl())  # a blank line before what follows
    aot.append(table)


def _deepest(table: Table) -> Table:
    """The table whose text ends `table`: its last [[...]] sub-table, if any."""
    body = table.value.body
    if body and isinstance(body[-1][1], AoT) and len(body[-1][1]):
        return _deepest_of(body[-1][1])
    return table


def _deepest_of(aot: AoT) -> Table:
    return _deepest(aot[-1])


def _take_trailing_comments(table: Table) -> list[Comment | Whitespace]:
    """Remove and return the comment lines (and blank lines between them) at the very end
    of `table`; blank lines before the first of them stay."""
    body = table.value.body
    start = len(body)
    while start and body[start - 1][0] is None:
        start -= 1
    first = next((i for i in range(start, len(body)) if isinstance(body[i][1], Comment)), None)
    if first is None:
        return []
    taken = [item for _, item in body[first:] if isinstance(item, Comment | Whitespace)]
    del body[first:]
    for item in taken:
        if isinstance(item, Comment):
            item.trivia.indent = ""  # it stood at the start of its line
    return taken


def _item(value: Any, key: str = "") -> Any:
    """A TOML value as a teacher would write it: a text of several lines as a multi-line
    string (a case's short input or output keeps its escapes: "1 2\\n")."""
    if isinstance(value, str):
        lines = value.count("\n")
        multiline = "\r" not in value and lines >= (3 if key == "case" else 1)
        return tomlkit.string(value, multiline=multiline)
    if isinstance(value, dict):
        inline = tomlkit.inline_table()
        inline.update({k: _item(v) for k, v in value.items()})
        return inline
    if isinstance(value, list) and key == "cases":
        cases = tomlkit.aot()
        for case in value:
            table = tomlkit.table()
            for name in ("input", "output", "hidden"):
                if name == "hidden" and not case.get("hidden"):
                    continue
                table[name] = _item(case.get(name, ""), "case")  # a new case's "" input
            table.indent(2)
            cases.append(table)
        return cases
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(_item(v) for v in value)
        if sum(len(str(v)) + 4 for v in value) > 70:
            array.multiline(True)
        return array
    return value


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
