"""One Python case in a process of its own, for systems without fork (Windows) or when the
spawn mode is chosen: `python -I -S _single.py`. Reads a length-prefixed JSON payload from
stdin (the rest of stdin is the case's input), applies what limits this OS lets a process
set on itself, and runs the case with the audit hook; the result channel is stderr (lines
carrying the job's nonce), since there is no inherited fd 3 here.

Standard library only (runs in an isolated interpreter).
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import TYPE_CHECKING

BASE_PATH = list(sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if TYPE_CHECKING:  # run as a script beside these modules; type-checked as the package's
    from proctor.marking.sandbox import _confine as confine
    from proctor.marking.sandbox._case import _run_python, precompile
else:
    import _confine as confine
    from _case import _run_python, precompile

PRELOAD = ["collections", "functools", "itertools", "math", "re", "typing", "dataclasses"]


def _read_exact(size: int) -> bytes:
    parts, left = [], size
    while left:
        chunk = os.read(0, left)
        if not chunk:
            raise EOFError("payload cut short")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def main() -> None:
    (size,) = struct.unpack("!I", _read_exact(4))
    message = json.loads(_read_exact(size))
    job, case, conf = message["job"], message["case"], message["conf"]
    conf["stdlib_path"] = BASE_PATH
    for name in PRELOAD:
        __import__(name)
    limits = case.get("limits") or job["limits"]
    if os.name == "posix":
        confine.apply_limits(
            limits["cpu_s"], limits["memory_mb"], limits["fsize_mb"], limits.get("nproc"), 64
        )
    job["compiled"] = precompile(job)
    case_dir = os.getcwd()
    _run_python(job, case, conf, case_dir, limits, job["nonce"], os.write, os._exit, result_fd=2)


if __name__ == "__main__":
    main()
