"""Waiting in a test for something to become true: `wait_until` for plain code and
`wait_until_async` on an event loop. Qt widgets use pytest-qt's `qtbot.waitUntil`, which
keeps the Qt event loop running while it waits."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

POLL_S = 0.02


def wait_until(
    condition: Callable[[], T], timeout: float = 15.0, what: str = "", poll_s: float = POLL_S
) -> T:
    """The first truthy value of `condition()`; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(_timed_out(timeout, what, condition, value))
        time.sleep(poll_s)


async def wait_until_async(
    condition: Callable[[], T | Awaitable[T]],
    timeout: float = 15.0,
    what: str = "",
    poll_s: float = POLL_S,
) -> T:
    """The first truthy value of `condition()` (awaited when it is a coroutine), polled
    without blocking the loop; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        returned = condition()
        value = await returned if inspect.isawaitable(returned) else returned
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(_timed_out(timeout, what, condition, value))
        await asyncio.sleep(poll_s)


def _timed_out(timeout: float, what: str, condition: object, last: object) -> str:
    return f"timed out after {timeout} s waiting for {what or condition} (last: {last!r})"
