"""Never lose work: atomic files on disk and a saver that writes every change within a second.

A file is written to a temporary sibling, flushed and fsynced, then moved over the old one
with `os.replace`, and the folder is fsynced. A crash at any moment leaves either the old
file or the new one, never half of either. Such a write blocks, so it never runs on a thread
that runs an event loop (`assert_off_loop`); the session's files are written on its disk thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from proctor.common.timeutil import now_ms
from proctor.student import wording
from proctor.student.aio import Wakeup
from proctor.student.disk import DiskThread, assert_off_loop
from proctor.student.kinds import SaveKind
from proctor.student.work import Work

log = logging.getLogger(__name__)

LOCAL_RETRY_S = 1.0


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, whole."""
    assert_off_loop(f"writing {path.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


def atomic_write_json(path: Path, value: Any) -> None:
    atomic_write_bytes(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def read_json(path: Path) -> Any | None:
    """The JSON in `path`, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("cannot read %s: %s", path, exc)
        return None


def as_files(value: Any) -> dict[str, str] | None:
    """`value` if it is a {name: text} mapping, else None."""
    if not isinstance(value, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return dict(value)


def as_answers(value: Any) -> dict[str, Any] | None:
    """`value` if it is a {qid: answer} mapping (answers as PAPER.md has them), else None."""
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return None
    return dict(value)


def as_marked(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


class WorkStore:
    """The student's work on this computer: one JSON document, replaced atomically, holding
    the files and, on a paper with questions, the answers and the marks for review."""

    FILE_NAME = "work.json"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE_NAME

    def save(self, work: Work | Mapping[str, str]) -> None:
        """Write `work` (or files alone); raises OSError (disk full, no permission) for the
        caller to report."""
        if not isinstance(work, Work):
            work = Work(dict(work))
        document: dict[str, Any] = {"saved_ms": now_ms(), "files": work.files}
        if work.answers is not None:
            document["answers"] = work.answers
            document["marked"] = list(work.marked)
        atomic_write_json(self.path, document)

    def load(self) -> dict[str, str] | None:
        """The files kept, or None."""
        work = self.load_work()
        return None if work is None else work.files

    def load_work(self) -> Work | None:
        """The whole work kept (files, answers, marks), or None."""
        document = read_json(self.path)
        if not isinstance(document, dict):
            return None
        files = as_files(document.get("files"))
        if files is None:
            return None
        answers = as_answers(document.get("answers"))
        return Work(files, answers, as_marked(document.get("marked")))


DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
DENIED_ERRNOS = {errno.EACCES, errno.EPERM}


def describe_os_error(exc: OSError) -> str:
    """Why a file could not be written, in words for the student (part of a sentence)."""
    if exc.errno in DISK_FULL_ERRNOS:
        return wording.DISK_FULL
    if exc.errno in DENIED_ERRNOS:
        return wording.PERMISSION_DENIED
    return exc.strerror or str(exc)


class Autosaver:
    """Saves the latest work within `delay_s` of a change; retries every second on failure.

    `latest()` returns (version, work or files); the version grows with every change. The file is
    written on `disk` (the session's disk thread), after every write queued before it.
    `notify()` may be called from any thread once the saver runs on its loop. `on_status` is
    called on the loop thread.
    """

    def __init__(
        self,
        store: WorkStore,
        latest: Callable[[], tuple[int, Work | dict[str, str] | None]],
        on_status: Callable[[SaveKind, str], None],
        delay_s: float = 0.5,
        *,
        disk: DiskThread,
    ) -> None:
        self.store = store
        self._latest = latest
        self._on_status = on_status
        self._delay_s = delay_s
        self._disk = disk
        self._saved_version = 0
        self._changes = Wakeup()

    @property
    def saved_version(self) -> int:
        return self._saved_version

    def mark_saved(self, version: int) -> None:
        """`version` is already on disk (work restored from this computer)."""
        self._saved_version = max(self._saved_version, version)

    def notify(self) -> None:
        """A change happened; safe from any thread."""
        self._changes.set()

    async def run(self) -> None:
        self._changes.bind()
        self._changes.set()  # save anything changed before the saver started
        while True:
            await self._changes.wait()
            if self._latest()[0] <= self._saved_version:
                continue
            await asyncio.sleep(self._delay_s)
            while not await self.save():
                await asyncio.sleep(LOCAL_RETRY_S)

    async def save(self) -> bool:
        """Write the latest work now (on the disk thread) and report how it went."""
        outcome = await self._disk.run(self.save_now)
        if outcome is not None:
            self._on_status(*outcome)
        return outcome is None or outcome[0] == SaveKind.LOCAL_OK

    def save_now(self) -> tuple[SaveKind, str] | None:
        """Write the latest work if it changed; returns (status kind, message). Blocking: on
        the disk thread, which runs one save after another."""
        version, work = self._latest()
        if work is None or version <= self._saved_version:
            return None
        try:
            self.store.save(work)
        except OSError as exc:
            log.error("local save failed: %s", exc)
            reason = describe_os_error(exc)
            return SaveKind.LOCAL_FAILED, wording.LOCAL_SAVE_FAILED.format(reason=reason)
        self._saved_version = version
        return SaveKind.LOCAL_OK, wording.SAVED_LOCALLY
