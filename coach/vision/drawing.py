"""Draws the skeleton and key angles over an RGB image, scaled to read well at any image size."""

from __future__ import annotations

import math
from collections.abc import Collection

import cv2
import numpy as np

from coach.vision.landmarks import (
    BONES,
    INDEX,
    LANDMARK_NAMES,
    MIN_VISIBILITY,
    PoseLandmarks,
    Region,
    region_of,
)
from coach.vision.sources import RGBImage

# RGB colours by body region: the person's left side warm, right side cool (MediaPipe's habit).
REGION_RGB: dict[Region, tuple[int, int, int]] = {
    Region.HEAD: (255, 221, 87),
    Region.TORSO: (236, 236, 236),
    Region.LEFT_ARM: (255, 159, 28),
    Region.LEFT_LEG: (255, 84, 84),
    Region.RIGHT_ARM: (46, 196, 255),
    Region.RIGHT_LEG: (92, 124, 255),
}
OUTLINE_RGB = (20, 20, 20)
FAULT_RGB = (229, 57, 53)  # red: a joint whose form is being corrected

# The angles labelled on the image (the rest are in the JSON and CSV).
LABELLED_ANGLES = (
    "left_elbow",
    "right_elbow",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
)


# Photos smaller than this on their longer side are enlarged for the drawing, so that lines and
# labels stay legible instead of covering a thumbnail.
MIN_DRAWING_SIDE_PX = 720


def _scale(image: RGBImage) -> float:
    # 1.0 for a 1280 x 720 frame; lines, dots and text grow with the image diagonal.
    return math.hypot(image.shape[0], image.shape[1]) / math.hypot(1280, 720)


def drawing_canvas(rgb: RGBImage) -> RGBImage:
    """A copy of `rgb` to draw on, enlarged if its longer side is under MIN_DRAWING_SIDE_PX."""
    longer = max(rgb.shape[:2])
    if longer >= MIN_DRAWING_SIDE_PX:
        return np.ascontiguousarray(rgb.copy())
    factor = MIN_DRAWING_SIDE_PX / longer
    size = (round(rgb.shape[1] * factor), round(rgb.shape[0] * factor))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_CUBIC)  # type: ignore[return-value]


def _label_degrees(
    image: RGBImage, degrees: float, anchor: tuple[int, int], scale: float, right: bool
) -> None:
    """An angle such as "92°" in a dark box beside `anchor` (right or left), inside the image."""
    text = f"{degrees:.0f}"
    font = cv2.FONT_HERSHEY_SIMPLEX
    font_scale = 0.6 * scale
    thickness = max(1, round(1.5 * scale))
    (text_w, h), baseline = cv2.getTextSize(text, font, font_scale, thickness)
    ring = max(2, round(h * 0.22))  # the degree sign: OpenCV's fonts have no "°"
    w = text_w + 3 * ring
    pad = max(2, round(4 * scale))
    gap = max(6, round(12 * scale))
    x = anchor[0] + gap if right else anchor[0] - gap - w - 2 * pad
    y = anchor[1] - h // 2 - pad
    x = min(max(0, x), image.shape[1] - w - 2 * pad)
    y = min(max(0, y), image.shape[0] - h - baseline - 2 * pad)
    box = image[y : y + h + baseline + 2 * pad, x : x + w + 2 * pad]
    box[:] = (box * 0.35).astype(np.uint8)  # darken, so the label reads on any background
    cv2.putText(
        image,
        text,
        (x + pad, y + pad + h),
        font,
        font_scale,
        (255, 255, 255),
        thickness,
        cv2.LINE_AA,
    )


def draw_pose(
    rgb: RGBImage,
    pose: PoseLandmarks,
    angles: dict[str, float | None] | None = None,
    min_visibility: float = MIN_VISIBILITY,
    faults: Collection[int] = (),
) -> RGBImage:
    """A copy of `rgb` (enlarged if tiny) with the skeleton and labelled angles drawn on it;
    the landmarks in `faults` (indices: the joints of a form fault being told) ringed in red.

    `pose` may refer to an image of another size than `rgb` (a reduced photo): normalised
    coordinates are used, so the drawing lands in the same place at any size.
    """
    out = drawing_canvas(rgb)
    height, width = out.shape[:2]
    scale = _scale(out)
    line = max(2, round(4 * scale))
    radius = max(3, round(5 * scale))
    points = pose.resized(width, height).pixels.round().astype(int)
    visible = pose.visibility >= min_visibility

    for bone in BONES:
        if not (visible[bone.start] and visible[bone.end]):
            continue
        a, b = tuple(points[bone.start]), tuple(points[bone.end])
        cv2.line(out, a, b, OUTLINE_RGB, line + max(2, line // 2), cv2.LINE_AA)
        cv2.line(out, a, b, REGION_RGB[bone.region], line, cv2.LINE_AA)
    for i, name in enumerate(LANDMARK_NAMES):
        if not visible[i]:
            continue
        centre = (int(points[i][0]), int(points[i][1]))
        cv2.circle(out, centre, radius + max(1, line // 2), OUTLINE_RGB, -1, cv2.LINE_AA)
        cv2.circle(out, centre, radius, REGION_RGB[region_of(name)], -1, cv2.LINE_AA)
        if i in faults:
            cv2.circle(out, centre, radius * 3, FAULT_RGB, line, cv2.LINE_AA)

    for name in LABELLED_ANGLES:
        value = (angles or {}).get(name)
        if value is None:
            continue
        vertex = points[INDEX[name]]
        # The person's left appears on the image's right when they face the camera.
        anchor = (int(vertex[0]), int(vertex[1]))
        _label_degrees(out, value, anchor, scale, right=name.startswith("left"))
    return out


# The ghost (a hold's target pose over the user): joints coloured by how far the user's joint is
# from it, in torso lengths: within GHOST_NEAR green, within GHOST_FAR amber, beyond red.
GHOST_NEAR = 0.2
GHOST_FAR = 0.4
GHOST_RGB = (255, 255, 255)
GHOST_JOINT_RGB = {"near": (67, 160, 71), "mid": (255, 179, 0), "far": (229, 57, 53),
                   "unseen": (158, 158, 158)}  # fmt: skip


def ghost_colour(off: float | None) -> tuple[int, int, int]:
    """The colour of a ghost joint the user's joint is `off` torso lengths from (None: unseen)."""
    if off is None:
        return GHOST_JOINT_RGB["unseen"]
    if off <= GHOST_NEAR:
        return GHOST_JOINT_RGB["near"]
    return GHOST_JOINT_RGB["mid"] if off <= GHOST_FAR else GHOST_JOINT_RGB["far"]


def draw_ghost(
    image: RGBImage,
    points: dict[str, tuple[float, float]],
    off: dict[str, float | None],
) -> RGBImage:
    """`image` with the ghost drawn over it, half transparent: bones between its joints, each
    joint a ring coloured by ghost_colour. `points` are normalised x, y (any image size)."""
    height, width = image.shape[:2]
    scale = _scale(image)
    line = max(2, round(3 * scale))
    radius = max(4, round(8 * scale))
    at = {n: (round(x * width), round(y * height)) for n, (x, y) in points.items()}
    overlay = image.copy()
    for bone in BONES:
        a, b = LANDMARK_NAMES[bone.start], LANDMARK_NAMES[bone.end]
        if a in at and b in at:
            cv2.line(overlay, at[a], at[b], GHOST_RGB, line, cv2.LINE_AA)
    for name in ("left_shoulder", "left_hip"):  # the torso's sides close the figure
        other = name.replace("left", "right")
        if name in at and other in at:
            cv2.line(overlay, at[name], at[other], GHOST_RGB, line, cv2.LINE_AA)
    for name, centre in at.items():
        cv2.circle(overlay, centre, radius, ghost_colour(off.get(name)), line, cv2.LINE_AA)
    return cv2.addWeighted(overlay, 0.7, image, 0.3, 0.0)  # type: ignore[return-value]
