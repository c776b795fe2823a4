"""One error vocabulary: every code the room server can answer is an `ErrorCode`, and every
refusal is a `ProctorError` with the protocol's two fields."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from proctor.common.errors import ErrorCode, ProctorError
from proctor.host.dashboard.admin_client import AdminApiError
from proctor.host.server import plumbing, refusals
from proctor.host.server.refusals import ApiError, EngineError, Refusal
from tests.helpers.api import Api
from tests.helpers.constants import ROOT

SERVER = ROOT / "proctor" / "host" / "server"
# What builds an error answer, and the position of its code among the arguments.
REFUSERS = {"EngineError": 1, "ApiError": 1, "Refusal": 1, "raw_error": 2, "error_body": 0}


def refusal_codes(path: Path) -> list[tuple[int, ast.expr]]:
    """(line, the code argument) of every refusal built in the module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name not in REFUSERS:
            continue
        position = REFUSERS[name]
        args = [a for a in node.args if not isinstance(a, ast.Starred)]
        if any(isinstance(a, ast.Starred) for a in node.args[: position + 1]):
            continue  # a table's entry: checked below
        code = next((k.value for k in node.keywords if k.arg == "code"), None)
        if code is None and len(args) > position:
            code = args[position]
        if code is not None:
            found.append((node.lineno, code))
    return found


def test_every_code_the_server_builds_is_an_error_code() -> None:
    seen = 0
    for path in sorted(SERVER.glob("*.py")):
        for line, code in refusal_codes(path):
            where = f"{path.name}:{line}"
            if (isinstance(code, ast.Name) and code.id == "code") or (
                isinstance(code, ast.Attribute) and code.attr == "code"
            ):
                continue  # passed on from a parameter or a refusal's field, typed ErrorCode
            assert isinstance(code, ast.Attribute), where
            assert isinstance(code.value, ast.Name) and code.value.id == "ErrorCode", where
            assert code.attr in ErrorCode.__members__, where
            seen += 1
    assert seen >= 30  # the scan found the refusals (40 when written)


def test_the_codes_of_the_tables_are_error_codes_too() -> None:
    for code, _message in plumbing._HTTP_CODES.values():
        assert isinstance(code, ErrorCode)
    for code, _message in refusals._ROOM_REFUSALS.values():
        assert isinstance(code, ErrorCode)


def test_no_code_is_spelled_as_a_bare_string_in_the_server() -> None:
    """A code written as a string literal next to a refusal would slip past the enum."""
    values = {code.value for code in ErrorCode}
    # Words that are also something else: a student status, an incident kind.
    allowed = {"kicked", "seat_moved"}
    for path in sorted(SERVER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in values - allowed, f"{path.name}:{node.lineno}"


def test_the_protocol_names_only_known_codes() -> None:
    text = (ROOT / "docs" / "PROTOCOL.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b\d{3} `([a-z_]+)`", text))
    assert named and named <= {code.value for code in ErrorCode}, named - set(ErrorCode)


def test_every_refusal_is_a_proctor_error_with_a_status() -> None:
    for error in (
        EngineError(409, ErrorCode.WRONG_STATE, "No."),
        ApiError(429, ErrorCode.TOO_MANY_ATTEMPTS, "Wait.", {"Retry-After": "5"}),
        refusals.kicked(),
        refusals.too_many_attempts("Wait a minute.", 7),
        AdminApiError(403, ErrorCode.BAD_ADMIN_KEY, "The admin key is wrong."),
    ):
        assert isinstance(error, ProctorError) and error.status >= 400
        assert str(error) == error.message
    assert refusals.too_many_attempts("Wait.", 7).headers == {"Retry-After": "7"}
    assert issubclass(EngineError, Refusal) and issubclass(ApiError, Refusal)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "state", 401, ErrorCode.MISSING_TOKEN),
        ("GET", "/api/v1/rooms/ZZZZZZ/state", 404, ErrorCode.UNKNOWN_ROOM),
        ("DELETE", "join", 405, ErrorCode.METHOD_NOT_ALLOWED),
        ("GET", "/nowhere", 404, ErrorCode.NOT_FOUND),
    ],
)
async def test_answers_carry_the_enums_values(
    api: Api, method: str, path: str, status: int, code: ErrorCode
) -> None:
    await api.fail(method, path, status, code.value)
