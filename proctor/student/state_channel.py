"""Staying in touch with the host: the WebSocket stream, or polling when the stream cannot open.

The stream carries the host's state pushes; the client sends a heartbeat every 2 s and the
host's reply doubles as a clock sample. If the stream drops, the channel reconnects with
jittered backoff. If the stream cannot be opened but plain HTTP works (a proxy or firewall
that blocks WebSockets), the channel polls `GET /state` instead and tries the stream again now
and then. Streams are lean (the policy once per revision) and polls name the revision held:
the channel's `PolicyKeeper` puts the policy back into every state it passes on. A host whose
certificate is not the pinned one is never talked to: the channel says so
(`ConnectionKind.UNTRUSTED`, with the sentence) and tries again, as after a drop. Nothing the
host sends can crash it: unreadable messages are skipped. It runs on the loop and reports to a
`StateChannelListener` (the session).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

import aiohttp
from pydantic import ValidationError

from proctor.common.protocol import STREAM_REPLACED, Me, Room, StateMessage
from proctor.student import wording
from proctor.student.aio import Backoff
from proctor.student.clock import ServerClock
from proctor.student.host_client import (
    BadAnswer,
    HostClient,
    HostNotTrusted,
    HostRefused,
    HostUnreachable,
    decode_message,
)
from proctor.student.kinds import ConnectionKind
from proctor.student.policy_keeper import PolicyKeeper

log = logging.getLogger(__name__)

HEARTBEAT_FRAME = '{"type":"heartbeat"}'
CLOCK_RESYNC_S = 30.0


class StateChannelListener(Protocol):
    """What the state channel tells (the session), on the loop thread."""

    def on_host_state(self, room: Room, me: Me) -> None: ...
    def on_channel_status(self, kind: ConnectionKind, detail: str) -> None: ...
    def on_host_reached(self) -> None: ...  # first contact, or back after a loss
    def on_channel_refused(self, error: HostRefused) -> bool: ...  # True: stop for good


class StateChannel:
    def __init__(
        self,
        client: HostClient,
        room_id: str,
        listener: StateChannelListener,
        clock: ServerClock,
        *,
        heartbeat_s: float,
        poll_s: float,
        reconnect_max_s: float = 5.0,
        stream_retry_s: float = 20.0,
        offline_after_s: float = 10.0,
        refused_poll_s: float = 5.0,
        on_message: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.client = client
        self.room_id = room_id
        self.listener = listener
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.poll_s = poll_s
        self.stream_retry_s = stream_retry_s
        self.offline_after_s = offline_after_s
        self.refused_poll_s = refused_poll_s
        self.on_message = on_message  # every other message type (the hall's)
        self._backoff = Backoff(min(0.5, reconnect_max_s), reconnect_max_s)
        self._lost_since_s: float | None = None
        self._untrusted: str | None = None  # why the last attempt refused the host's certificate
        self._stopped = False
        self.online = False
        self.policy = PolicyKeeper()
        self._beat_sampled_ms = float("-inf")  # when a heartbeat's reply last was a sample

    def _mono_s(self) -> float:
        return self.clock.mono_ms() / 1000.0

    async def run(self) -> None:
        while not self._stopped:
            self._untrusted = None
            try:
                ws = await self.client.open_stream(self.room_id, max(2 * self.heartbeat_s, 4.0))
            except HostNotTrusted as exc:
                self._untrusted = str(exc)  # the same host would not do for polling either
            except (HostRefused, HostUnreachable):
                # No stream (refused, or blocked on the way): plain HTTP may still get through.
                if await self._poll_for(self.stream_retry_s):
                    continue
            else:
                if self._stopped:
                    await ws.close()
                    return
                await self._use_stream(ws)
                if self._stopped:
                    return
                if ws.close_code == STREAM_REPLACED:
                    # A newer stream with this seat's token: not a network fault. Say so,
                    # and wait longer than a reconnect, so two copies do not take turns.
                    self.online = False
                    self.listener.on_channel_status(ConnectionKind.REPLACED, wording.REPLACED)
                    await asyncio.sleep(self.stream_retry_s)
                    continue
                self._backoff.reset()
            self._lost()
            await self.client.reset()
            await asyncio.sleep(self._backoff.next())

    def stop(self) -> None:
        self._stopped = True

    def _lost(self) -> None:
        self.online = False
        now = self._mono_s()
        if self._lost_since_s is None:
            self._lost_since_s = now
        if self._untrusted is not None:
            # Not a network fault: the address answers with another certificate (or no TLS).
            self.listener.on_channel_status(ConnectionKind.UNTRUSTED, self._untrusted)
        elif now - self._lost_since_s >= self.offline_after_s:
            self.listener.on_channel_status(ConnectionKind.OFFLINE, wording.OFFLINE)
        else:
            self.listener.on_channel_status(ConnectionKind.RECONNECTING, wording.RECONNECTING)

    def _reached(self, kind: ConnectionKind, detail: str) -> None:
        first = not self.online or self._lost_since_s is not None
        self._lost_since_s = None
        self.online = True
        self._backoff.reset()
        self.listener.on_channel_status(kind, detail)
        if first:
            self.listener.on_host_reached()

    # ---- polling ----------------------------------------------------------------------
    async def _poll_for(self, duration_s: float) -> bool:
        """Poll `GET /state` until `duration_s` passes or a poll fails; True if any answered."""
        deadline = self._mono_s() + duration_s
        answered = False
        while not self._stopped:
            try:
                state = await self.client.state(self.room_id, policy_rev=self.policy.known_rev)
            except (HostUnreachable, BadAnswer) as exc:
                log.info("poll failed: %s", exc)
                if isinstance(exc, HostNotTrusted):
                    self._untrusted = str(exc)
                return answered
            except HostRefused as exc:
                if self.listener.on_channel_refused(exc):
                    self._stopped = True
                    return True
                if exc.status >= 500:
                    return answered
                # kicked, or another refusal the listener has shown: keep asking, slowly
                await asyncio.sleep(self.refused_poll_s)
                answered = True
                if self._mono_s() >= deadline:
                    return True
                continue
            answered = True
            self._reached(ConnectionKind.POLLING, wording.POLLING)
            self.listener.on_host_state(state.room, self.policy.complete(state.me))
            if self._mono_s() >= deadline:
                return True
            await asyncio.sleep(self.poll_s)
        return answered

    # ---- the stream -------------------------------------------------------------------
    async def _use_stream(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._reached(ConnectionKind.ONLINE, wording.ONLINE)
        sent_at: list[float] = []  # heartbeats waiting for the host's reply
        beats = asyncio.create_task(self._heartbeats(ws, sent_at))
        sync = asyncio.create_task(self._sync_clock())
        try:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    self._on_text(message.data, sent_at)
                elif message.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                    break
        except (aiohttp.ClientError, ConnectionError, TimeoutError) as exc:
            log.info("stream dropped: %s", exc)
        finally:
            for task in (beats, sync):
                task.cancel()
            with contextlib.suppress(Exception):
                await ws.close()
            await asyncio.gather(beats, sync, return_exceptions=True)

    def _on_text(self, text: str, sent_at: list[float]) -> None:
        data = decode_message(text)
        if data is None:
            log.warning("unreadable message on the stream skipped")
            return
        kind = data.get("type")
        if kind == "state":
            try:
                state = StateMessage.model_validate(data)
            except ValidationError:
                log.warning("malformed state message skipped")
                return
            self.listener.on_host_state(state.room, self.policy.complete(state.me))
        elif kind == "heartbeat" and sent_at:
            sent = sent_at.pop(0)
            server_time = data.get("server_time_ms")
            if isinstance(server_time, int) and not isinstance(server_time, bool):
                self.clock.add_sample(sent, self.clock.mono_ms(), server_time)
                self._beat_sampled_ms = self.clock.mono_ms()
        elif kind != "heartbeat" and self.on_message is not None:
            try:
                self.on_message(data)
            except Exception:  # nothing the host sends may stop the stream
                log.exception("a stream message could not be handled")

    async def _heartbeats(self, ws: aiohttp.ClientWebSocketResponse, sent_at: list[float]) -> None:
        try:
            while not ws.closed:
                sent_at.append(self.clock.mono_ms())
                del sent_at[:-4]  # replies that never came are not samples
                await ws.send_str(HEARTBEAT_FRAME)
                await asyncio.sleep(self.heartbeat_s)
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as exc:
            log.info("heartbeat failed: %s", exc)
            with contextlib.suppress(Exception):
                await ws.close()

    async def _sync_clock(self) -> None:
        """A few quick samples when the stream opens, then one now and then when the
        heartbeats' replies have brought none (each is a sample: a `GET hello` every 30 s
        would cost the student a new TLS connection each time, about 3.5 KB)."""
        for pause_s in (0.0, 0.1, 0.1):
            await asyncio.sleep(pause_s)
            await self._clock_sample()
        while True:
            await asyncio.sleep(CLOCK_RESYNC_S)
            if self.clock.mono_ms() - self._beat_sampled_ms >= CLOCK_RESYNC_S * 1000:
                await self._clock_sample()

    async def _clock_sample(self) -> None:
        with contextlib.suppress(HostUnreachable, HostRefused, BadAnswer):
            await self.client.hello()  # the client feeds the clock with the round trip
