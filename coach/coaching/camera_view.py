"""Recognises the camera view, side or front, from how wide the body looks against its height.

Seen from the front, the shoulders and hips are about as wide as the torso is long (a ratio of
0.5 to 0.9 on the project's real videos); in profile they overlap (0.03 to 0.22). The mean of
shoulder and hip width over torso length above FRONT_ABOVE means front, below SIDE_BELOW side,
and in between (a three-quarter view) the last decision stands. A new view must last
`settle_s` before it is reported, so a turn of the head or a step does not flip it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from coach.vision.landmarks import INDEX, PoseLandmarks

CameraView = Literal["side", "front"]
FRONT_ABOVE = 0.4  # a body turned up to about 55 degrees from facing the camera
SIDE_BELOW = 0.25  # within about 20 degrees of a true profile


def width_ratio(pose: PoseLandmarks) -> float | None:
    """(shoulder width + hip width) / 2 / torso length, in pixels; None if not all seen."""
    names = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not pose.seen(names):
        # In profile the far shoulder and hip are often hidden: that itself says "side".
        near = [n for n in names if pose.seen((n,))]
        one_side = len({n.split("_")[0] for n in near}) == 1
        return 0.0 if len(near) == 2 and one_side else None
    p = {n: pose.pixels[INDEX[n]] for n in names}
    shoulders = math.dist(p["left_shoulder"], p["right_shoulder"])
    hips = math.dist(p["left_hip"], p["right_hip"])
    torso = (
        math.dist(p["left_shoulder"], p["left_hip"])
        + math.dist(p["right_shoulder"], p["right_hip"])
    ) / 2
    return (shoulders + hips) / 2 / torso if torso > 1e-6 else None


@dataclass
class ViewTracker:
    """The camera view over a stream, with hysteresis and a settling time."""

    settle_s: float = 1.0
    view: CameraView | None = None
    _candidate: CameraView | None = None
    _since_s: float = 0.0

    def update(self, pose: PoseLandmarks | None, t_s: float) -> CameraView | None:
        ratio = width_ratio(pose) if pose is not None else None
        seen: CameraView | None = None
        if ratio is not None:
            seen = "front" if ratio > FRONT_ABOVE else "side" if ratio < SIDE_BELOW else None
        if seen is None or seen == self.view:
            self._candidate = None
            return self.view
        if self.view is None:
            self.view = seen  # the first view seen is taken at once
            return self.view
        if seen != self._candidate:
            self._candidate, self._since_s = seen, t_s
        elif t_s - self._since_s >= self.settle_s:
            self.view, self._candidate = seen, None
        return self.view
