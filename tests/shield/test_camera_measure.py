"""The camera cost measurement the benchmark reports."""

from __future__ import annotations

from proctor.shield.camera_measure import measure_camera_cost


def test_measure_camera_cost_reports_what_the_benchmark_needs() -> None:
    result = measure_camera_cost(frames=5)
    assert result["frames"] == 5
    assert result["picture"] == "camera_one_face.jpg"
    assert result["faces_found"] == 1  # it measured real detection work on a real face
    assert result["analysis_size"] == [320, 240]
    assert 0 < result["ms_per_frame_p50"] <= result["ms_per_frame_p95"]
    assert result["cpu_ms_per_frame_p50"] > 0
    expected_share = result["cpu_ms_per_frame_p50"] / 2000 * 100
    assert abs(result["core_share_percent"] - expected_share) < 0.01
    assert result["thumbnail_size"] == [160, 120]
    assert 0 < result["thumbnail_jpeg_bytes"] < result["thumbnail_b64_bytes"] <= 12 * 1024


def test_the_costlier_frame_with_a_head_turned_away_is_measured_too() -> None:
    result = measure_camera_cost(frames=5)
    assert result["head_turned_picture"] == "camera_profile.jpg"
    assert result["head_turned_faces_found"] == 0  # no frontal face: the profile check ran
    assert result["head_turned_profiles_found"] == 1
    assert 0 < result["head_turned_ms_per_frame_p50"] <= result["head_turned_ms_per_frame_p95"]
