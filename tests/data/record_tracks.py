"""Records the golden landmark tracks in tests/data/tracks from ../shared/media/videos.

    .venv/bin/python -m tests.data.record_tracks [STEM ...]

For each video of ground_truth.csv (or only the named ones): MediaPipe in tracking mode with the
app's default smoothing, the landmarks the rules use (x, y in pixels, visibility; float32) of
every frame, the timestamps, and the truth the rules must reproduce: the rep count and the counts
accepted where a clip starts or ends mid-rep, the key frame of each rep, the labelled form faults
(which reps fail which check, and which reps are labelled good for it), the labelled hold.
Only these derived numbers are committed, never the videos.

The file format is the one the six first tracks had: `joints` (frames, len(JOINTS), 3), `times_s`,
`size` (width, height); truth.json names the joints in order.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from coach.vision.landmarks import INDEX
from coach.vision.pose import MediaPipeEstimator
from coach.vision.smoothing import DEFAULT_SMOOTHING, estimator_smooths, make_smoother
from coach.vision.sources import VideoFileSource

MEDIA_VIDEOS = Path(__file__).resolve().parents[3] / "shared" / "media" / "videos"
TRACKS = Path(__file__).resolve().parent / "tracks"
# Every point a built-in rule measures, plus the nose and ears (head position for sit-ups).
JOINTS = [
    "nose",
    *(
        f"{side}_{j}"
        for side in ("left", "right")
        for j in (
            "shoulder",
            "elbow",
            "wrist",
            "hip",
            "knee",
            "ankle",
            "heel",
            "foot_index",
            "ear",
        )
    ),
]


def rule_of(exercise: str) -> str | None:
    """The rule that judges a video of this exercise (ground_truth.csv's words), None for none."""
    words = exercise.lower()
    for key, rule in (
        ("squat", "squat"), ("push-up", "push_up"), ("curl", "bicep_curl"), ("lunge", "lunge"),
        ("shoulder press", "shoulder_press"), ("jumping jack", "jumping_jack"),
        ("glute bridge", "glute_bridge"), ("lateral raise", "lateral_raise"),
        ("sit-up", "sit_up"), ("plank", "plank"), ("downward dog", "downward_dog"),
        ("warrior ii", "warrior_ii"),
    ):  # fmt: skip
        if key in words:
            return rule
    return None


# Form faults the media's notes name, as the check id of the rule that should flag them. For each
# video: check -> (reps labelled bad for it, reps labelled good for it), 1-based. Read from the
# notes of ground_truth.csv: the curl's overlay marks reps 1-3 bad, 4 good (the "|" split); the
# heels clip keeps the trunk at 37 degrees (good for trunk_lean) and the lean clip keeps the heels
# down (good for heels); the quarter squats never pass ~113 degrees ("a depth rule should flag
# all 4 as too shallow").
FAULTS: dict[str, dict[str, tuple[list[int], list[int]]]] = {
    "curl_side_dumbbell_3bad_then_1good": {"upper_arm_swing": ([1, 2, 3], [4])},
    "squat_side_1rep_bad_heels_lift": {"heels": ([1], []), "trunk_lean": ([], [1])},
    "squat_side_1rep_bad_forward_lean": {"trunk_lean": ([1], []), "heels": ([], [1])},
    "squat_quarter_shallow_4reps_barbell_portrait": {"depth": ([1, 2, 3, 4], [])},
}


def view_of(text: str) -> str:
    """side, front or oblique (45 degrees, or a view that changes) from the CSV's words."""
    text = text.lower()
    if "45" in text or "oblique" in text:
        return "oblique"
    return "front" if text.startswith("front") else "side"


def truth_of(row: dict[str, str]) -> dict[str, Any]:
    keys = row["rep_key_frames"].strip()
    hold = re.fullmatch(r"hold (\d+)-(\d+)", keys)
    fps = float(row["fps"])
    reps = int(row["reps"])
    accepted = re.search(r"accepted counts \{([\d,\s]+)\}", row["notes"])
    stem = Path(row["file"]).stem
    faults = FAULTS.get(stem, {})
    return {
        "rule": rule_of(row["exercise"]),
        "exercise": row["exercise"],
        "reps": reps,
        "accepted": sorted(int(n) for n in accepted.group(1).split(",")) if accepted else [reps],
        # the truth's bad-form part, rep indexes (kept for the first tests)
        "faulty_reps": faults.get("upper_arm_swing", ([], []))[0],
        "faults": {check: bad for check, (bad, _) in faults.items()},
        "good": {check: good for check, (_, good) in faults.items()},
        "rep_key_frames": (
            [int(k) for k in keys.replace("|", ",").split(",")] if keys and not hold else []
        ),
        "hold_s": [round(int(hold.group(1)) / fps, 2), round((int(hold.group(2)) + 1) / fps, 2)]
        if hold
        else None,
        "fps": fps,
        "frames": int(row["frames"]),
        "view": view_of(row["view"]),
    }


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


def main(stems: list[str]) -> None:
    TRACKS.mkdir(exist_ok=True)
    with (MEDIA_VIDEOS / "ground_truth.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    truth_path = TRACKS / "truth.json"
    old = json.loads(truth_path.read_text()) if truth_path.exists() else {}
    truth: dict[str, Any] = old.get("videos", {}) if old.get("joints") == JOINTS else {}
    for row in rows:
        video = MEDIA_VIDEOS / row["file"]
        if stems and video.stem not in stems:
            truth.setdefault(video.stem, truth_of(row))
            continue
        data = record(video)
        np.savez_compressed(TRACKS / f"{video.stem}.npz", **data)
        truth[video.stem] = truth_of(row)
        print(f"{video.name}: {len(data['times_s'])} frames", flush=True)
    order = [Path(r["file"]).stem for r in rows]
    truth = {stem: truth[stem] for stem in order if stem in truth}
    truth_path.write_text(json.dumps({"joints": JOINTS, "videos": truth}, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
