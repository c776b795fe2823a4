"""The student app's session, light on the wire, against a real in-process host: on lean
streams the policy it got once is the policy it shows, in every state after it, until a new
revision comes (while waiting it shows none, as a full frame says); its polls name the
revision held; its snapshots carry only the files changed since the host's copy. And
`PolicyKeeper` and `changes_since`, what they keep and send."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from proctor.common.protocol import Me, Policy, StudentStatus, canonical_files
from proctor.student.delivery import changes_since
from proctor.student.policy_keeper import PolicyKeeper
from proctor.student.session import StudentSession
from tests.helpers.hosts import AsyncHost
from tests.helpers.session import NoWebSocketProxy, RecordingListener, SessionPool, host_for
from tests.helpers.waiting import wait_until_async

SessionFactory = Callable[..., tuple[StudentSession, RecordingListener]]


@pytest.fixture
async def async_host(tmp_path: Path, pool: SessionPool) -> AsyncIterator[AsyncHost]:
    async with host_for(pool, tmp_path / "host") as running:
        yield running


async def test_the_session_keeps_the_policy_of_its_lean_stream(
    async_host: AsyncHost, pool: SessionPool
) -> None:
    session, listener = pool.make()
    joined = await session.join(
        async_host.host, async_host.port, async_host.join_code, "Ada Lovelace", "R-001"
    )
    await session.start()
    await wait_until_async(lambda: listener.connection == "online", what="online")
    await async_host.admin("PUT", "policy", {"paste": "block", "camera": "report"})
    seat = session._seat
    assert seat is not None and seat.channel is not None
    keeper = seat.channel.policy
    # The lean stream sent revision 2 in the lobby; the app shows no policy while waiting.
    await wait_until_async(lambda: keeper.known_rev == 2, what="revision 2 kept")
    assert listener.states[-1][1].policy is None and listener.status == "waiting"

    await async_host.admin("POST", "start")
    await wait_until_async(lambda: listener.status == "active", what="the start")
    me = listener.states[-1][1]
    assert me.policy_rev == 2 and me.policy is not None  # put back: the frame had none
    assert (me.policy.paste, me.policy.camera) == ("block", "report")
    await async_host.admin("POST", f"students/{joined.student_id}/pause")
    await wait_until_async(lambda: listener.status == "paused", what="the pause")
    assert listener.states[-1][1].policy == me.policy
    assert session.me is not None and session.me.policy == me.policy


def _me(status: StudentStatus, rev: int | None, policy: Policy | None) -> Me:
    return Me(
        student_id="s_1", name="Ada", reg_no="R-1", status=status, ends_ms=None,
        policy_rev=rev, policy=policy,
    )  # fmt: skip


def test_the_keeper_puts_back_the_revision_it_holds_and_only_that() -> None:
    keeper = PolicyKeeper()
    first, second = Policy(paste="block"), Policy(paste="allow")
    active, waiting = StudentStatus.ACTIVE, StudentStatus.WAITING
    assert keeper.known_rev is None
    assert keeper.complete(_me(active, 1, None)).policy is None  # nothing held yet
    # Sent in the lobby: kept, but not shown to a waiting student.
    assert keeper.complete(_me(waiting, 1, first)).policy is None and keeper.known_rev == 1
    assert keeper.complete(_me(active, 1, None)).policy == first
    assert keeper.complete(_me(active, 2, None)).policy is None  # another revision: not ours
    assert keeper.complete(_me(active, 2, second)).policy == second and keeper.known_rev == 2
    assert keeper.complete(_me(StudentStatus.KICKED, 2, None)).policy is None
    assert keeper.complete(_me(StudentStatus.PAUSED, 2, None)).policy == second


def test_a_host_without_lean_frames_passes_through() -> None:
    keeper = PolicyKeeper()
    full = _me(StudentStatus.ACTIVE, None, Policy(paste="block"))
    assert keeper.complete(full) is full and keeper.known_rev is None
    bare = _me(StudentStatus.ACTIVE, None, None)
    assert keeper.complete(bare).policy is None


async def test_polls_name_the_revision_and_snapshots_carry_the_changes(
    tmp_path: Path, pool: SessionPool
) -> None:
    # Plain HTTP behind a proxy that refuses WebSockets: the session polls, and the proxy
    # sees every request as sent.
    async with host_for(pool, tmp_path / "host", tls=False) as host:
        proxy = await NoWebSocketProxy(host.base_url).start()
        try:
            session, listener = pool.make(snapshot_every_s=0.2)
            joined = await session.join("127.0.0.1", proxy.port, host.room_id, "Cy", "R-300")
            await session.start()
            await host.admin("POST", "start")
            await wait_until_async(lambda: listener.status == "active", what="polled start")
            assert listener.states[-1][1].policy is not None
            polls = [path for method, path, _ in proxy.requests if path.endswith("/state")]
            await wait_until_async(
                lambda: any("/state?policy_rev=1" in p for _, p, _ in proxy.requests),
                what="a poll naming revision 1",
            )
            assert polls and "policy_rev" not in polls[0]  # nothing held before the first
            assert listener.states[-1][1].policy is not None  # kept while the host leaves it out

            big = "x = 1\n" * 2000
            files = {"main.py": big, "notes.txt": "first"}
            session.work_changed(files)
            await wait_until_async(lambda: _work_puts(proxy), what="the first snapshot")
            files = {**files, "notes.txt": "second"}
            session.work_changed(files)
            await wait_until_async(lambda: len(_work_puts(proxy)) >= 2, what="the second")
            first, second = _work_puts(proxy)[:2]
            assert first["files"] == {"main.py": big, "notes.txt": "first"}
            assert "base_sha256" not in first
            assert second["files"] == {"notes.txt": "second"}  # the change only
            assert second["base_sha256"] == canonical_files(first["files"])[1]

            # The proxy sees a request as it is sent; the host's copy follows its commit.
            async def host_has_the_second() -> dict | None:
                work = await host.admin("GET", f"students/{joined.student_id}/work")
                return work if work["snapshot"]["files"].get("notes.txt") == "second" else None

            held = await wait_until_async(host_has_the_second, what="the host's second copy")
            assert held["snapshot"]["files"] == files  # the host holds the whole set
        finally:
            await proxy.close()


def _work_puts(proxy: NoWebSocketProxy) -> list[dict]:
    return [json.loads(body) for method, path, body in proxy.requests if method == "PUT"]


def test_changes_since_the_hosts_copy() -> None:
    base = {"a.py": "1", "b.py": "2", "c.py": "3"}
    sha = canonical_files(base)[1]
    assert changes_since(None, 4, base).model_dump(exclude_none=True) == {"seq": 4, "files": base}
    some = changes_since((sha, base), 5, {"a.py": "1", "b.py": "two"})
    assert (some.files, some.base_sha256, some.removed) == ({"b.py": "two"}, sha, ["c.py"])
    same = changes_since((sha, base), 6, dict(base))
    assert (same.files, same.base_sha256, same.removed) == ({}, sha, None)
    every = changes_since((sha, base), 7, {"a.py": "x", "b.py": "y", "c.py": "z"})
    assert every.base_sha256 is None and every.files == {"a.py": "x", "b.py": "y", "c.py": "z"}
