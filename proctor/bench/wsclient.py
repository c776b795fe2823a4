"""A lean WebSocket client (RFC 6455) for the simulated students' streams.

Thousands of streams live in one load-generator process, and what that process spends per
frame would otherwise add onto the latencies it measures. So each stream reads its socket
directly and asks the kernel for the time each chunk of bytes arrived (SO_TIMESTAMPNS): the
moment a frame reached the "student's machine", independent of when this busy process got round
to it. The time it was read here is kept too. It does only what the room stream needs: text
frames, ping/pong and close.

Given the host's fingerprint, it speaks TLS over memory buffers (`ssl.SSLObject`): the socket
is still read here, so the kernel's arrival times stay those of the bytes on the wire, and the
certificate is checked against the pin right after the handshake, before anything is sent.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import socket
import ssl
import struct
import sys
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from proctor.common.tls import (
    CERTIFICATE_CHANGED,
    PinMismatch,
    fingerprint_of_der,
    handshake_only_context,
    normalize_fingerprint,
)

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
# Linux: SO_TIMESTAMPNS (= SCM_TIMESTAMPNS), a struct timespec on CLOCK_REALTIME per read.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
TIMESPEC = struct.Struct("qq")
READ_SIZE = 256 * 1024

# on_text(text, arrived, read): `arrived` is the kernel's receive time (time.time() clock)
# or None where the platform gives none; `read` is when this process read the bytes.
TextHandler = Callable[[str, float | None, float], None]


class HandshakeError(ConnectionError):
    pass


def _mask(payload: bytes, key: bytes) -> bytes:
    n = len(payload)
    if n == 0:
        return payload
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


def encode_frame(opcode: int, payload: bytes) -> bytes:
    """A client frame: FIN set, masked as the RFC requires of clients."""
    n = len(payload)
    if n < 126:
        header = bytes([0x80 | opcode, 0x80 | n])
    elif n < 65536:
        header = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
    key = os.urandom(4)
    return header + key + _mask(payload, key)


class TlsLayer:
    """TLS for a socket this process reads itself: bytes in, bytes out, via memory buffers."""

    def __init__(self) -> None:
        self.incoming = ssl.MemoryBIO()
        self.outgoing = ssl.MemoryBIO()
        self.tls = handshake_only_context().wrap_bio(self.incoming, self.outgoing)

    async def handshake(self, sock: socket.socket, fingerprint: str) -> None:
        """Complete the handshake on `sock`, then check the certificate: PinMismatch."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                pending = self.outgoing.read()
                if pending:
                    await loop.sock_sendall(sock, pending)
                data = await loop.sock_recv(sock, READ_SIZE)
                if not data:
                    raise HandshakeError("connection closed during the TLS handshake") from None
                self.incoming.write(data)
        pending = self.outgoing.read()
        if pending:
            await loop.sock_sendall(sock, pending)
        der = self.tls.getpeercert(binary_form=True)
        found = fingerprint_of_der(der) if der else ""
        if found != normalize_fingerprint(fingerprint):
            raise PinMismatch(CERTIFICATE_CHANGED, found)

    def decrypt(self, data: bytes) -> tuple[bytes, bool]:
        """The application bytes in `data` (and True once the host closed the TLS layer)."""
        self.incoming.write(data)
        plain = bytearray()
        while True:
            try:
                chunk = self.tls.read(READ_SIZE)
            except ssl.SSLWantReadError:
                return bytes(plain), False
            except (ssl.SSLZeroReturnError, ssl.SSLError):
                return bytes(plain), True
            if not chunk:
                return bytes(plain), True
            plain += chunk

    def encrypt(self, data: bytes) -> bytes:
        self.tls.write(data)
        return self.outgoing.read()

    def pending(self) -> bytes:
        """Bytes the TLS layer itself wants to send (after reading), if any."""
        return self.outgoing.read()


class StreamClient:
    """One WebSocket on a non-blocking socket watched by the event loop."""

    def __init__(
        self, sock: socket.socket, on_text: TextHandler, tls: TlsLayer | None = None
    ) -> None:
        self.loop = asyncio.get_running_loop()
        self.sock = sock
        self.on_text = on_text
        self.tls = tls
        self.handshake: asyncio.Future[None] = self.loop.create_future()
        self.lost: asyncio.Future[None] = self.loop.create_future()
        self.closed_by_us = False
        self.kernel_stamps = sys.platform.startswith("linux")
        self._key = base64.b64encode(os.urandom(16))
        self._buffer = bytearray()
        self._fragments: list[bytes] = []
        self._outgoing = bytearray()
        if self.kernel_stamps:
            try:
                sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            except OSError:
                self.kernel_stamps = False
        self.loop.add_reader(sock.fileno(), self._readable)

    @property
    def closed(self) -> bool:
        return self.lost.done()

    # ---- socket events -------------------------------------------------------------------
    def _readable(self) -> None:
        arrived: float | None = None
        try:
            if self.kernel_stamps:
                data, ancillary, _, _ = self.sock.recvmsg(READ_SIZE, socket.CMSG_SPACE(16))
                for level, kind, value in ancillary:
                    if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                        seconds, nanos = TIMESPEC.unpack(value[: TIMESPEC.size])
                        arrived = seconds + nanos / 1e9
            else:
                data = self.sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop()
            return
        read = time.time()
        if not data:
            self._drop()
            return
        if self.tls is not None:
            data, ended = self.tls.decrypt(data)
            answer = self.tls.pending()
            if answer:
                self._send_raw(answer)
            if ended:
                self._buffer += data
                if self.handshake.done():
                    self._read_frames(arrived, read)
                self._drop()
                return
            if not data:
                return
        self._buffer += data
        if not self.handshake.done() and not self._finish_handshake():
            return
        self._read_frames(arrived, read)

    def _writable(self) -> None:
        try:
            sent = self.sock.send(self._outgoing)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop()
            return
        del self._outgoing[:sent]
        if not self._outgoing:
            self.loop.remove_writer(self.sock.fileno())

    def _write(self, data: bytes) -> None:
        if self.closed:
            return
        if self.tls is not None:
            data = self.tls.encrypt(data)
        self._send_raw(data)

    def _send_raw(self, data: bytes) -> None:
        if self.closed:
            return
        if self._outgoing:
            self._outgoing += data
            return
        try:
            sent = self.sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self._drop()
            return
        if sent < len(data):
            self._outgoing += data[sent:]
            self.loop.add_writer(self.sock.fileno(), self._writable)

    def _drop(self) -> None:
        if self.lost.done():
            return
        self.loop.remove_reader(self.sock.fileno())
        if self._outgoing:
            self.loop.remove_writer(self.sock.fileno())
        self.sock.close()
        if not self.handshake.done():
            self.handshake.set_exception(HandshakeError("connection closed during handshake"))
        self.lost.set_result(None)

    # ---- handshake -----------------------------------------------------------------------
    def request(self, url: str, headers: dict[str, str]) -> bytes:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {self._key.decode()}",
            "Sec-WebSocket-Version: 13",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def _finish_handshake(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(self._buffer[:end]).decode("latin-1")
        del self._buffer[: end + 4]
        status, *header_lines = head.split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        accept = base64.b64encode(hashlib.sha1(self._key + WS_GUID).digest()).decode()
        if status.split(" ")[1:2] != ["101"] or headers.get("sec-websocket-accept") != accept:
            self.handshake.set_exception(HandshakeError(f"refused: {status}"))
            self._drop()
            return False
        self.handshake.set_result(None)
        return True

    # ---- frames --------------------------------------------------------------------------
    def _read_frames(self, arrived: float | None, read: float) -> None:
        buf = self._buffer
        while len(buf) >= 2:
            first, second = buf[0], buf[1]
            length = second & 0x7F
            pos = 2
            if length == 126:
                if len(buf) < 4:
                    return
                length = int.from_bytes(buf[2:4], "big")
                pos = 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length = int.from_bytes(buf[2:10], "big")
                pos = 10
            key = b""
            if second & 0x80:  # servers must not mask, but read it right if one does
                key = bytes(buf[pos : pos + 4])
                pos += 4
            if len(buf) < pos + length:
                return
            payload = bytes(buf[pos : pos + length])
            del buf[: pos + length]
            if key:
                payload = _mask(payload, key)
            self._on_frame(first & 0x80 != 0, first & 0x0F, payload, arrived, read)
            if self.closed:
                return

    def _on_frame(
        self, fin: bool, opcode: int, payload: bytes, arrived: float | None, read: float
    ) -> None:
        if opcode in (OP_TEXT, OP_BINARY, OP_CONTINUATION):
            self._fragments.append(payload)
            if fin:
                message = b"".join(self._fragments)
                self._fragments = []
                self.on_text(message.decode("utf-8"), arrived, read)
        elif opcode == OP_PING:
            self._write(encode_frame(OP_PONG, payload))
        elif opcode == OP_CLOSE:
            if not self.closed_by_us:
                self._write(encode_frame(OP_CLOSE, payload[:2]))
            self._drop()

    # ---- use -----------------------------------------------------------------------------
    def send_text(self, text: str) -> None:
        if self.closed:
            raise ConnectionError("the stream is closed")
        self._write(encode_frame(OP_TEXT, text.encode("utf-8")))

    async def close(self, timeout_s: float = 2.0) -> None:
        """Send a close frame, wait briefly for the host's, then drop the connection."""
        if self.closed:
            return
        self.closed_by_us = True
        self._write(encode_frame(OP_CLOSE, (1000).to_bytes(2, "big")))
        try:
            await asyncio.wait_for(asyncio.shield(self.lost), timeout_s)
        except TimeoutError:
            self._drop()


async def connect(
    url: str,
    headers: dict[str, str],
    on_text: TextHandler,
    timeout_s: float = 30,
    *,
    fingerprint: str | None = None,
) -> StreamClient:
    """Open a WebSocket to `url` (http://HOST:PORT/path, or https:// with the host's
    `fingerprint` to pin) and complete the handshake."""
    parts = urlsplit(url)
    if (parts.scheme == "https") != bool(fingerprint):
        raise ValueError("an https:// stream needs the host's fingerprint, and only it does")
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    tls = TlsLayer() if fingerprint else None
    try:
        await asyncio.wait_for(
            loop.sock_connect(sock, (parts.hostname, parts.port or 80)), timeout_s
        )
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None and fingerprint:
            await asyncio.wait_for(tls.handshake(sock, fingerprint), timeout_s)
    except BaseException:
        sock.close()
        raise
    client = StreamClient(sock, on_text, tls)
    client._write(client.request(url, headers))
    try:
        await asyncio.wait_for(asyncio.shield(client.handshake), timeout_s)
    except BaseException:
        client._drop()
        raise
    return client
