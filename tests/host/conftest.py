"""A real room server per test, through pytest-aiohttp's `aiohttp_client` (loopback)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import Policy
from proctor.host.server.app import make_app
from proctor.host.server.room import LiveRoom
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
    ) -> LiveRoom:
        nonlocal count
        count += 1
        return LiveRoom.create(
            tmp_path / f"host{count}",
            name=name,
            duration_s=duration_s,
            admin_key=ADMIN_KEY,
            paper=PAPER,
            policy=policy or Policy(),
            grace_ms=grace_ms,
            host_info={"hostname": "test"},
        )

    return make


@pytest.fixture
def make_api(aiohttp_client: Any, make_live: Callable[..., LiveRoom]) -> MakeApi:
    async def make(*, clock: Clock | None = None, ticker: bool = True, **room: Any) -> Api:
        live = make_live(**room)
        if clock is not None:
            live.clock = clock
        client = await aiohttp_client(make_app(live, start_ticker=ticker))
        return Api(client, live)

    return make


@pytest.fixture
async def api(make_api: MakeApi) -> Api:
    return await make_api()
