"""A real host whose data folder is on a small tmpfs that fills up: what cannot be saved is
answered 503 `not_saved` and changes nothing; once there is room again, the retries are
taken; a SIGKILL and restart then find exactly what was acknowledged."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.helpers.headless import ADMIN_KEY, HeadlessHost, HttpError, call

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DISK_MB = 16
BIG = "x" * 600_000  # more than any room left in the store's files: it needs the disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(mount_point)],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (root is needed): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=20)


def fill(disk: Path) -> Path:
    """Take every free byte of the disk; the file that holds them."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 10, 1):  # large pieces, then the last bytes
            piece = b"\0" * size
            try:
                while True:
                    os.write(fd, piece)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


async def rows_by_reg_no(http: aiohttp.ClientSession, url: str, admin: str) -> dict[str, Any]:
    answer = await call(http, "GET", f"{url}/admin/students", admin)
    return {row["reg_no"]: row for row in answer["students"]}


async def refused(http: aiohttp.ClientSession, method: str, url: str, token: str, body: Any) -> str:
    with pytest.raises(HttpError) as caught:
        await call(http, method, url, token, body)
    assert caught.value.status == 503, caught.value.body
    return str(caught.value.body["error"]["code"])


async def test_a_full_disk_refuses_cleanly_and_the_retries_are_kept(
    small_disk: Path, tmp_path: Path
) -> None:
    data_dir = small_disk / "host"
    host = HeadlessHost(data_dir)
    host.start()
    url = host.room_url
    async with host.http() as http:
        admin = (await call(http, "POST", f"{url}/admin/login", json={"admin_key": ADMIN_KEY}))[
            "token"
        ]
        ada = await call(http, "POST", f"{url}/join", json={"name": "Ada", "reg_no": "A-1"})
        bob = await call(http, "POST", f"{url}/join", json={"name": "Bob", "reg_no": "B-2"})
        await call(http, "POST", f"{url}/admin/start", admin, {})
        token, sid = ada["token"], ada["student_id"]
        event = {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": 1, "detail": {"d": BIG}}
        files = {"main.py": BIG}

        filler = fill(small_disk)
        assert await refused(http, "POST", f"{url}/events", token, {"events": [event]}) == (
            "not_saved"
        )
        assert await refused(http, "POST", f"{url}/submit", token, {"files": files}) == (
            "not_saved"
        )
        assert await refused(http, "PUT", f"{url}/work", token, {"seq": 1, "files": files}) == (
            "not_saved"
        )
        reason = {"reason": "r" * 400}
        for _ in range(100):  # the rows outgrow what the store's files hold
            try:
                await call(http, "POST", f"{url}/admin/students/{bob['student_id']}/flag",
                           admin, reason)  # fmt: skip
            except HttpError as exc:
                assert exc.status == 503
                break
        else:
            raise AssertionError("the proctor's flags never hit the full disk")
        # Nothing changed: the hand-in does not show, the state is as before, reads work.
        rows = await rows_by_reg_no(http, url, admin)
        assert rows["A-1"]["status"] == "active" and rows["A-1"]["submission_sha256"] is None
        assert rows["A-1"]["violations"] == 0
        state = await call(http, "GET", f"{url}/state", token)
        assert state["me"]["status"] == "active"

        os.remove(filler)  # room again: the same requests are taken
        answer = await call(http, "POST", f"{url}/events", token, {"events": [event]})
        assert answer == {"accepted": 1, "duplicates": 0, "dropped": 0}
        receipt = await call(http, "POST", f"{url}/submit", token, {"files": files})
        saved = await call(http, "PUT", f"{url}/work", token, {"seq": 1, "files": files})
        flags = len(rows["B-2"]["manual_reasons"])
    host.kill()

    again = HeadlessHost(data_dir, name=None, duration_min=None)
    again.start()
    try:
        async with again.http() as http:
            url = again.room_url
            incidents = (await call(http, "GET", f"{url}/admin/incidents", admin))["incidents"]
            kept = [i["detail"].get("d") for i in incidents if i["kind"] == "focus_lost"]
            assert kept == [BIG]
            view = await call(http, "GET", f"{url}/admin/students/{sid}/work", admin)
            assert view["submission"]["sha256"] == receipt["sha256"]
            assert view["snapshot"]["sha256"] == saved["sha256"]
            rows = await rows_by_reg_no(http, url, admin)
            assert rows["A-1"]["status"] == "submitted" and rows["A-1"]["violations"] == 1
            assert len(rows["B-2"]["manual_reasons"]) == flags  # what showed is what was kept
    finally:
        assert again.stop() == 0
