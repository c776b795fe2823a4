"""Hidden tests without pytest: find the `test_*` functions of a test file, rewrite its plain
`assert` statements so that a failure reports the expression and its values (as pytest
does), and describe any other exception by type, message and the line it came from.

Standard library only (loaded into the sandbox's isolated interpreter).
"""

from __future__ import annotations

import ast
import builtins
import errno
from collections.abc import Callable
from typing import Any

MAX_REPR = 300
MAX_MESSAGE = 2000

_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}


class TestAssertion(AssertionError):
    """A rewritten assert failed; args[0] is the ready message."""


def test_names(source: str, filename: str) -> list[str]:
    """The module-level `def test_*` functions, in file order (raises SyntaxError)."""
    tree = ast.parse(source, filename)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    ]


class _AssertRewriter(ast.NodeTransformer):
    def __init__(self, source: str) -> None:
        self.source = source

    def visit_Assert(self, node: ast.Assert) -> Any:
        text = ast.get_source_segment(self.source, node) or "assert ..."
        text = text.strip().splitlines()[0] if text.strip() else "assert ..."
        msg: ast.expr = node.msg if node.msg is not None else ast.Constant(None)
        msg_fn = ast.Lambda(
            args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=msg,
        )
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPS:
            left = ast.Name("_proctor_left", ast.Store())
            right = ast.Name("_proctor_right", ast.Store())
            assign = [
                ast.Assign([left], test.left),
                ast.Assign([right], test.comparators[0]),
            ]
            check: ast.expr = ast.Compare(
                ast.Name("_proctor_left", ast.Load()),
                test.ops,
                [ast.Name("_proctor_right", ast.Load())],
            )
            values = [
                ast.Constant(_OPS[type(test.ops[0])]),
                ast.Name("_proctor_left", ast.Load()),
                ast.Name("_proctor_right", ast.Load()),
            ]
        else:
            assign = [ast.Assign([ast.Name("_proctor_value", ast.Store())], test)]
            check = ast.Name("_proctor_value", ast.Load())
            values = [ast.Constant(None), ast.Name("_proctor_value", ast.Load())]
        fail = ast.Expr(
            ast.Call(
                ast.Name("_proctor_assert_failed", ast.Load()),
                [ast.Constant(node.lineno), ast.Constant(text), msg_fn, *values],
                [],
            )
        )
        new = [*assign, ast.If(ast.UnaryOp(ast.Not(), check), [fail], [])]
        for stmt in new:
            ast.copy_location(stmt, node)
        return new


def _safe_repr(value: Any, repr_: Callable[[Any], str]) -> str:
    try:
        text = repr_(value)
    except BaseException as exc:  # a student's __repr__ may raise anything
        text = f"<unprintable {type(exc).__name__}>"
    if not isinstance(text, str):
        text = "<unprintable>"
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 3] + "..."


def make_assert_failed(filename: str) -> Callable[..., None]:
    repr_ = builtins.repr
    str_ = builtins.str

    def assert_failed(lineno: int, text: str, msg_fn: Callable[[], Any], *values: Any) -> None:
        lines = [f"{filename} line {lineno}: {text}"]
        if values and values[0] is not None and len(values) == 3:
            op, left, right = values
            lines.append(f"  {_safe_repr(left, repr_)} {op} {_safe_repr(right, repr_)} is false")
        elif len(values) == 2:
            lines.append(f"  the value was {_safe_repr(values[1], repr_)}")
        try:
            note = msg_fn()
        except BaseException as exc:
            note = f"(the assertion message raised {type(exc).__name__})"
        if note is not None:
            try:
                lines.append("  " + str_(note))
            except BaseException:
                lines.append("  <unprintable message>")
        raise TestAssertion("\n".join(lines)[:MAX_MESSAGE])

    return assert_failed


def compile_tests(source: str, filename: str) -> Any:
    """The test file's code object, its asserts rewritten."""
    tree = ast.parse(source, filename)
    tree = ast.fix_missing_locations(_AssertRewriter(source).visit(tree))
    return compile(tree, filename, "exec", dont_inherit=True)


def describe_exception(
    exc: BaseException,
    frames: list[tuple[str, int, str]],
    case_dir: str,
    memory_mb: int,
    fsize_mb: int = 16,
) -> str:
    """A one-paragraph message for an exception that is not a rewritten assert. `frames` are
    (filename, line, function) from the traceback, innermost last."""
    if isinstance(exc, TestAssertion):
        return str(exc.args[0]) if exc.args else "assertion failed"
    if isinstance(exc, MemoryError):
        return f"MemoryError: the memory limit ({memory_mb} MB) was reached"
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return f"wrote a file larger than {fsize_mb} MB: stopped"
    try:
        text = str(exc)
    except BaseException:
        text = "<unprintable>"
    head = type(exc).__name__ + (": " + text if text else "")
    where = [f"{name} line {line} in {func}" for name, line, func in frames[-3:]]
    if where:
        head += "\n  at " + "\n  at ".join(where)
    return head[:MAX_MESSAGE].replace(case_dir + "/", "")
