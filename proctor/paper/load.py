"""Loading a paper folder. With `paper.toml`: the questions, their banks and files, every
problem found listed by file and line (`PaperError`), never a half-loaded paper. Without it:
as before questions existed, `instructions.md` and every starter file in the folder."""

from __future__ import annotations

import ast
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from proctor.common.paths import assets_dir
from proctor.common.protocol import MAX_FILE_NAME_CHARS, is_file_name
from proctor.paper.exam import ExamPaper, LoadedQuestion
from proctor.paper.locate import TomlLocator
from proctor.paper.model import (
    PYTHON_RUNNER,
    BankFile,
    CodeQuestion,
    PaperFile,
    Pool,
    QuestionSpec,
)
from proctor.paper.problems import PaperError, Problem, describe_errors
from proctor.paper.rules import (
    HANDIN_BUDGET_BYTES,
    Entry,
    Report,
    TomlSource,
    check_handin_fits,
    check_ids,
    check_pools,
    check_question,
    check_runners,
    check_starter_names,
    files_bytes,
)
from proctor.paper.sources import MAX_TEXT_FILE_BYTES, MAX_TOML_BYTES, PaperFolder, ReadError

PAPER_TOML = "paper.toml"
INSTRUCTIONS_MD = "instructions.md"
PLAIN_MAX_FILE_BYTES = MAX_TEXT_FILE_BYTES
PLAIN_MAX_FILES = 20
_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")

_QUESTION = TypeAdapter[QuestionSpec](QuestionSpec)


def default_paper_dir() -> Path:
    return assets_dir() / "sample_paper"


def load_paper(folder: Path | None = None, overrides: Mapping[str, str] | None = None) -> ExamPaper:
    """The paper in `folder` (the sample paper when None). `overrides` maps relative paths
    ("paper.toml", "bank/dsa.toml") to texts used instead of the files: the editor checks
    what it is about to save. Raises PaperError with every problem found."""
    folder = folder or default_paper_dir()
    if not folder.is_dir():
        raise PaperError([Problem(str(folder), None, "the paper folder does not exist")])
    files = PaperFolder(folder, overrides)
    if not files.exists(PAPER_TOML):
        return _load_plain(folder)
    return _Loader(files, folder.name).load()


class _Loader:
    def __init__(self, files: PaperFolder, folder_name: str) -> None:
        self.files = files
        self.folder_name = folder_name
        self.report = Report()
        self.raw_questions: list[Any] = []  # every [[questions]] item, valid or not
        self.bank_files: list[str] = []

    def load(self) -> ExamPaper:
        paper = self._parse(PAPER_TOML)
        if paper is None:
            raise PaperError(self.report.problems)
        settings, entries, pools = self._validate_paper(paper)
        for bank in self._banks(paper, settings.include):
            entries += self._validate_bank(bank)
        runners = {"python": PYTHON_RUNNER, **settings.runners}
        check_runners(self.report, paper, settings.runners)
        for entry in entries:
            check_question(self.report, entry, runners)
        check_ids(self.report, entries)
        check_pools(self.report, paper, pools, _pool_ids(paper), entries, self._pool_sizes())
        check_starter_names(self.report, entries)
        questions = [self._resolve(entry) for entry in entries]
        self._check_example_names(entries, questions)
        starters = {q.id: q.starter for q in questions}
        check_handin_fits(self.report, paper, entries, starters, pools)
        if not self.raw_questions and not self.report.problems:
            message = "there are no questions (a paper without questions needs no paper.toml)"
            self.report.file(PAPER_TOML, message)
        instructions = self._instructions(paper, settings.instructions)
        if self.report.problems:
            raise PaperError(self._in_order(self.report.problems))
        return ExamPaper(
            title=settings.title or _heading(instructions) or _folder_title(self.folder_name),
            instructions=instructions,
            questions=questions,
            pools=pools,
            runners=runners,
            shuffle_questions=settings.shuffle_questions,
            shuffle_options=settings.shuffle_options,
            feedback=settings.feedback,
            pass_percent=settings.pass_percent,
        )

    def _in_order(self, problems: list[Problem]) -> list[Problem]:
        """By file (paper.toml, then the banks as included, then others) and line."""
        order = {PAPER_TOML: 0, **{rel: i + 1 for i, rel in enumerate(self.bank_files)}}
        return sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line or 0))

    # -- TOML files ----------------------------------------------------------------------

    def _parse(self, rel: str) -> TomlSource | None:
        try:
            text = self.files.read(rel, MAX_TOML_BYTES)
        except ReadError as exc:
            self.report.file(rel, str(exc))
            return None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            found = _TOML_AT.search(message)
            line = int(found.group(1)) if found and found.group(1) else text.count("\n") + 1
            reason = _TOML_AT.sub("", message)
            self.report.file(rel, f"not valid TOML: {reason}", line)
            return None
        return TomlSource(rel, text, data, TomlLocator(text))

    def _errors(self, source: TomlSource, model: type[PaperFile] | type[BankFile]) -> set[Any]:
        """Report every field error of the file; return the top-level keys and the
        (list, index) items that failed."""
        try:
            model.model_validate(source.data)
            return set()
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        failed: set[Any] = set()
        for path, message in describe_errors(errors, source.data):
            if model is BankFile and len(path) == 1 and path[0] != "questions":
                message += " (a question bank file holds [[questions]] only)"
            self.report.at(source, path, message)
        for error in errors:
            loc = error.get("loc", ())
            failed.add(loc[0] if loc else None)
            if len(loc) >= 2 and isinstance(loc[1], int):
                failed.add((loc[0], loc[1]))
        return failed

    def _validate_paper(self, source: TomlSource) -> tuple[PaperFile, list[Entry], list[Pool]]:
        failed = self._errors(source, PaperFile)
        data = source.data
        rest = {
            k: v for k, v in data.items() if k not in failed and k not in ("questions", "pools")
        }
        settings = PaperFile.model_validate(rest)
        pools = [
            Pool.model_validate(item)
            for index, item in enumerate(_items(data, "pools"))
            if ("pools", index) not in failed
        ]
        return settings, self._entries(source, failed), pools

    def _validate_bank(self, source: TomlSource) -> list[Entry]:
        return self._entries(source, self._errors(source, BankFile))

    def _entries(self, source: TomlSource, failed: set[Any]) -> list[Entry]:
        items = _items(source.data, "questions")
        self.raw_questions += items
        return [
            Entry(source, index, _QUESTION.validate_python(item))
            for index, item in enumerate(items)
            if ("questions", index) not in failed
        ]

    def _pool_sizes(self) -> Counter[str]:
        """How many questions name each pool, counting those with problems of their own."""
        return Counter(
            item["pool"]
            for item in self.raw_questions
            if isinstance(item, dict) and isinstance(item.get("pool"), str)
        )

    def _banks(self, paper: TomlSource, include: list[str]) -> list[TomlSource]:
        banks: list[TomlSource] = []
        seen = {PAPER_TOML}
        for index, pattern in enumerate(include):
            matches = [m for m in self.files.glob(pattern) if m.endswith(".toml")]
            if not matches:
                self.report.at(
                    paper, ("include", index), f'include "{pattern}" matches no .toml file'
                )
            for rel in matches:
                if rel in seen:
                    continue
                seen.add(rel)
                self.bank_files.append(rel)
                bank = self._parse(rel)
                if bank is not None:
                    banks.append(bank)
        return banks

    # -- files a question names ----------------------------------------------------------

    def _read(self, entry: Entry, path: tuple[str | int, ...], field: str, rel: str) -> str | None:
        try:
            return self.files.read(entry.source.resolve(rel))
        except ReadError as exc:
            self.report.question(entry, path, f'{field} "{rel}" {exc}')
            return None

    def _resolve(self, entry: Entry) -> LoadedQuestion:
        spec = entry.spec
        text = spec.text or ""
        if spec.text_file is not None:
            text = self._read(entry, ("text_file",), "text_file", spec.text_file) or ""
        question = LoadedQuestion(spec=spec, text=text, source=entry.source.rel)
        if isinstance(spec, CodeQuestion):
            for k, name in enumerate(spec.files):
                content = self._read(entry, ("files", k), "file", name)
                question.starter[name] = content or ""
            if spec.tests is not None:
                question.tests = self._read(entry, ("tests",), "tests", spec.tests)
                question.tests_name = PurePosixPath(spec.tests).name
                self._check_python(entry, spec, "tests", question.tests)
            if spec.examples is not None:
                examples = self._read(entry, ("examples",), "examples", spec.examples)
                question.examples = {PurePosixPath(spec.examples).name: examples or ""}
                self._check_python(entry, spec, "examples", examples)
        return question

    def _check_python(self, entry: Entry, spec: CodeQuestion, field: str, text: str | None) -> None:
        """Python tests and examples must parse and hold test_* functions."""
        if text is None or spec.language != "python":
            return
        rel = getattr(spec, field)
        try:
            tree = ast.parse(text)
        except SyntaxError as exc:
            message = f'{field} "{rel}" line {exc.lineno}: {exc.msg}'
            self.report.question(entry, (field,), message)
            return
        names = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
        ]
        if not names:
            self.report.question(entry, (field,), f'{field} "{rel}" has no test_* function')

    def _check_example_names(self, entries: list[Entry], questions: list[LoadedQuestion]) -> None:
        starter_names = {name for q in questions for name in q.starter}
        for entry, question in zip(entries, questions, strict=True):
            for name in question.examples or {}:
                if name in starter_names:
                    message = f'examples "{name}" has the name of a starter file'
                    self.report.question(entry, ("examples",), message)

    def _instructions(self, paper: TomlSource, name: str | None) -> str:
        if name is None:
            if not self.files.exists(INSTRUCTIONS_MD):
                return ""
            name = INSTRUCTIONS_MD
        try:
            return self.files.read(name)
        except ReadError as exc:
            self.report.at(paper, ("instructions",), f'instructions "{name}" {exc}')
            return ""


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    return value if isinstance(value, list) else []


def _pool_ids(paper: TomlSource) -> set[str]:
    """Every pool id written, also of a pool with problems of its own."""
    return {
        item["id"]
        for item in _items(paper.data, "pools")
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _heading(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
    return None


def _folder_title(name: str) -> str:
    return name.replace("_", " ").title()


# -- a paper without paper.toml, as before ------------------------------------------------


def _load_plain(folder: Path) -> ExamPaper:
    """Title, Markdown instructions and starter files. Non-UTF-8 text is decoded with
    replacement characters (and said so in the warnings); a file that could not be handed
    back is skipped with a warning: one too large, binary, or whose name the protocol's
    `FileName` refuses, and any beyond the room a hand-in leaves (`HANDIN_BUDGET_BYTES`)."""
    warnings: list[str] = []
    instructions = ""
    instructions_path = folder / INSTRUCTIONS_MD
    if instructions_path.is_file():
        instructions = _read_lenient(instructions_path, warnings)
    else:
        warnings.append("instructions.md is missing; students see no instructions")
    files: dict[str, str] = {}
    size = 0  # what the files take of a hand-in body
    for path in sorted(folder.iterdir()):
        if path.name == INSTRUCTIONS_MD or path.name.startswith(".") or not path.is_file():
            continue
        if not is_file_name(path.name):
            warnings.append(
                f"{path.name}: skipped (a file name is letters, digits, _ - and single dots, "
                f"at most {MAX_FILE_NAME_CHARS} characters)"
            )
            continue
        if path.stat().st_size > PLAIN_MAX_FILE_BYTES:
            warnings.append(
                f"{path.name}: skipped (larger than {PLAIN_MAX_FILE_BYTES // 1024} KiB)"
            )
            continue
        if b"\0" in path.read_bytes()[:4096]:
            warnings.append(f"{path.name}: skipped (not a text file)")
            continue
        if len(files) >= PLAIN_MAX_FILES:
            warnings.append(f"{path.name}: skipped (at most {PLAIN_MAX_FILES} files)")
            continue
        text = _read_lenient(path, warnings)
        grown = size + files_bytes({path.name: text})
        if grown > HANDIN_BUDGET_BYTES:
            warnings.append(
                f"{path.name}: skipped (the starter files would take more than "
                f"{HANDIN_BUDGET_BYTES // 1024} KiB of a hand-in)"
            )
            continue
        files[path.name], size = text, grown
    title = _heading(instructions) or _folder_title(folder.name)
    return ExamPaper(title=title, instructions=instructions, files=files, warnings=warnings)


def _read_lenient(path: Path, warnings: list[str]) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(f"{path.name}: not UTF-8; undecodable bytes were replaced")
        return raw.decode("utf-8", errors="replace")
