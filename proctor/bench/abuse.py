"""Clients that try to stall a host, and an honest student timing `GET /state` meanwhile.

Used by `proctor bench --abuse` (the attackers run in a process of their own, the honest
student in the bench's) and by the project's fault suite. Every attacker is bounded: it runs
until `stop` is set and only ever connects to the host it is given (on loopback).

- `bomber`: `POST join` bodies of 1 MB that gzip-inflate to 1 GiB, back to back;
- `slow_bodies`: connections that send their headers, then one byte of body every 2 s,
  reopened as soon as the host cuts one off (so `count` are always in flight);
- `slow_headers`: the same with headers that never end.
Each spreads its connections over `sources` (127.0.0.x addresses: loopback, but not the
host's own address, so the host counts them like students' laptops). Given the host's
`fingerprint` they all speak TLS pinned to it (as the room is served by default); without,
plain HTTP (a host started with --insecure-http).
"""

from __future__ import annotations

import asyncio
import gzip
import io
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from proctor.bench.stats import summarize_ms
from proctor.common.tls import open_pinned_connection, pin

INFLATED = 1 << 30  # what a bomb inflates to
TRICKLE_S = 2.0
ATTACK_SOURCES = tuple(f"127.0.0.{n}" for n in range(10, 20))
HONEST_SOURCE = "127.0.0.2"


def make_bomb(inflated: int = INFLATED) -> bytes:
    """A gzip body of about inflated/1000 bytes (zeros compress about 1,000 to 1)."""
    out = io.BytesIO()
    chunk = bytes(1 << 20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packed:
        for _ in range(inflated // len(chunk)):
            packed.write(chunk)
    return out.getvalue()


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    held_s: list[float] = field(default_factory=list)  # how long the host let a slow one live

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


async def _connect(
    host: str, port: int, source: str, fingerprint: str | None
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection from `source`: TLS pinned to `fingerprint`, or plain TCP without one."""
    if fingerprint:
        return await open_pinned_connection(host, port, fingerprint, local_addr=(source, 0))
    return await asyncio.open_connection(host, port, local_addr=(source, 0))


async def _status_of(reader: asyncio.StreamReader, timeout: float) -> str:
    try:
        line = await asyncio.wait_for(reader.readline(), timeout)
    except (TimeoutError, ConnectionError, OSError):
        return "no_answer"
    parts = line.split()
    return parts[1].decode("ascii", "replace") if len(parts) > 1 else "closed"


async def bomber(
    host: str,
    port: int,
    path: str,
    bomb: bytes,
    stop: asyncio.Event,
    tally: Tally,
    source: str,
    fingerprint: str | None = None,
) -> None:
    """Send compressed bombs one after the other until `stop`."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\nConnection: close\r\n\r\n"
    ).encode()
    while not stop.is_set():
        try:
            reader, writer = await _connect(host, port, source, fingerprint)
        except (OSError, TimeoutError):
            tally.add("bomb_connect_failed")
            await asyncio.sleep(0.1)
            continue
        try:
            writer.write(head + bomb)
            tally.add("bombs_sent")
            tally.add(f"bomb_{await _status_of(reader, 30)}")
        except (ConnectionError, OSError):
            tally.add("bomb_reset")
        finally:
            writer.close()


async def _slow_one(
    host: str,
    port: int,
    head: bytes,
    drip: bytes,
    stop: asyncio.Event,
    tally: Tally,
    source: str,
    kind: str,
    fingerprint: str | None = None,
) -> None:
    """One slow client, reconnected whenever it is cut off, until `stop`."""
    while not stop.is_set():
        try:
            reader, writer = await _connect(host, port, source, fingerprint)
        except (OSError, TimeoutError):
            tally.add(f"{kind}_connect_failed")
            await asyncio.sleep(0.5)
            continue
        opened = time.monotonic()
        tally.add(f"{kind}_opened")
        answer = asyncio.ensure_future(_status_of(reader, 3600))
        try:
            writer.write(head)
            while not stop.is_set() and not answer.done():
                await asyncio.wait({answer}, timeout=TRICKLE_S)
                if answer.done():
                    break
                writer.write(drip)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        if answer.done():
            tally.add(f"{kind}_cut_{answer.result()}")
            tally.held_s.append(time.monotonic() - opened)
        else:
            answer.cancel()
        writer.close()
        if not stop.is_set():
            await asyncio.sleep(random.uniform(0, 0.2))


def slow_bodies(
    host: str,
    port: int,
    path: str,
    count: int,
    stop: asyncio.Event,
    tally: Tally,
    fingerprint: str | None = None,
) -> list[asyncio.Task[None]]:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n{"
    ).encode()
    return [
        asyncio.create_task(
            _slow_one(host, port, head, b" ", stop, tally, _source(n), "slow_body", fingerprint)
        )
        for n in range(count)
    ]


def slow_headers(
    host: str,
    port: int,
    path: str,
    count: int,
    stop: asyncio.Event,
    tally: Tally,
    fingerprint: str | None = None,
) -> list[asyncio.Task[None]]:
    head = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n".encode()
    return [
        asyncio.create_task(
            _slow_one(host, port, head, b"X", stop, tally, _source(n), "slow_headers", fingerprint)
        )
        for n in range(count)
    ]


def _source(n: int) -> str:
    return ATTACK_SOURCES[n % len(ATTACK_SOURCES)]


class HonestStudent:
    """`GET /state` at a steady rate as a student on a laptop of its own; latencies in ms."""

    def __init__(
        self, room_url: str, token: str, hz: float = 20.0, fingerprint: str | None = None
    ) -> None:
        self.room_url = room_url
        self.fingerprint = fingerprint
        self.headers = {"Authorization": f"Bearer {token}"}
        self.interval = 1 / hz
        self.latencies: list[float] = []
        self.failures: Counter[str] = Counter()

    async def run(self, stop: asyncio.Event, timeout_s: float = 10.0) -> None:
        connector = aiohttp.TCPConnector(
            limit=1,
            local_addr=(HONEST_SOURCE, 0),
            ssl=pin(self.fingerprint) if self.fingerprint else True,
        )
        timeout = aiohttp.ClientTimeout(total=timeout_s)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    async with http.get(self.room_url + "/state", headers=self.headers) as resp:
                        await resp.read()
                        if resp.status == 200:
                            self.latencies.append((time.perf_counter() - started) * 1000)
                        else:
                            self.failures[f"status_{resp.status}"] += 1
                except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                    self.failures[type(exc).__name__] += 1
                spent = time.perf_counter() - started
                await asyncio.sleep(max(0.0, self.interval - spent))

    def summary(self) -> dict[str, Any]:
        return {"latency_ms": summarize_ms(self.latencies), "failures": dict(self.failures)}


async def attack(
    host: str,
    port: int,
    room_id: str,
    *,
    bombers: int,
    slow: int,
    slow_kind: str,
    stop: asyncio.Event,
    tally: Tally,
    bomb: bytes | None = None,
    fingerprint: str | None = None,
) -> list[asyncio.Task[None]]:
    """Start the attackers; they run until `stop` is set."""
    join = f"/api/v1/rooms/{room_id}/join"
    tasks: list[asyncio.Task[None]] = []
    if bombers:
        payload = bomb if bomb is not None else make_bomb()
        for n in range(bombers):
            tasks.append(
                asyncio.create_task(
                    bomber(host, port, join, payload, stop, tally, _source(n), fingerprint)
                )
            )
    if slow:
        start = slow_bodies if slow_kind == "body" else slow_headers
        tasks += start(host, port, join, slow, stop, tally, fingerprint)
    return tasks


async def finish(tasks: Sequence[asyncio.Task[None]], timeout_s: float = 10.0) -> None:
    """After `stop` is set: give the attackers a moment to notice, then cancel the rest."""
    _, pending = await asyncio.wait(tasks, timeout=timeout_s) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
