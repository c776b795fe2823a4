"""What this computer keeps for one seat (room + student), in its own folder.

work.json       the student's files, replaced atomically within a second of a change
outbox.sqlite3  events and the newest snapshot waiting for the host
paper.json      the exam paper, so a restart without the network still shows it
receipt.json    the last receipt and the digest of the files it is for
state.json      the last state the host sent, to carry on offline after a restart
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from proctor.common.protocol import Me, Paper, Room, StateResponse, SubmitResponse, canonical_files
from proctor.student.autosave import WorkStore, atomic_write_json, read_json
from proctor.student.outbox import Outbox

log = logging.getLogger(__name__)


class SeatFolder:
    """Blocking file work: call from a worker thread (`asyncio.to_thread`)."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.work = WorkStore(path)
        self.outbox = Outbox(path / Outbox.FILE_NAME)

    def close(self) -> None:
        self.outbox.close()

    def _keep(self, name: str, value: Any) -> None:
        try:
            atomic_write_json(self.path / name, value)
        except OSError as exc:
            log.error("cannot keep %s: %s", name, exc)

    def save_paper(self, paper: Paper) -> None:
        self._keep("paper.json", paper.model_dump())

    def load_paper(self) -> Paper | None:
        try:
            return Paper.model_validate(read_json(self.path / "paper.json"))
        except ValidationError:
            return None

    def save_receipt(self, receipt: SubmitResponse, digest: str) -> None:
        self._keep("receipt.json", {**receipt.model_dump(), "digest": digest})

    def load_receipt(self) -> tuple[SubmitResponse, str] | None:
        saved = read_json(self.path / "receipt.json")
        try:
            receipt = SubmitResponse.model_validate(saved)
        except ValidationError:
            return None
        digest = saved.get("digest") if isinstance(saved, dict) else None
        return (receipt, digest) if isinstance(digest, str) else None

    def save_state(self, room: Room, me: Me) -> None:
        self._keep("state.json", {"room": room.model_dump(), "me": me.model_dump()})


def kept_state(path: Path) -> StateResponse | None:
    """The last state kept in a seat folder, without opening the folder's outbox."""
    try:
        return StateResponse.model_validate(read_json(path / "state.json"))
    except ValidationError:
        return None


def files_digest(files: dict[str, str]) -> str:
    """The sha256 the host computes for a set of files: the receipt's hash."""
    return canonical_files(files)[1]


def open_seat(
    path: Path,
) -> tuple[SeatFolder, dict[str, str] | None, tuple[SubmitResponse, str] | None]:
    """Open a seat folder with the work and the receipt it keeps."""
    seat = SeatFolder(path)
    return seat, seat.work.load(), seat.load_receipt()
