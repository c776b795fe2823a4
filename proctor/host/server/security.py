"""Admin key hashing, tokens and per-address rate limits."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import deque

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_admin_key(key: str, salt: bytes | None = None) -> dict[str, str | int]:
    """An scrypt hash of the admin key; the key itself is never stored."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return {"salt": salt.hex(), "hash": digest.hex(), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}


def check_admin_key(key: str, stored: dict[str, str | int]) -> bool:
    digest = hashlib.scrypt(
        key.encode(),
        salt=bytes.fromhex(str(stored["salt"])),
        n=int(stored["n"]),
        r=int(stored["r"]),
        p=int(stored["p"]),
        dklen=32,
    )
    return hmac.compare_digest(digest.hex(), str(stored["hash"]))


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_student_token(student_id: str) -> tuple[str, str]:
    """A student token `<student_id>.<secret>` and the hash stored for it."""
    secret = secrets.token_urlsafe(24)
    return f"{student_id}.{secret}", token_hash(secret)


def new_seat_key() -> str:
    """A seat's secret (43 URL-safe characters); the host keeps its `token_hash` only."""
    return secrets.token_urlsafe(32)


def split_student_token(token: str) -> tuple[str, str] | None:
    student_id, sep, secret = token.partition(".")
    if not sep or not student_id or not secret:
        return None
    return student_id, secret


def new_admin_token() -> tuple[str, str]:
    token = "adm_" + secrets.token_urlsafe(32)
    return token, token_hash(token)


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class RateLimiter:
    """At most `limit` failures per address within `window_s`; then 429 until they age out."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, address: str, now: float) -> deque[float]:
        hits = self._failures.setdefault(address, deque())
        while hits and now - hits[0] > self.window_s:
            hits.popleft()
        return hits

    def blocked(self, address: str) -> bool:
        now = time.monotonic()
        hits = self._recent(address, now)
        if not hits:
            self._failures.pop(address, None)
            return False
        return len(hits) >= self.limit

    def failed(self, address: str) -> None:
        hits = self._recent(address, time.monotonic())
        hits.append(time.monotonic())
        if len(self._failures) > 10_000:  # bound memory under a flood of addresses
            self._failures.clear()

    def retry_after_s(self, address: str) -> int:
        hits = self._failures.get(address)
        if not hits:
            return 0
        return max(1, int(self.window_s - (time.monotonic() - hits[0])) + 1)
