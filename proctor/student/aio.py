"""Small asyncio helpers shared by the session's parts: a wake-up flag any thread may raise,
jittered backoff, a loop that restarts itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

RESTART_DELAY_S = 1.0


class Wakeup:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._early = False

    def bind(self) -> None:
        """Attach to the running loop (call from the task that will wait)."""
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        if self._early:
            self._event.set()

    def set(self) -> None:
        """Wake the waiter; safe from any thread, and before `bind` (remembered)."""
        loop, event = self._loop, self._event
        if loop is None or event is None:
            self._early = True
            return
        if loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            event.set()
        else:
            with contextlib.suppress(RuntimeError):  # the loop is shutting down
                loop.call_soon_threadsafe(event.set)

    async def wait(self, timeout_s: float | None = None) -> bool:
        """Wait until woken (True) or until `timeout_s` passes (False); then clear."""
        if self._event is None:
            self.bind()
        assert self._event is not None
        try:
            if timeout_s is None:
                await self._event.wait()
            else:
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel
                # that lands as the wait ends, and a stopping session then hangs.
                async with asyncio.timeout(timeout_s):
                    await self._event.wait()
        except TimeoutError:
            return False
        self._event.clear()
        return True


class Backoff:
    """Jittered exponential delays: quick retries at first, never a synchronized herd."""

    def __init__(self, first_s: float, max_s: float) -> None:
        self.first_s = first_s
        self.max_s = max_s
        self._next = first_s

    def reset(self) -> None:
        self._next = self.first_s

    def next(self) -> float:
        delay = random.uniform(self._next / 2, self._next)
        self._next = min(self._next * 2, self.max_s)
        return delay


async def keep_running(name: str, run: Callable[[], Any]) -> None:
    """Run a background loop; a bug in it is logged and the loop starts again."""
    while True:
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the %s task failed; restarting it", name)
            await asyncio.sleep(RESTART_DELAY_S)
