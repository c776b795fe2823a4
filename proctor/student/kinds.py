"""What the session reports besides the host's state: how the work is saved, and how it is
connected to the host. StrEnums, so each value is the plain string the UI's signals, the tests
and any log already use."""

from __future__ import annotations

from enum import StrEnum


class SaveKind(StrEnum):
    """Where the student's latest work is (`SessionListener.on_save_status`)."""

    LOCAL_OK = "local_ok"  # saved on this computer
    LOCAL_FAILED = "local_failed"  # could NOT be saved on this computer (disk full): retried
    HOST_OK = "host_ok"  # the host has the newest work
    HOST_PENDING = "host_pending"  # on this computer; the host cannot be reached yet
    TOO_LARGE = "too_large"  # the host refuses work this large: only on this computer
    HOST_REJECTED = "host_rejected"  # the host refused the files (a file name it does not take)


class ConnectionKind(StrEnum):
    """How the session reaches the host (`SessionListener.on_connection`)."""

    ONLINE = "online"  # the live stream is open
    POLLING = "polling"  # no stream (blocked on the way): asking every few seconds
    RECONNECTING = "reconnecting"  # lost a moment ago; trying again
    OFFLINE = "offline"  # lost for a while, or for good (the seat moved, the room is gone)
    REPLACED = "replaced"  # the host closed this stream for a newer one with the same token
    REMOVED = "removed"  # never sent by the session: the app shows it for a kicked student
    UNTRUSTED = "untrusted"  # the host's address presents another certificate: nothing sent
