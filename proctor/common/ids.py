"""Room IDs and other identifiers."""

from __future__ import annotations

import secrets

ROOM_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ROOM_ID_LENGTH = 6


def new_room_id() -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(ROOM_ID_LENGTH))


def normalize_room_id(text: str) -> str | None:
    """The canonical form of a typed room ID, or None if it cannot be one."""
    candidate = text.strip().upper()
    if len(candidate) != ROOM_ID_LENGTH or any(ch not in ROOM_ALPHABET for ch in candidate):
        return None
    return candidate


def new_student_id() -> str:
    return "s_" + secrets.token_hex(6)
