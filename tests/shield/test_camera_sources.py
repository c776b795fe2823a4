"""Frame sources: pictures, folders, video files (written here with cv2.VideoWriter), cameras."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from proctor.shield.camera_sources import (
    CameraUnavailable,
    FolderSource,
    PictureSource,
    VideoFileSource,
    open_frame_source,
)
from tests.helpers.camera import COFFEE, ONE, TWO, VIDEO_SIZE, read_picture, write_video


def looks_like(frame: np.ndarray, picture: Path) -> bool:
    expected = read_picture(picture)
    resized = cv2.resize(frame, VIDEO_SIZE)
    return float(cv2.mean(cv2.absdiff(resized, expected))[0]) < 8


def test_a_picture_gives_the_same_frame_every_time() -> None:
    source = open_frame_source(str(ONE))
    assert isinstance(source, PictureSource)
    assert source.live is False
    assert source.description == "picture camera_one_face.jpg"
    first, second = source.read(), source.read()
    assert first.shape == (384, 512, 3)
    assert np.array_equal(first, second)


def test_a_folder_gives_its_pictures_in_name_order_and_starts_over(tmp_path: Path) -> None:
    shutil.copy(TWO, tmp_path / "b.jpg")
    cv2.imwrite(str(tmp_path / "a.png"), read_picture(ONE))
    shutil.copy(COFFEE, tmp_path / "c.jpeg")
    (tmp_path / "notes.txt").write_text("not a picture")
    source = open_frame_source(tmp_path)
    assert isinstance(source, FolderSource)
    frames = [source.read() for _ in range(4)]
    assert looks_like(frames[0], ONE)
    assert looks_like(frames[1], TWO)
    assert looks_like(frames[2], COFFEE)
    assert looks_like(frames[3], ONE)


def test_an_empty_folder_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(CameraUnavailable, match="holds no pictures"):
        open_frame_source(tmp_path)


def test_a_video_file_plays_frame_by_frame_and_loops(tmp_path: Path) -> None:
    video = write_video(tmp_path / "clip.avi", [ONE, TWO, COFFEE])
    source = open_frame_source(video, realtime=False)
    assert isinstance(source, VideoFileSource)
    assert source.live is True
    frames = [source.read() for _ in range(5)]
    assert frames[0].shape == (240, 320, 3)
    assert all(looks_like(f, p) for f, p in zip(frames, [ONE, TWO, COFFEE, ONE, TWO], strict=True))
    source.close()


def test_a_video_in_real_time_shows_the_frame_for_the_time(tmp_path: Path) -> None:
    video = write_video(tmp_path / "clip.avi", [ONE] * 5 + [TWO] * 5 + [COFFEE] * 5, fps=5)
    now = [100.0]
    source = VideoFileSource(video, realtime=True, clock=lambda: now[0])
    assert looks_like(source.read(), ONE)
    now[0] += 1.2  # frame 6
    assert looks_like(source.read(), TWO)
    now[0] += 1.0  # frame 11
    assert looks_like(source.read(), COFFEE)
    now[0] += 1.0  # frame 16: past the end, so frame 1 of the next loop
    assert looks_like(source.read(), ONE)
    now[0] += 0.2  # frame 17 = 2: going back in the file
    assert looks_like(source.read(), ONE)
    source.close()


def test_a_spec_string_opens_a_video_in_real_time(tmp_path: Path) -> None:
    video = write_video(tmp_path / "clip.avi", [TWO] * 3)
    source = open_frame_source(str(video))
    assert isinstance(source, VideoFileSource)
    assert source.description == "video clip.avi"
    assert looks_like(source.read(), TWO)
    source.close()


def test_missing_and_unreadable_sources_are_unavailable(tmp_path: Path) -> None:
    with pytest.raises(CameraUnavailable, match="was not found"):
        open_frame_source(tmp_path / "nowhere.jpg")
    fake_picture = tmp_path / "fake.jpg"
    fake_picture.write_text("not a picture")
    with pytest.raises(CameraUnavailable, match="not a picture"):
        open_frame_source(fake_picture)
    fake_video = tmp_path / "fake.avi"
    fake_video.write_bytes(b"\x00" * 4096)
    with pytest.raises(CameraUnavailable, match="not a video"):
        open_frame_source(fake_video)


@pytest.mark.skipif(
    sys.platform != "linux" or any(Path("/dev").glob("video*")),
    reason="this machine may have a camera",
)
@pytest.mark.parametrize("spec", [0, "0", " 3 "])
def test_a_missing_camera_is_unavailable(spec: int | str) -> None:
    with pytest.raises(CameraUnavailable, match="No camera was found"):
        open_frame_source(spec)
