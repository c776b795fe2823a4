"""The dashboard's calls of the hall's admin endpoints (PROTOCOL.md "Hall"), over an
`AdminClient` (no Qt): announcements, raised hands, the roster and the wall of screens."""

from __future__ import annotations

from proctor.common.hall import (
    AdminAnnouncement,
    AdminAnnouncementsResponse,
    Hand,
    HandsResponse,
    RosterResponse,
    ScreensResponse,
)
from proctor.host.dashboard.admin_client import AdminClient


async def announce(
    client: AdminClient, text: str, student_id: str | None = None
) -> AdminAnnouncement:
    body: dict[str, str] = {"text": text}
    if student_id is not None:
        body["student_id"] = student_id
    return AdminAnnouncement.model_validate(await client.request("POST", "announce", json=body))


async def announcements(client: AdminClient) -> list[AdminAnnouncement]:
    body = await client.request("GET", "announcements")
    return AdminAnnouncementsResponse.model_validate(body).announcements


async def hands(client: AdminClient) -> list[Hand]:
    return HandsResponse.model_validate(await client.request("GET", "hands")).hands


async def answer_hand(client: AdminClient, student_id: str, text: str) -> Hand:
    path = f"students/{student_id}/hand/answer"
    return Hand.model_validate(await client.request("POST", path, json={"text": text}))


async def dismiss_hand(client: AdminClient, student_id: str) -> Hand:
    path = f"students/{student_id}/hand/dismiss"
    return Hand.model_validate(await client.request("POST", path, json={}))


async def roster(client: AdminClient) -> RosterResponse:
    return RosterResponse.model_validate(await client.request("GET", "roster"))


async def import_roster(
    client: AdminClient, csv_text: str, unknown: str, pins: bool
) -> RosterResponse:
    body = {"csv": csv_text, "unknown": unknown, "pins": pins}
    return RosterResponse.model_validate(await client.request("PUT", "roster", json=body))


async def screens(client: AdminClient) -> ScreensResponse:
    return ScreensResponse.model_validate(await client.request("GET", "screens"))


async def screen(client: AdminClient, student_id: str) -> bytes | None:
    """The latest thumbnail of one student (JPEG), or None when there is none."""
    return await client.request_bytes("GET", f"students/{student_id}/screen")


async def watch_live(client: AdminClient, student_id: str, on: bool) -> None:
    await client.request("POST", f"students/{student_id}/screen/live", json={"on": on})
