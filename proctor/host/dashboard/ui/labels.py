"""Words and formats the dashboard shows a proctor: statuses, incident kinds, times."""

from __future__ import annotations

import time

from proctor.host.dashboard.admin_client import AdminApiError

STATUS_LABELS = {
    "waiting": "Waiting",
    "active": "Writing",
    "paused": "Paused",
    "kicked": "Removed",
    "submitted": "Handed in",
    "ended": "Time up",
}

ROOM_STATUS_LABELS = {
    "lobby": "Lobby: waiting for students",
    "active": "Exam running",
    "ended": "Exam over",
}

INCIDENT_LABELS = {
    "process_blacklisted": "Blacklisted app opened",
    "process_cleared": "Blacklisted app closed",
    "focus_lost": "Left the exam window",
    "focus_regained": "Back in the exam window",
    "external_paste": "Pasted text from outside",
    "paste_blocked": "Paste from outside blocked",
    "no_face": "No face on camera",
    "multiple_faces": "More than one face on camera",
    "face_ok": "Face on camera again",
    "camera_unavailable": "Camera unavailable",
    "camera_covered": "Camera covered",
    "camera_frozen": "Camera image frozen",
    "went_offline": "Went offline",
    "back_online": "Back online",
    "rejoined": "Joined again",
    "stream_flood": "Flooded the host with messages",
    "reports_capped": "Too many reports: the rest were dropped",
    "joined": "Joined",
    "submitted": "Handed in",
}


def incident_label(kind: str | None) -> str:
    if not kind:
        return ""
    return INCIDENT_LABELS.get(kind, kind.replace("_", " ").capitalize())


def error_text(exc: BaseException) -> str:
    """What went wrong, in the server's words when it said any."""
    if isinstance(exc, AdminApiError):
        return exc.message or exc.code
    return str(exc) or exc.__class__.__name__


def clock(ms: int | None) -> str:
    """Local wall-clock time of an epoch-ms instant, e.g. 14:05:09."""
    if ms is None:
        return ""
    return time.strftime("%H:%M:%S", time.localtime(ms / 1000))


def duration(seconds: float) -> str:
    """A countdown: 1:02:03 or 12:03; never negative."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def ago(seconds: float) -> str:
    """How long ago, coarsely: 'just now', '45 s', '3 min', '1 h 5 min'."""
    secs = max(0, int(seconds))
    if secs < 5:
        return "just now"
    if secs < 60:
        return f"{secs} s"
    minutes = secs // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"
