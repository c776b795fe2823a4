"""Answers sent gzip-compressed where it pays: a large body the same for many students.

The paper (`GET paper`) is fetched by every student in the seconds after the start, all
at once, over the hall's shared link: its JSON is encoded and compressed once per paper and
sent compressed to every client that says it takes gzip (`Accept-Encoding`; aiohttp's and
every browser's client do). Small bodies and those that do not shrink by a fifth go as they
are. Request bodies stay uncompressed (415, see the guard): inflating what a client sends is
how a small body becomes a large one.
"""

from __future__ import annotations

import gzip

from aiohttp import web

MIN_SIZE = 1024  # below this, gzip's header and a compressor's start cost more than they save
MIN_SAVING = 0.2


def accepts_gzip(request: web.Request) -> bool:
    """Does the client take a gzip body? (`Accept-Encoding: gzip`, not with q=0.)"""
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


class SharedBody:
    """One JSON body served to many, and its gzip form when that pays (made once)."""

    def __init__(self, text: str) -> None:
        self.raw = text.encode("utf-8")
        self.gzipped: bytes | None = None
        if len(self.raw) >= MIN_SIZE:
            packed = gzip.compress(self.raw, compresslevel=6, mtime=0)
            if len(packed) <= len(self.raw) * (1 - MIN_SAVING):
                self.gzipped = packed

    def response(self, request: web.Request) -> web.Response:
        if self.gzipped is not None and accepts_gzip(request):
            answer = web.Response(body=self.gzipped, content_type="application/json")
            answer.headers["Content-Encoding"] = "gzip"
            answer.headers["Vary"] = "Accept-Encoding"
            return answer
        answer = web.Response(body=self.raw, content_type="application/json")
        if self.gzipped is not None:
            answer.headers["Vary"] = "Accept-Encoding"
        return answer
