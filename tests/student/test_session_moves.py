"""Seats are owned, with the real student session against a real host: a laptop dies, the
proctor moves the student, a spare PC gets the work back, the dead laptop is refused when it
wakes; nobody else can take a seat by registration number; the owner's own computer can."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from proctor.common.protocol import MAX_SEQ
from proctor.student.outbox import Outbox
from proctor.student.session import JoinError
from tests.helpers.hosts import AsyncHost
from tests.helpers.session import SessionPool, TcpRelay, host_for, seated
from tests.helpers.waiting import wait_until_async


async def host_work(host: AsyncHost, sid: str) -> dict[str, str] | None:
    snapshot = (await host.admin("GET", f"students/{sid}/work"))["snapshot"]
    return None if snapshot is None else dict(snapshot["files"])


async def until_host_has(host: AsyncHost, sid: str, files: dict[str, str]) -> None:
    async def has() -> bool:
        return await host_work(host, sid) == files

    await wait_until_async(has, what=str(files))


async def incident_kinds(host: AsyncHost) -> list[str]:
    return [i["kind"] for i in (await host.admin("GET", "incidents"))["incidents"]]


V1 = {"main.py": "def sort(xs):\n    return sorted(xs)  # v1 on the laptop\n"}
V2 = {"main.py": "def sort(xs):\n    return sorted(xs)  # v2, never sent\n"}
V3 = {"main.py": "def sort(xs):\n    return sorted(xs)  # v3 on the spare PC\n"}


async def test_a_dead_laptop_moved_to_a_spare_pc_gets_its_work_back_and_cannot_write_later(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        relay = await TcpRelay(host.port).start()
        try:
            laptop, laptop_events = pool.make(tmp_path / "laptop")
            joined = await laptop.join("127.0.0.1", relay.port, host.join_code, "Ada", "R-1")
            sid = joined.student_id
            await laptop.start()
            await host.admin("POST", "start")
            await wait_until_async(lambda: laptop_events.status == "active", what="active")
            laptop.work_changed(V1)
            await until_host_has(host, sid, V1)

            # The laptop dies mid-sentence: its last change never leaves it.
            await relay.cut("blackhole")
            saved = laptop_events.save_kinds().count("local_ok")  # V1 may show as host_ok
            laptop.work_changed(V2)
            await wait_until_async(lambda: laptop_events.save_kinds().count("local_ok") > saved)

            await host.admin("POST", f"students/{sid}/move", {"reason": "laptop died"})

            spare, spare_events = pool.make(tmp_path / "spare")
            moved = await spare.join(host.host, host.port, host.join_code, "Ada L.", "R-1")
            assert moved.student_id == sid and moved.me.status == "active"
            # Before anything is saved, the spare PC holds the host's copy, not starter files.
            assert spare.local_work() == V1
            await spare.start()
            await wait_until_async(lambda: spare_events.status == "active", what="spare active")
            await asyncio.sleep(1.0)  # a snapshot of the restored work would land by now
            assert await host_work(host, sid) == V1
            spare.work_changed(V3)
            await until_host_has(host, sid, V3)

            # The dead laptop wakes up with V2 still queued: refused, and told why.
            await relay.restore()
            await wait_until_async(
                lambda: "seat_moved" in laptop_events.error_codes(), timeout=20, what="refused"
            )
            message = dict(laptop_events.errors)["seat_moved"]
            assert "another computer" in message
            await asyncio.sleep(1.5)
            assert await host_work(host, sid) == V3  # nothing older replaced the newer work
            assert laptop.local_work() == V2  # and nothing on the laptop is lost

            # Joining again from the laptop's form is refused too: the seat is elsewhere now.
            with pytest.raises(JoinError) as caught:
                await laptop.join("127.0.0.1", relay.port, host.join_code, "Ada", "R-1")
            assert caught.value.code == "seat_taken"
            kinds = await incident_kinds(host)
            assert "seat_moved" in kinds and "seat_claim_refused" in kinds
        finally:
            await relay.close()


async def test_moved_back_the_laptop_takes_the_newer_copy_and_keeps_its_own_aside(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        laptop, laptop_events = pool.make(tmp_path / "laptop")
        joined = await laptop.join(host.host, host.port, host.join_code, "Ada", "R-1")
        sid = joined.student_id
        await laptop.start()
        await host.admin("POST", "start")
        await wait_until_async(lambda: laptop_events.status == "active")
        laptop.work_changed(V1)
        await until_host_has(host, sid, V1)
        await host.admin("POST", f"students/{sid}/move")
        await wait_until_async(
            lambda: "seat_moved" in laptop_events.error_codes(), what="moved away"
        )
        saved = laptop_events.save_kinds().count("local_ok")  # V1 may show as host_ok
        laptop.work_changed(V2)  # typed on the laptop after the move: never sent
        await wait_until_async(lambda: laptop_events.save_kinds().count("local_ok") > saved)

        spare, _ = pool.make(tmp_path / "spare")
        await spare.join(host.host, host.port, host.join_code, "Ada", "R-1")
        await spare.start()
        spare.work_changed(V3)
        await until_host_has(host, sid, V3)
        await spare.close()

        # The laptop works again; the proctor moves the student back to it.
        await host.admin("POST", f"students/{sid}/move")
        back = await laptop.join(host.host, host.port, host.join_code, "Ada", "R-1")
        assert back.student_id == sid
        assert laptop.local_work() == V3
        assert laptop.credentials is not None
        folder = laptop.credentials.folder(tmp_path / "laptop")
        aside = [json.loads(p.read_text())["files"] for p in folder.glob("work.replaced-*.json")]
        assert V2 in aside
        await laptop.start()
        await asyncio.sleep(1.0)
        assert await host_work(host, sid) == V3


async def test_a_second_computer_with_the_same_reg_no_is_refused(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        owner, owner_events = pool.make(tmp_path / "owner")
        joined = await owner.join(host.host, host.port, host.join_code, "Ada", "R-1")
        await owner.start()
        await host.admin("POST", "start")
        await wait_until_async(lambda: owner_events.status == "active")

        other, _ = pool.make(tmp_path / "other")
        for _attempt in range(2):  # with the key it proposes for itself, and again
            with pytest.raises(JoinError) as caught:
                await other.join(host.host, host.port, host.join_code, "Mallory", "r-1")
            assert caught.value.code == "seat_taken"
            assert "proctor" in caught.value.message
        owner.work_changed(V1)
        await until_host_has(host, joined.student_id, V1)
        assert owner_events.status == "active" and "token_invalid" not in owner_events.error_codes()
        assert (await incident_kinds(host)).count("seat_claim_refused") == 2


async def test_the_join_form_on_the_same_computer_resumes_with_the_kept_key(
    tmp_path: Path, pool: SessionPool
) -> None:
    """The app was closed and the student types their details again at once: the host still
    thinks the old connection is online; the kept seat key takes the seat back."""
    async with host_for(pool, tmp_path / "host") as host:
        first, events = pool.make(tmp_path / "pc")
        joined = await first.join(host.host, host.port, host.join_code, "Ada", "R-1")
        await first.start()
        await host.admin("POST", "start")
        await wait_until_async(lambda: events.status == "active")
        first.work_changed(V1)
        await until_host_has(host, joined.student_id, V1)
        first.work_changed(V2)
        await first.close()  # V2 is on this computer; the host has only V1

        again, again_events = pool.make(tmp_path / "pc")
        back = await again.join(host.host, host.port, host.join_code.lower(), "Ada", "R-1")
        assert back.student_id == joined.student_id
        assert again.local_work() == V2  # this computer's newer work stands
        await again.start()
        await until_host_has(host, joined.student_id, V2)
        rows = (await host.admin("GET", "students"))["students"]
        assert rows[0]["refused_claims"] == 0


async def test_a_seat_whose_counter_ran_ahead_keeps_saving(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        session, _events, sid = await seated(host, pool)
        assert session.credentials is not None
        folder = session.credentials.folder(pool.default_dir)
        await session.close()
        outbox = Outbox(folder / Outbox.FILE_NAME)
        outbox.raise_seq(MAX_SEQ - 1)  # the counter ran to the end of the order
        outbox.close()

        again, events = pool.make()
        assert await again.resume() is not None
        await again.start()
        for n in range(3):
            files = {"main.py": f"n = {n}\n"}
            again.work_changed(files)
            await until_host_has(host, sid, files)
        assert "host_rejected" not in events.save_kinds()


async def test_an_app_restarted_after_its_seat_moved_is_told_and_can_be_moved_back(
    tmp_path: Path, pool: SessionPool
) -> None:
    async with host_for(pool, tmp_path / "host") as host:
        laptop, _ = pool.make(tmp_path / "laptop")
        joined = await laptop.join(host.host, host.port, host.join_code, "Ada", "R-1")
        await laptop.close()
        await host.admin("POST", f"students/{joined.student_id}/move")

        again, _ = pool.make(tmp_path / "laptop")
        with pytest.raises(JoinError) as caught:
            await again.resume()
        assert caught.value.code == "seat_moved"
        assert "another computer" in caught.value.message

        await host.admin("POST", f"students/{joined.student_id}/move")  # back to this one
        back = await again.join(host.host, host.port, host.join_code, "Ada", "R-1")
        assert back.student_id == joined.student_id
