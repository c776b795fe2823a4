"""mDNS (DNS-SD): a host advertises `_proctor._tcp.local.`; a student's app browses for it.

The record: instance `NAME [ROOMID]`, host `proctor-roomid.local.` at the chosen interface's
address only, the room's port, and TXT `room`, `name`, `protocol` (`1`), `tls` (`1`/`0`),
`fp` (first 16 hex of the fingerprint; empty without TLS). Records live 30 s, so a host that
vanished without a goodbye drops off a list soon; zeroconf re-asks before they run out.

The browser resolves each service it hears, checks the TXT as strictly as the beacon
(`discovery.heard_room`), passes one HeardRoom per IPv4 address (at most 4) to `on_heard`
and re-confirms from zeroconf's cache every 2 s; a goodbye or an expired record calls
`on_gone`. It follows at most 64 services, so a flood of fake records stays bounded.
Both run on the asyncio loop they are started on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Callable

from zeroconf import InterfaceChoice, IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from proctor.common.discovery import (
    PROTOCOL_VERSION,
    REGISTRY_CAPACITY,
    SERVICE_TYPE,
    HeardRoom,
    RoomAdvert,
    clean_name,
    heard_room,
)

log = logging.getLogger(__name__)

RECORD_TTL_S = 30
REFRESH_S = 2.0
RESOLVE_TIMEOUT_MS = 3000
MAX_ADDRESSES = 4
MAX_LABEL_BYTES = 63
MAX_TXT_VALUE_BYTES = 200

GoneSink = Callable[[str, str, int], None]  # room_id, address, port


def _shorten(text: str, max_bytes: int) -> str:
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def instance_name(advert: RoomAdvert) -> str:
    """The service instance label: `NAME [ROOMID]`, at most 63 bytes, no dots."""
    tail = f" [{advert.room_id}]"
    name = (clean_name(advert.name) or "Proctor").replace(".", " ")
    return _shorten(name, MAX_LABEL_BYTES - len(tail)).rstrip() + tail


def txt_record(advert: RoomAdvert) -> dict[str, str]:
    return {
        "room": advert.room_id,
        "name": _shorten(clean_name(advert.name) or advert.room_id, MAX_TXT_VALUE_BYTES),
        "protocol": str(PROTOCOL_VERSION),
        "tls": "1" if advert.tls else "0",
        "fp": advert.fp,
    }


def _service_info(advert: RoomAdvert, address: str) -> AsyncServiceInfo:
    return AsyncServiceInfo(
        SERVICE_TYPE,
        f"{instance_name(advert)}.{SERVICE_TYPE}",
        port=advert.port,
        properties=txt_record(advert),
        server=f"proctor-{advert.room_id.lower()}.local.",
        addresses=[socket.inet_aton(address)],
        host_ttl=RECORD_TTL_S,
        other_ttl=RECORD_TTL_S,
    )


class MdnsAdvertiser:
    """Advertises one room on the interface holding `address`, until closed."""

    def __init__(self, advert: RoomAdvert, address: str) -> None:
        self.address = address
        self._advert = advert
        self._zc: AsyncZeroconf | None = None
        self._info: AsyncServiceInfo | None = None

    @property
    def name(self) -> str | None:
        """The registered instance name (zeroconf renames it if another host has it)."""
        return self._info.name if self._info is not None else None

    async def start(self) -> None:
        """Join mDNS on that interface and register (OSError if it cannot)."""
        zc = AsyncZeroconf(interfaces=[self.address], ip_version=IPVersion.V4Only)
        info = _service_info(self._advert, self.address)
        try:
            await zc.async_register_service(info, allow_name_change=True)
        except BaseException:
            await zc.async_close()
            raise
        self._zc, self._info = zc, info

    async def update(self, advert: RoomAdvert) -> None:
        """Advertise a changed room (a new name, say) under the same instance."""
        self._advert = advert
        if self._zc is None or self._info is None:
            return
        info = _service_info(advert, self.address)
        info.name = self._info.name  # keep the instance name it was registered with
        await self._zc.async_update_service(info)
        self._info = info

    async def close(self) -> None:
        """Say goodbye (so browsers drop the room at once) and leave mDNS."""
        zc, self._zc = self._zc, None
        if zc is None:
            return
        with contextlib.suppress(Exception):
            await zc.async_unregister_all_services()
        await zc.async_close()


def _text(properties: dict[bytes, bytes | None], key: str) -> str | None:
    value = properties.get(key.encode())
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def rooms_from_info(info: AsyncServiceInfo, *, now: float) -> list[HeardRoom]:
    """The rooms a resolved service announces (one per IPv4 address), or [] if its TXT is
    not what a host sends."""
    props = info.properties or {}
    if _text(props, "protocol") != str(PROTOCOL_VERSION):
        return []
    tls_text = _text(props, "tls")
    if tls_text not in ("0", "1") or info.port is None:
        return []
    rooms = []
    for address in info.parsed_addresses(IPVersion.V4Only)[:MAX_ADDRESSES]:
        room = heard_room(
            room_id=_text(props, "room"),
            name=_text(props, "name"),
            address=address,
            port=info.port,
            tls=tls_text == "1",
            fp=_text(props, "fp"),
            source="mdns",
            now=now,
        )
        if room is not None:
            rooms.append(room)
    return rooms


class MdnsBrowser:
    """Browses `_proctor._tcp.local.` and reports the rooms heard and gone."""

    def __init__(
        self,
        on_heard: Callable[[HeardRoom], None],
        on_gone: GoneSink,
        *,
        interfaces: InterfaceChoice | list[str] = InterfaceChoice.All,
        clock: Callable[[], float] = time.monotonic,
        refresh_s: float = REFRESH_S,
        max_services: int = REGISTRY_CAPACITY,
    ) -> None:
        self.on_heard = on_heard
        self.on_gone = on_gone
        self.interfaces = interfaces
        self.clock = clock
        self.refresh_s = refresh_s
        self.max_services = max_services
        self.ignored = 0  # services whose records are not a valid room
        self._zc: AsyncZeroconf | None = None
        self._browser: AsyncServiceBrowser | None = None
        self._known: dict[str, list[HeardRoom]] = {}
        self._resolving: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._refresher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._zc = AsyncZeroconf(interfaces=self.interfaces, ip_version=IPVersion.V4Only)
        self._browser = AsyncServiceBrowser(
            self._zc.zeroconf, SERVICE_TYPE, handlers=[self._on_change]
        )
        self._refresher = asyncio.get_running_loop().create_task(
            self._refresh_forever(), name="mdns-refresh"
        )

    def _on_change(
        self,
        zeroconf: Zeroconf,
        service_type: str,
        name: str,
        state_change: ServiceStateChange,
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            self._drop(name)
            return
        if name in self._resolving:
            return
        if name not in self._known and len(self._known) >= self.max_services:
            return
        self._resolving.add(name)
        task = asyncio.get_running_loop().create_task(self._resolve(name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _resolve(self, name: str) -> None:
        try:
            assert self._zc is not None
            info = AsyncServiceInfo(SERVICE_TYPE, name)
            if await info.async_request(self._zc.zeroconf, RESOLVE_TIMEOUT_MS):
                self._report(name, info)
        except Exception as exc:  # a malformed record must not stop the browser
            log.debug("mDNS: could not resolve %s: %s", name, exc)
        finally:
            self._resolving.discard(name)

    def _report(self, name: str, info: AsyncServiceInfo) -> None:
        rooms = rooms_from_info(info, now=self.clock())
        if not rooms:
            self.ignored += 1
            self._drop(name)
            return
        before = self._known.get(name, [])
        now_keys = {r.key for r in rooms}
        for old in before:
            if old.key not in now_keys:
                self.on_gone(old.room_id, old.address, old.port)
        self._known[name] = rooms
        for room in rooms:
            self.on_heard(room)

    def _drop(self, name: str) -> None:
        for room in self._known.pop(name, []):
            self.on_gone(room.room_id, room.address, room.port)

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_s)
            zc = self._zc
            if zc is None:
                return
            for name in list(self._known):
                info = AsyncServiceInfo(SERVICE_TYPE, name)
                try:
                    complete = info.load_from_cache(zc.zeroconf)
                except Exception:
                    complete = False
                if complete:
                    self._report(name, info)
                else:
                    self._drop(name)

    async def close(self) -> None:
        refresher, self._refresher = self._refresher, None
        tasks = [t for t in (refresher, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        browser, self._browser = self._browser, None
        if browser is not None:
            await browser.async_cancel()
        zc, self._zc = self._zc, None
        if zc is not None:
            await zc.async_close()
        self._known.clear()
