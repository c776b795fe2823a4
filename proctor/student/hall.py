"""The student's side of the hall (PROTOCOL.md "Hall"): the proctor's announcements, a raised
hand, and the thumbnails of the exam window for the wall of screens.

Plain asyncio on the session's loop, no Qt. Announcements arrive on the stream and are read
again whenever the host is reached (an app that was offline or restarted misses none); an
acknowledgement that cannot reach the host is kept and sent again. What changes is told to a
`HallListener` (the UI's adapter), on the loop thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from pydantic import ValidationError

from proctor.common.hall import (
    AckResponse,
    AnnouncementMessage,
    Hand,
    HandMessage,
    RaiseHandRequest,
    ScreenAnswer,
    ScreenRateMessage,
    StudentAnnouncement,
    StudentAnnouncementsResponse,
)
from proctor.student.host_client import BadAnswer, HostClient, HostRefused, HostUnreachable

log = logging.getLogger(__name__)

SeatLink = Callable[[], tuple[HostClient, str] | None]  # the seat's client and room, if any


class HallListener(Protocol):
    def on_announcements(self, items: list[StudentAnnouncement]) -> None: ...
    def on_hand(self, hand: Hand | None) -> None: ...
    def on_screen_rate(self, interval_s: float) -> None: ...


class StudentHall:
    def __init__(self, seat: SeatLink) -> None:
        self._seat = seat
        self.listener: HallListener | None = None
        self.announcements: dict[int, StudentAnnouncement] = {}
        self.hand: Hand | None = None
        self._unsent_acks: dict[int, int] = {}  # id -> when the student acknowledged it
        self._refresh: asyncio.Task[None] | None = None

    def _link(self) -> tuple[HostClient, str]:
        link = self._seat()
        if link is None:
            raise HostUnreachable("no seat taken")
        return link

    # ---- from the host -------------------------------------------------------------------
    def on_stream_message(self, data: dict[str, object]) -> None:
        kind = data.get("type")
        try:
            if kind == "announcement":
                message = AnnouncementMessage.model_validate(data)
                if message.id not in self.announcements:
                    self.announcements[message.id] = StudentAnnouncement(
                        id=message.id, text=message.text, at_ms=message.at_ms
                    )
                    self._tell_announcements()
            elif kind == "hand":
                self.hand = HandMessage.model_validate(data).hand
                self._tell_hand()
            elif kind == "screen_rate":
                rate = ScreenRateMessage.model_validate(data)
                if self.listener is not None:
                    self.listener.on_screen_rate(rate.interval_s)
        except ValidationError:
            log.warning("malformed %s message skipped", kind)

    def host_reached(self) -> None:
        """First contact, or back after a loss: read what may have been missed."""
        if self._refresh is None or self._refresh.done():
            self._refresh = asyncio.ensure_future(self.refresh())

    async def refresh(self) -> None:
        try:
            client, room = self._link()
            for aid, _at in list(self._unsent_acks.items()):
                await self._send_ack(client, room, aid)
            listed = await client.call(
                "GET", f"/rooms/{room}/announcements", StudentAnnouncementsResponse
            )
            fresh = {a.id: a for a in listed.announcements}
            for aid, at in self._unsent_acks.items():  # still ours to send
                if aid in fresh:
                    fresh[aid] = fresh[aid].model_copy(update={"acknowledged_ms": at})
            if fresh != self.announcements:
                self.announcements = fresh
                self._tell_announcements()
            try:
                hand: Hand | None = await client.call("GET", f"/rooms/{room}/hand", Hand)
            except HostRefused as exc:
                if exc.status != 404:
                    raise
                hand = None
            if hand != self.hand:
                self.hand = hand
                self._tell_hand()
        except (HostUnreachable, HostRefused, BadAnswer) as exc:
            log.info("hall refresh failed: %s", exc)

    # ---- what the student does --------------------------------------------------------------
    async def acknowledge(self, announcement_id: int, now_ms: int) -> None:
        """The student read it: shown as read at once; the host is told now or later."""
        item = self.announcements.get(announcement_id)
        if item is None or item.acknowledged_ms is not None:
            return
        self.announcements[announcement_id] = item.model_copy(update={"acknowledged_ms": now_ms})
        self._unsent_acks[announcement_id] = now_ms
        self._tell_announcements()
        try:
            client, room = self._link()
            await self._send_ack(client, room, announcement_id)
        except (HostUnreachable, BadAnswer) as exc:
            log.info("acknowledgement kept to send again: %s", exc)

    async def _send_ack(self, client: HostClient, room: str, announcement_id: int) -> None:
        try:
            answer = await client.call(
                "POST", f"/rooms/{room}/announcements/{announcement_id}/ack", AckResponse
            )
        except HostRefused as exc:
            if exc.status == 404:  # not ours (any more): nothing to send
                self._unsent_acks.pop(announcement_id, None)
                return
            raise
        self._unsent_acks.pop(announcement_id, None)
        item = self.announcements.get(announcement_id)
        if item is not None:
            update = {"acknowledged_ms": answer.acknowledged_ms}
            self.announcements[announcement_id] = item.model_copy(update=update)

    async def raise_hand(self, text: str) -> Hand:
        """Raise a hand; HostRefused says why not (already raised, too soon, the exam over)."""
        client, room = self._link()
        hand = await client.call("POST", f"/rooms/{room}/hand", Hand, RaiseHandRequest(text=text))
        self.hand = hand
        self._tell_hand()
        return hand

    async def lower_hand(self) -> Hand:
        client, room = self._link()
        hand = await client.call("DELETE", f"/rooms/{room}/hand", Hand)
        self.hand = hand
        self._tell_hand()
        return hand

    async def send_screen(self, jpeg: bytes) -> ScreenAnswer:
        """One thumbnail of the exam window (the caller sends only changed ones)."""
        client, room = self._link()
        return await client.call(
            "PUT", f"/rooms/{room}/screen", ScreenAnswer, raw=jpeg, content_type="image/jpeg"
        )

    # ---- telling the UI ---------------------------------------------------------------------
    def ordered(self) -> list[StudentAnnouncement]:
        return [self.announcements[k] for k in sorted(self.announcements)]

    def _tell_announcements(self) -> None:
        if self.listener is not None:
            try:
                self.listener.on_announcements(self.ordered())
            except Exception:
                log.exception("the hall listener failed in on_announcements")

    def _tell_hand(self) -> None:
        if self.listener is not None:
            try:
                self.listener.on_hand(self.hand)
            except Exception:
                log.exception("the hall listener failed in on_hand")
