"""The student's work as the session holds it in memory: the files, a version that grows with
every change, how far the host has them, and the paper they started from.

The GUI thread changes the work (`change`), the loop and the disk thread read it (`latest`),
so every access takes one small lock and nothing blocks under it. Writing the work to disk is
the autosaver's, sending it the delivery's.
"""

from __future__ import annotations

import threading

from proctor.common.protocol import Paper


class WorkState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, str] | None = None
        self._version = 0
        self._host_version = 0  # the newest version the host acknowledged
        self._paper: Paper | None = None

    def change(self, files: dict[str, str]) -> int:
        """The student's files changed: the new version."""
        with self._lock:
            self._files = dict(files)
            self._version += 1
            return self._version

    def latest(self) -> tuple[int, dict[str, str] | None]:
        """(version, files); files None before the first change."""
        with self._lock:
            return self._version, self._files

    def copy(self) -> dict[str, str] | None:
        with self._lock:
            return None if self._files is None else dict(self._files)

    def take_seat(self, restored: dict[str, str] | None, paper: Paper | None, *, keep: bool) -> int:
        """A seat was taken: carry on from `restored` (the seat folder's work), unless `keep`
        (the same seat again, with no newer copy from the host) and there is work already.
        The version of the restored work (it is on disk already), or 0."""
        with self._lock:
            self._paper = paper
            if not keep:
                self._files = None  # another exam's work stays in its own folder
                self._host_version = 0
            if self._files is None and restored is not None:
                self._files = dict(restored)
                self._version += 1
                return self._version
            return 0

    @property
    def paper(self) -> Paper | None:
        with self._lock:
            return self._paper

    def set_paper(self, paper: Paper) -> None:
        with self._lock:
            self._paper = paper

    def to_hand_in(self) -> dict[str, str]:
        """The latest work; before any change, the paper's starting files."""
        with self._lock:
            if self._files is not None:
                return dict(self._files)
            return dict(self._paper.files) if self._paper is not None else {}

    def host_saved(self, version: int | None) -> bool:
        """The host acknowledged `version` (None: a snapshot from before a restart, of unknown
        version). True when that means the host has the newest work, as far as is known."""
        with self._lock:
            if version is None:
                return True
            self._host_version = max(self._host_version, version)
            return self._host_has_latest()

    def host_has_latest(self) -> bool:
        with self._lock:
            return self._host_has_latest()

    def _host_has_latest(self) -> bool:
        return self._version > 0 and self._host_version >= self._version
