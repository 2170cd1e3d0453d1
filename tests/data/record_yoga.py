"""Records the landmarks of the labelled yoga photos in tests/data/yoga_landmarks.npz.

    .venv/bin/python -m tests.data.record_yoga

For each photo of ../shared/media/yoga/labels.csv: MediaPipe's 33 landmarks (normalised x, y, z,
visibility; NaN when nobody is found) of the photo and of the photo mirrored left to right, and
whether a second person was found (coach.templates.second_person). With its labels, so that the
pose template measurement (tools/template_accuracy.py, tests/rules/test_pose_templates.py) runs
in a second without the model. Only these derived numbers are committed, never the photos.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from coach.templates import second_person
from coach.vision.landmarks import NUM_LANDMARKS, PoseLandmarks
from coach.vision.pose import MediaPipeEstimator
from coach.vision.sources import Frame, load_photo

YOGA = Path(__file__).resolve().parents[3] / "shared" / "media" / "yoga"
OUT = Path(__file__).resolve().parent / "yoga_landmarks.npz"


def _array(pose: PoseLandmarks | None) -> np.ndarray:
    if pose is None:
        return np.full((NUM_LANDMARKS, 4), np.nan, np.float32)
    return pose.normalized.astype(np.float32)


def main() -> None:
    with (YOGA / "labels.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    files, poses, kinds, multiple, sizes, second = [], [], [], [], [], []
    straight, mirror = [], []
    with MediaPipeEstimator("photo") as estimator:
        for row in rows:
            photo = load_photo(YOGA / row["file"])
            pose = estimator.estimate(Frame(photo.rgb, 0, 0.0))
            flipped = np.ascontiguousarray(photo.rgb[:, ::-1])
            mirrored = estimator.estimate(Frame(flipped, 0, 0.0))
            files.append(row["file"])
            poses.append(row["pose"])
            kinds.append(row["kind"])
            multiple.append(row["multiple_people"])
            sizes.append((photo.width, photo.height))
            straight.append(_array(pose))
            mirror.append(_array(mirrored))
            second.append(pose is not None and second_person(photo.rgb, pose, estimator))
            print(f"{row['file']}: {'found' if pose is not None else 'nobody'}")
    np.savez_compressed(
        OUT,
        files=np.array(files),
        poses=np.array(poses),
        kinds=np.array(kinds),
        multiple_people=np.array(multiple),
        size=np.array(sizes, np.int32),
        normalized=np.array(straight),
        mirrored=np.array(mirror),
        second_person=np.array(second),
    )


if __name__ == "__main__":
    main()
