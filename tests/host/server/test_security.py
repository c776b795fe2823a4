"""Admin key hashing, tokens and rate limits."""

from __future__ import annotations

import time

from proctor.host.server.security import (
    RateLimiter,
    check_admin_key,
    hash_admin_key,
    new_admin_token,
    new_student_token,
    same_hash,
    split_student_token,
    token_hash,
)


def test_the_admin_key_is_kept_as_a_salted_scrypt_hash() -> None:
    first, second = hash_admin_key("correct horse"), hash_admin_key("correct horse")
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert "correct horse" not in str(first)
    assert check_admin_key("correct horse", first) and check_admin_key("correct horse", second)
    assert not check_admin_key("correct horsE", first)
    assert not check_admin_key("", first)


def test_student_tokens_name_their_student_and_only_the_hash_is_kept() -> None:
    token, digest = new_student_token("s_abc")
    sid, secret = split_student_token(token) or ("", "")
    assert sid == "s_abc" and len(secret) >= 32
    assert digest == token_hash(secret) and secret not in digest
    assert new_student_token("s_abc")[0] != token
    for bad in ("", "nodot", ".secret", "s_abc."):
        assert split_student_token(bad) is None


def test_admin_tokens_are_long_random_and_distinct() -> None:
    tokens = {new_admin_token()[0] for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) > 40 for t in tokens)
    assert same_hash("abc", "abc") and not same_hash("abc", "abd")


def test_the_rate_limiter_blocks_after_the_limit_then_forgets() -> None:
    limiter = RateLimiter(limit=3, window_s=0.3)
    for _ in range(3):
        assert not limiter.blocked("10.0.0.1")
        limiter.failed("10.0.0.1")
    assert limiter.blocked("10.0.0.1")
    assert not limiter.blocked("10.0.0.2")  # per address
    assert limiter.retry_after_s("10.0.0.1") >= 1
    time.sleep(0.35)
    assert not limiter.blocked("10.0.0.1")
    assert limiter.retry_after_s("10.0.0.1") == 0


def test_a_flood_of_other_addresses_does_not_unblock_the_worst_offender() -> None:
    limiter = RateLimiter(limit=5, window_s=60)
    for _ in range(5):
        limiter.failed("10.0.0.66")
    for n in range(10_050):  # one failure each from ten thousand other addresses
        limiter.failed(f"10.1.{n // 256}.{n % 256}")
    assert limiter.blocked("10.0.0.66")
    assert limiter.retry_after_s("10.0.0.66") > 0
    assert len(limiter) <= 10_000 + 1  # memory stays bounded: the oldest went first
    assert not limiter.blocked("10.1.0.0")


def test_blocked_addresses_are_bounded_too_and_the_newest_blocks_stay() -> None:
    limiter = RateLimiter(limit=2, window_s=60, max_tracked=100)
    for n in range(250):
        for _ in range(2):
            limiter.failed(f"10.2.0.{n}")
    assert len(limiter) <= 200  # at most max_tracked counting, max_tracked blocked
    assert limiter.blocked("10.2.0.249") and not limiter.blocked("10.2.0.0")
