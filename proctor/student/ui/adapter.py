"""The student session's listener, turned into Qt signals on the GUI thread.

The session calls these methods on its asyncio loop thread; each call is forwarded
through the one bridge (`AsyncBridge.to_gui`), so every slot runs on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from proctor.common.protocol import Me, Room, SubmitResponse
from proctor.ui.bridge import AsyncBridge


class SessionSignals(QObject):
    """Implements the session's listener protocol; connect widgets to its signals."""

    stateChanged = Signal(object, object)  # Room, Me
    connectionChanged = Signal(str, str)  # status, detail
    saveStatusChanged = Signal(str, str)  # kind, message
    receiptReceived = Signal(object, bool)  # SubmitResponse, automatic
    errorRaised = Signal(str, str)  # code, message

    def __init__(self, bridge: AsyncBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge

    # Listener protocol (called on the loop thread).

    def on_state(self, room: Room, me: Me) -> None:
        self._bridge.to_gui(self.stateChanged.emit, room, me)

    def on_connection(self, status: str, detail: str) -> None:
        self._bridge.to_gui(self.connectionChanged.emit, status, detail)

    def on_save_status(self, kind: str, message: str) -> None:
        self._bridge.to_gui(self.saveStatusChanged.emit, kind, message)

    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        self._bridge.to_gui(self.receiptReceived.emit, receipt, automatic)

    def on_error(self, code: str, message: str) -> None:
        self._bridge.to_gui(self.errorRaised.emit, code, message)
