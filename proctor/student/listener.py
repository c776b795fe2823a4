"""What the session tells the UI (`SessionListener`, which `student/ui/adapter.py` turns into
Qt signals), and the guard the session calls it through: a listener that fails is logged, and
the session carries on. Every call comes on the session's loop thread."""

from __future__ import annotations

import logging
from typing import Protocol

from proctor.common.protocol import Me, Room, SubmitResponse
from proctor.student.kinds import ConnectionKind, SaveKind

log = logging.getLogger(__name__)


class SessionListener(Protocol):
    def on_state(self, room: Room, me: Me) -> None: ...
    def on_connection(self, status: ConnectionKind, detail: str) -> None: ...
    def on_save_status(self, kind: SaveKind, message: str) -> None: ...
    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None: ...
    def on_error(self, code: str, message: str) -> None: ...


class GuardedListener(SessionListener):
    """Forwards to a listener; a failure in it is logged, never raised into the session."""

    def __init__(self, listener: SessionListener) -> None:
        self.listener = listener

    def on_state(self, room: Room, me: Me) -> None:
        try:
            self.listener.on_state(room, me)
        except Exception:
            log.exception("the session listener failed in on_state")

    def on_connection(self, status: ConnectionKind, detail: str) -> None:
        try:
            self.listener.on_connection(status, detail)
        except Exception:
            log.exception("the session listener failed in on_connection")

    def on_save_status(self, kind: SaveKind, message: str) -> None:
        try:
            self.listener.on_save_status(kind, message)
        except Exception:
            log.exception("the session listener failed in on_save_status")

    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        try:
            self.listener.on_receipt(receipt, automatic)
        except Exception:
            log.exception("the session listener failed in on_receipt")

    def on_error(self, code: str, message: str) -> None:
        try:
            self.listener.on_error(code, message)
        except Exception:
            log.exception("the session listener failed in on_error")
