"""Admin key hashing, tokens and per-address rate limits."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict, deque

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
# An admin token lasts a long exam day (setting up, the exam, the export); the dashboard
# logs in again before it runs out, and a token found on a laptop later is worthless.
ADMIN_TOKEN_LIFETIME_S = 12 * 3600


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


def new_token_secret() -> tuple[str, str]:
    """The secret of a student token and the hash the host keeps of it (the student id is
    not part of it: a join learns which seat it takes only from the engine)."""
    secret = secrets.token_urlsafe(24)
    return secret, token_hash(secret)


def student_token(student_id: str, secret: str) -> str:
    """What the student sends: `<student_id>.<secret>`."""
    return f"{student_id}.{secret}"


def new_student_token(student_id: str) -> tuple[str, str]:
    """A student token `<student_id>.<secret>` and the hash stored for it."""
    secret, digest = new_token_secret()
    return student_token(student_id, secret), digest


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
    """At most `limit` failures per address within `window_s`; then 429 until they age out.

    Memory is bounded without forgetting the worst offenders: addresses still counting are
    kept in the order of their last failure and the oldest are dropped past `max_tracked`;
    blocked addresses are kept apart, and past `max_tracked` of those the oldest block goes
    (the one closest to its end anyway). A flood of new addresses cannot unblock anyone.
    """

    def __init__(self, limit: int, window_s: float, max_tracked: int = 10_000) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_tracked = max_tracked
        self._counting: OrderedDict[str, deque[float]] = OrderedDict()
        self._blocked: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._counting) + len(self._blocked)

    def _trim(self, hits: deque[float], now: float) -> deque[float]:
        while hits and now - hits[0] > self.window_s:
            hits.popleft()
        return hits

    def blocked(self, address: str) -> bool:
        hits = self._blocked.get(address)
        if hits is None:
            return False
        now = time.monotonic()
        if len(self._trim(hits, now)) >= self.limit:
            return True
        del self._blocked[address]  # aged out: counting again with what is left
        if hits:
            self._counting[address] = hits
        return False

    def failed(self, address: str) -> None:
        now = time.monotonic()
        if address in self._blocked:
            self._trim(self._blocked[address], now).append(now)
            return
        hits = self._trim(self._counting.pop(address, deque()), now)
        hits.append(now)
        if len(hits) >= self.limit:
            self._blocked[address] = hits
            if len(self._blocked) > self.max_tracked:
                self._blocked.popitem(last=False)
        else:
            self._counting[address] = hits  # the newest at the end
            if len(self._counting) > self.max_tracked:
                self._counting.popitem(last=False)

    def retry_after_s(self, address: str) -> int:
        hits = self._blocked.get(address) or self._counting.get(address)
        if not hits:
            return 0
        return max(1, int(self.window_s - (time.monotonic() - hits[0])) + 1)
