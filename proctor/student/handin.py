"""The end of the exam for one student: hand in by itself, once, until a receipt arrives.

It starts when the host says the student's exam has ended (time up or ended by the proctor),
or, as a safety net when the host cannot say so, when the countdown passes `ends_ms`. It
retries with backoff while the host cannot be reached, and stops at a receipt or at the
host's final word (409 exam_over: the last snapshot on the host stands). Work that already
has a receipt is not handed in twice; its receipt is shown again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from proctor.common.protocol import Me, Room, SubmitResponse
from proctor.student.aio import Backoff
from proctor.student.errors import SessionError

TIME_UP_MARGIN_S = 2.0
FINAL_CODES = ("exam_over", "too_large", "invalid_input")
RETRYING = (
    "The exam has ended. Handing in your work… the host cannot be reached yet; retrying. "
    "Your work is safe on this computer."
)


def effective_status(room: Room, me: Me) -> str:
    """The student's status, except that once the room has ended, everyone's exam has."""
    if room.status == "ended" and me.status != "kicked":
        return "ended"
    return me.status


class HandInOwner(Protocol):
    def current_digest(self) -> str: ...
    def receipt_digest(self) -> str | None: ...
    def last_receipt(self) -> SubmitResponse | None: ...
    def may_hand_in(self) -> bool: ...
    def tell(self, method: str, *args: Any) -> None: ...


class AutoHandIn:
    def __init__(
        self,
        owner: HandInOwner,
        submit: Callable[[], Awaitable[object]],
        server_now_ms: Callable[[], int],
    ) -> None:
        self.owner = owner
        self._submit = submit
        self._server_now_ms = server_now_ms
        self._task: asyncio.Task[None] | None = None
        self._settled_digest: str | None = None  # the work this hand-in has dealt with
        self._time_up: asyncio.TimerHandle | None = None
        self._me: Me | None = None

    def update(self, room: Room, me: Me) -> None:
        """A new state from the host (on the loop thread)."""
        self._me = me
        if effective_status(room, me) == "ended":
            self.begin()
        self._arm_time_up()

    def begin(self) -> None:
        if not self.owner.may_hand_in():
            return
        if self._task is not None and not self._task.done():
            return
        digest = self.owner.current_digest()
        if digest != self._settled_digest:
            self._task = asyncio.create_task(self._until_received(digest), name="hand-in")

    async def stop(self) -> None:
        if self._time_up is not None:
            self._time_up.cancel()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def _arm_time_up(self) -> None:
        """If the host cannot tell us the time is up, hand in anyway when it is."""
        if self._time_up is not None:
            self._time_up.cancel()
            self._time_up = None
        me = self._me
        if me is None or me.ends_ms is None or me.status not in ("active", "submitted"):
            return
        delay_s = (me.ends_ms - self._server_now_ms()) / 1000 + TIME_UP_MARGIN_S
        loop = asyncio.get_running_loop()
        self._time_up = loop.call_later(max(0.0, delay_s), self._on_time_up)

    def _on_time_up(self) -> None:
        me = self._me
        if me is None or me.ends_ms is None or me.status not in ("active", "submitted"):
            return
        if self._server_now_ms() >= me.ends_ms:
            self.begin()
        else:
            self._arm_time_up()

    async def _until_received(self, digest: str) -> None:
        if self.owner.receipt_digest() == digest:  # the student handed in exactly this
            self._settled_digest = digest
            receipt = self.owner.last_receipt()
            if receipt is not None:
                self.owner.tell("on_receipt", receipt, True)
            return
        backoff = Backoff(1.0, 15.0)
        while self.owner.may_hand_in():
            try:
                await self._submit()
            except SessionError as exc:
                if exc.code in FINAL_CODES:
                    self._settled_digest = digest
                    self.owner.tell("on_error", exc.code, exc.message)
                    return
                if exc.code in ("kicked", "token_invalid"):
                    return  # the session has told the student already
                self.owner.tell("on_save_status", "host_pending", RETRYING)
            else:
                self._settled_digest = self.owner.receipt_digest()
                return
            await asyncio.sleep(backoff.next())
