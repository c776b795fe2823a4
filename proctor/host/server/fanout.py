"""Writing one push to many sockets at once.

A start reaches every student in one push, and each frame costs one `send` of about 15-20 µs in
the kernel, most of it with the GIL released. So a large batch is split: the event loop's thread
writes one half and a helper thread the other, while the loop waits for both. Nothing else runs
on the loop meanwhile, so no other write can land between a frame's bytes.

Each frame goes out with `writev` from its shared parts (no copy of the policy per student), and
only to a socket whose transport has nothing buffered, so the bytes keep their order. Whatever
the kernel does not take, a partial frame or an error, is handed to the transport afterwards:
it buffers the rest, or closes the connection on the error, as it would for any write.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from asyncio import BaseTransport

log = logging.getLogger(__name__)

Payload = tuple[bytes, ...]  # one text message as UTF-8 parts, shared between frames
Job = tuple[BaseTransport, int, Payload]
Leftover = tuple[BaseTransport, bytes]

# Below this many frames a helper thread costs more than it saves.
PARALLEL_MIN_FRAMES = 64
CAN_WRITE_DIRECT = hasattr(os, "writev")


def frame_header(size: int) -> bytes:
    """The head of an unmasked WebSocket text frame (RFC 6455 5.2), as a server sends it."""
    if size < 126:
        return bytes((0x81, size))
    if size < 65536:
        return bytes((0x81, 126)) + size.to_bytes(2, "big")
    return bytes((0x81, 127)) + size.to_bytes(8, "big")


def frame_bytes(payload: Payload) -> bytes:
    return b"".join((frame_header(sum(map(len, payload))), *payload))


def direct_fd(transport: BaseTransport) -> int | None:
    """The socket's descriptor if frames may be written to it directly: plain TCP only."""
    if not CAN_WRITE_DIRECT or transport.get_extra_info("sslcontext") is not None:
        return None
    sock = transport.get_extra_info("socket")
    return None if sock is None else int(sock.fileno())


def _write_all(jobs: list[Job]) -> list[Leftover]:
    """Write each frame whole if the kernel takes it; return what it did not take."""
    left: list[Leftover] = []
    for transport, fd, payload in jobs:
        size = sum(map(len, payload))
        head = frame_header(size)
        try:
            sent = os.writev(fd, (head, *payload))
        except OSError:  # full (EAGAIN) or broken: the transport deals with it
            sent = 0
        if sent < len(head) + size:
            left.append((transport, b"".join((head, *payload))[sent:]))
    return left


class FanoutWriter:
    """Writes batches of frames from the loop's thread and one helper thread together."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[list[Job], list[Leftover], threading.Event] | None]
        self._jobs = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def write(self, jobs: list[Job]) -> None:
        """Call from the event loop only; every transport must have nothing buffered."""
        if len(jobs) < PARALLEL_MIN_FRAMES:
            left = _write_all(jobs)
        else:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="fanout", daemon=True)
                self._thread.start()
            middle = len(jobs) // 2
            theirs: list[Leftover] = []
            done = threading.Event()
            self._jobs.put((jobs[middle:], theirs, done))
            left = _write_all(jobs[:middle])
            done.wait()
            left.extend(theirs)
        for transport, rest in left:
            transport.write(rest)  # type: ignore[attr-defined]

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            batch, out, done = job
            try:
                out.extend(_write_all(batch))
            except Exception:  # a bug; the thread must live on, or the next batch would wait
                log.exception("fan-out writer failed")
            finally:
                done.set()

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=5)
            self._thread = None
