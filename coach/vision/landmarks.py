"""The 33 MediaPipe pose landmarks of one person: names, coordinates, skeleton and body regions.

Coordinate conventions (MediaPipe's):
- normalised: x and y in [0, 1] of the image width and height (may fall slightly outside when a
  joint is out of frame), origin top-left, y down; z is depth relative to the hips, in roughly the
  same scale as x (smaller = nearer the camera).
- pixels: x * width, y * height of the image the landmarks refer to. Angles are computed here,
  never on normalised values, which would skew them on non-square frames.
- world: metres, origin between the hips, y down, as MediaPipe's pose_world_landmarks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

LANDMARK_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
NUM_LANDMARKS = len(LANDMARK_NAMES)
INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARK_NAMES)}

# MediaPipe's visibility is the model's estimate that the landmark is in frame and not occluded.
# 0.5 is MediaPipe's own default threshold for drawing a landmark (drawing_utils).
MIN_VISIBILITY = 0.5


class Region(Enum):
    """Body regions, used to colour joints and bones."""

    HEAD = "head"
    TORSO = "torso"
    LEFT_ARM = "left_arm"
    RIGHT_ARM = "right_arm"
    LEFT_LEG = "left_leg"
    RIGHT_LEG = "right_leg"


def region_of(name: str) -> Region:
    """The body region a landmark belongs to (shoulders and hips count as torso)."""
    if INDEX[name] <= 10:
        return Region.HEAD
    if name.endswith(("shoulder", "hip")):
        return Region.TORSO
    left = name.startswith("left_")
    if name.endswith(("elbow", "wrist", "pinky", "index", "thumb")) and "foot" not in name:
        return Region.LEFT_ARM if left else Region.RIGHT_ARM
    return Region.LEFT_LEG if left else Region.RIGHT_LEG


# The skeleton drawn over the image: MediaPipe's POSE_CONNECTIONS, by name, each with its region.
_BONE_NAMES: tuple[tuple[str, str], ...] = (
    ("nose", "left_eye_inner"),
    ("left_eye_inner", "left_eye"),
    ("left_eye", "left_eye_outer"),
    ("left_eye_outer", "left_ear"),
    ("nose", "right_eye_inner"),
    ("right_eye_inner", "right_eye"),
    ("right_eye", "right_eye_outer"),
    ("right_eye_outer", "right_ear"),
    ("mouth_left", "mouth_right"),
    ("left_shoulder", "right_shoulder"),
    ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"),
    ("left_hip", "right_hip"),
    ("left_shoulder", "left_elbow"),
    ("left_elbow", "left_wrist"),
    ("left_wrist", "left_pinky"),
    ("left_wrist", "left_index"),
    ("left_wrist", "left_thumb"),
    ("left_pinky", "left_index"),
    ("right_shoulder", "right_elbow"),
    ("right_elbow", "right_wrist"),
    ("right_wrist", "right_pinky"),
    ("right_wrist", "right_index"),
    ("right_wrist", "right_thumb"),
    ("right_pinky", "right_index"),
    ("left_hip", "left_knee"),
    ("left_knee", "left_ankle"),
    ("left_ankle", "left_heel"),
    ("left_heel", "left_foot_index"),
    ("left_ankle", "left_foot_index"),
    ("right_hip", "right_knee"),
    ("right_knee", "right_ankle"),
    ("right_ankle", "right_heel"),
    ("right_heel", "right_foot_index"),
    ("right_ankle", "right_foot_index"),
)


@dataclass(frozen=True)
class Bone:
    """A segment of the drawn skeleton between two landmarks."""

    start: int
    end: int
    region: Region


def _bone_region(a: str, b: str) -> Region:
    # A bone from the torso into a limb (shoulder-elbow, hip-knee) belongs to the limb.
    ra, rb = region_of(a), region_of(b)
    return rb if ra is Region.TORSO else ra


BONES: tuple[Bone, ...] = tuple(
    Bone(INDEX[a], INDEX[b], _bone_region(a, b)) for a, b in _BONE_NAMES
)


@dataclass(frozen=True, eq=False)
class PoseLandmarks:
    """One detected person in one image.

    `normalized` is (33, 4): x, y, z, visibility in MediaPipe's normalised convention.
    `world` is (33, 3) metres, or None when the estimator gives no world landmarks.
    `width` and `height` are the pixel size of the image the landmarks refer to.
    """

    normalized: FloatArray
    world: FloatArray | None
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.normalized.shape != (NUM_LANDMARKS, 4):
            raise ValueError(f"normalized must be (33, 4), got {self.normalized.shape}")
        if self.world is not None and self.world.shape != (NUM_LANDMARKS, 3):
            raise ValueError(f"world must be (33, 3), got {self.world.shape}")

    @property
    def visibility(self) -> FloatArray:
        """(33,) MediaPipe's visibility score in [0, 1]."""
        return self.normalized[:, 3]

    def seen(self, names: Iterable[str], min_visibility: float = MIN_VISIBILITY) -> bool:
        """Whether every named landmark is seen: the one visibility rule of the project."""
        return all(self.normalized[INDEX[n], 3] >= min_visibility for n in names)

    @cached_property
    def pixels(self) -> FloatArray:
        """(33, 2) x and y in pixels of the image, origin top-left (computed once: angles,
        measurements and drawing all read it every frame)."""
        return self.normalized[:, :2] * np.array([self.width, self.height], dtype=np.float64)

    def resized(self, width: int, height: int) -> PoseLandmarks:
        """The same landmarks referred to an image of another pixel size (normalised x, y stay)."""
        return PoseLandmarks(self.normalized, self.world, width, height)
