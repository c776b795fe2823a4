"""The saved seat: which host, room and student this computer sits as, and its token.

Kept in `<data dir>/session.json` so that starting the app again after a crash resumes the
same student without typing anything. Each room+student has its own folder for the local
work, the outbox, the cached paper and the receipt.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from proctor.student.autosave import atomic_write_json, read_json

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
