"""A real marking sandbox zygote for tests."""

from __future__ import annotations

from pathlib import Path

from proctor.marking.sandbox import Sandbox, SandboxSettings


def make_sandbox(work_dir: Path, slot: int, **settings: object) -> Sandbox:
    sandbox = Sandbox(work_dir, slot, SandboxSettings(**settings))  # type: ignore[arg-type]
    sandbox.start()
    return sandbox
