"""What this computer keeps of its seat: the saved seat (`session.json`: host, room, student,
token, seat key and the host's certificate fingerprint, so a restart resumes without typing
and talks only to that host), the seat keys by room and
registration number (`seat_keys.json`, so joining again from the form takes the same seat)
and, per room + student, its own folder:

work.json       the student's files (and answers, marks for review), replaced atomically
                within a second of a change
work.replaced-<ms>.json  this computer's work, kept when a newer copy from the host replaced it
outbox.sqlite3  events and the newest snapshot waiting for the host
paper.json      the exam paper, so a restart without the network still shows it
receipt.json    the last receipt and the digest of the files it is for
state.json      the last state the host sent, to carry on offline after a restart

Everything here blocks on the disk: the session calls it on its disk thread (`disk.py`), and
a `SeatFolder` (with its outbox) is used only on the thread that opened it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from proctor.common.protocol import (
    LatestWork,
    Me,
    Paper,
    Room,
    StateResponse,
    SubmitResponse,
    canonical_files,
)
from proctor.common.timeutil import now_ms
from proctor.common.tls import normalize_fingerprint
from proctor.student.autosave import (
    WorkStore,
    as_answers,
    as_files,
    atomic_write_json,
    read_json,
)
from proctor.student.outbox import Outbox, QueuedSnapshot
from proctor.student.work import Work

log = logging.getLogger(__name__)

CREDENTIALS_FILE = "session.json"
SEAT_KEYS_FILE = "seat_keys.json"


@dataclass(frozen=True)
class Credentials:
    host: str
    port: int
    room_id: str
    student_id: str
    token: str
    name: str
    reg_no: str
    seat_key: str = ""
    fingerprint: str = ""  # the host's certificate, pinned from the join on; "": plain HTTP

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
            seat_key=str(document.get("seat_key") or ""),
            fingerprint=_kept_fingerprint(document.get("fingerprint")),
        )
    except (KeyError, TypeError, ValueError):  # FingerprintError is a ValueError
        return None
    if not (credentials.host and credentials.token and 0 < credentials.port < 65536):
        return None
    return credentials


def _kept_fingerprint(value: object) -> str:
    """The saved fingerprint ("" for a seat on a plain-HTTP host); a damaged one raises
    FingerprintError, so the seat is not resumed rather than resumed unpinned."""
    if value in (None, ""):
        return ""
    return normalize_fingerprint(str(value))


def save_credentials(data_dir: Path, credentials: Credentials) -> None:
    atomic_write_json(data_dir / CREDENTIALS_FILE, asdict(credentials))


def keep_credentials(data_dir: Path, credentials: Credentials) -> None:
    """Save the seat for resuming; a failure (disk full) is logged, the seat goes on."""
    try:
        save_credentials(data_dir, credentials)
    except OSError as exc:
        log.error("cannot keep the seat for resuming: %s", exc)


def forget_credentials(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (data_dir / CREDENTIALS_FILE).unlink()


# ---- seat keys ---------------------------------------------------------------------------
def new_seat_key() -> str:
    """A fresh seat key to propose when joining (the host adopts it for a new seat)."""
    return secrets.token_urlsafe(32)


def _key_name(room_id: str, reg_no: str) -> str:
    return f"{room_id.upper()}/{reg_no.strip().casefold()}"


def kept_seat_key(data_dir: Path, room_id: str, reg_no: str) -> str | None:
    keys = read_json(data_dir / SEAT_KEYS_FILE)
    key = keys.get(_key_name(room_id, reg_no)) if isinstance(keys, dict) else None
    return key if isinstance(key, str) and key else None


def keep_seat_key(data_dir: Path, room_id: str, reg_no: str, key: str) -> None:
    """Remember the seat key for this room and registration number (raises OSError)."""
    keys = read_json(data_dir / SEAT_KEYS_FILE)
    keys = dict(keys) if isinstance(keys, dict) else {}
    keys[_key_name(room_id, reg_no)] = key
    atomic_write_json(data_dir / SEAT_KEYS_FILE, keys)


def seat_key_to_offer(data_dir: Path, room_id: str, reg_no: str) -> str:
    """The key to join with: the one kept for this seat (or the saved seat's, if that is
    this seat), else a new one, kept before it is sent (so a join whose answer is lost can
    be repeated with it)."""
    key = kept_seat_key(data_dir, room_id, reg_no)
    if key is None:
        saved = load_credentials(data_dir)
        this_seat = _key_name(room_id, reg_no)
        if (
            saved is not None
            and saved.seat_key
            and _key_name(saved.room_id, saved.reg_no) == this_seat
        ):
            key = saved.seat_key
        else:
            key = new_seat_key()
        keep_seat_key(data_dir, room_id, reg_no, key)
    return key


def retire_seat_key(data_dir: Path, room_id: str, reg_no: str) -> None:
    """The seat moved away from this computer: its key will never work again, so a later
    join from here (after the proctor moves the seat back) offers a fresh one."""
    keep_seat_key(data_dir, room_id, reg_no, new_seat_key())


def quietly(keep: Callable[..., None], *args: Path | str) -> None:
    """Keep a seat key; a failure (disk full) is logged, the seat goes on."""
    try:
        keep(*args)
    except OSError as exc:
        log.error("cannot keep the seat key: %s", exc)


# ---- whose work stands --------------------------------------------------------------------
def host_copy_stands(
    local: Work | None,
    host: LatestWork | None,
    acked_seq: int | None,
    pending: QueuedSnapshot | None,
) -> bool:
    """After a join, does the host's copy replace the work on this computer? Yes when this
    computer has none, or when the host holds a snapshot newer than the last one it
    acknowledged from here (another computer wrote since: a moved seat). Never when the
    host's copy is this computer's own work (files and answers)."""
    if host is None:
        return False
    if local is None:
        return True
    if local.same_on_host(host.files, host.answers):
        return False
    if pending is not None and Work(pending.files, pending.answers).same_on_host(
        host.files, host.answers
    ):
        return False
    return acked_seq is None or host.seq > acked_seq


def work_from_host(host: LatestWork, local: Work | None) -> Work:
    """The host's copy as this computer's work: its files and answers (PAPER.md's shape, as
    the host stored them); the marks for review, which only this computer keeps, stay."""
    answers = as_answers(host.answers)
    marked = local.marked if local is not None and answers is not None else ()
    return Work(dict(host.files), answers, marked)


class SeatFolder:
    """One seat's folder. Blocking file work, on the thread that opened it only (the
    session's disk thread): a call from another thread fails at once."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._thread_id = threading.get_ident()
        self.work = WorkStore(path)
        self.outbox = Outbox(path / Outbox.FILE_NAME)

    def _on_its_thread(self) -> None:
        if threading.get_ident() != self._thread_id:
            raise AssertionError(f"{self.path.name} is used on the thread that opened it only")

    def close(self) -> None:
        self._on_its_thread()
        self.outbox.close()

    def _keep(self, name: str, value: Any) -> None:
        self._on_its_thread()
        try:
            atomic_write_json(self.path / name, value)
        except OSError as exc:
            log.error("cannot keep %s: %s", name, exc)

    def save_paper(self, paper: Paper) -> None:
        self._keep("paper.json", paper.model_dump())

    def load_paper(self) -> Paper | None:
        self._on_its_thread()
        try:
            return Paper.model_validate(read_json(self.path / "paper.json"))
        except ValidationError:
            return None

    def save_receipt(self, receipt: SubmitResponse, digest: str) -> None:
        self._keep("receipt.json", {**receipt.model_dump(), "digest": digest})

    def load_receipt(self) -> tuple[SubmitResponse, str] | None:
        self._on_its_thread()
        saved = read_json(self.path / "receipt.json")
        try:
            receipt = SubmitResponse.model_validate(saved)
        except ValidationError:
            return None
        digest = saved.get("digest") if isinstance(saved, dict) else None
        return (receipt, digest) if isinstance(digest, str) else None

    def save_state(self, room: Room, me: Me) -> None:
        self._keep("state.json", {"room": room.model_dump(), "me": me.model_dump()})

    def take_host_copy(self, host: LatestWork, local: Work | None) -> Work:
        """Make the host's copy this computer's work; this computer's own is kept aside, and
        nothing it had queued for the host is sent over the newer copy (raises OSError)."""
        self._on_its_thread()
        if local is not None:
            name = f"work.replaced-{now_ms()}.json"
            kept: dict[str, Any] = {"saved_ms": now_ms(), "files": local.files}
            if local.answers is not None:
                kept["answers"] = local.answers
            atomic_write_json(self.path / name, kept)
        self.outbox.clear_snapshot()
        adopted = work_from_host(host, local)
        self.work.save(adopted)
        return adopted

    def replaced_work(self) -> list[dict[str, str]]:
        """Work this computer set aside for a newer copy from the host, oldest first."""
        self._on_its_thread()
        kept = []
        for path in sorted(self.path.glob("work.replaced-*.json")):
            document = read_json(path)
            files = as_files(document.get("files")) if isinstance(document, dict) else None
            if files is not None:
                kept.append(files)
        return kept


def kept_state(path: Path) -> StateResponse | None:
    """The last state kept in a seat folder, without opening the folder's outbox."""
    try:
        return StateResponse.model_validate(read_json(path / "state.json"))
    except ValidationError:
        return None


def files_digest(files: dict[str, str]) -> str:
    """The sha256 the host computes for a set of files: the receipt's hash."""
    return canonical_files(files)[1]


@dataclass(frozen=True)
class OpenedSeat:
    """A seat folder opened, and what it keeps."""

    folder: SeatFolder
    work: Work | None  # the work the seat carries on from
    from_host: bool  # that work is the host's copy, which replaced this computer's
    receipt: tuple[SubmitResponse, str] | None  # the last receipt and the digest it is for
    paper: Paper | None  # the paper kept from an earlier fetch


def open_seat(path: Path, host_work: LatestWork | None = None) -> OpenedSeat:
    """Open a seat folder with the work, receipt and paper it keeps; with the host's copy of
    the work (`host_work`: the host was asked and has one), settle whose work stands."""
    seat = SeatFolder(path)
    work, from_host = settle_work(seat, seat.work.load_work(), host_work)
    return OpenedSeat(seat, work, from_host, seat.load_receipt(), seat.load_paper())


def settle_work(
    seat: SeatFolder, local: Work | None, host: LatestWork | None
) -> tuple[Work | None, bool]:
    """The work this seat carries on from, given the host's copy: (work, True when the
    host's copy replaced this computer's). Snapshot numbers go on after the host's either
    way, so nothing this computer sends later is taken for older. Blocking."""
    if host is None:
        return local, False
    outbox = seat.outbox
    adopt = host_copy_stands(local, host, outbox.acked_seq(), outbox.pending_snapshot())
    adopted = seat.take_host_copy(host, local) if adopt else None
    outbox.raise_seq(host.seq)
    if adopt or (local is not None and local.same_on_host(host.files, host.answers)):
        outbox.record_ack(host.seq, host.seq)
    return (adopted, True) if adopted is not None else (local, False)
