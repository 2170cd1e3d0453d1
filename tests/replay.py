"""A pose estimator that replays landmark tracks recorded from the real videos (tests/data/tracks).

GUI and session tests drive the real window, worker, session and engine on the real video file
(decoded by the real capture code), but take each frame's landmarks from the recording instead of
running MediaPipe: the same poses every run, in a fraction of the time. The tracks hold the joints
the recording kept (tests/data/record_tracks.py); every other landmark is unseen.
"""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path

import numpy as np

from coach.session import EstimatorFactory, SessionSettings
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks
from coach.vision.sources import Frame

TRACKS = Path(__file__).resolve().parent / "data" / "tracks"


@cache
def truth() -> dict[str, object]:
    data: dict[str, object] = json.loads((TRACKS / "truth.json").read_text())
    return data


def track_poses(stem: str) -> list[PoseLandmarks | None]:
    """The recorded pose of every frame of a development video (None where nobody was found)."""
    data = np.load(TRACKS / f"{stem}.npz")
    width, height = (int(v) for v in data["size"])
    names = truth()["joints"]
    assert isinstance(names, list)
    idx = [INDEX[j] for j in names]
    poses: list[PoseLandmarks | None] = []
    for joints in data["joints"]:
        if np.isnan(joints[0, 0]):
            poses.append(None)
            continue
        normalized = np.zeros((NUM_LANDMARKS, 4))  # landmarks not recorded: unseen
        normalized[idx, 0] = joints[:, 0] / width
        normalized[idx, 1] = joints[:, 1] / height
        normalized[idx, 3] = joints[:, 2]
        poses.append(PoseLandmarks(normalized, None, width, height))
    return poses


class ReplayEstimator:
    """A PoseEstimator giving the recorded pose of `frame.index`. `fail_at`: raise a
    RuntimeError on that frame, or the first after it that is analysed (an internal error in
    the worker). `delay_s`: each pose takes
    that long, as on a machine slower than the video."""

    def __init__(self, stem: str, fail_at: int | None = None, delay_s: float = 0.0) -> None:
        self.poses = track_poses(stem)
        self.fail_at = fail_at
        self.delay_s = delay_s
        self.closed = False

    def estimate(self, frame: Frame) -> PoseLandmarks | None:
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail_at is not None and frame.index >= self.fail_at:
            raise RuntimeError(f"replay: failing on frame {frame.index} as asked")
        return self.poses[frame.index] if frame.index < len(self.poses) else None

    def close(self) -> None:
        self.closed = True


def replaying(fail_at: int | None = None, delay_s: float = 0.0) -> EstimatorFactory:
    """An estimator factory for Session / MainWindow: replays the track of the video the
    session plays (named by its file's stem)."""

    def make(settings: SessionSettings) -> ReplayEstimator:
        return ReplayEstimator(Path(settings.source).stem, fail_at, delay_s)

    return make
