"""Shared test setup: Qt runs offscreen in-process; end-to-end tests start their own processes.

Markers come from where a test lives and what it uses: everything under tests/e2e/ is `e2e`;
a test using Qt (the `qtbot`/`qapp` fixtures, or anything under a `ui/` folder) is `gui`.
A test fails when anything in this process logs an error it did not ask to see: take the
`caplog` fixture to look at expected errors, or mark the test `logs_errors`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "*.debug=false;qt.qpa.*=false")

TESTS = Path(__file__).resolve().parent
QT_FIXTURES = frozenset({"qtbot", "qapp"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "logs_errors: the test expects errors to be logged")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.path)).resolve().relative_to(TESTS).parts
        if parts[0] == "e2e":
            item.add_marker(pytest.mark.e2e)
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & QT_FIXTURES or "ui" in parts[:-1]:
            item.add_marker(pytest.mark.gui)


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_logged_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    handler = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    expected = "caplog" in request.fixturenames or request.node.get_closest_marker("logs_errors")
    if handler.records and not expected:
        lines = "\n".join(f"  {r.name}: {r.getMessage()}" for r in handler.records[:10])
        pytest.fail(f"errors were logged during the test:\n{lines}", pytrace=False)
