"""What each incident kind is called where a proctor reads it: the dashboard and the
reports (Qt-free, so the offline exporter's PDFs use the same words)."""

from __future__ import annotations

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
    "camera_unavailable": "No camera: check not running",
    "camera_covered": "Camera covered",
    "camera_frozen": "Camera image frozen",
    "went_offline": "Went offline",
    "back_online": "Back online",
    "rejoined": "Joined again",
    "stream_flood": "Flooded the host with messages",
    "reports_capped": "Too many reports: the rest were dropped",
    "seat_claim_refused": "Seat claim refused",
    "seat_moved": "Moved to another computer",
    "joined": "Joined",
    "submitted": "Handed in",
    "join_refused": "Join with this reg. no refused",
    "admin_key_refused": "Wrong admin key",
    "hand_raised": "Raised a hand",
    "off_roster_join": "Joined, not on the class list",
    "second_screen": "Second screen connected",
    "looking_away": "Looking away from the screen",
}


def incident_label(kind: str | None) -> str:
    if not kind:
        return ""
    return INCIDENT_LABELS.get(kind, kind.replace("_", " ").capitalize())
