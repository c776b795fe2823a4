"""A real room server in this process on a real port: `running_host` serves it on the test's
own event loop (an `AsyncHost`, fixture `async_host`), `HostThread` on a loop thread of its own
with the same calls made synchronous (fixture `host_thread`, for Qt tests). The server as a
process of its own is `tests.helpers.headless.HeadlessHost`; the app under aiohttp's test
client, without a process or a thread, is `tests.helpers.api` (the `api` fixture).

Hosts serve HTTPS with their data folder's certificate, as in production (`tls=False`: plain
HTTP, as `--insecure-http`); every client a test makes through `AsyncHost.http()` pins the
host's fingerprint. They do not announce the room (`announce=True` to): hundreds of test rooms
on this machine's loopback would reach whatever else listens there."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from proctor.common.protocol import Policy
from proctor.common.tls import CERT_FILE, KEY_FILE, open_pinned_connection, pin
from proctor.host.server.guard import GuardLimits
from proctor.host.server.headless import HostConfig, run_host
from tests.helpers.constants import ADMIN_KEY

CALL_TIMEOUT = aiohttp.ClientTimeout(total=20)


class PinnedClients:
    """Clients for a host whose `fingerprint` is known (None: a plain-HTTP host): aiohttp
    sessions and raw streams that talk to that certificate only."""

    fingerprint: str | None

    @property
    def scheme(self) -> str:
        return "https" if self.fingerprint else "http"

    def connector(self, **options: Any) -> aiohttp.TCPConnector:
        """A connector that pins this host's certificate (plain for a plain-HTTP host)."""
        if self.fingerprint:
            options["ssl"] = pin(self.fingerprint)
        return aiohttp.TCPConnector(**options)

    def http(
        self, local_addr: tuple[str, int] | None = None, **options: Any
    ) -> aiohttp.ClientSession:
        """A client session for this host, pinned to its certificate."""
        options.setdefault("timeout", CALL_TIMEOUT)
        connector = self.connector(**({"local_addr": local_addr} if local_addr else {}))
        return aiohttp.ClientSession(connector=connector, **options)

    async def open_stream(
        self, host: str, port: int, local_addr: tuple[str, int] | None = None
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A raw connection to write HTTP by hand: TLS pinned, or plain TCP."""
        if self.fingerprint:
            return await open_pinned_connection(host, port, self.fingerprint, local_addr=local_addr)
        return await asyncio.open_connection(host, port, local_addr=local_addr)


class AsyncHost(PinnedClients):
    """A running room server's addresses and its admin and join calls, awaited."""

    def __init__(self, info: dict[str, Any], admin_key: str, data_dir: Path) -> None:
        self.host = "127.0.0.1"
        self.port: int = info["port"]
        self.room_id: str = info["room_id"]
        self.fingerprint: str | None = info.get("fingerprint")
        self.join_code: str = info.get("join_code") or self.room_id  # what a student types
        self.info = info
        self.admin_key = admin_key
        self.data_dir = data_dir
        self.base_url = f"{self.scheme}://{self.host}:{self.port}"
        self.api = self.base_url + "/api/v1"
        self.room_url = f"{self.api}/rooms/{self.room_id}"
        self._token: str | None = None

    async def admin_token(self) -> str:
        if self._token is None:
            self._token = await self.fresh_admin_token()
        return self._token

    async def fresh_admin_token(self) -> str:
        """A new admin login (of its own: ending it ends no other)."""
        async with self.http() as http:
            async with http.post(
                self.room_url + "/admin/login", json={"admin_key": self.admin_key}
            ) as resp:
                resp.raise_for_status()
                return str((await resp.json())["token"])

    async def admin(self, method: str, path: str, json: Any = None) -> Any:
        """Call an admin endpoint (`path` after `/admin/`) and return the parsed answer;
        raises aiohttp.ClientResponseError on an error status."""
        token = await self.admin_token()
        headers = {"Authorization": f"Bearer {token}"}
        async with self.http() as http:
            async with http.request(
                method, f"{self.room_url}/admin/{path}", json=json, headers=headers
            ) as resp:
                body = await resp.json()
                if resp.status >= 400:
                    raise aiohttp.ClientResponseError(
                        resp.request_info, (), status=resp.status, message=str(body)
                    )
                return body

    async def join(self, name: str, reg_no: str, pin: str | None = None) -> dict[str, Any]:
        body = {"name": name, "reg_no": reg_no} | ({} if pin is None else {"pin": pin})
        async with self.http() as http:
            async with http.post(self.room_url + "/join", json=body) as resp:
                body = await resp.json()
                if resp.status != 201:
                    raise aiohttp.ClientResponseError(
                        resp.request_info, (), status=resp.status, message=str(body)
                    )
                return body


def copy_certificate(from_dir: Path, to_dir: Path) -> None:
    """Give the host of `to_dir` the certificate of the host of `from_dir` (a room moved to
    a new data folder with its certificate: the same fingerprint, a different room)."""
    to_dir.mkdir(parents=True, exist_ok=True)
    for name in (CERT_FILE, KEY_FILE):
        shutil.copy2(from_dir / name, to_dir / name)


def _config(
    data_dir: Path,
    name: str,
    duration_s: int,
    admin_key: str,
    policy: Policy | dict | None,
    paper_dir: Path | None,
    port: int,
    grace_s: float,
    limits: GuardLimits | None = None,
    tls: bool = True,
    announce: bool = False,
) -> HostConfig:
    if isinstance(policy, dict):
        policy = Policy.model_validate(policy)
    return HostConfig(
        data_dir=Path(data_dir),
        admin_key=admin_key,
        name=name,
        duration_s=duration_s,
        bind="127.0.0.1",
        port=port,
        paper_dir=paper_dir,
        policy=policy or Policy(),
        grace_s=grace_s,
        limits=limits or GuardLimits(),
        tls=tls,
        announce=announce,
    )


@asynccontextmanager
async def running_host(
    data_dir: Path,
    *,
    name: str = "Test exam",
    duration_s: int = 3600,
    admin_key: str = ADMIN_KEY,
    policy: Policy | dict | None = None,
    paper_dir: Path | None = None,
    port: int = 0,
    grace_s: float = 120,
    limits: GuardLimits | None = None,
    tls: bool = True,
    announce: bool = False,
) -> AsyncIterator[AsyncHost]:
    """Serve a room from `data_dir` on 127.0.0.1 (resuming it if the dir holds one)."""
    config = _config(
        data_dir, name, duration_s, admin_key, policy, paper_dir, port, grace_s, limits, tls,
        announce,
    )  # fmt: skip
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[dict[str, Any]] = loop.create_future()
    stop = asyncio.Event()
    task = asyncio.create_task(run_host(config, ready, stop))
    waiters: set[asyncio.Future[Any]] = {task, ready}
    done, _ = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    if task in done and not ready.done():
        task.result()  # raises the startup error
    try:
        yield AsyncHost(ready.result(), admin_key, Path(data_dir))
    finally:
        stop.set()
        await task


class HostThread(AsyncHost):
    """The same server on its own loop thread, for synchronous (Qt) tests."""

    def __init__(self, data_dir: Path, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._data_dir = Path(data_dir)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None

    def start(self, timeout: float = 20) -> HostThread:
        self._thread = threading.Thread(target=self._run, name="test-host", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            raise TimeoutError("the test host did not start")
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to start()
            self._error = exc
            self._started.set()
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with running_host(self._data_dir, **self._kwargs) as host:
            AsyncHost.__init__(self, host.info, host.admin_key, host.data_dir)
            self._started.set()
            await self._stop.wait()

    def _call(self, coro: Any, timeout: float = 20) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def admin(self, method: str, path: str, json: Any = None) -> Any:  # type: ignore[override]
        return self._call(AsyncHost.admin(self, method, path, json))

    def join(  # type: ignore[override]
        self, name: str, reg_no: str, pin: str | None = None
    ) -> dict[str, Any]:
        return self._call(AsyncHost.join(self, name, reg_no, pin))

    def stop(self, timeout: float = 20) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> HostThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
