"""Face detection on real photographs at the analysis size (320x240)."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np
import pytest

from proctor.shield.camera_detectors import (
    FaceDetector,
    HaarFaceDetector,
    YuNetFaceDetector,
    make_face_detector,
)
from proctor.shield.camera_frames import prepare
from tests.helpers.constants import DATA

EXPECTED_FACES = {
    "camera_one_face.jpg": 1,  # the astronaut Eileen Collins
    "camera_two_faces.jpg": 2,  # two portraits side by side
    "camera_no_person_coffee.jpg": 0,
    "camera_no_person_cat.jpg": 0,  # a cat's face is not a person's
}


@pytest.fixture(scope="module")
def haar() -> HaarFaceDetector:
    return HaarFaceDetector()


def analysis_frame(name: str) -> np.ndarray:
    picture = cv2.imread(str(DATA / name))
    assert picture is not None, name
    frame, _ = prepare(picture)
    return frame


@pytest.mark.parametrize("name", sorted(EXPECTED_FACES))
def test_haar_counts_the_faces_in_real_photographs(haar: HaarFaceDetector, name: str) -> None:
    frame = analysis_frame(name)
    assert max(frame.shape[:2]) <= 320 and frame.shape[0] <= 240
    assert len(haar.detect(frame)) == EXPECTED_FACES[name]


def test_the_face_is_found_where_it_is(haar: HaarFaceDetector) -> None:
    frame = analysis_frame("camera_one_face.jpg")
    [(x, y, w, h)] = haar.detect(frame)
    # The astronaut's face sits left of centre in the upper half of the picture.
    assert 80 < x + w / 2 < 180 and 40 < y + h / 2 < 120
    assert 40 <= w <= 100


@pytest.mark.parametrize("name", sorted(EXPECTED_FACES))
def test_counts_survive_camera_noise_dimming_and_cropping(
    haar: HaarFaceDetector, name: str
) -> None:
    picture = cv2.imread(str(DATA / name))
    assert picture is not None
    rng = np.random.default_rng(11)
    height, width = picture.shape[:2]
    variants = [
        np.clip(picture + rng.normal(0, 6, picture.shape), 0, 255).astype(np.uint8),
        cv2.convertScaleAbs(picture, alpha=0.6),  # a dim room
        picture[height // 20 :, width // 20 :],
        cv2.GaussianBlur(picture, (3, 3), 0),
        cv2.resize(picture, (640, 480)),  # a camera-sized capture
    ]
    counts = [len(haar.detect(prepare(v)[0])) for v in variants]
    assert counts == [EXPECTED_FACES[name]] * len(variants)


def test_haar_accepts_a_grey_frame(haar: HaarFaceDetector) -> None:
    grey = cv2.cvtColor(analysis_frame("camera_one_face.jpg"), cv2.COLOR_BGR2GRAY)
    assert len(haar.detect(grey)) == 1


def test_a_black_frame_has_no_faces(haar: HaarFaceDetector) -> None:
    assert haar.detect(np.zeros((240, 320, 3), np.uint8)) == []


def test_haar_is_a_face_detector(haar: HaarFaceDetector) -> None:
    assert isinstance(haar, FaceDetector)
    assert haar.name == "haar"


def test_haar_refuses_a_missing_cascade(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="face cascade"):
        HaarFaceDetector(tmp_path / "nothing.xml")


def test_yunet_needs_an_existing_model_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        YuNetFaceDetector(tmp_path / "face_detection_yunet.onnx")


def test_yunet_refuses_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    bogus = tmp_path / "face_detection_yunet.onnx"
    bogus.write_bytes(b"this is not an ONNX model" * 40)
    with pytest.raises(ValueError, match="not a face detection model"):
        YuNetFaceDetector(bogus)


def test_without_a_model_the_haar_cascade_is_used() -> None:
    assert make_face_detector(None).name == "haar"
    assert make_face_detector("").name == "haar"


def test_a_broken_model_falls_back_to_haar_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bogus = tmp_path / "model.onnx"
    bogus.write_bytes(b"\x00" * 512)
    with caplog.at_level(logging.WARNING, logger="proctor.shield.camera_detectors"):
        detector = make_face_detector(bogus)
    assert detector.name == "haar"
    assert "falling back to the Haar cascade" in caplog.text
    assert len(detector.detect(analysis_frame("camera_one_face.jpg"))) == 1
