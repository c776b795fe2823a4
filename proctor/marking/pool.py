"""A pool of marking worker processes (spawned, never forked from the server), each with its
own sandbox zygote. A job marks one student's question (all its cases).

- cores - 1 workers (at least 1) at lower priority (nice +10) while the exam runs;
  `use_all_cores()` after the end adds one per remaining core (they stay niced: the room
  server keeps the first claim on the CPU, and idle cores are used anyway).
- `submit(key, …)` returns a concurrent Future, `mark(key, …)` awaits it from asyncio
  without blocking the loop. Submitting a key again re-marks: a queued job is replaced, a
  running one's result is dropped. `cancel(key)` drops it.
- A worker that dies is replaced; its job is retried once, then reported as "error".
- Progress (done, total) goes to listeners, for the admin stream's `grading` messages.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import itertools
import multiprocessing
import multiprocessing.connection
import os
import tempfile
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from proctor.marking.code import case_names
from proctor.marking.results import QuestionResult
from proctor.marking.sandbox.host import UID_BASE, SandboxSettings, remove_tree
from proctor.marking.specs import CodeSpec, QuestionSpec
from proctor.marking.worker import worker_main

EXAM_NICE = 10
MAX_ATTEMPTS = 2
MAX_START_FAILURES = 5  # workers dying before any result, in a row: the pool stops spawning

ProgressListener = Callable[[int, int], None]


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class _Job:
    id: int
    key: Hashable
    spec: QuestionSpec
    answer: Any
    files: Mapping[str, str] | None
    future: concurrent.futures.Future[QuestionResult]
    attempts: int = 0
    timeout_s: float = 60.0


@dataclass
class _Worker:
    slot: int
    process: Any
    conn: multiprocessing.connection.Connection
    job: _Job | None = None
    started: float = 0.0
    retiring: bool = False
    completed: int = 0


def _timeout(spec: QuestionSpec) -> float:
    if not isinstance(spec, CodeSpec):
        return 30.0
    count = len(case_names(spec))
    build = spec.runner.build_time_limit_s * 3 + 10 if spec.runner else 0
    return 60.0 + count * (3.0 * spec.time_limit_s + 5.0) + build  # above the sandbox's own


class MarkingPool:
    def __init__(
        self,
        workers: int | None = None,
        settings: SandboxSettings | None = None,
        work_dir: Path | None = None,
        nice: int = EXAM_NICE,
    ) -> None:
        self._cores = available_cores()
        self._target = workers or max(1, self._cores - 1)
        settings = settings or SandboxSettings()
        if settings.uid_base == UID_BASE:  # a uid range of this pool's own, so two pools on
            # one machine (a server and a benchmark) never share a case uid or its NPROC count
            settings = replace(settings, uid_base=UID_BASE + (os.getpid() % 65536) * 64)
        self._settings = settings
        self._nice = nice
        self._owned_dir = work_dir is None
        base = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="proctor-marking-"))
        base.mkdir(parents=True, exist_ok=True)
        os.chmod(base, 0o711)
        self.work_dir = base
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._queue: collections.deque[_Job] = collections.deque()
        self._by_key: dict[Hashable, _Job] = {}
        self._workers: dict[int, _Worker] = {}
        self._ids = itertools.count(1)
        self._done = 0
        self._total = 0
        self._listeners: list[ProgressListener] = []
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._closed = False
        self._ready: list[tuple[concurrent.futures.Future[QuestionResult], QuestionResult]] = []
        self._start_failures = 0
        self.broken: str | None = None  # why the pool gave up spawning workers
        self.replaced_workers = 0
        with self._lock:
            for slot in range(self._target):
                self._spawn(slot)
        self._thread = threading.Thread(target=self._dispatch, name="marking-pool", daemon=True)
        self._thread.start()

    # --- public API ---------------------------------------------------------------------

    @property
    def worker_count(self) -> int:
        with self._lock:
            return sum(1 for w in self._workers.values() if not w.retiring)

    def worker_pids(self) -> dict[int, int]:
        """slot -> pid of every live worker (for diagnostics)."""
        with self._lock:
            return {s: w.process.pid for s, w in self._workers.items() if w.process.pid}

    def running(self) -> dict[Hashable, int]:
        """key -> pid of the worker marking it now."""
        with self._lock:
            return {w.job.key: w.process.pid for w in self._workers.values() if w.job}

    def submit(
        self,
        key: Hashable,
        spec: QuestionSpec,
        answer: Any = None,
        files: Mapping[str, str] | None = None,
    ) -> concurrent.futures.Future[QuestionResult]:
        """Queue (or re-queue) the marking of one student's question under `key`."""
        future: concurrent.futures.Future[QuestionResult] = concurrent.futures.Future()
        job = _Job(next(self._ids), key, spec, answer, dict(files or {}), future)
        job.timeout_s = _timeout(spec)
        with self._lock:
            if self._closed:
                raise RuntimeError("the marking pool is closed")
            if self.broken is not None and not self._workers:
                future.set_result(self._error(job, self.broken))
                return future
            old = self._by_key.get(key)
            if old is not None:
                old.future.cancel()
                if old in self._queue:
                    self._queue.remove(old)
            else:
                self._total += 1
            self._by_key[key] = job
            self._queue.append(job)
        self._notify_progress()
        self._wake()
        return future

    async def mark(
        self,
        key: Hashable,
        spec: QuestionSpec,
        answer: Any = None,
        files: Mapping[str, str] | None = None,
    ) -> QuestionResult:
        """Await one mark without blocking the event loop."""
        return await asyncio.wrap_future(self.submit(key, spec, answer, files))

    def cancel(self, key: Hashable) -> bool:
        with self._lock:
            job = self._by_key.pop(key, None)
            if job is None:
                return False
            if job in self._queue:
                self._queue.remove(job)
            job.future.cancel()
            self._total -= 1
        self._notify_progress()
        return True

    def progress(self) -> tuple[int, int]:
        with self._lock:
            return self._done, self._total

    def reset_progress(self) -> None:
        with self._lock:
            self._done = 0
            self._total = len(self._by_key)
        self._notify_progress()

    def add_progress_listener(
        self, listener: ProgressListener, loop: asyncio.AbstractEventLoop | None = None
    ) -> None:
        """Called with (done, total) on every change; with `loop`, inside that loop."""
        if loop is not None:
            inner = listener

            def listener(done: int, total: int) -> None:
                loop.call_soon_threadsafe(inner, done, total)

        with self._lock:
            self._listeners.append(listener)

    def use_all_cores(self, enabled: bool = True) -> None:
        """After the exam: one worker per core. Before (False): cores - 1."""
        target = self._cores if enabled else max(1, self._cores - 1)
        with self._lock:
            self._target = target
            slots = sorted(s for s, w in self._workers.items() if not w.retiring)
            for slot in range(target):
                if slot not in self._workers:
                    self._spawn(slot)
            for slot in slots[target:]:
                self._workers[slot].retiring = True
        self._wake()

    def close(self, timeout: float = 10.0) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pending = list(self._queue) + [w.job for w in self._workers.values() if w.job]
            self._queue.clear()
        for job in pending:
            job.future.cancel()
        self._wake()
        self._thread.join(timeout)
        for worker in list(self._workers.values()):
            self._stop_worker(worker, timeout)
        self._workers.clear()
        self._wake_r.close()
        self._wake_w.close()
        if self._owned_dir:
            remove_tree(self.work_dir)

    def __enter__(self) -> MarkingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- inside the pool ----------------------------------------------------------------

    def _spawn(self, slot: int) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main,
            args=(child, slot, self._settings, self._nice, str(self.work_dir)),
            name=f"marking-worker-{slot}",
            daemon=True,
        )
        process.start()
        child.close()
        self._workers[slot] = _Worker(slot, process, parent)

    def _stop_worker(self, worker: _Worker, timeout: float) -> None:
        try:
            worker.conn.send(("stop",))
        except (OSError, ValueError):
            pass
        worker.process.join(timeout)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout)
        worker.conn.close()

    def _wake(self) -> None:
        try:
            self._wake_w.send_bytes(b"!")
        except (OSError, ValueError):
            pass

    def _notify_progress(self) -> None:
        with self._lock:
            done, total, listeners = self._done, self._total, list(self._listeners)
        for listener in listeners:
            listener(done, total)

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    return
                self._assign()
                waitables: list[Any] = [self._wake_r]
                for w in self._workers.values():
                    waitables += [w.conn, w.process.sentinel]
                deadline = min(
                    (w.started + w.job.timeout_s for w in self._workers.values() if w.job),
                    default=None,
                )
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = multiprocessing.connection.wait(waitables, timeout)
            changed = False
            with self._lock:
                if self._wake_r in ready:
                    while self._wake_r.poll():
                        self._wake_r.recv_bytes()
                for worker in list(self._workers.values()):
                    changed |= self._service(worker, ready)
                finished, self._ready = self._ready, []
            if changed:
                self._notify_progress()
            for future, result in finished:
                try:
                    future.set_result(result)
                except concurrent.futures.InvalidStateError:
                    pass  # cancelled meanwhile

    def _service(self, worker: _Worker, ready: list[Any]) -> bool:
        """Take a result, or handle a death or an overdue job. Under the lock."""
        if worker.conn in ready:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                message = None
            if message is not None and message[0] == "done" and worker.job:
                job, worker.job = worker.job, None
                worker.completed += 1
                self._start_failures = 0
                return self._deliver(job, message[2])
        dead = worker.process.sentinel in ready and not worker.process.is_alive()
        overdue = (
            worker.job is not None and time.monotonic() > worker.started + worker.job.timeout_s
        )
        if dead or overdue:
            if overdue:
                worker.process.kill()
            worker.process.join(5)
            worker.conn.close()
            del self._workers[worker.slot]
            lost, worker.job = worker.job, None
            if worker.completed == 0 and not overdue:
                self._start_failures += 1
            if self._start_failures >= MAX_START_FAILURES and self.broken is None:
                self.broken = f"{self._start_failures} workers in a row died before marking"
            if not worker.retiring and not self._closed and self.broken is None:
                self.replaced_workers += 1
                self._spawn(worker.slot)
            changed = False
            if lost is not None:
                changed = self._retry_or_fail(lost, "overdue" if overdue else "crashed")
            if self.broken is not None and not self._workers:
                changed = self._fail_queue() or changed
            return changed
        elif worker.retiring and worker.job is None:
            self._stop_worker(worker, 5)
            del self._workers[worker.slot]
        return False

    def _fail_queue(self) -> bool:
        changed = False
        while self._queue:
            job = self._queue.popleft()
            changed = self._deliver(job, self._error(job, self.broken or "no workers")) or changed
        return changed

    @staticmethod
    def _error(job: _Job, message: str) -> QuestionResult:
        return QuestionResult(0.0, getattr(job.spec, "points", 0.0), "error", message=message)

    def _retry_or_fail(self, job: _Job, why: str) -> bool:
        job.attempts += 1
        if job.future.cancelled():
            return False
        if job.attempts < MAX_ATTEMPTS:
            self._queue.appendleft(job)
            return False
        return self._deliver(job, self._error(job, f"marking {why} {job.attempts} times"))

    def _deliver(self, job: _Job, result: QuestionResult) -> bool:
        if self._by_key.get(job.key) is job:
            del self._by_key[job.key]
        if job.future.cancelled():
            return False
        self._done += 1
        self._ready.append((job.future, result))  # resolved after progress is announced
        return True

    def _assign(self) -> None:
        for worker in self._workers.values():
            if worker.job is None and not worker.retiring and self._queue:
                job = self._queue.popleft()
                try:
                    worker.conn.send(("job", job.id, job.spec, job.answer, job.files))
                except (OSError, ValueError):
                    self._queue.appendleft(job)
                    continue
                worker.job = job
                worker.started = time.monotonic()
