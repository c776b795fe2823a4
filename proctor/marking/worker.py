"""A marking worker process (started by the pool with the spawn method): lowers its own
priority, keeps one sandbox zygote, and marks the jobs it is sent one at a time."""

from __future__ import annotations

import os
import signal
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from proctor.marking.results import QuestionResult
from proctor.marking.sandbox.host import SandboxSettings, open_sandbox


def lower_priority(nice: int) -> None:
    if nice <= 0:
        return
    if sys.platform == "win32":
        import psutil

        psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
    else:
        os.nice(nice)


def worker_main(
    conn: Connection, slot: int, settings: SandboxSettings, nice: int, work_dir: str
) -> None:
    from proctor.marking.engine import mark_question

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl+C and stops us
    lower_priority(nice)
    sandbox = open_sandbox(Path(work_dir), slot, settings)
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return  # the pool is gone
            if message[0] == "stop":
                return
            _, job_id, spec, answer, files = message
            try:
                result = mark_question(spec, answer, files, sandbox)
            except Exception as exc:  # a bug in marking must not take the worker down
                result = QuestionResult(
                    0.0, getattr(spec, "points", 0.0), "error", message=f"marking failed: {exc!r}"
                )
            try:
                conn.send(("done", job_id, result))
            except (OSError, ValueError):
                return
    finally:
        sandbox.stop()
