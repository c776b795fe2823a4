"""Where a host keeps its rooms in a data folder: the paths every host-side tool agrees on.

Plain paths, no I/O beyond looking: the room server, the dashboard's supervisor and the
exporter all find a room through here without importing the server.
"""

from __future__ import annotations

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
