"""Where a host keeps its rooms in a data folder: the paths every host-side tool agrees on.

Plain paths, no I/O beyond looking: the room server, the dashboard's supervisor and the
exporter all find a room through here without importing the server.
"""

from __future__ import annotations

import re
from pathlib import Path

CURRENT_ROOM_FILE = "current_room"
HOST_JSON = "host.json"  # a running host's pid, port and room, beside its store


def room_file(data_dir: Path, room_id: str) -> Path:
    return data_dir / f"room-{room_id}.sqlite3"


def current_room_file(data_dir: Path) -> Path | None:
    """The room file a host started in `data_dir` would resume, if any."""
    marker = data_dir / CURRENT_ROOM_FILE
    if marker.exists():
        path = room_file(data_dir, marker.read_text().strip())
        if path.exists():
            return path
    rooms = sorted(data_dir.glob("room-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    return rooms[-1] if rooms else None


_UNSAFE_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9_.\-]+")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
)


def student_file_stem(text: str, max_chars: int = 80) -> str:
    """A file or folder name for a registration number (which may hold '/', spaces, '..'):
    "CS/2021/045" → "CS_2021_045". Safe on every platform; two numbers may map to one stem,
    so callers that write one file per student still check for clashes."""
    stem = _UNSAFE_IN_FILE_NAMES.sub("_", text).strip("._")[:max_chars].strip("._") or "student"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem
