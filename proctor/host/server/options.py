"""Command-line options of `proctor host`, shared by the headless server and the dashboard."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from proctor.common.paths import default_host_data_dir

DEFAULT_PORT = 8080
MIN_ADMIN_KEY_CHARS = 8
# One student's app holds a stream and at most 8 pooled connections; 64 per address leaves
# room for several machines behind one address (a small NAT) while one flooding machine can
# hold only 64 of the host's sockets. A hall behind one NAT address needs more (or 0).
DEFAULT_MAX_CONNECTIONS = 64

# How `proctor host --headless` ends; the dashboard's supervisor reads them.
EXIT_CANNOT_LISTEN = 1
EXIT_STARTUP_ERROR = 2  # bad options, a paper or room that cannot be opened
EXIT_WRONG_ADMIN_KEY = 3  # the data folder's room has another admin key


def build_parser(prog: str = "proctor host") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Host an exam room on this machine.")
    p.add_argument("--headless", action="store_true", help="run the room server with no window")
    p.add_argument("--name", help="session name shown to students")
    p.add_argument("--duration", type=float, help="exam duration in minutes")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (next free one if taken)")
    p.add_argument("--bind", default="0.0.0.0", help="address to listen on (default: all)")
    p.add_argument("--data-dir", type=Path, help="folder of the room's store")
    p.add_argument("--paper", type=Path, help="folder with instructions.md and starter files")
    p.add_argument("--admin-key-file", type=Path, help="file holding the admin key")
    p.add_argument("--blacklist", type=Path, help="JSON blacklist replacing the default one")
    p.add_argument("--camera", choices=["off", "report"], default=None, help="camera check")
    p.add_argument("--paste", choices=["allow", "report", "block"], default=None)
    p.add_argument("--new-room", action="store_true", help="start a new room in the data dir")
    p.add_argument("--grace", type=float, default=None, help="seconds to hand in after the end")
    p.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        help="connections one address may hold (default %(default)s; 0: no cap). Raise it "
        "for a hall whose students reach the host through one NAT address",
    )
    p.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP instead of HTTPS (no certificate, nothing for students to "
        "check): only for a client that cannot do TLS",
    )
    p.add_argument(
        "--announce-on",
        metavar="ADDR",
        help="the address to announce the room from (beacon and mDNS; default: the bound "
        "address, or for 0.0.0.0 the most likely LAN address)",
    )
    p.add_argument(
        "--no-announce",
        action="store_true",
        help="do not announce the room on the network (students type the address)",
    )
    return p


@dataclass
class AdminKeyError(Exception):
    message: str


def read_admin_key(key_file: Path | None) -> str:
    """The admin key from --admin-key-file or PROCTOR_ADMIN_KEY."""
    if key_file is not None:
        try:
            key = key_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise AdminKeyError(f"cannot read the admin key file {key_file}: {exc}") from exc
    else:
        key = os.environ.get("PROCTOR_ADMIN_KEY", "")
    if len(key) < MIN_ADMIN_KEY_CHARS:
        raise AdminKeyError(
            "an admin key of at least 8 characters is needed: set PROCTOR_ADMIN_KEY "
            "or pass --admin-key-file"
        )
    return key


def resolve_data_dir(data_dir: Path | None) -> Path:
    return (data_dir or default_host_data_dir()).expanduser().resolve()
