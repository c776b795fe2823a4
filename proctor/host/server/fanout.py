"""Writing one push to many sockets at once, on the event loop's thread.

A start reaches every student in one push. Each frame goes out with one `writev` straight from
its shared parts (the room part and the status-and-policy part are encoded once for everyone,
so no policy is copied per student), and only to a socket whose transport has nothing
buffered: the bytes keep their order, and since aiohttp writes its own frames (pings, heartbeat
replies, close) from this same thread, a frame never lands inside another. Whatever the kernel
does not take, a partial frame or an error, is handed to the transport afterwards: it buffers
the rest, or closes the connection on the error, as it would for any write.

Frames are written around aiohttp only on connections that carry plain frames: no TLS (see
`direct_fd`) and no negotiated compression (`hub.Connection.raw`).

Measured again (benchmarks/README.md, "What changed in the host"): a helper thread that
wrote half of a large push while the loop waited bought nothing end to end, so it is gone;
the garbage collector paused around a start (`room.collector_paused`) does pay, so it stays;
the headless host's raised collection thresholds did not, so they are gone.
"""

from __future__ import annotations

import os
from asyncio import BaseTransport

Payload = tuple[bytes, ...]  # one text message as UTF-8 parts, shared between frames
Job = tuple[BaseTransport, int, Payload]

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


def write_direct(jobs: list[Job]) -> None:
    """Write each frame whole if the kernel takes it, the rest through its transport. Call
    from the event loop only, with every transport's buffer empty."""
    for transport, fd, payload in jobs:
        size = sum(map(len, payload))
        head = frame_header(size)
        try:
            sent = os.writev(fd, (head, *payload))
        except OSError:  # full (EAGAIN) or broken: the transport deals with it
            sent = 0
        if sent < len(head) + size:
            transport.write(b"".join((head, *payload))[sent:])  # type: ignore[attr-defined]
