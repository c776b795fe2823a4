"""The one thread that reads and writes the student session's files.

Every file the session keeps goes through it: the outbox (SQLite), work.json, state.json,
paper.json, receipt.json, the saved seat (session.json) and the seat keys. Jobs run one after
another in the order they were queued, as the host's store has one writer thread: two writes
of state.json land in the order they were made, a read sees every write queued before it, the
outbox's SQLite connection is opened and used on this thread only (sqlite3 refuses any other),
and neither the GUI thread nor the event loop ever waits for an fsync.

`submit` queues a job and returns a `concurrent.futures.Future` (from any thread); `run` awaits
a job on the caller's loop; `post` is for a write nobody waits for, whose failure is logged. A
queued job always runs, even when whoever awaits it is cancelled or cancels its future (a
session closing mid-write still gets the write). `assert_off_loop` is the guard a blocking
file operation calls: it fails loudly on a thread that runs an event loop (as Electrum asserts
it is not on the network thread).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
_Job = tuple[concurrent.futures.Future[Any], Callable[..., Any], tuple[Any, ...]]
_STOP = None


def assert_off_loop(what: str) -> None:
    """Fail if the calling thread runs an asyncio loop: blocking file work never runs there."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise AssertionError(f"{what} blocks: it runs on the session's disk thread, not the loop")


class DiskThread:
    """Owner of the session's files: one thread, jobs in order. Started by the first job;
    `close()` runs what is queued, then ends the thread (no job is taken after it)."""

    def __init__(self, name: str = "student-disk") -> None:
        self.name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    def is_current(self) -> bool:
        """True on this disk thread."""
        return self._thread is not None and threading.current_thread() is self._thread

    def submit(self, job: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        """Queue `job(*args)`; any thread. Its future holds the result or the exception."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise RuntimeError(f"{self.name} is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()
            self._jobs.put((future, job, args))
        return future

    def post(self, job: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        """Queue a job nobody waits for: a failure is logged, never swallowed."""
        future = self.submit(job, *args)
        future.add_done_callback(_log_failure)
        return future

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        """Run `job(*args)` on the disk thread and await its result on the caller's loop. A
        cancelled caller stops waiting; the job still runs (its failure is then logged)."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[T] = loop.create_future()

        def copy(done: concurrent.futures.Future[T]) -> None:
            if waiter.cancelled():
                _log_failure(done)
            elif done.exception() is not None:
                waiter.set_exception(done.exception())  # type: ignore[arg-type]
            else:
                waiter.set_result(done.result())

        def settle(done: concurrent.futures.Future[T]) -> None:
            try:
                loop.call_soon_threadsafe(copy, done)
            except RuntimeError:  # the loop is gone: nobody waits any more
                _log_failure(done)

        self.submit(job, *args).add_done_callback(settle)
        return await waiter

    async def close(self) -> None:
        """Run every job queued so far, then end the thread; later jobs are refused."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            self._jobs.put(_STOP)
        if thread is not None:
            await asyncio.to_thread(thread.join)

    def _work(self) -> None:
        while True:
            queued = self._jobs.get()
            if queued is _STOP:
                return
            future, job, args = queued
            waited = future.set_running_or_notify_cancel()  # cancelled: run it all the same
            try:
                result = job(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits
                if waited:
                    future.set_exception(exc)
                else:
                    log.error("a write of the session's files failed", exc_info=exc)
            else:
                if waited:
                    future.set_result(result)


def _log_failure(done: concurrent.futures.Future[Any]) -> None:
    if done.cancelled():
        return
    exc = done.exception()
    if exc is not None:
        log.error("a write of the session's files failed", exc_info=exc)
