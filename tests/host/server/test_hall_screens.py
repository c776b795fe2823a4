"""The wall of screens through a real aiohttp server: thumbnails kept in memory (the latest
only, bounded), who may send and read them, sizes, types and rates."""

from __future__ import annotations

import io

import cv2
import numpy as np

from proctor.common.protocol import Policy
from proctor.host.server.hall_screens import ScreenWall
from tests.helpers.api import Api, Clock, MakeApi, receive_until

SCREENS_ON = Policy(screens="thumbnail", screen_interval_s=5)


def jpeg(shade: int, size: tuple[int, int] = (320, 180), quality: int = 70) -> bytes:
    """A real JPEG (noise makes a large one large)."""
    rng = np.random.default_rng(shade)
    picture = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    picture[:, :, 0] = shade
    ok, encoded = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return bytes(encoded.tobytes())


async def put_screen(api: Api, token: str, data: bytes, content_type: str = "image/jpeg"):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    async with api.client.put(api.url("screen"), data=io.BytesIO(data), headers=headers) as resp:
        return resp.status, await resp.json()


async def test_a_thumbnail_reaches_the_dashboard_and_only_the_latest_is_kept(
    make_api: MakeApi,
) -> None:
    clock = Clock()
    api = await make_api(policy=SCREENS_ON, clock=clock, ticker=False)
    a = await api.join("CS-1")
    await api.admin("POST", "start", {})
    admin_ws = await api.ws("admin/stream", await api.admin_token())
    await receive_until(admin_ws, lambda m: m["type"] == "snapshot")
    first = jpeg(10)
    status, answer = await put_screen(api, a["token"], first)
    assert status == 200 and answer["interval_s"] == 5
    pushed = await receive_until(admin_ws, lambda m: m["type"] == "screen")
    assert pushed["screen"] == {
        "student_id": a["student_id"],
        "at_ms": clock.now,
        "size": len(first),
    }
    token = await api.admin_token()
    path = api.url(f"admin/students/{a['student_id']}/screen")
    async with api.client.get(path, headers={"Authorization": f"Bearer {token}"}) as resp:
        assert resp.status == 200 and resp.content_type == "image/jpeg"
        assert await resp.read() == first
        assert resp.headers["Cache-Control"] == "no-store"
    status, body = await put_screen(api, a["token"], jpeg(200))
    assert (status, body["error"]["code"]) == (429, "too_fast")  # at most one a second
    clock.advance(1000)
    second = jpeg(200)
    assert (await put_screen(api, a["token"], second))[0] == 200
    async with api.client.get(path, headers={"Authorization": f"Bearer {token}"}) as resp:
        assert await resp.read() == second
    listed = await api.admin("GET", "screens")
    assert listed["bytes_kept"] == len(second) and len(listed["screens"]) == 1
    # Live: the student's app is told to send at the live rate.
    ws = await api.ws("stream", a["token"])
    live = await api.admin("POST", f"students/{a['student_id']}/screen/live", {"on": True})
    assert live["interval_s"] == 2
    rate = await receive_until(ws, lambda m: m["type"] == "screen_rate")
    assert rate["interval_s"] == 2
    await ws.close()
    await admin_ws.close()


async def test_thumbnails_are_refused_when_off_too_large_not_jpeg_or_by_others(
    make_api: MakeApi,
) -> None:
    api = await make_api(policy=SCREENS_ON)
    a = await api.join("CS-1")
    status, body = await put_screen(api, a["token"], jpeg(1))
    assert (status, body["error"]["code"]) == (409, "wrong_state")  # still in the lobby
    await api.admin("POST", "start", {})
    big = jpeg(5, (1600, 1200), 100)
    assert len(big) > 40 * 1024
    assert (await put_screen(api, a["token"], big))[1]["error"]["code"] == "body_too_large"
    assert (await put_screen(api, a["token"], b"GIF89a...."))[1]["error"]["code"] == "not_a_jpeg"
    png = (await put_screen(api, a["token"], jpeg(3), "image/png"))[1]
    assert png["error"]["code"] == "not_a_jpeg"
    headers = {"Content-Type": "image/jpeg"}
    async with api.client.put(api.url("screen"), data=jpeg(3), headers=headers) as resp:
        assert resp.status == 401
    admin = await api.admin_token()
    assert (await put_screen(api, admin, jpeg(3)))[1]["error"]["code"] == "wrong_role"
    sid = a["student_id"]
    await api.admin_fail("GET", f"students/{sid}/screen", 404, "no_screen")
    await api.fail("GET", "admin/screens", 403, "wrong_role", token=a["token"])
    assert api.live.screens.latest == {}
    await api.admin("POST", f"students/{sid}/kick", {})
    assert (await put_screen(api, a["token"], jpeg(3)))[1]["error"]["code"] == "kicked"


async def test_screens_off_by_default(api: Api) -> None:
    a = await api.join("CS-1")
    await api.admin("POST", "start", {})
    status, body = await put_screen(api, a["token"], jpeg(1))
    assert (status, body["error"]["code"]) == (409, "screens_off")


def test_the_wall_keeps_its_memory_bound_dropping_the_oldest() -> None:
    wall = ScreenWall(max_bytes=10_000)
    for n in range(10):
        wall.put(f"s{n}", bytes([0xFF, 0xD8, 0xFF]) + bytes(2_000) + b"\xff\xd9", n)
    assert wall.bytes_kept <= 10_000
    assert list(wall.latest) == ["s6", "s7", "s8", "s9"]
    assert wall.put("s9", bytes([0xFF, 0xD8, 0xFF]) + bytes(2_000) + b"\xff\xd9", 20) is False
    assert wall.received["s9"] == (2, 4010)
