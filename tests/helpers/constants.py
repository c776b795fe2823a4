"""What the tests share as plain values: the checkout's folders and the admin key of every
test room."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout
DATA = ROOT / "tests" / "data"  # the pictures and files tests read (see its README)
ADMIN_KEY = "correct horse battery"  # the admin key of every test room
