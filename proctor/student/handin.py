"""Handing in: by the student (`HandIn.submit`), or by itself when the exam ends (`AutoHandIn`).

A hand-in sends the latest work (before any change, the paper's starting files; on a paper
with questions, the answers beside them), checks that the receipt's sha256 is that work's
(`canonical_work`), keeps the receipt and the digest of the work it is for, and tells a
`HandInListener` (the session).

The automatic one starts when the host says the student's exam has ended (time up or ended by
the proctor), or, as a safety net when the host cannot say so, when the countdown passes
`ends_ms`. It retries with backoff while the host cannot be reached, and stops at a receipt or
at the host's final word (409 exam_over: the last snapshot on the host stands). Work that
already has a receipt is not handed in twice; its receipt is shown again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from pydantic import ValidationError

from proctor.common.errors import ErrorCode
from proctor.common.protocol import Me, Room, SubmitRequest, SubmitResponse
from proctor.student import wording
from proctor.student.aio import Backoff
from proctor.student.errors import SessionCode, SessionError, input_problem, submit_refusal
from proctor.student.host_client import (
    BadAnswer,
    HostClient,
    HostNotTrusted,
    HostRefused,
    HostUnreachable,
)
from proctor.student.kinds import SaveKind
from proctor.student.work import WorkState

log = logging.getLogger(__name__)

TIME_UP_MARGIN_S = 2.0
# The host's final word on a hand-in: retrying cannot change it.
FINAL_CODES = (ErrorCode.EXAM_OVER, SessionCode.TOO_LARGE, SessionCode.INVALID_INPUT)
Receipt = tuple[SubmitResponse, str]  # and the digest of the files it is for


def effective_status(room: Room, me: Me) -> str:
    """The student's status, except that once the room has ended, everyone's exam has."""
    if room.status == "ended" and me.status != "kicked":
        return "ended"
    return me.status


class HandInListener(Protocol):
    """What a hand-in asks and tells (the session), on the loop thread."""

    def may_hand_in(self) -> bool: ...
    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None: ...
    def on_hand_in_status(self, kind: SaveKind, message: str) -> None: ...  # retrying
    def on_hand_in_failed(self, code: str, message: str) -> None: ...  # the automatic one
    def on_hand_in_refused(self, error: HostRefused) -> None: ...  # kicked, moved, forgotten?


class HandIn:
    def __init__(
        self,
        client: HostClient,
        room_id: str,
        work: WorkState,
        listener: HandInListener,
        *,
        keep_receipt: Callable[[SubmitResponse, str], Awaitable[None]],
        server_now_ms: Callable[[], int],
        receipt: Receipt | None = None,
    ) -> None:
        """`keep_receipt` writes a receipt to the seat folder; `receipt`: the one kept."""
        self._client = client
        self._room_id = room_id
        self._work = work
        self._listener = listener
        self._keep_receipt = keep_receipt
        self._receipt = receipt
        self.auto = AutoHandIn(self, listener, server_now_ms)

    @property
    def receipt(self) -> SubmitResponse | None:
        return None if self._receipt is None else self._receipt[0]

    @property
    def receipt_digest(self) -> str | None:
        return None if self._receipt is None else self._receipt[1]

    def current_digest(self) -> str:
        return self._work.to_hand_in().digest()

    async def submit(self, *, automatic: bool = False) -> SubmitResponse:
        """Hand in the latest work (files, and answers on a paper with questions). The
        receipt must be for exactly that: its sha256 is checked against the work sent.
        Raises SessionError with a sentence for the student."""
        handed = self._work.to_hand_in()
        try:
            request = SubmitRequest(files=handed.files, answers=handed.answers)
        except ValidationError as exc:
            raise SessionError(SessionCode.INVALID_INPUT, input_problem(exc)) from None
        try:
            receipt = await self._client.submit(self._room_id, request)
        except HostNotTrusted as exc:
            message = wording.NOT_HANDED_IN_UNTRUSTED.format(reason=exc)
            raise SessionError(SessionCode.CERTIFICATE_CHANGED, message) from None
        except HostUnreachable:
            raise SessionError(SessionCode.HOST_UNREACHABLE, wording.NOT_HANDED_IN) from None
        except BadAnswer:
            raise SessionError(SessionCode.HOST_ERROR, wording.UNREADABLE_ANSWER) from None
        except HostRefused as exc:
            self._listener.on_hand_in_refused(exc)
            raise submit_refusal(exc) from None
        digest = handed.digest()
        if receipt.sha256 != digest:
            log.error("the receipt %s is not for the work sent (%s)", receipt.sha256, digest)
            raise SessionError(SessionCode.RECEIPT_MISMATCH, wording.RECEIPT_MISMATCH)
        self._receipt = (receipt, digest)
        await self._keep_receipt(receipt, digest)
        self._listener.on_receipt(receipt, automatic)
        return receipt


class AutoHandIn:
    def __init__(
        self, hand_in: HandIn, listener: HandInListener, server_now_ms: Callable[[], int]
    ) -> None:
        self._hand_in = hand_in
        self._listener = listener
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
        if not self._listener.may_hand_in():
            return
        if self._task is not None and not self._task.done():
            return
        digest = self._hand_in.current_digest()
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
        if self._hand_in.receipt_digest == digest:  # the student handed in exactly this
            self._settled_digest = digest
            receipt = self._hand_in.receipt
            if receipt is not None:
                self._listener.on_receipt(receipt, True)
            return
        backoff = Backoff(1.0, 15.0)
        while self._listener.may_hand_in():
            try:
                await self._hand_in.submit(automatic=True)
            except SessionError as exc:
                if exc.code in FINAL_CODES:
                    self._settled_digest = digest
                    self._listener.on_hand_in_failed(exc.code, exc.message)
                    return
                if exc.code in (ErrorCode.KICKED, SessionCode.TOKEN_INVALID):
                    return  # the session has told the student already
                self._listener.on_hand_in_status(SaveKind.HOST_PENDING, wording.HAND_IN_RETRYING)
            else:
                self._settled_digest = self._hand_in.receipt_digest
                return
            await asyncio.sleep(backoff.next())
