"""Benchmark: `analyze` against a bare MediaPipe loop over the same video, in one run.

    python -m coach.bench [VIDEO ...] [--repeat N]      (or: make bench)

The bare loop is the least any pose app must do: decode a frame, convert it to RGB, run
MediaPipe Pose (tracking mode, the bundled full model). `analyze` adds landmark extraction,
angles and the CSV. Both are timed from the first frame read to the last, model loaded. Runs
alternate (bare, analyze, bare, ...) so both see the same machine state; the best run of each is
reported, as the least disturbed by other load, and the ratio of the medians beside it.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path
from statistics import median

import cv2
import numpy as np

from coach.analysis import analyze_video
from coach.native_log import quiet_native_startup
from coach.pose import MediaPipeEstimator
from coach.sources import VideoFileSource

MEDIA_VIDEOS = Path(__file__).resolve().parents[2] / "shared" / "media" / "videos"
DEFAULT_VIDEOS = (MEDIA_VIDEOS / "squat_front_20reps_oncounter.mp4",)  # 1280 x 720, 1289 frames


def bare_mediapipe_fps(path: Path) -> float:
    """Frames per second of decode + RGB conversion + MediaPipe Pose, nothing else."""
    with quiet_native_startup():
        import mediapipe as mp

        pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1)
        pose.process(np.zeros((64, 64, 3), np.uint8))  # warm up, as MediaPipeEstimator does
    capture = cv2.VideoCapture(str(path))
    frames = 0
    started = time.perf_counter()
    while True:
        ok, bgr = capture.read()
        if not ok:
            break
        if frames == 0:
            with quiet_native_startup():  # the first frame prints MediaPipe's start-up lines
                pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        else:
            pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        frames += 1
    elapsed = time.perf_counter() - started
    capture.release()
    pose.close()
    return frames / elapsed


def analyze_fps(path: Path) -> float:
    """Frames per second of `fitness-coach analyze` on the video (CSV and summary, no MP4)."""
    with (
        tempfile.TemporaryDirectory() as out,
        VideoFileSource(path) as source,
        MediaPipeEstimator("stream") as estimator,
    ):
        summary = analyze_video(source, estimator, Path(out) / "bench.csv")
    return float(summary["processing_fps"])


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("videos", nargs="*", type=Path, default=list(DEFAULT_VIDEOS))
    parser.add_argument("--repeat", type=int, default=2, help="runs of each (default 2)")
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for video in args.videos:
        if not video.is_file():
            print(f"skipped {video}: not found")
            continue
        capture = cv2.VideoCapture(str(video))
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        capture.release()
        bare, full = [], []
        for _ in range(args.repeat):
            bare.append(bare_mediapipe_fps(video))
            full.append(analyze_fps(video))
        print(f"{video.name} ({width}x{height}, {count} frames), best of {args.repeat} runs each:")
        print(f"  bare MediaPipe loop    {max(bare):6.1f} frames/s  (runs: {_runs(bare)})")
        print(f"  fitness-coach analyze  {max(full):6.1f} frames/s  (runs: {_runs(full)})")
        print(f"  ratio analyze / bare   {max(full) / max(bare):6.3f}  best runs (target 0.9)")
        print(f"                         {median(full) / median(bare):6.3f}  median runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
