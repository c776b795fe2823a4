"""The child process of Check (`proctor.student.check`): runs inside a throwaway folder with
the student's files, under CPU, memory and file-size limits it sets on itself first.

    harness examples LIMITS WORK EXAMPLES RESULTS   run the test_* functions of EXAMPLES
    harness run LIMITS WORK MAIN                     run MAIN as a program (a stdin case)

LIMITS is "cpu_s,memory_mb,file_mb". `examples` writes one JSON line per event to RESULTS:
{"load_error": text}, {"start": name}, then {"name", "passed", "expected", "actual",
"message"}; an `assert actual == expected` that fails reports both sides (reprs). Standard
library only: it runs before, and beside, whatever the student's code imports."""

from __future__ import annotations

import ast
import json
import os
import runpy
import sys
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_REPR_CHARS = 2000
_COMPARE = "__proctor_check_compare__"
_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}


class CheckFailure(AssertionError):
    """A rewritten `assert left OP right` that did not hold."""

    def __init__(self, text: str, expected: str, actual: str) -> None:
        super().__init__(text)
        self.expected = expected
        self.actual = actual


def set_limits(cpu_s: float, memory_mb: int, file_mb: int) -> None:
    """Limits on this process and its children, where the system has them (POSIX)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall-clock timeout still applies
        return
    wanted = [
        ("RLIMIT_CPU", int(cpu_s) + 1),
        ("RLIMIT_AS", memory_mb * 1024 * 1024),
        ("RLIMIT_FSIZE", file_mb * 1024 * 1024),
        ("RLIMIT_CORE", 0),
    ]
    for name, value in wanted:
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        try:
            _, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            pass  # a limit the system refuses: the timeout in the parent remains


def short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a broken __repr__ of the student's own class
        text = f"<repr failed: {type(exc).__name__}>"
    return text if len(text) <= MAX_REPR_CHARS else text[:MAX_REPR_CHARS] + "…"


def _compare(left: Any, op: str, right: Any, message: Any, text: str) -> None:
    """The check of a rewritten assert: both sides are shown when it fails."""
    checks: dict[str, Callable[[], object]] = {
        "==": lambda: left == right,
        "!=": lambda: left != right,
        "<": lambda: left < right,
        "<=": lambda: left <= right,
        ">": lambda: left > right,
        ">=": lambda: left >= right,
        "in": lambda: left in right,
        "not in": lambda: left not in right,
        "is": lambda: left is right,
        "is not": lambda: left is not right,
    }
    holds = checks[op]()
    if holds:
        return
    said = message() if message is not None else None
    detail = f"{text}\n{short_repr(left)} {op} {short_repr(right)} is false"
    if said is not None:
        detail += f"\n{said}"
    raise CheckFailure(detail, short_repr(right), short_repr(left))


class _AssertRewriter(ast.NodeTransformer):
    """`assert a OP b[, msg]` becomes a call that reports both sides when it fails."""

    def __init__(self, source: str) -> None:
        self.source = source

    def visit_Assert(self, node: ast.Assert) -> ast.AST:  # noqa: N802 (ast API)
        test = node.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
            return node
        op = _OPS.get(type(test.ops[0]))
        if op is None:
            return node
        text = f"line {node.lineno}: " + (ast.get_source_segment(self.source, node) or "assert")
        message: ast.expr = (
            ast.Lambda(
                args=ast.arguments(
                    posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]
                ),
                body=node.msg,
            )
            if node.msg is not None
            else ast.Constant(None)
        )
        call = ast.Call(
            func=ast.Name(_COMPARE, ast.Load()),
            args=[test.left, ast.Constant(op), test.comparators[0], message, ast.Constant(text)],
            keywords=[],
        )
        return ast.copy_location(ast.Expr(call), node)


def where(tb: types.TracebackType | None, folders: tuple[str, ...]) -> str:
    """The last frame in the student's or the examples' files: "word_counts.py line 8, in f"."""
    found = ""
    for frame in _frames_in(tb, folders):
        found = f"{os.path.basename(frame.filename)} line {frame.lineno}, in {frame.name}"
    return found


def _frames_in(
    tb: types.TracebackType | None, folders: tuple[str, ...]
) -> list[traceback.FrameSummary]:
    """The frames of files in `folders` (not the harness's, not runpy's)."""
    return [
        frame
        for frame in traceback.extract_tb(tb)
        if not frame.filename.startswith("<")
        and os.path.dirname(os.path.abspath(frame.filename)) in folders
    ]


def describe(exc: BaseException, folders: tuple[str, ...]) -> str:
    if isinstance(exc, CheckFailure):
        return str(exc)
    if isinstance(exc, SyntaxError) and exc.filename:
        name = os.path.basename(exc.filename)
        return f"SyntaxError in {name} line {exc.lineno}: {exc.msg}"
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    place = where(exc.__traceback__, folders)
    if isinstance(exc, AssertionError) and place:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return f"line {frame.lineno}: {frame.line}" + (f"\n{exc}" if str(exc) else "")
    return f"{text} ({place})" if place else text


def run_examples(work: Path, examples: Path, results: Path) -> int:
    folders = (str(work.resolve()), str(examples.parent.resolve()))
    with results.open("w", encoding="utf-8") as out:

        def emit(record: dict[str, Any]) -> None:
            out.write(json.dumps(record) + "\n")
            out.flush()

        source = examples.read_text(encoding="utf-8")
        try:
            tree = _AssertRewriter(source).visit(ast.parse(source, str(examples)))
            ast.fix_missing_locations(tree)
            code = compile(tree, str(examples), "exec")
            module = types.ModuleType(examples.stem)
            module.__file__ = str(examples)
            setattr(module, _COMPARE, _compare)
            sys.modules[examples.stem] = module
            exec(code, module.__dict__)
        except BaseException as exc:  # the student's module does not import, or the examples
            emit({"load_error": describe(exc, folders)})
            return 0
        names = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
        ]
        for name in names:
            emit({"start": name})
            record: dict[str, Any] = {"name": name, "passed": True}
            try:
                getattr(module, name)()
            except BaseException as exc:  # SystemExit and KeyboardInterrupt fail a test too
                record["passed"] = False
                record["message"] = describe(exc, folders)
                if isinstance(exc, CheckFailure) and "==" in str(exc).partition("\n")[0]:
                    record["expected"], record["actual"] = exc.expected, exc.actual
            emit(record)
    return 0


def run_program(work: Path, main: Path) -> int:
    sys.argv = [str(main)]
    try:
        runpy.run_path(str(main), run_name="__main__")
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except BaseException as exc:
        lines = ["Traceback (most recent call last):\n"]
        for frame in _frames_in(exc.__traceback__, (str(work.resolve()),)):
            lines.append(f'  File "{os.path.basename(frame.filename)}", line {frame.lineno}')
            lines.append(f", in {frame.name}\n" + (f"    {frame.line}\n" if frame.line else ""))
        lines += traceback.format_exception_only(type(exc), exc)
        sys.stderr.write("".join(lines))
        return 1
    return 0


def main(argv: list[str]) -> int:
    mode, limits, work = argv[0], argv[1], Path(argv[2])
    cpu_s, memory_mb, file_mb = limits.split(",")
    set_limits(float(cpu_s), int(memory_mb), int(file_mb))
    os.chdir(work)
    sys.path.insert(0, str(work))
    sys.dont_write_bytecode = True
    if mode == "examples":
        return run_examples(work, Path(argv[3]), Path(argv[4]))
    if mode == "run":
        return run_program(work, work / argv[3])
    print(f"unknown mode {mode!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
