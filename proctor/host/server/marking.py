"""The room's marking service: every hand-in marked as it arrives, everyone else on their
last snapshot once the exam ends, marks and overrides kept in the room's store.

- Code runs only in the `MarkingPool`'s worker processes (each with its sandbox), never in
  the server's process; the pool is opened and closed with the room (the app's cleanup
  context), with cores - 1 workers at lower priority while the exam runs and every core
  after its end. Choice, multi and short questions are pure rules, marked in a thread.
- A student's work is marked as one unit: each question's mark is committed with the
  SHA-256 of the work it was made on, so a mark of older work never counts for newer work.
  A hand-in of the very work already marked on its snapshot keeps those marks.
- After a restart, whatever is not marked for the work now stored is queued again.
- Progress goes to the dashboards as `{"type": "grading", "done", "total"}` (question
  marks of the current run; a run ends when every mark queued is in).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from proctor.common.protocol import AdminGradingMessage
from proctor.host.server.marking_inputs import (
    WorkToMark,
    stored_marks,
    student_work,
    work_to_mark,
)
from proctor.host.server.states import StudentState
from proctor.host.server.store import Reader, Store
from proctor.marking.engine import mark_question
from proctor.marking.paper_specs import paper_specs
from proctor.marking.results import Override, QuestionResult
from proctor.marking.specs import CodeSpec, QuestionSpec
from proctor.paper.exam import ExamPaper
from proctor.paper.variants import Variant, make_variant
from proctor.results.work import StudentWork

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.25  # the most often a dashboard hears of progress within a run


class Pool(Protocol):
    """What the service needs of a `MarkingPool`."""

    async def mark(
        self, key: Any, spec: QuestionSpec, answer: Any = None, files: Any = None
    ) -> QuestionResult: ...

    def use_all_cores(self, enabled: bool = True) -> None: ...

    def close(self, timeout: float = 10.0) -> None: ...


PoolFactory = Callable[[], Pool]


def default_pool() -> Pool:
    from proctor.marking.pool import MarkingPool

    return MarkingPool()


class RoomMarking:
    """Marks, overrides and the marking runs of one room."""

    def __init__(
        self,
        paper: ExamPaper,
        students: Mapping[str, StudentState],
        store: Store,
        reader: Reader,
        clock: Callable[[], int],
        send_admins: Callable[[str], None],
        pool_factory: PoolFactory = default_pool,
    ) -> None:
        self.paper = paper
        self.students = students  # the engine's, by id (read, never changed)
        self.store = store
        self.reader = reader
        self.clock = clock
        self.send_admins = send_admins
        self.pool_factory = pool_factory
        self.specs: dict[str, QuestionSpec] = paper_specs(paper) if paper.has_questions else {}
        self.pool: Pool | None = None
        self.ended = False  # the exam ended: everyone is marked, on every core
        self.inputs: dict[str, WorkToMark] = {}  # the work marked (or being marked)
        # sid -> qid -> (the SHA-256 of the work marked, the mark)
        self.marks: dict[str, dict[str, tuple[str, QuestionResult]]] = {}
        self.overrides: dict[str, dict[str, Override]] = {}
        self.version = 0  # bumped whenever a mark or the work marked changes
        self.similarity_cache: tuple[int, Any] | None = None  # (version, the body)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._done = 0
        self._total = 0
        self._progress_handle: asyncio.TimerHandle | None = None
        self._last_progress = 0.0
        self._closed = False
        self._end_task: asyncio.Future[None] | None = None
        self._side_tasks: set[asyncio.Future[None]] = set()

    def set_paper(self, paper: ExamPaper) -> None:
        """The room marks with `paper` from now on (the same questions, fixed tests)."""
        self.paper = paper
        self.specs = paper_specs(paper) if paper.has_questions else {}
        self.version += 1

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def enabled(self) -> bool:
        return bool(self.specs)

    @property
    def has_code(self) -> bool:
        return any(isinstance(s, CodeSpec) for s in self.specs.values())

    # ---- life ----------------------------------------------------------------------------
    async def open(self, student_ids: Iterable[str], ended: bool) -> None:
        """Start the pool (off the loop: workers take a moment to spawn), read back the
        stored marks and queue what is not marked for the work now stored."""
        if not self.enabled:
            return
        loop = asyncio.get_running_loop()
        if self.has_code:
            self.pool = await loop.run_in_executor(None, self.pool_factory)
        self.marks, self.overrides = await loop.run_in_executor(None, stored_marks, self.reader)
        ids = list(student_ids)
        works = await loop.run_in_executor(None, self._read_works, ids)
        todo: dict[str, WorkToMark] = {}
        for sid, work in works.items():
            if work.from_snapshot and not ended:
                continue  # marked when the exam ends
            self.inputs[sid] = work
            if not self._fully_marked(sid, work):
                todo[sid] = work
        if ended:
            self._all_cores()
        self.ended = ended
        self._start(todo)

    def _read_works(self, student_ids: list[str]) -> dict[str, WorkToMark]:
        students = self.students
        return {
            sid: work_to_mark(self.reader, students[sid]) for sid in student_ids if sid in students
        }

    async def close(self) -> None:
        self._closed = True
        tasks: list[asyncio.Future[None]] = [*self._tasks.values(), *self._side_tasks]
        if self._end_task is not None:
            tasks.append(self._end_task)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._progress_handle is not None:
            self._progress_handle.cancel()
        if self.pool is not None:
            pool, self.pool = self.pool, None
            await asyncio.get_running_loop().run_in_executor(None, pool.close)

    def _all_cores(self) -> None:
        if self.pool is not None:
            self.pool.use_all_cores(True)

    # ---- what starts a marking -----------------------------------------------------------
    async def handed_in(self, student_id: str) -> None:
        """A hand-in was committed: mark it (unless it is the very work marked already)."""
        if not self.enabled or self._closed:
            return
        loop = asyncio.get_running_loop()
        works = await loop.run_in_executor(None, self._read_works, [student_id])
        if student_id not in works:
            return
        work = works[student_id]
        current = self.inputs.get(student_id)
        if current is not None and current.sha256 == work.sha256:
            if current.from_snapshot:  # the snapshot marked (or being marked) was handed in
                self.inputs[student_id] = current.handed_in(work.received_ms or self.clock())
                self.version += 1
                await self.store.commit([_op_handed_in(student_id, work.sha256)])
            return  # this very work is marked, or being marked
        self._start({student_id: work})

    def note_hand_in(self, student_id: str) -> None:
        """From the submit route, once the hand-in is committed: marked in the background."""
        if self.enabled and not self._closed:
            task = asyncio.ensure_future(self.handed_in(student_id))
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)

    def exam_ended(self, student_ids: Iterable[str]) -> None:
        """The exam is over (on disk): every core, and everyone without a marked hand-in is
        marked on what the host holds (their last snapshot, or nothing)."""
        if not self.enabled or self.ended or self._closed:
            return
        self.ended = True
        self._all_cores()
        wanted = list(student_ids)
        self._end_task = asyncio.ensure_future(self._mark_the_rest(wanted))

    async def _mark_the_rest(self, student_ids: list[str]) -> None:
        wanted = [sid for sid in student_ids if sid not in self.inputs]
        loop = asyncio.get_running_loop()
        works = await loop.run_in_executor(None, self._read_works, wanted)
        self._start({sid: w for sid, w in works.items() if sid not in self.inputs})

    async def remark(self, student_ids: Iterable[str]) -> int:
        """Mark again (a proctor's request, say after a test was fixed): every student given
        whose work is due for marking (a hand-in; after the end, anyone). The question marks
        queued."""
        if not self.enabled:
            return 0
        ids = list(student_ids)
        loop = asyncio.get_running_loop()
        works = await loop.run_in_executor(None, self._read_works, ids)
        todo = {sid: w for sid, w in works.items() if self.ended or not w.from_snapshot}
        for sid in todo:
            self.marks.pop(sid, None)  # shown pending until marked again
        return self._start(todo)

    # ---- runs ------------------------------------------------------------------------------
    def variant_of(self, student_id: str, work: WorkToMark | None) -> Variant:
        if work is not None and work.variant is not None:
            return work.variant
        return make_variant(self.paper, student_id)

    def _fully_marked(self, student_id: str, work: WorkToMark) -> bool:
        marks = self.marks.get(student_id, {})
        return all(
            qid in marks and marks[qid][0] == work.sha256
            for qid in self.variant_of(student_id, work).questions
        )

    def _start(self, works: dict[str, WorkToMark]) -> int:
        """Queue each student's marking (replacing one under way); question marks queued."""
        if self._closed or not works:
            return 0
        if self._done >= self._total:  # a new run
            self._done = self._total = 0
        queued = 0
        for sid, work in works.items():
            old = self._tasks.pop(sid, None)
            if old is not None:
                old.cancel()
            self.inputs[sid] = work
            self.version += 1
            questions = self.variant_of(sid, work).questions
            self._total += len(questions)
            queued += len(questions)
            task = asyncio.create_task(self._mark_student(sid, work, list(questions)))
            self._tasks[sid] = task
            task.add_done_callback(functools.partial(self._finished, sid))
        self._progress(force=True)
        return queued

    def _finished(self, student_id: str, task: asyncio.Task[None]) -> None:
        if self._tasks.get(student_id) is task:
            del self._tasks[student_id]
        if not task.cancelled() and task.exception() is not None:
            log.error("marking %s failed", student_id, exc_info=task.exception())

    async def _mark_student(self, sid: str, work: WorkToMark, questions: list[str]) -> None:
        left = set(questions)
        try:
            code = [q for q in questions if isinstance(self.specs[q], CodeSpec)]
            rules = [q for q in questions if q not in code]
            if rules:
                loop = asyncio.get_running_loop()
                marked = await loop.run_in_executor(None, self._mark_rules, rules, work)
                await self._keep(sid, work, marked, left)
            if code:
                await asyncio.gather(*(self._mark_code(sid, work, q, left) for q in code))
        except asyncio.CancelledError:
            self._total -= len(left)  # replaced by a newer run of this student
            self._progress()
            raise

    def _mark_rules(self, questions: list[str], work: WorkToMark) -> dict[str, QuestionResult]:
        return {q: mark_question(self.specs[q], work.answers.get(q), work.files) for q in questions}

    async def _mark_code(self, sid: str, work: WorkToMark, qid: str, left: set[str]) -> None:
        assert self.pool is not None
        result = await self.pool.mark((sid, qid), self.specs[qid], None, dict(work.files))
        await self._keep(sid, work, {qid: result}, left)

    async def _keep(
        self, sid: str, work: WorkToMark, marked: dict[str, QuestionResult], left: set[str]
    ) -> None:
        now = self.clock()
        ops = [
            self.store.op_mark(sid, qid, work.sha256, work.from_snapshot, r.to_record(), now)
            for qid, r in marked.items()
        ]
        await self.store.commit(ops)
        per = self.marks.setdefault(sid, {})
        for qid, result in marked.items():
            per[qid] = (work.sha256, result)
            left.discard(qid)
        self._done += len(marked)
        self.version += 1
        self._progress()

    # ---- progress ------------------------------------------------------------------------
    @property
    def progress(self) -> tuple[int, int]:
        return self._done, self._total

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def _progress(self, force: bool = False) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        finished = self._done >= self._total
        if force or finished or now - self._last_progress >= PROGRESS_EVERY_S:
            if self._progress_handle is not None:
                self._progress_handle.cancel()
                self._progress_handle = None
            self._last_progress = now
            message = AdminGradingMessage(done=self._done, total=self._total)
            self.send_admins(message.model_dump_json())
        elif self._progress_handle is None:
            delay = PROGRESS_EVERY_S - (now - self._last_progress)
            self._progress_handle = loop.call_later(delay, self._delayed_progress)

    def _delayed_progress(self) -> None:
        self._progress_handle = None
        self._progress(force=True)

    # ---- overrides -----------------------------------------------------------------------
    def override_ops(
        self, student_id: str, question_id: str, override: Override | None
    ) -> list[tuple[str, tuple[Any, ...]]]:
        points = None if override is None else override.points
        reason = "" if override is None else override.reason
        return [self.store.op_override(student_id, question_id, points, reason, self.clock())]

    def keep_override(self, student_id: str, question_id: str, override: Override | None) -> None:
        """After its commit: the override in force (None: the automatic mark again)."""
        per = self.overrides.setdefault(student_id, {})
        if override is None:
            per.pop(question_id, None)
        else:
            per[question_id] = override
        self.version += 1

    # ---- the results' inputs -------------------------------------------------------------
    def work_of(self, student: StudentState) -> StudentWork:
        """One student's marked work as `proctor.results` reads it (marks of older work
        than the work now marked are left out: pending)."""
        sid = student.student_id
        return student_work(
            student,
            self.inputs.get(sid),
            self.marks.get(sid, {}),
            self.overrides.get(sid, {}),
        )


def _op_handed_in(student_id: str, sha256: str) -> tuple[str, tuple[Any, ...]]:
    return (
        "UPDATE marks SET from_snapshot = 0 WHERE student_id = ? AND work_sha256 = ?",
        (student_id, sha256),
    )
