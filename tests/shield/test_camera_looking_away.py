"""Head turned away: the profile detector on real photographs (a CC0 photograph of a man in
profile, as taken and mirrored), the `looking_away` rule, and the camera monitor on a video."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proctor.shield.camera_detectors import HaarFaceDetector, ProfileFaceDetector
from proctor.shield.camera_frames import decode_thumbnail, prepare
from proctor.shield.camera_rules import Observation, PresenceRules
from proctor.shield.camera_sources import open_frame_source
from tests.helpers.camera import (
    CAT,
    COFFEE,
    ONE,
    TWO,
    Recorder,
    assert_evidence,
    run_monitor,
    write_video,
)
from tests.helpers.constants import DATA

PROFILE = DATA / "camera_profile.jpg"
PROFILE_CLOSE = DATA / "camera_profile_close.jpg"
NO_PERSON = [COFFEE, CAT]


@pytest.fixture(scope="module")
def profiles() -> ProfileFaceDetector:
    return ProfileFaceDetector()


@pytest.fixture(scope="module")
def frontal() -> HaarFaceDetector:
    return HaarFaceDetector()


def picture(path: Path, mirrored: bool = False) -> np.ndarray:
    image = cv2.imread(str(path))
    assert image is not None, path
    return cv2.flip(image, 1) if mirrored else image


def variants(image: np.ndarray) -> list[np.ndarray]:
    """What a webcam does to a picture: noise, a dim room, a shifted framing, blur, 640x480."""
    rng = np.random.default_rng(11)
    height, width = image.shape[:2]
    return [
        image,
        np.clip(image + rng.normal(0, 6, image.shape), 0, 255).astype(np.uint8),
        cv2.convertScaleAbs(image, alpha=0.6),
        image[height // 20 :, width // 20 :],
        cv2.GaussianBlur(image, (3, 3), 0),
        cv2.resize(image, (640, 480)),
    ]


# -- the detector on photographs -----------------------------------------------------------


@pytest.mark.parametrize("path", [PROFILE, PROFILE_CLOSE], ids=["profile", "close"])
@pytest.mark.parametrize("mirrored", [False, True], ids=["as-taken", "mirrored"])
def test_a_head_in_profile_is_found_on_either_side_and_no_frontal_face(
    profiles: ProfileFaceDetector, frontal: HaarFaceDetector, path: Path, mirrored: bool
) -> None:
    found = []
    for image in variants(picture(path, mirrored)):
        frame, grey = prepare(image)
        assert frontal.detect(frame) == []
        found.append(len(profiles.detect(grey)))
    assert found[0] == 1  # the photograph itself
    # A profile cascade misses now and then (the rule asks for 2 finds in 4 checks): of the
    # six webcam-like versions at least five are found, and never as two heads.
    assert found.count(1) >= 5 and max(found) == 1, found


def test_the_profile_box_is_on_the_head(profiles: ProfileFaceDetector) -> None:
    # In camera_profile.jpg the head is left of centre, in the top half, facing right.
    for mirrored in (False, True):
        frame, grey = prepare(picture(PROFILE, mirrored))
        [(x, y, w, h)] = profiles.detect(grey)
        centre_x = x + w / 2
        if mirrored:
            centre_x = frame.shape[1] - centre_x
        assert 110 < centre_x < 180 and 40 < y + h / 2 < 110, (x, y, w, h)
        assert 50 <= w <= 110


@pytest.mark.parametrize("path", NO_PERSON, ids=["coffee", "cat"])
def test_no_profile_where_there_is_nobody(profiles: ProfileFaceDetector, path: Path) -> None:
    for mirrored in (False, True):
        for image in variants(picture(path, mirrored)):
            assert profiles.detect(prepare(image)[1]) == []


def test_a_black_frame_has_no_profile(profiles: ProfileFaceDetector) -> None:
    assert profiles.detect(np.zeros((240, 320), np.uint8)) == []


def test_a_missing_profile_cascade_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="face cascade"):
        ProfileFaceDetector(tmp_path / "nothing.xml")


# -- the rule ---------------------------------------------------------------------------------

FACE = (100, 60, 80, 80)
SIDE = (120, 50, 70, 70)
STEP_MS = 2000


def run(sequence: str, rules: PresenceRules | None = None) -> list[tuple[int, str, dict]]:
    """F: one face towards the camera; P: a profile only; _: nobody; 2: two faces."""
    rules = rules or PresenceRules()
    out = []
    for index, code in enumerate(sequence):
        faces = {"F": [FACE], "2": [FACE, (220, 70, 50, 50)]}.get(code, [])
        side = [SIDE] if code == "P" else []
        obs = Observation(index * STEP_MS, faces, 120.0, 40.0, None, profiles=side)
        out += [(index, kind, detail) for kind, detail in rules.observe(obs)]
    return out


def kinds(sequence: str) -> list[tuple[int, str]]:
    return [(index, kind) for index, kind, _ in run(sequence)]


def test_a_head_turned_away_for_four_checks_is_looking_away() -> None:
    events = run("FFPPPPPPF")
    assert [(i, k) for i, k, _ in events] == [(5, "looking_away"), (8, "face_ok")]
    detail = events[0][2]
    assert detail["since_ms"] == 2 * STEP_MS and detail["analyses"] == 4
    assert detail["profile_faces"] == 1 and detail["profile_boxes"] == [list(SIDE)]
    assert detail["profile_analyses"] == 4
    assert "turned away" in detail["message"]
    closed = events[1][2]["closed"]
    assert closed == [{"kind": "looking_away", "since_ms": 4000, "duration_s": 12}]
    assert "looking away" in events[1][2]["message"]


def test_a_glance_aside_is_nothing() -> None:
    assert kinds("FPPPF" * 5) == []


def test_a_flickering_profile_still_counts_and_is_not_no_face() -> None:
    # The profile cascade misses a turned head now and then (and the monitor looks at one side
    # per analysis): two finds in four checks suffice, opened on a picture showing the head.
    assert kinds("FP_P_P_F") == [(5, "looking_away"), (7, "face_ok")]
    assert kinds("FP_P___F") == [(6, "no_face"), (7, "face_ok")]


def test_nobody_at_all_is_no_face_not_looking_away() -> None:
    assert kinds("F____F") == [(3, "no_face"), (5, "face_ok")]


def test_looking_away_then_leaving_is_both() -> None:
    assert kinds("FPPPP___F") == [(4, "looking_away"), (7, "no_face"), (8, "face_ok")]


def test_a_profile_alone_never_closes_an_episode() -> None:
    # (the absence and the profiles are one run without a face towards the camera)
    assert kinds("F___PPPPP") == [(3, "no_face"), (5, "looking_away")]


def test_a_turned_head_in_a_dim_room_is_not_a_covered_camera() -> None:
    rules = PresenceRules()
    events = []
    for index in range(6):
        obs = Observation(index * STEP_MS, [], 25.0, 30.0, None, profiles=[SIDE])
        events += [kind for kind, _ in rules.observe(obs)]
    assert events == ["looking_away"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="FP_2", max_size=60))
def test_at_most_one_open_episode_per_kind_with_profiles(sequence: str) -> None:
    open_kinds: set[str] = set()
    for _, kind, detail in run(sequence):
        if kind == "face_ok":
            assert {c["kind"] for c in detail["closed"]} == open_kinds
            open_kinds.clear()
        else:
            assert kind not in open_kinds
            open_kinds.add(kind)


# -- the monitor on a video of photographs -------------------------------------------------


def test_a_video_of_a_student_turning_away_and_back(tmp_path: Path) -> None:
    mirrored = tmp_path / "profile-mirrored.jpg"
    cv2.imwrite(str(mirrored), picture(PROFILE, mirrored=True))
    scenes = [ONE] * 3 + [PROFILE] * 5 + [ONE] * 2 + [mirrored] * 5 + [ONE] * 2
    video = write_video(tmp_path / "exam.avi", scenes)
    recorder = Recorder()
    source = open_frame_source(video, realtime=False)  # one video frame per analysis
    run_monitor(source, len(scenes), recorder)
    assert recorder.kinds == ["looking_away", "face_ok"] * 2
    turned = recorder.incidents[0][1]
    assert turned["faces"] == 0 and turned["profile_faces"] == 1
    image = assert_evidence(turned)
    blue, green, red = (image[:, :, c].astype(int) for c in range(3))
    assert ((green - np.maximum(blue, red)) > 40).sum() > 20  # the profile box, on a grey photo
    assert decode_thumbnail(recorder.incidents[1][1]["thumbnail_jpeg_b64"]).shape[1] == 160


def test_the_profile_check_runs_only_when_nobody_faces_the_camera() -> None:
    for path, expected in ((ONE, None), (TWO, None), (PROFILE, 1)):
        recorder = Recorder()
        monitor = run_monitor(str(path), 2, recorder)
        assert (monitor._profiles is not None) == (expected is not None), path.name
        assert all(d.get("profile_faces", 0) in (0, expected) for _, d in recorder.incidents)
