"""What the dashboard remembers between runs (no Qt): the last room's setup, never its admin
key, and the windows' sizes. One small JSON file beside the rooms folder, read and written off
the GUI thread; a missing or damaged file is an empty memory, never an error."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from proctor.host.dashboard.supervisor import rooms_root

PREFS_FILE = "dashboard.json"
_write_lock = threading.Lock()


@dataclass
class RememberedSetup:
    """The setup form's choices of last time (the admin key is never kept)."""

    name: str = ""
    duration_min: int = 90
    address: str = ""
    port: int = 0
    paper: str = ""
    camera: bool = False
    paste: str = "report"
    categories_off: list[str] = field(default_factory=list)  # default categories unticked
    extra_names: list[str] = field(default_factory=list)  # programs the proctor added

    @classmethod
    def from_record(cls, record: Any) -> RememberedSetup:
        if not isinstance(record, dict):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        defaults = cls()
        for key, value in record.items():
            if key in known and isinstance(value, type(getattr(defaults, key))):
                values[key] = value
        for key in ("categories_off", "extra_names"):
            values[key] = [str(v) for v in values.get(key, []) if isinstance(v, str)]
        return cls(**values)


@dataclass
class Prefs:
    setup: RememberedSetup | None = None
    windows: dict[str, str] = field(default_factory=dict)  # window name -> saved geometry

    def to_record(self) -> dict[str, Any]:
        return {
            "setup": asdict(self.setup) if self.setup is not None else None,
            "windows": dict(self.windows),
        }


def prefs_path(rooms: Path | None = None) -> Path:
    """The prefs file: beside the rooms folder (so a test's rooms folder has its own)."""
    return (rooms or rooms_root()).parent / PREFS_FILE


def load_prefs(path: Path) -> Prefs:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Prefs()
    if not isinstance(record, dict):
        return Prefs()
    setup = record.get("setup")
    windows = record.get("windows")
    return Prefs(
        setup=RememberedSetup.from_record(setup) if isinstance(setup, dict) else None,
        windows={
            str(k): v for k, v in (windows or {}).items() if isinstance(v, str) and len(v) < 4096
        }
        if isinstance(windows, dict)
        else {},
    )


def save_prefs(path: Path, prefs: Prefs) -> None:
    """Replace the file whole (a crash leaves the old one or the new one)."""
    text = json.dumps(prefs.to_record(), indent=1)
    with _write_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, path)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
