"""Benchmark: the full pipeline against a bare MediaPipe loop, latency, CPU, memory and start-up.

    python -m tools.bench [VIDEO ...] [--repeat N] [--photo PHOTO]      (or: make bench)

Over the same frames, runs alternate (bare, pipeline, analyze, bare, ...) so all see the same
machine state:
- the bare loop, the least any pose app must do: decode, convert to RGB, MediaPipe Pose
  (tracking mode, the bundled full model, on the same inference threads);
- the full pipeline: `coach.session.Session` as the window runs it (pose, MediaPipe's
  smoothing, landmark arrays, the squat rule with its reps, checks and feedback), at full speed;
- `fitness-coach analyze --exercise squat`: the same plus angles and one CSV row per frame.
Each is timed from the first frame read to the last, the model loaded; the best run of each is
reported (the least disturbed by other load) and the ratio of the medians beside it.

Then, in fresh processes as a user would start them: launch to the first processed frame, then
a real-time session's capture-to-result latency, CPU use and peak memory (`--probe`); and the
wall time of `fitness-coach analyze PHOTO`, Python start and model load included.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

import cv2
import numpy as np

from coach.analysis import analyze_video
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.session import FrameResult, Session, SessionSettings
from coach.vision.native_log import quiet_native_startup
from coach.vision.pose import bundled_pose, inference_threads
from coach.vision.smoothing import DEFAULT_SMOOTHING
from coach.vision.sources import VideoFileSource
from tools.procstats import CpuMeter, peak_rss_mb, percentiles_ms, process_age_s

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
DEFAULT_VIDEOS = (MEDIA / "videos" / "squat_front_20reps_oncounter.mp4",)  # 1280x720, 1289 frames
DEFAULT_PHOTO = MEDIA / "keypoints" / "mmpose_testdata" / "mpii" / "004645041.jpg"  # 1280 x 720
EXERCISE = "squat"


def bare_mediapipe_fps(path: Path) -> tuple[float, float]:
    """Frames per second and CPU % of decode + RGB conversion + MediaPipe Pose, nothing else."""
    with quiet_native_startup():
        import mediapipe as mp

        # The same model on as many inference threads as the pipeline's.
        pose = bundled_pose(mp, inference_threads(), static_image_mode=False, model_complexity=1)
        pose.process(np.zeros((64, 64, 3), np.uint8))  # warm up, as MediaPipeEstimator does
    capture = cv2.VideoCapture(str(path))
    frames = 0
    cpu = CpuMeter()
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
    used = cpu.read()
    capture.release()
    pose.close()
    return frames / used.wall_s, used.percent


def pipeline_fps(path: Path) -> tuple[float, float, list[float]]:
    """Frames per second, CPU % and each frame's capture-to-result ms of a full-speed Session."""
    rule = load_rules(BUILTIN_RULES).rules[EXERCISE]
    session = Session(SessionSettings(str(path), rule, realtime=False))
    latencies_ms: list[float] = []
    cpu = CpuMeter()
    last_s = 0.0

    def on_result(result: FrameResult) -> None:
        nonlocal last_s
        if not latencies_ms:
            cpu.restart()  # the model is loaded and the first frame read by now
        latencies_ms.append(result.inference_ms)
        last_s = time.monotonic()

    session.run(on_result, threading.Event())
    used = cpu.read()
    # Session.started_s is taken just before the first frame is read, as in the bare loop.
    return session.frames / (last_s - session.started_s), used.percent, latencies_ms


def analyze_fps(path: Path) -> float:
    """Frames per second of `fitness-coach analyze --exercise squat` (CSV and summary, no MP4)."""
    rule = load_rules(BUILTIN_RULES).rules[EXERCISE]
    with tempfile.TemporaryDirectory() as out, VideoFileSource(path) as source:
        settings = SessionSettings(str(path), rule, smoothing=DEFAULT_SMOOTHING)
        summary = analyze_video(source, settings, Path(out) / "bench.csv")
    return float(summary["processing_fps"])


def probe(video: Path, seconds: float) -> dict[str, float]:
    """Run in a fresh process (`--probe`): a real-time session of the video, as the window
    runs it, for `seconds`. Returns launch-to-first-frame, latency, CPU and peak memory."""
    rule = load_rules(BUILTIN_RULES).rules[EXERCISE]
    session = Session(SessionSettings(str(video), rule, realtime=True))
    stop = threading.Event()
    first_frame_s: list[float] = []
    latencies_ms: list[float] = []
    cpu = CpuMeter()

    def on_result(result: FrameResult) -> None:
        if not first_frame_s:
            first_frame_s.append(process_age_s())
            cpu.restart()
        if result.fresh:  # each analysis once (a frame shown with the latest pose repeats it)
            latencies_ms.append(result.inference_ms)
        if result.captured_s - session.started_s >= seconds:
            stop.set()

    session.run(on_result, stop)
    used = cpu.read()
    latency_median_ms, latency_p95_ms = percentiles_ms(latencies_ms)
    return {
        "first_frame_s": first_frame_s[0],
        "frames": session.frames,
        "dropped": session.dropped,
        "latency_median_ms": latency_median_ms,
        "latency_p95_ms": latency_p95_ms,
        "cpu_percent": used.percent,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_probe(video: Path, seconds: float) -> dict[str, float]:
    """`probe` in a fresh Python process; its result."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--probe", str(video), "--seconds", str(seconds)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    data: dict[str, float] = json.loads(result.stdout.splitlines()[-1])
    return data


def photo_wall_s(photo: Path) -> float:
    """Wall time of `fitness-coach analyze PHOTO` in a fresh process: start, model load, analysis,
    JSON and annotated PNG written."""
    script = Path(sys.executable).with_name("fitness-coach")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "coach"]
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run([*command, "analyze", "--no-progress", str(photo), "--out", out],
                       capture_output=True, check=True)  # fmt: skip
        return time.monotonic() - started


def _runs(values: list[float], digits: int = 1) -> str:
    return ", ".join(f"{v:.{digits}f}" for v in values)


def describe_machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")),
                         "")  # fmt: skip
    except OSError:
        pass
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({model}), "
        f"Python {platform.python_version()}, OpenCV {cv2.__version__}"
    )


def bench_video(video: Path, repeat: int) -> None:
    capture = cv2.VideoCapture(str(video))
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    capture.release()
    bare, bare_cpu, full, full_cpu, analyze = [], [], [], [], []
    latencies: list[float] = []
    for _ in range(repeat):
        fps, cpu = bare_mediapipe_fps(video)
        bare.append(fps)
        bare_cpu.append(cpu)
        fps, cpu, run_latencies = pipeline_fps(video)
        full.append(fps)
        full_cpu.append(cpu)
        latencies += run_latencies
        analyze.append(analyze_fps(video))
    print(f"{video.name} ({width}x{height}, {count} frames), best of {repeat} runs each:")
    print(f"  bare MediaPipe loop     {max(bare):6.1f} frames/s  (runs: {_runs(bare)}; "
          f"CPU {_runs(bare_cpu, 0)} %)")  # fmt: skip
    print(f"  full pipeline (Session) {max(full):6.1f} frames/s  (runs: {_runs(full)}; "
          f"CPU {_runs(full_cpu, 0)} %)")  # fmt: skip
    print(f"  ratio pipeline / bare   {max(full) / max(bare):6.3f}  best runs (target 0.9)")
    print(f"                          {median(full) / median(bare):6.3f}  median runs")
    latency_median_ms, latency_p95_ms = percentiles_ms(latencies)
    print(f"  capture to result       {latency_median_ms:6.1f} ms median, {latency_p95_ms:.1f} ms "
          "p95 (full speed)")  # fmt: skip
    print(f"  fitness-coach analyze   {max(analyze):6.1f} frames/s  (runs: {_runs(analyze)}; "
          "squat rule and CSV)")  # fmt: skip


def bench_launch(video: Path, photo: Path, repeat: int, seconds: float) -> None:
    probes = [run_probe(video, seconds) for _ in range(repeat)]
    first = [p["first_frame_s"] for p in probes]
    print(f"Fresh processes, {repeat} runs each ({video.name} in real time for {seconds:.0f} s):")
    print(f"  launch to first processed frame {min(first):5.2f} s   (runs: {_runs(first, 2)}; "
          "target: at most 3 s)")  # fmt: skip
    for key, label, unit in (
        ("latency_median_ms", "capture to result median", "ms"),
        ("latency_p95_ms", "capture to result p95", "ms"),
        ("cpu_percent", "CPU use (100 % = 1 core)", "%"),
        ("peak_rss_mb", "peak RSS (VmHWM)", "MB"),
        ("dropped", "frames dropped", ""),
    ):
        values = [p[key] for p in probes]
        print(f"  {label:<31} {median(values):6.1f} {unit:<3} (runs: {_runs(values)})")
    if photo.is_file():
        walls = [photo_wall_s(photo) for _ in range(repeat)]
        print(f"  analyze one photo, from launch  {min(walls):5.2f} s   (runs: {_runs(walls, 2)}; "
              "Python start, model load, JSON and PNG written)")  # fmt: skip
    else:
        print(f"  skipped the photo {photo}: not found")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("videos", nargs="*", type=Path, default=list(DEFAULT_VIDEOS))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--photo", type=Path, default=DEFAULT_PHOTO)
    parser.add_argument(
        "--seconds",
        type=float,
        default=20.0,
        help="length of each real-time session in a fresh process (default 20)",
    )
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # the fresh process's part
    args = parser.parse_args()
    if args.probe is not None:
        print(json.dumps(probe(args.probe, args.seconds)))
        return 0
    print(describe_machine())
    for video in args.videos:
        if not video.is_file():
            print(f"skipped {video}: not found")
            continue
        bench_video(video, args.repeat)
    if args.videos and args.videos[0].is_file():
        bench_launch(args.videos[0], args.photo, args.repeat, args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
