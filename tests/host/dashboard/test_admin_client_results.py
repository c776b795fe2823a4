"""The dashboard's results calls (`AdminClient`) against a real headless room server on the
sample mixed paper: every body parses into the dashboard's models, an override and a re-mark
go through, and the stream's grading messages arrive typed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import AdminGradingMessage
from proctor.host.dashboard.admin_client import AdminApiError, AdminClient, StreamMessage
from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.hosts import AsyncHost, running_host
from tests.helpers.waiting import wait_until_async

pytestmark = pytest.mark.slow

PAPER = ROOT / "assets" / "sample_mixed_paper"
CODE = {n: (PAPER / "solutions" / n).read_text() for n in ("word_counts.py", "running_median.py")}


async def hand_in(host: AsyncHost, token: str, files: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with host.http() as http:
        async with http.post(
            host.room_url + "/submit", json={"files": files}, headers=headers
        ) as r:
            assert r.status == 200, await r.text()


async def test_the_dashboards_results_calls_read_a_real_room(tmp_path: Path) -> None:
    async with running_host(tmp_path, paper_dir=PAPER) as host:
        a = await host.join("Ada Lovelace", "R001")
        b = await host.join("Alan Turing", "R002")
        async with AdminClient(
            host.base_url, host.room_id, ADMIN_KEY, fingerprint=host.fingerprint
        ) as client:
            heard: list[AdminGradingMessage] = []

            def on_message(message: StreamMessage) -> None:
                if isinstance(message, AdminGradingMessage):
                    heard.append(message)

            follower = asyncio.create_task(client.stream(on_message))
            try:
                await client.start()
                for student in (a, b):
                    await hand_in(host, student["token"], CODE)

                async def all_marked() -> Any:
                    body = await client.results()
                    return body if body.pending == 0 else None

                with pytest.raises(AdminApiError) as early:
                    await client.release()
                assert early.value.status == 409
                await client.end(ADMIN_KEY)
                results = await wait_until_async(all_marked, timeout=120)
                rows = {s.reg_no: s for s in results.students}
                assert rows["R001"].questions["word_counts"].status == "correct"
                assert rows["R001"].from_snapshot is False and results.title

                sid = a["student_id"]
                sheet = await client.answer_sheet(sid)
                assert [q.id for q in sheet.questions] == list(rows["R001"].questions)
                changed = await client.set_override(sid, "word_counts", 7, "Late fix")
                assert changed.questions["word_counts"].points == 7
                back = await client.set_override(sid, "word_counts", None, "Undone")
                assert back.questions["word_counts"].override is None

                queued = await client.grade(sid)
                assert queued.queued == len(sheet.questions)
                await wait_until_async(lambda: any(m.done == m.total for m in heard), 60)
                await wait_until_async(all_marked, timeout=120)

                analytics = await client.analytics()
                assert sum(b.count for b in analytics.histogram) == 2
                pairs = (await client.similarity()).pairs
                assert pairs and pairs[0].score == pytest.approx(1.0)
                pair = await client.similarity_pair(pairs[0].question, pairs[0].a, pairs[0].b)
                assert pair.a.lines and pair.a.files == pair.b.files
                released = await client.release()
                assert released.released and released.feedback == "score"
                assert (await client.results()).released is True
            finally:
                follower.cancel()
                await asyncio.gather(follower, return_exceptions=True)
