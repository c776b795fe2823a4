"""Never lose work: atomic files on disk and a saver that writes every change within a second.

A file is written to a temporary sibling, flushed and fsynced, then moved over the old one
with `os.replace`, and the folder is fsynced. A crash at any moment leaves either the old
file or the new one, never half of either.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from proctor.common.timeutil import now_ms
from proctor.student.aio import Wakeup

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


class WorkStore:
    """The student's files on this computer: one JSON document, replaced atomically."""

    FILE_NAME = "work.json"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE_NAME

    def save(self, files: dict[str, str]) -> None:
        """Write `files`; raises OSError (disk full, no permission) for the caller to report."""
        atomic_write_json(self.path, {"saved_ms": now_ms(), "files": files})

    def load(self) -> dict[str, str] | None:
        document = read_json(self.path)
        if not isinstance(document, dict):
            return None
        return as_files(document.get("files"))


DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
DENIED_ERRNOS = {errno.EACCES, errno.EPERM}


def describe_os_error(exc: OSError) -> str:
    if exc.errno in DISK_FULL_ERRNOS:
        return "the disk is full"
    if exc.errno in DENIED_ERRNOS:
        return "permission was denied"
    return exc.strerror or str(exc)


class Autosaver:
    """Saves the latest work within `delay_s` of a change; retries every second on failure.

    `latest()` returns (version, files); the version grows with every change. `notify()` may
    be called from any thread once the saver runs on its loop. `on_status` is called on the
    loop thread.
    """

    def __init__(
        self,
        store: WorkStore,
        latest: Callable[[], tuple[int, dict[str, str] | None]],
        on_status: Callable[[str, str], None],
        delay_s: float = 0.5,
    ) -> None:
        self.store = store
        self._latest = latest
        self._on_status = on_status
        self._delay_s = delay_s
        self._saved_version = 0
        self._changes = Wakeup()
        self._write_lock = threading.Lock()

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
        """Write the latest work now (off the loop thread) and report how it went."""
        outcome = await asyncio.to_thread(self.save_now)
        if outcome is not None:
            self._on_status(*outcome)
        return outcome is None or outcome[0] == "local_ok"

    def save_now(self) -> tuple[str, str] | None:
        """Write the latest work if it changed; returns (status kind, message). Any thread."""
        with self._write_lock:
            version, files = self._latest()
            if files is None or version <= self._saved_version:
                return None
            try:
                self.store.save(files)
            except OSError as exc:
                log.error("local save failed: %s", exc)
                return (
                    "local_failed",
                    f"Your work could NOT be saved on this computer: {describe_os_error(exc)}. "
                    "Tell the proctor now. Saving is retried every second.",
                )
            self._saved_version = version
            return ("local_ok", "Saved on this computer.")
