"""Receipts a person can use: a short code read aloud or compared at a glance, and a local time.

The `sha256` of a receipt is the SHA-256 of the handed-in files as canonical JSON (see
`proctor.common.protocol.canonical_files`): one hash over every file name and text together,
so it differs from `sha256sum` of any single file. The code is that hash's first 8 hex
digits in two groups of four, upper case: "3F2A-91BC".
"""

from __future__ import annotations

import time

RECEIPT_CODE_DIGITS = 8


def receipt_code(sha256: str) -> str:
    """The short receipt code of a hash: "3f2a91bc…" → "3F2A-91BC"."""
    head = sha256[:RECEIPT_CODE_DIGITS].upper()
    return f"{head[:4]}-{head[4:]}" if len(head) > 4 else head


def local_time(ms: int | None, with_date: bool = False) -> str:
    """An epoch-ms instant as this computer's local time: "14:05:09" or "2026-03-02 14:05:09"."""
    if ms is None:
        return ""
    pattern = "%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S"
    return time.strftime(pattern, time.localtime(ms / 1000))
