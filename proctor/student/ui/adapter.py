"""The student session's listener (`proctor.student.listener.SessionListener`), turned into
Qt signals on the GUI thread.

The session calls these methods on its asyncio loop thread; each call is forwarded
through the one bridge (`AsyncBridge.to_gui`), so every slot runs on the GUI thread. The
kinds arrive as `ConnectionKind` / `SaveKind` and leave as their plain strings.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from proctor.common.protocol import Me, Room, SubmitResponse
from proctor.student.kinds import ConnectionKind, SaveKind
from proctor.student.rooms_heard import RoomsHeard
from proctor.ui.bridge import AsyncBridge


class SessionSignals(QObject):
    """Implements `SessionListener` (structurally: a Protocol cannot be a base of a QObject);
    connect widgets to its signals."""

    stateChanged = Signal(object, object)  # Room, Me
    connectionChanged = Signal(str, str)  # ConnectionKind, detail
    saveStatusChanged = Signal(str, str)  # SaveKind, message
    receiptReceived = Signal(object, bool)  # SubmitResponse, automatic
    errorRaised = Signal(str, str)  # code, message

    def __init__(self, bridge: AsyncBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge

    # Listener protocol (called on the loop thread).

    def on_state(self, room: Room, me: Me) -> None:
        self._bridge.to_gui(self.stateChanged.emit, room, me)

    def on_connection(self, status: ConnectionKind, detail: str) -> None:
        self._bridge.to_gui(self.connectionChanged.emit, str(status), detail)

    def on_save_status(self, kind: SaveKind, message: str) -> None:
        self._bridge.to_gui(self.saveStatusChanged.emit, str(kind), message)

    def on_receipt(self, receipt: SubmitResponse, automatic: bool) -> None:
        self._bridge.to_gui(self.receiptReceived.emit, receipt, automatic)

    def on_error(self, code: str, message: str) -> None:
        self._bridge.to_gui(self.errorRaised.emit, str(code), message)


class RoomsSignals(QObject):
    """`RoomListening`'s `on_rooms` (called on the loop thread), as a Qt signal on the GUI
    thread."""

    roomsHeard = Signal(object)  # RoomsHeard

    def __init__(self, bridge: AsyncBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge

    def on_rooms(self, heard: RoomsHeard) -> None:
        self._bridge.to_gui(self.roomsHeard.emit, heard)
