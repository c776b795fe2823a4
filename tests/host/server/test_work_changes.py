"""Snapshots of changes (`PUT work` with `base_sha256`), on a real room server on a real port:
the host puts the changed files into the copy it holds and takes out those removed, answers
the whole set's hash, and refuses changes based on another copy (409 `base_mismatch`) or
changes that make the copy too large, changing nothing."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import canonical_files
from proctor.host.server import plumbing
from tests.helpers.hosts import AsyncHost, running_host


@pytest.fixture
async def host(tmp_path: Path) -> AsyncIterator[AsyncHost]:
    async with running_host(tmp_path / "host") as running:
        yield running


class Seat:
    def __init__(self, host: AsyncHost, joined: dict[str, Any]) -> None:
        self.host = host
        self.sid = joined["student_id"]
        self.headers = {"Authorization": f"Bearer {joined['token']}"}

    async def put(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        data = io.BytesIO(json.dumps(body).encode())  # streamed, as the app sends large ones
        headers = self.headers | {"Content-Type": "application/json"}
        async with self.host.http() as http:
            async with http.put(f"{self.host.room_url}/work", data=data, headers=headers) as resp:
                return resp.status, await resp.json()

    async def stored(self) -> dict[str, Any]:
        answer = await self.host.admin("GET", f"students/{self.sid}/work")
        snapshot: dict[str, Any] = answer["snapshot"]
        return snapshot


@pytest.fixture
async def seat(host: AsyncHost) -> Seat:
    joined = await host.join("Ada", "R-1")
    await host.admin("POST", "start")
    return Seat(host, joined)


FIRST = {"main.py": "def f():\n    return 1\n" * 50, "notes.txt": "notes", "old.py": "x = 1\n"}


async def test_changes_on_the_hosts_copy_make_the_whole_set(seat: Seat) -> None:
    status, full = await seat.put({"seq": 1, "files": FIRST})
    assert status == 200 and full["accepts_base"] is True
    assert full["sha256"] == canonical_files(FIRST)[1]
    body = {
        "seq": 2,
        "files": {"notes.txt": "more notes", "new.py": "y = 2\n"},
        "base_sha256": full["sha256"],
        "removed": ["old.py", "never-there.py"],
    }
    status, changed = await seat.put(body)
    whole = {"main.py": FIRST["main.py"], "notes.txt": "more notes", "new.py": "y = 2\n"}
    assert status == 200 and changed["seq"] == 2
    assert changed["sha256"] == canonical_files(whole)[1]
    stored = await seat.stored()
    assert stored["files"] == whole and stored["seq"] == 2
    assert stored["sha256"] == changed["sha256"]


async def test_changes_on_another_copy_are_refused_and_change_nothing(seat: Seat) -> None:
    _, full = await seat.put({"seq": 1, "files": FIRST})
    stale = canonical_files({"main.py": "something else"})[1]
    for base in (stale, "0" * 64):
        status, body = await seat.put({"seq": 2, "files": {"a.py": ""}, "base_sha256": base})
        assert status == 409 and body["error"]["code"] == "base_mismatch"
        assert "Send all the files" in body["error"]["message"]
    stored = await seat.stored()
    assert stored["files"] == FIRST and stored["seq"] == 1 and stored["sha256"] == full["sha256"]
    # Bad shapes: a base that is no hash, a bad file name; and `removed` without a base (a
    # shape the schema allows, so 422).
    for bad in (
        {"seq": 3, "files": {}, "base_sha256": "ABC"},
        {"seq": 3, "files": {}, "base_sha256": full["sha256"], "removed": ["../etc"]},
    ):
        status, body = await seat.put(bad)
        assert status == 400 and body["error"]["code"] == "invalid_body", bad
    status, body = await seat.put({"seq": 3, "files": FIRST, "removed": ["main.py"]})
    assert status == 422 and body["error"]["code"] == "removed_without_base"
    assert (await seat.stored())["seq"] == 1


async def test_changes_before_any_copy_are_refused(seat: Seat) -> None:
    base = canonical_files(FIRST)[1]
    status, body = await seat.put({"seq": 1, "files": {"a.py": ""}, "base_sha256": base})
    assert status == 409 and body["error"]["code"] == "base_mismatch"


async def test_changes_that_grow_the_copy_past_the_limit_are_refused(
    seat: Seat, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proctor.host.server import routes_student

    monkeypatch.setattr(routes_student, "WORK_BODY", 4096)  # the body limit stays as it is
    assert plumbing.WORK_BODY > 4096
    _, full = await seat.put({"seq": 1, "files": {"a.py": "a" * 3000}})
    body = {"seq": 2, "files": {"b.py": "b" * 3000}, "base_sha256": full["sha256"]}
    status, answer = await seat.put(body)
    assert status == 413 and answer["error"]["code"] == "body_too_large"
    assert (await seat.stored())["files"] == {"a.py": "a" * 3000}


async def test_a_large_snapshot_over_tls_is_stored_whole(seat: Seat) -> None:
    """3 MB in one body: read through the host's TLS layer in many 32 KiB reads."""
    files = {f"data{i}.txt": f"{i:02d}" * 500_000 for i in range(3)}
    status, answer = await seat.put({"seq": 1, "files": files})
    assert status == 200 and answer["sha256"] == canonical_files(files)[1]
    assert seat.host.fingerprint is not None  # the host serves TLS
    assert (await seat.stored())["files"] == files
