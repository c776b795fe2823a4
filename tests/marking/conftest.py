"""Shared fixtures for the marking tests: a real sandbox zygote in a folder the case uid can
reach (pytest's own temp folders are private to root)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from proctor.marking.sandbox import Sandbox
from tests.helpers.sandbox import make_sandbox


@pytest.fixture(scope="module")
def work_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="proctor-marking-test-"))
    os.chmod(path, 0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def sandbox(work_dir: Path) -> Iterator[Sandbox]:
    box = make_sandbox(work_dir, 0)
    yield box
    box.stop()


@pytest.fixture(scope="module")
def bare_sandbox(work_dir: Path) -> Iterator[Sandbox]:
    """The OS layers alone: no Python audit hook."""
    box = make_sandbox(work_dir, 1, audit=False)
    yield box
    box.stop()
