"""Angle math: known values, invariances (hypothesis) and "not visible" as None."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.vision.angles import (
    KEY_ANGLES,
    angle_between_deg,
    joint_angle,
    key_angles,
    segment_angle,
)
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks

coordinate = st.floats(min_value=-1000, max_value=1000, allow_nan=False)
point = st.tuples(coordinate, coordinate)


def pose_from_pixels(
    pixels: dict[str, tuple[float, float]],
    width: int = 1280,
    height: int = 720,
    visibility: float = 1.0,
) -> PoseLandmarks:
    """A pose whose named landmarks sit at the given pixel positions; the rest at the centre."""
    normalized = np.full((NUM_LANDMARKS, 4), 0.5)
    normalized[:, 3] = visibility
    for name, (x, y) in pixels.items():
        normalized[INDEX[name], :2] = (x / width, y / height)
    return PoseLandmarks(normalized, None, width, height)


def test_known_angles() -> None:
    assert angle_between_deg((1, 0), (0, 0), (0, 1)) == pytest.approx(90)
    assert angle_between_deg((-1, 0), (0, 0), (1, 0)) == pytest.approx(180)
    assert angle_between_deg((1, 0), (0, 0), (2, 0)) == pytest.approx(0)
    assert angle_between_deg((1, 0, 0), (0, 0, 0), (1, 1, 0)) == pytest.approx(45)


def test_degenerate_angle_is_missing() -> None:
    assert angle_between_deg((0, 0), (0, 0), (1, 1)) is None


@given(point, point, point)
def test_angle_is_in_range_and_symmetric(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]
) -> None:
    angle = angle_between_deg(a, b, c)
    if angle is None:
        return
    assert 0.0 <= angle <= 180.0
    assert angle_between_deg(c, b, a) == pytest.approx(angle, abs=1e-6)


@given(
    st.floats(min_value=5, max_value=175),
    st.floats(min_value=0, max_value=2 * math.pi),
    st.floats(min_value=0.01, max_value=100),
    point,
)
def test_angle_survives_rotation_scaling_and_translation(
    true_deg: float, rotation: float, scale: float, offset: tuple[float, float]
) -> None:
    theta = math.radians(true_deg)
    a, c = np.array([1.0, 0.0]), np.array([math.cos(theta), math.sin(theta)])
    turn = np.array(
        [[math.cos(rotation), -math.sin(rotation)], [math.sin(rotation), math.cos(rotation)]]
    )
    moved = [turn @ p * scale + np.array(offset) for p in (a, np.zeros(2), c)]
    assert angle_between_deg(*moved) == pytest.approx(true_deg, abs=1e-6)


def test_joint_angle_uses_pixels_not_normalised_coordinates() -> None:
    # A true right angle at the knee on a 16:9 frame; in normalised units it would read ~59 deg.
    pose = pose_from_pixels(
        {"left_hip": (400, 200), "left_knee": (600, 400), "left_ankle": (800, 200)}
    )
    assert joint_angle(pose, "left_hip", "left_knee", "left_ankle") == pytest.approx(90)
    normalised = angle_between_deg(
        pose.normalized[INDEX["left_hip"], :2],
        pose.normalized[INDEX["left_knee"], :2],
        pose.normalized[INDEX["left_ankle"], :2],
    )
    assert normalised is not None and abs(normalised - 90) > 20


def test_invisible_landmark_gives_missing_value() -> None:
    pose = pose_from_pixels(
        {"left_hip": (0, 0), "left_knee": (0, 100), "left_ankle": (0, 200)}, visibility=0.2
    )
    assert joint_angle(pose, "left_hip", "left_knee", "left_ankle") is None
    assert segment_angle(pose, "left_hip", "left_knee") is None
    assert all(value is None for value in key_angles(pose).values())
    assert set(key_angles(pose)) == set(KEY_ANGLES)


def test_world_angle_uses_metres() -> None:
    pose = pose_from_pixels({})
    world = np.zeros((NUM_LANDMARKS, 3))
    world[INDEX["right_shoulder"]] = (0.0, -0.3, 0.0)
    world[INDEX["right_elbow"]] = (0.0, 0.0, 0.0)
    world[INDEX["right_wrist"]] = (0.0, 0.0, -0.3)  # forearm pointing at the camera
    pose = PoseLandmarks(pose.normalized, world, pose.width, pose.height)
    assert joint_angle(
        pose, "right_shoulder", "right_elbow", "right_wrist", space="world"
    ) == pytest.approx(90)
    no_world = pose_from_pixels({})
    assert (
        joint_angle(no_world, "right_shoulder", "right_elbow", "right_wrist", space="world") is None
    )


@pytest.mark.parametrize(
    ("end", "to_vertical", "to_horizontal"),
    [
        ((100, 200), 0, 90),
        ((200, 100), 90, 0),
        ((200, 200), 45, 45),
        ((0, 0), 45, 45),
        ((100, 0), 0, 90),
    ],
)
def test_segment_angle(end: tuple[float, float], to_vertical: float, to_horizontal: float) -> None:
    pose = pose_from_pixels({"left_shoulder": (100, 100), "left_hip": end})
    assert segment_angle(pose, "left_shoulder", "left_hip") == pytest.approx(to_vertical)
    assert segment_angle(
        pose, "left_shoulder", "left_hip", reference="horizontal"
    ) == pytest.approx(to_horizontal)


def test_pose_rejects_wrong_shapes() -> None:
    with pytest.raises(ValueError, match="33, 4"):
        PoseLandmarks(np.zeros((17, 4)), None, 10, 10)
