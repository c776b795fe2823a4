"""`proctor` command line: with no arguments the landing window; otherwise a subcommand.

proctor                       landing window: "I am the proctor" / "I am a student"
proctor host [--headless] …   the room server (and dashboard unless --headless)
proctor student …             the student app
proctor export …              session_log.json, CSVs and submissions from a room's store
proctor paper check PATH      the problems a host would refuse a paper for, or its summary
proctor bench …               the load benchmark
proctor --version             the app's version and the protocol version it speaks
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def _host(argv: list[str]) -> int:
    if "--headless" in argv:
        from proctor.host.server.headless import main as headless_main

        return headless_main(argv)
    from proctor.host.dashboard.ui.app import main as dashboard_main

    return dashboard_main(argv)


def _student(argv: list[str]) -> int:
    from proctor.student.ui.app import main as student_main

    return student_main(argv)


def _export(argv: list[str]) -> int:
    from proctor.host.export import main as export_main

    return export_main(argv)


def _paper(argv: list[str]) -> int:
    from proctor.paper.check import main as paper_main

    return paper_main(argv)


def _bench(argv: list[str]) -> int:
    from proctor.bench.__main__ import main as bench_main

    return bench_main(argv)


def _landing(argv: list[str]) -> int:
    from proctor.landing import main as landing_main

    return landing_main(argv)


def _run_python(argv: list[str]) -> int:
    """Run a student's Python file (the exam's Run button) with this interpreter. Needed in
    the packaged build, where sys.executable is `proctor` itself."""
    import runpy
    from pathlib import Path

    if not argv:
        print("usage: proctor run-python FILE [ARGS...]", file=sys.stderr)
        return 2
    sys.argv = list(argv)
    sys.path.insert(0, str(Path(argv[0]).resolve().parent))
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    return 0


def _sandbox_python(argv: list[str]) -> int:
    """Hidden: run a marking sandbox's harness script (`_zygote.py`, `_single.py`) in this
    interpreter, as `python -I -S SCRIPT` does. The packaged build's way to a Python: its
    `sys.executable` is `proctor` itself. The script sees the bundle's own library path
    (and adds its folder itself), never the caller's environment."""
    import builtins
    import importlib
    import os
    import runpy

    from proctor.marking.sandbox.host import frozen_library

    if len(argv) != 1 or not argv[0].endswith(".py"):
        print("usage: proctor _sandbox-python SCRIPT.py", file=sys.stderr)
        return 2
    # The bundle's shiboken replaces `__import__` with one that reads the caller's frame,
    # which the sandbox refuses: a case imports through the standard library's own.
    if getattr(builtins.__import__, "__name__", "") != "__import__":
        builtins.__import__ = importlib.__import__
    script = os.path.abspath(argv[0])
    sys.argv = [script]
    sys.path[:] = [p for p in sys.path if p] + [p for p in frozen_library() if p not in sys.path]
    runpy.run_path(script, run_name="__main__")
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "host": _host,
    "student": _student,
    "export": _export,
    "paper": _paper,
    "bench": _bench,
    "run-python": _run_python,
    "_sandbox-python": _sandbox_python,  # hidden: the marking sandbox in a packaged build
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if args and args[0] in ("-V", "--version"):
        from proctor import __version__
        from proctor.common.protocol import PROTOCOL_VERSION

        print(f"proctor {__version__} (protocol {PROTOCOL_VERSION})")
        return 0
    if not args:
        return _landing([])
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"proctor: unknown command {args[0]!r}\n{__doc__}", file=sys.stderr)
        return 2
    return command(args[1:])
