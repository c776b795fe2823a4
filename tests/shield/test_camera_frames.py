"""Scaling to the analysis size, light and change measures, and incident thumbnails."""

from __future__ import annotations

import base64

import cv2
import numpy as np
import pytest

from proctor.shield.camera_frames import (
    THUMBNAIL_MAX_B64,
    change,
    decode_thumbnail,
    fit_within,
    light,
    prepare,
    thumbnail,
)
from tests.helpers.constants import DATA


@pytest.mark.parametrize(
    ("capture", "expected"),
    [((480, 640), (240, 320)), ((720, 1280), (180, 320)), ((120, 160), (240, 320))],
)
def test_frames_are_fitted_into_320x240_keeping_their_shape(
    capture: tuple[int, int], expected: tuple[int, int]
) -> None:
    frame, grey = prepare(np.full((*capture, 3), 128, np.uint8))
    assert frame.shape == (*expected, 3)
    assert grey.shape == expected


def test_grey_and_four_channel_frames_are_accepted() -> None:
    assert prepare(np.zeros((240, 320), np.uint8))[0].shape == (240, 320, 3)
    assert prepare(np.zeros((240, 320, 4), np.uint8))[0].shape == (240, 320, 3)


def test_light_of_black_and_of_a_photograph() -> None:
    assert light(np.zeros((240, 320), np.uint8)) == (0.0, 0.0)
    picture = cv2.imread(str(DATA / "camera_one_face.jpg"))
    assert picture is not None
    brightness, contrast = light(prepare(picture)[1])
    assert 60 < brightness < 200 and contrast > 20


def test_change_between_frames() -> None:
    grey = np.full((240, 320), 100, np.uint8)
    assert change(None, grey) is None
    assert change(grey, grey.copy()) == 0.0
    assert change(grey, grey + 10) == pytest.approx(10.0)
    assert change(grey, np.zeros((120, 160), np.uint8)) is None


@pytest.mark.parametrize("name", ["camera_one_face.jpg", "camera_two_faces.jpg"])
def test_thumbnail_is_a_small_jpeg(name: str) -> None:
    picture = cv2.imread(str(DATA / name))
    assert picture is not None
    frame, _ = prepare(picture)
    result = thumbnail(frame)
    text = result["thumbnail_jpeg_b64"]
    assert 0 < len(text) <= THUMBNAIL_MAX_B64 == 12 * 1024
    assert base64.b64decode(text)[:2] == b"\xff\xd8"  # a JPEG
    image = decode_thumbnail(text)
    width, height = result["thumbnail_size"]
    assert image.shape[:2] == (height, width)
    assert width <= 160 and height <= 120 and max(width / 160, height / 120) == 1


def test_even_pure_noise_fits_in_12_kb() -> None:
    noise = np.random.default_rng(3).integers(0, 256, (240, 320, 3), dtype=np.uint8)
    result = thumbnail(noise)
    assert len(result["thumbnail_jpeg_b64"]) <= THUMBNAIL_MAX_B64
    assert decode_thumbnail(result["thumbnail_jpeg_b64"]).shape == (120, 160, 3)


def test_face_boxes_are_outlined_on_the_thumbnail() -> None:
    frame = np.full((240, 320, 3), 128, np.uint8)
    plain = decode_thumbnail(thumbnail(frame)["thumbnail_jpeg_b64"])
    boxed = decode_thumbnail(thumbnail(frame, [(100, 60, 80, 80)])["thumbnail_jpeg_b64"])
    # The box edge lands at x=50 on the half-size thumbnail; it is green there only when drawn.
    assert int(boxed[50, 50, 1]) - int(boxed[50, 50, 2]) > 60
    assert abs(int(plain[50, 50, 1]) - int(plain[50, 50, 2])) < 10


def test_decode_thumbnail_rejects_what_is_not_a_picture() -> None:
    with pytest.raises(ValueError):
        decode_thumbnail(base64.b64encode(b"hello").decode())


def test_a_frame_already_the_right_size_is_not_copied() -> None:
    frame = np.zeros((240, 320, 3), np.uint8)
    assert fit_within(frame, (320, 240)) is frame
    assert fit_within(frame, (160, 120)).shape == (120, 160, 3)
