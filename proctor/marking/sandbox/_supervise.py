"""Watching one running case: feed its stdin, read its stdout, stderr and result channel with
a cap on how much it may print, and kill it at the wall-clock deadline or on a flood.

Standard library only (used inside the sandbox's zygote and by the host-side fallback).
"""

from __future__ import annotations

import errno
import os
import selectors
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Pumped:
    stdout: bytes = b""
    stderr: bytes = b""
    result: bytes = b""
    timed_out: bool = False
    flooded: bool = False
    wall_s: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)


def pump(
    stdin_data: bytes | None,
    stdin_fd: int | None,
    out_fds: dict[str, int],
    output_cap: int,
    result_cap: int,
    wall_s: float,
    kill: Callable[[], None],
) -> Pumped:
    """Run until every output is closed (the case and all it started are gone) or the case
    is killed. stdout+stderr together may hold `output_cap` bytes; one byte more kills."""
    started = time.monotonic()
    deadline = started + wall_s
    got = Pumped()
    chunks: dict[str, list[bytes]] = {name: [] for name in out_fds}
    sizes = dict.fromkeys(out_fds, 0)
    sel = selectors.DefaultSelector()
    for name, fd in out_fds.items():
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ, name)
    pending = memoryview(stdin_data or b"")
    if stdin_fd is not None:
        if pending:
            os.set_blocking(stdin_fd, False)
            sel.register(stdin_fd, selectors.EVENT_WRITE, "stdin")
        else:
            os.close(stdin_fd)
            stdin_fd = None
    open_outputs = len(out_fds)
    killed = False
    while open_outputs:
        left = deadline - time.monotonic()
        if left <= 0:
            got.timed_out = True
            kill()
            killed = True
            break
        for key, _ in sel.select(timeout=min(left, 1.0)):
            name = key.data
            if name == "stdin":
                assert stdin_fd is not None
                try:
                    written = os.write(stdin_fd, pending[:65536])
                    pending = pending[written:]
                except OSError as exc:  # the case stopped reading
                    if exc.errno not in (errno.EPIPE, errno.EAGAIN):
                        raise
                    if exc.errno == errno.EPIPE:
                        pending = pending[:0]
                if not pending:
                    sel.unregister(stdin_fd)
                    os.close(stdin_fd)
                    stdin_fd = None
                continue
            try:
                data = os.read(key.fd, 65536)
            except BlockingIOError:
                continue
            if not data:
                sel.unregister(key.fd)
                open_outputs -= 1
                continue
            sizes[name] += len(data)
            chunks[name].append(data)
            cap = result_cap if name == "result" else output_cap
            used = (
                sizes[name] if name == "result" else sizes.get("stdout", 0) + sizes.get("stderr", 0)
            )
            if used > cap:
                got.flooded = True
                kill()
                killed = True
                break
        if killed:
            break
    if stdin_fd is not None:
        os.close(stdin_fd)
    for key in list(sel.get_map().values()):
        if key.data != "stdin":
            _drain(key.fd, chunks[key.data])
    sel.close()
    for fd in out_fds.values():
        os.close(fd)
    got.stdout = b"".join(chunks.get("stdout", []))[:output_cap]
    got.stderr = b"".join(chunks.get("stderr", []))[:output_cap]
    got.result = b"".join(chunks.get("result", []))[:result_cap]
    got.wall_s = time.monotonic() - started
    return got


def _drain(fd: int, into: list[bytes]) -> None:
    """Take what is already buffered after a kill, without waiting."""
    for _ in range(4):
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        into.append(data)
