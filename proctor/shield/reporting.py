"""How every monitor reports what it sees: `emit(kind, detail)`, an incident kind of
PROTOCOL.md and the detail a proctor needs to judge it. What `emit` returns is not used (the
student session returns the write's future)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Emit = Callable[[str, dict[str, Any]], object]
