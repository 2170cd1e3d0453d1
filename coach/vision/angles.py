"""Angle library: joint angles, segment angles and side choice, with "not visible" as None.

A joint angle is the angle at the middle of three landmarks, in degrees in [0, 180]: 180 is a
straight limb, 90 a right angle. A segment angle is the angle between a segment (a line, not an
arrow) and the image's vertical or horizontal axis, in [0, 90]: 0 means along that axis.
Every function returns None when a landmark it needs is below the visibility threshold or the
geometry is degenerate (two points on top of each other): a missing value, never a made-up one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np

from coach.vision.landmarks import INDEX, MIN_VISIBILITY, FloatArray, PoseLandmarks

Space = Literal["pixel", "world"]
Side = Literal["left", "right"]

# The joint angles reported for every photo and frame: name -> (end, vertex, end).
KEY_ANGLES: dict[str, tuple[str, str, str]] = {
    f"{side}_{joint}": (f"{side}_{a}", f"{side}_{joint}", f"{side}_{b}")
    for side in ("left", "right")
    for joint, a, b in (
        ("elbow", "shoulder", "wrist"),
        ("shoulder", "elbow", "hip"),
        ("hip", "shoulder", "knee"),
        ("knee", "hip", "ankle"),
    )
}
KEY_ANGLES |= {
    "left_ankle": ("left_knee", "left_ankle", "left_foot_index"),
    "right_ankle": ("right_knee", "right_ankle", "right_foot_index"),
}


def angle_between_deg(a: Sequence[float], b: Sequence[float], c: Sequence[float]) -> float | None:
    """Angle ABC at vertex b in degrees [0, 180], for 2-D or 3-D points; None if degenerate."""
    v1 = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)  # b -> a
    v2 = np.asarray(c, dtype=np.float64) - np.asarray(b, dtype=np.float64)  # b -> c
    n1 = float(np.linalg.norm(v1))
    n2 = float(np.linalg.norm(v2))
    if n1 < 1e-9 or n2 < 1e-9:
        return None
    # atan2(|v1 x v2|, v1 . v2) is accurate near 0 and 180 degrees, where acos of the cosine
    # loses precision; |cross| is the parallelogram area, for 2-D the z of the 3-D cross product.
    if v1.shape[0] == 2:
        cross = abs(float(v1[0] * v2[1] - v1[1] * v2[0]))
    else:
        cross = float(np.linalg.norm(np.cross(v1, v2)))
    return math.degrees(math.atan2(cross, float(np.dot(v1, v2))))


def _points(pose: PoseLandmarks, space: Space) -> FloatArray | None:
    return pose.pixels if space == "pixel" else pose.world


def joint_angle(
    pose: PoseLandmarks,
    a: str,
    vertex: str,
    c: str,
    *,
    space: Space = "pixel",
    min_visibility: float = MIN_VISIBILITY,
) -> float | None:
    """Angle at `vertex` between `a` and `c` in degrees [0, 180], or None if not visible."""
    points = _points(pose, space)
    if points is None or not pose.seen((a, vertex, c), min_visibility):
        return None
    return angle_between_deg(points[INDEX[a]], points[INDEX[vertex]], points[INDEX[c]])


def segment_angle(
    pose: PoseLandmarks,
    start: str,
    end: str,
    *,
    reference: Literal["vertical", "horizontal", "down"] = "vertical",
    min_visibility: float = MIN_VISIBILITY,
) -> float | None:
    """Angle in degrees [0, 90] between segment start-end and the image's vertical or horizontal.

    Measured in pixel space: 0 to vertical is upright, 90 is lying flat. Use it for trunk lean
    (shoulder to hip against vertical) or tilt (left to right shoulder against horizontal).
    `reference="down"` is the direction from `start` to `end` against straight down in the
    image, in [0, 180]: 0 points down, 90 sideways (either way), 180 up. It tells an arm raised
    from an arm hanging, which the folded vertical angle cannot, and is the same for a mirrored
    image.
    """
    if not pose.seen((start, end), min_visibility):
        return None
    dx, dy = pose.pixels[INDEX[end]] - pose.pixels[INDEX[start]]
    if math.hypot(dx, dy) < 1e-9:
        return None
    if reference == "down":
        # Image y points down: the angle between (dx, dy) and (0, 1), unsigned.
        return math.degrees(math.atan2(abs(dx), dy))
    # Angle of the line to the horizontal axis, folded into [0, 90] because a line has no direction.
    to_horizontal = math.degrees(math.atan2(abs(dy), abs(dx)))
    return 90.0 - to_horizontal if reference == "vertical" else to_horizontal


def key_angles(
    pose: PoseLandmarks, *, space: Space = "pixel", min_visibility: float = MIN_VISIBILITY
) -> dict[str, float | None]:
    """Every angle of KEY_ANGLES, in degrees, None where not visible."""
    return {
        name: joint_angle(pose, a, v, c, space=space, min_visibility=min_visibility)
        for name, (a, v, c) in KEY_ANGLES.items()
    }
