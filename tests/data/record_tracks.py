"""Records the golden landmark tracks in tests/data/tracks from ../shared/media/videos.

    .venv/bin/python -m tests.data.record_tracks

For each video of ground_truth.csv: MediaPipe in tracking mode with the app's default smoothing,
the 12 limb joints (x, y in pixels, visibility) of every frame, the timestamps, and the truth the
rules must reproduce (rep count; which reps are bad form, where the truth marks a bad part).
Only these derived numbers are committed, never the videos.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from coach.vision.landmarks import INDEX
from coach.vision.pose import MediaPipeEstimator
from coach.vision.smoothing import DEFAULT_SMOOTHING, estimator_smooths, make_smoother
from coach.vision.sources import VideoFileSource

MEDIA_VIDEOS = Path(__file__).resolve().parents[3] / "shared" / "media" / "videos"
TRACKS = Path(__file__).resolve().parent / "tracks"
JOINTS = [
    f"{side}_{j}"
    for side in ("left", "right")
    for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
]
RULE_OF = {"squat": "squat", "push-up": "push_up", "bicep curl": "bicep_curl"}


def record(video: Path) -> dict[str, np.ndarray]:
    idx = [INDEX[j] for j in JOINTS]
    frames, times = [], []
    smoother = make_smoother(DEFAULT_SMOOTHING)
    with (
        VideoFileSource(video) as source,
        MediaPipeEstimator(
            "stream", smooth_landmarks=estimator_smooths(DEFAULT_SMOOTHING)
        ) as estimator,
    ):
        for frame in source:
            pose = estimator.estimate(frame)
            if smoother is not None:
                pose = smoother.smooth(pose, frame.timestamp_s)
            row = np.full((len(idx), 3), np.nan, np.float32)
            if pose is not None:
                row[:, :2] = pose.pixels[idx]
                row[:, 2] = pose.visibility[idx]
            frames.append(row)
            times.append(frame.timestamp_s)
            size = (frame.width, frame.height)
    return {"joints": np.array(frames), "times_s": np.array(times), "size": np.array(size)}


def main() -> None:
    TRACKS.mkdir(exist_ok=True)
    with (MEDIA_VIDEOS / "ground_truth.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    # The golden set is the videos already in truth.json (ground_truth.csv has grown since, with
    # exercises that have no rule here); re-recording keeps it.
    golden = json.loads((TRACKS / "truth.json").read_text())["videos"]
    truth = {}
    for row in rows:
        video = MEDIA_VIDEOS / row["file"]
        if video.stem not in golden:
            continue
        data = record(video)
        np.savez_compressed(TRACKS / f"{video.stem}.npz", **data)
        parts = row["rep_key_frames"].split("|")
        bad = len(parts[0].split(",")) if len(parts) > 1 else 0
        truth[video.stem] = {
            "rule": "lunge" if row["exercise"].startswith("lunge") else RULE_OF[row["exercise"]],
            "reps": int(row["reps"]),
            "faulty_reps": list(range(1, bad + 1)),  # the truth's bad-form part, rep indexes
            "rep_key_frames": [int(k) for k in row["rep_key_frames"].replace("|", ",").split(",")],
            "fps": float(row["fps"]),
            "view": row["view"],
        }
        print(f"{video.name}: {len(data['times_s'])} frames")
    (TRACKS / "truth.json").write_text(
        json.dumps({"joints": JOINTS, "videos": truth}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
