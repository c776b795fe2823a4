"""A real room server per test, through pytest-aiohttp's `aiohttp_client` (loopback)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import Policy
from proctor.host.server.app import make_app
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from proctor.paper.exam import ExamPaper
from tests.helpers.api import PAPER, Api, Clock, MakeApi
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.headless import reap_hosts


@pytest.fixture(autouse=True)
def _reap_headless_hosts() -> Iterator[None]:
    yield
    reap_hosts()


@pytest.fixture
def make_live(tmp_path: Path) -> Callable[..., LiveRoom]:
    count = 0

    def make(
        *,
        duration_s: int = 3600,
        grace_ms: int = 120_000,
        policy: Policy | None = None,
        name: str = "Algorithms final",
        clock: Clock | None = None,
        paper: ExamPaper | None = None,
        paper_dir: Path | None = None,
    ) -> LiveRoom:
        nonlocal count
        count += 1
        return LiveRoom.create(
            tmp_path / f"host{count}",
            name=name,
            duration_s=duration_s,
            admin_key=ADMIN_KEY,
            paper=paper or ExamPaper.model_validate(PAPER),
            policy=policy or Policy(),
            grace_ms=grace_ms,
            host_info={"hostname": "test"},
            paper_dir=paper_dir,
            **({} if clock is None else {"clock": clock}),
        )

    return make


@pytest.fixture
def make_api(aiohttp_client: Any, make_live: Callable[..., LiveRoom]) -> MakeApi:
    async def make(*, ticker: bool = True, **room: Any) -> Api:
        """A room opened by its app as the test server starts (`room`: `make_live`'s)."""
        client = await aiohttp_client(make_app(lambda: make_live(**room), start_ticker=ticker))
        return Api(client, client.app[LIVE_ROOM])

    return make


@pytest.fixture
async def api(make_api: MakeApi) -> Api:
    return await make_api()
