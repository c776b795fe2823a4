"""The hall's routes for the OpenAPI document (`openapi.ROUTES` takes them in)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from proctor.common import hall as h
from proctor.common import protocol as p

ROOM = "/api/v1/rooms/{room}"
ADMIN = ROOM + "/admin"
Route = tuple[str, str, str, type[BaseModel] | None, type[BaseModel] | None, str | None]

HALL_ROUTES: list[Route] = [
    ("post", ADMIN + "/announce", "Announce to everyone or one student", h.AnnounceRequest,
     h.AdminAnnouncement, "admin"),
    ("get", ADMIN + "/announcements", "Every announcement and who acknowledged it", None,
     h.AdminAnnouncementsResponse, "admin"),
    ("get", ROOM + "/announcements", "The announcements for this student", None,
     h.StudentAnnouncementsResponse, "student"),
    ("post", ROOM + "/announcements/{aid}/ack", "I have read this announcement", None,
     h.AckResponse, "student"),
    ("post", ROOM + "/hand", "Raise a hand (incident hand_raised)", h.RaiseHandRequest, h.Hand,
     "student"),
    ("get", ROOM + "/hand", "This student's latest hand (404 no_hand)", None, h.Hand, "student"),
    ("delete", ROOM + "/hand", "Lower the hand", None, h.Hand, "student"),
    ("get", ADMIN + "/hands", "Every hand raised, oldest first", None, h.HandsResponse, "admin"),
    ("post", ADMIN + "/students/{sid}/hand/answer", "Answer a raised hand", h.HandAnswerRequest,
     h.Hand, "admin"),
    ("post", ADMIN + "/students/{sid}/hand/dismiss", "Dismiss a raised hand", p.ActionRequest,
     h.Hand, "admin"),
    ("put", ADMIN + "/roster", "Import the class list (CSV: reg_no, name, seat?)",
     h.RosterRequest, h.RosterResponse, "admin"),
    ("get", ADMIN + "/roster", "The class list, who never came, the PINs", None,
     h.RosterResponse, "admin"),
    ("put", ADMIN + "/roster/settings", "What a reg_no not on the list gets",
     h.RosterSettings, h.RosterResponse, "admin"),
    ("delete", ADMIN + "/roster", "Drop the class list", None, h.RosterResponse, "admin"),
    ("put", ROOM + "/screen", "A thumbnail of the exam window (image/jpeg, at most 40 KB)",
     None, h.ScreenAnswer, "student"),
    ("get", ADMIN + "/screens", "Whose thumbnails the host holds", None, h.ScreensResponse,
     "admin"),
    ("get", ADMIN + "/students/{sid}/screen", "The latest thumbnail (image/jpeg)", None, None,
     "admin"),
    ("post", ADMIN + "/students/{sid}/screen/live", "Watch one student at the live rate",
     h.LiveScreenRequest, h.ScreenAnswer, "admin"),
]  # fmt: skip

JPEG_BODY = {
    "required": True,
    "description": "One JPEG of at most 40 KB (no Content-Encoding).",
    "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
}


def patch_hall_document(paths: dict[str, dict[str, Any]]) -> None:
    """What the route table cannot say: the thumbnail's body and answer are JPEG."""
    paths[ROOM + "/screen"]["put"]["requestBody"] = JPEG_BODY
    answer = paths[ADMIN + "/students/{sid}/screen"]["get"]["responses"]["200"]
    answer["content"] = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}


HALL_MODELS: list[type[BaseModel]] = [
    h.AnnouncementMessage,
    h.HandMessage,
    h.AdminAnnouncementMessage,
    h.AdminAckMessage,
    h.AdminRosterMessage,
    h.ScreenMessage,
    h.ScreenRateMessage,
]
