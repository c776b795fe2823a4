"""What this computer keeps of its seat: the saved seat (`session.json`: host, room, student
and token, so a restart resumes without typing) and, per room + student, its own folder:

work.json       the student's files, replaced atomically within a second of a change
outbox.sqlite3  events and the newest snapshot waiting for the host
paper.json      the exam paper, so a restart without the network still shows it
receipt.json    the last receipt and the digest of the files it is for
state.json      the last state the host sent, to carry on offline after a restart
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from proctor.common.protocol import Me, Paper, Room, StateResponse, SubmitResponse, canonical_files
from proctor.student.autosave import WorkStore, atomic_write_json, read_json
from proctor.student.outbox import Outbox

log = logging.getLogger(__name__)

CREDENTIALS_FILE = "session.json"


@dataclass(frozen=True)
class Credentials:
    host: str
    port: int
    room_id: str
    student_id: str
    token: str
    name: str
    reg_no: str

    def folder(self, data_dir: Path) -> Path:
        return room_folder(data_dir, self.room_id, self.student_id)


def room_folder(data_dir: Path, room_id: str, student_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", f"{room_id}-{student_id}")
    return data_dir / "rooms" / safe


def load_credentials(data_dir: Path) -> Credentials | None:
    document = read_json(data_dir / CREDENTIALS_FILE)
    if not isinstance(document, dict):
        return None
    try:
        credentials = Credentials(
            host=str(document["host"]),
            port=int(document["port"]),
            room_id=str(document["room_id"]),
            student_id=str(document["student_id"]),
            token=str(document["token"]),
            name=str(document["name"]),
            reg_no=str(document["reg_no"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    if not (credentials.host and credentials.token and 0 < credentials.port < 65536):
        return None
    return credentials


def save_credentials(data_dir: Path, credentials: Credentials) -> None:
    atomic_write_json(data_dir / CREDENTIALS_FILE, asdict(credentials))


def forget_credentials(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (data_dir / CREDENTIALS_FILE).unlink()


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
