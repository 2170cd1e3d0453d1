"""Smoothing benchmark: jitter cut, lag, rep-bottom depth error and cost of every smoothing option.

    python -m tools.smoothing_bench [--videos DIR] [--cache DIR] [--doc docs/smoothing.md]

For every video listed in DIR/ground_truth.csv, MediaPipe runs twice, raw (its own filter off) and
with its own filter; the tracks are cached in --cache. Every option then runs, frame by frame and
causally, over the same raw track (or over MediaPipe's filtered track, for the options built on
it), so the comparison is fair. Against a zero-phase reference (a 2nd-order Butterworth low-pass
at 6 Hz, run forward and backward with scipy.signal.filtfilt, which delays nothing):

- jitter: for each landmark track (x and y in pixels of all 33 landmarks), what the zero-phase
  6 Hz low-pass of that same track removes: the RMS of track minus its own filtered version, over
  every frame with a person, pooled over the tracks, divided by the torso length (the video's
  median shoulder-to-hip distance). cut = 1 - jitter(option) / jitter(none).
- lag: the shift (ms, 1 ms steps; one frame is 33 ms at 30 fps) that best aligns, in least
  squares over the whole video, the option's knee or elbow angle with the zero-phase filtered raw
  angle; the joint is the knee or elbow, left or right, that moves most in the video.
- depth error: at each labelled rep bottom (ground_truth.csv rep_key_frames) of the exercises
  whose bottom is a knee or elbow extreme, the option's extreme angle within 0.5 s against the
  reference's, in degrees: the worst rep.
- cost: CPU microseconds per frame of the smoother in Python, the least of 3 runs (MediaPipe's
  own filter: 0 here).
"""

from __future__ import annotations

import argparse
import csv
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coach.vision.angles import angle_between_deg
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, FloatArray, PoseLandmarks
from coach.vision.pose import MediaPipeEstimator
from coach.vision.smoothing import (
    DEFAULT_SMOOTHING,
    SMOOTHING_METHODS,
    Smoother,
    estimator_smooths,
    make_smoother,
    torso_length,
)
from coach.vision.sources import VideoFileSource

BoolArray = npt.NDArray[np.bool_]
MEDIA_VIDEOS = Path(__file__).resolve().parents[2] / "shared" / "media" / "videos"
# 6 Hz is the usual low-pass for human limb kinematics (D. A. Winter, Biomechanics and Motor
# Control of Human Movement, 4th ed., 2009, ch. 3); the metric fixes it.
REFERENCE_CUTOFF_HZ = 6.0
LAG_SEARCH_MS = (-100.0, 200.0)
DEPTH_WINDOW_S = 0.5
# Acceptance targets (issue 14).
TARGET_CUT = 0.60
TARGET_LAG_MS = 33.0
TARGET_DEPTH_DEG = 3.0
TARGET_COST_US = 500.0
CHAINS = {"knee": ("hip", "knee", "ankle"), "elbow": ("shoulder", "elbow", "wrist")}


@dataclass
class Track:
    """Per-frame landmarks of one video: NaN rows where nobody was found."""

    normalized: FloatArray  # (T, 33, 4)
    world: FloatArray  # (T, 33, 3)
    times_s: FloatArray  # (T,)
    width: int
    height: int

    def pose(self, t: int) -> PoseLandmarks | None:
        if np.isnan(self.normalized[t, 0, 0]):
            return None
        world = None if np.isnan(self.world[t, 0, 0]) else self.world[t]
        return PoseLandmarks(self.normalized[t], world, self.width, self.height)

    @property
    def detected(self) -> BoolArray:
        return ~np.isnan(self.normalized[:, 0, 0])

    @property
    def fps(self) -> float:
        """Frames per second from the timestamps (the median frame interval)."""
        return float(1.0 / np.median(np.diff(self.times_s)))


def record(video: Path, mediapipe_smoothing: bool) -> Track:
    """Run MediaPipe (tracking mode) over the video and keep every frame's landmarks."""
    normalized, world, times = [], [], []
    with (
        VideoFileSource(video) as source,
        MediaPipeEstimator("stream", smooth_landmarks=mediapipe_smoothing) as estimator,
    ):
        for frame in source:
            pose = estimator.estimate(frame)
            normalized.append(pose.normalized if pose else np.full((NUM_LANDMARKS, 4), np.nan))
            has_world = pose is not None and pose.world is not None
            world.append(pose.world if has_world else np.full((NUM_LANDMARKS, 3), np.nan))  # type: ignore[union-attr]
            times.append(frame.timestamp_s)
            width, height = frame.width, frame.height
    return Track(np.array(normalized), np.array(world), np.array(times), width, height)


def cached_record(video: Path, mediapipe_smoothing: bool, cache: Path) -> Track:
    name = f"{video.stem}.{'mediapipe' if mediapipe_smoothing else 'raw'}.npz"
    path = cache / name
    if path.is_file():
        data = np.load(path)
        return Track(
            data["normalized"],
            data["world"],
            data["times_s"],
            int(data["width"]),
            int(data["height"]),
        )
    track = record(video, mediapipe_smoothing)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.stem + ".partial.npz")  # complete files only, even if stopped
    np.savez_compressed(partial, normalized=track.normalized, world=track.world,
                        times_s=track.times_s, width=track.width, height=track.height)  # fmt: skip
    partial.replace(path)
    return track


def smooth_track(raw: Track, smoother: Smoother | None, repeats: int = 3) -> tuple[Track, float]:
    """Run a smoother over a track frame by frame; (smoothed track, microseconds per frame).
    Frames where the input has nobody stay empty (a smoother may bridge them), so that every
    option is measured on the same frames. The cost is CPU time (`process_time`: waiting for a
    core on a shared machine is not a cost), the least of `repeats` runs from a fresh state, as
    timeit takes it: the run least disturbed by the rest of the machine."""
    if smoother is None:
        return raw, 0.0
    poses = [raw.pose(t) for t in range(len(raw.times_s))]
    best_s = float("inf")
    for _ in range(repeats):
        smoother.reset()
        outputs = []
        started = time.process_time()
        for t, pose in enumerate(poses):
            outputs.append(smoother.smooth(pose, float(raw.times_s[t])))
        best_s = min(best_s, time.process_time() - started)
    normalized = np.full_like(raw.normalized, np.nan)
    world = np.full_like(raw.world, np.nan)
    for t, out in enumerate(outputs):
        if out is not None:
            normalized[t] = out.normalized
            if out.world is not None:
                world[t] = out.world
    normalized[~raw.detected] = np.nan
    world[~raw.detected] = np.nan
    return Track(normalized, world, raw.times_s, raw.width, raw.height), best_s / len(poses) * 1e6


def runs(valid: BoolArray, min_length: int = 1) -> list[slice]:
    """The runs of consecutive True values, at least min_length long."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], valid.astype(int), [0]])))
    return [
        slice(int(a), int(b))
        for a, b in zip(edges[::2], edges[1::2], strict=True)
        if b - a >= min_length
    ]


def reference(signal: FloatArray, fps: float) -> FloatArray:
    """Zero-phase 6 Hz low-pass along axis 0 over each run of rows without NaN (a run too short
    for filtfilt's padding stays NaN)."""
    from scipy.signal import butter, filtfilt

    b, a = butter(2, REFERENCE_CUTOFF_HZ / (fps / 2))
    padding = 3 * max(len(a), len(b))  # filtfilt's default padlen
    out = np.full_like(signal, np.nan)
    rows = signal.reshape(len(signal), -1)
    for run in runs(~np.isnan(rows).any(axis=1), padding + 1):
        out[run] = filtfilt(b, a, signal[run], axis=0)
    return out


def video_torso_px(raw: Track) -> float:
    """The median shoulder-to-hip distance in pixels over the frames with a person."""
    size = np.array([raw.width, raw.height])
    lengths = [torso_length(raw.normalized[t, :, :2] * size) for t in np.flatnonzero(raw.detected)]
    return float(np.median([v for v in lengths if v]))


def jitter_tl(track: Track, torso_px: float) -> float:
    """RMS of each landmark track minus its own zero-phase 6 Hz low-pass, in torso lengths."""
    xy = track.normalized[:, :, :2] * np.array([track.width, track.height])  # (T, 33, 2)
    residual = xy - reference(xy, track.fps)
    ok = ~np.isnan(residual)
    return float(np.sqrt(np.mean(residual[ok] ** 2))) / torso_px if ok.any() else float("nan")


def joint_angle_series(track: Track, side: str, joint: str) -> FloatArray:
    """The joint's angle (degrees, from pixels) per frame; NaN where nobody was found."""
    names = [f"{side}_{n}" for n in CHAINS[joint]]
    xy = track.normalized[:, [INDEX[n] for n in names], :2] * np.array([track.width, track.height])
    angles = [np.nan if np.isnan(p).any() else angle_between_deg(*p) for p in xy]
    return np.array([np.nan if a is None else a for a in angles], dtype=float)


def exercise_joint(exercise: str) -> str | None:
    """The joint whose angle bottoms out at a labelled key frame: the knee in squats and lunges,
    the elbow in push-ups, curls and presses; None where the key frame is no knee or elbow
    extreme (jumping jacks, lateral raises, bridges, sit-ups) or there are no reps."""
    if "squat" in exercise or "lunge" in exercise:
        return "knee"
    if "push-up" in exercise or "curl" in exercise or "press" in exercise:
        return "elbow"
    return None


def moving_joint(raw: Track, joints: tuple[str, ...]) -> tuple[str, str]:
    """(side, joint) among `joints` (knee, elbow) whose reference angle spans most (5th to 95th
    percentile) among those MediaPipe sees (median visibility 0.5 or more), else the most seen."""
    best: tuple[float, str, str] | None = None
    seen: list[tuple[float, str, str]] = []
    for joint in joints:
        for side in ("left", "right"):
            idx = [INDEX[f"{side}_{n}"] for n in CHAINS[joint]]
            visibility = float(np.nanmedian(raw.normalized[:, idx, 3].min(axis=1)))
            seen.append((visibility, side, joint))
            ref = reference(joint_angle_series(raw, side, joint), raw.fps)
            if visibility < 0.5 or np.isnan(ref).all():
                continue
            span = float(np.nanpercentile(ref, 95) - np.nanpercentile(ref, 5))
            if best is None or span > best[0]:
                best = (span, side, joint)
    _, side, joint = best or max(seen)
    return side, joint


def lag_ms(angle: FloatArray, ref: FloatArray, fps: float) -> float:
    """The delay d (ms) minimising mean (angle(t) - ref(t - d))^2 over the frames where both are
    known; positive: the option is late."""
    t = np.arange(len(ref), dtype=float)
    known = ~np.isnan(ref)
    ok = known & ~np.isnan(angle)
    best, best_err = 0.0, np.inf
    for d_ms in np.arange(*LAG_SEARCH_MS, 1.0):
        shifted = np.interp(t[ok] - d_ms / 1000 * fps, t[known], ref[known])
        err = float(np.mean((angle[ok] - shifted) ** 2))
        if err < best_err:
            best, best_err = d_ms, err
    return best


def depth_error_deg(angle: FloatArray, ref: FloatArray, keys: list[int], fps: float) -> float:
    """The worst rep's |extreme angle - the reference's extreme| within 0.5 s of its key frame;
    the extreme is a minimum where the reference at the key frame is below its median (a squat's
    bottom, a curl's top), else a maximum. NaN for a video without reps."""
    median = float(np.nanmedian(ref))
    half = round(DEPTH_WINDOW_S * fps)
    errors = []
    for k in keys:
        window = slice(max(0, k - half), k + half + 1)
        a, r = angle[window], ref[window]
        if np.isnan(a).all() or np.isnan(r).all() or np.isnan(ref[k]):
            continue
        extreme = np.nanmin if ref[k] < median else np.nanmax
        errors.append(abs(float(extreme(a)) - float(extreme(r))))
    return max(errors) if errors else float("nan")


def read_truth(videos: Path) -> list[dict[str, Any]]:
    with (videos / "ground_truth.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        keys = row["rep_key_frames"].replace("|", ",")
        row["keys"] = [] if "hold" in keys else [int(k) for k in keys.split(",") if k.strip()]
    return rows


@dataclass
class Video:
    """One video's raw and MediaPipe-filtered tracks and what the metrics need from them."""

    name: str
    raw: Track
    mediapipe: Track | None  # None when not recorded
    keys: list[int]
    torso_px: float
    side: str
    joint: str
    ref_angle: FloatArray
    raw_jitter_tl: float


def load_video(
    videos: Path, row: dict[str, Any], cache: Path | None, with_mediapipe: bool = True
) -> Video:
    """The video's tracks (from `cache` when there, recorded otherwise; `cache` None: recorded
    and not kept) and its reference angle."""
    path = videos / row["file"]
    raw = cached_record(path, False, cache) if cache else record(path, False)
    mediapipe = None
    if with_mediapipe:
        mediapipe = cached_record(path, True, cache) if cache else record(path, True)
    joint = exercise_joint(row["exercise"])
    side, joint = moving_joint(raw, (joint,) if joint else tuple(CHAINS))
    torso = video_torso_px(raw)
    ref = reference(joint_angle_series(raw, side, joint), raw.fps)
    keys = row["keys"] if exercise_joint(row["exercise"]) else []
    return Video(row["file"], raw, mediapipe, keys, torso, side, joint, ref,
                 jitter_tl(raw, torso))  # fmt: skip


def measure(video: Video, smoother: Smoother | None, on_mediapipe: bool) -> dict[str, Any]:
    """Every metric of one option on one video."""
    source = video.mediapipe if on_mediapipe else video.raw
    if source is None:
        raise ValueError(f"{video.name}: MediaPipe's filtered track was not recorded")
    track, cost = smooth_track(source, smoother)
    fps = video.raw.fps
    angle = joint_angle_series(track, video.side, video.joint)
    jitter = jitter_tl(track, video.torso_px)
    return {
        "video": video.name,
        "joint": f"{video.side} {video.joint}",
        "jitter_tl": jitter,
        "cut": 1 - jitter / video.raw_jitter_tl,
        "lag_ms": lag_ms(angle, video.ref_angle, fps),
        "frame_ms": 1000 / fps,
        "depth_error_deg": depth_error_deg(angle, video.ref_angle, video.keys, fps),
        "cost_us": cost,
        "angle": angle,
    }


def evaluate(videos: Path, cache: Path) -> list[dict[str, Any]]:
    results = []
    for row in read_truth(videos):
        video = load_video(videos, row, cache)
        for method in SMOOTHING_METHODS:
            result = measure(video, make_smoother(method), estimator_smooths(method))
            result.update(method=method, ref_angle=video.ref_angle, keys=video.keys,
                          fps=video.raw.fps)  # fmt: skip
            results.append(result)
        print(f"measured {row['file']}", flush=True)
    return results


def meets_targets(r: dict[str, Any]) -> bool:
    depth_ok = np.isnan(r["depth_error_deg"]) or r["depth_error_deg"] <= TARGET_DEPTH_DEG
    return bool(
        r["cut"] >= TARGET_CUT
        and r["lag_ms"] <= TARGET_LAG_MS
        and depth_ok
        and r["cost_us"] < TARGET_COST_US
    )


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| video | joint | method | jitter (TL) | cut | lag (ms) | depth error (deg) "
        "| cost (us/frame) | targets |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        depth = "-" if np.isnan(r["depth_error_deg"]) else f"{r['depth_error_deg']:.1f}"
        lines.append(
            f"| {r['video']} | {r['joint']} | {r['method']} | {r['jitter_tl']:.4f} "
            f"| {r['cut'] * 100:.0f}% | {r['lag_ms']:.0f} | {depth} | {r['cost_us']:.0f} "
            f"| {'met' if meets_targets(r) else '**missed**'} |"
        )
    return "\n".join(lines)


def summary(results: list[dict[str, Any]]) -> str:
    """Per option, the worst video on each measure and how many videos meet every target."""
    lines = [
        "| method | worst cut | worst lag (ms) | worst depth error (deg) | worst cost (us/frame) "
        "| videos meeting every target |",
        "|---|---|---|---|---|---|",
    ]
    videos = len({r["video"] for r in results})
    for method in SMOOTHING_METHODS:
        rs = [r for r in results if r["method"] == method]
        lines.append(
            f"| {method}{' (default)' if method == DEFAULT_SMOOTHING else ''} "
            f"| {min(r['cut'] for r in rs) * 100:.0f}% | {max(r['lag_ms'] for r in rs):.0f} "
            f"| {np.nanmax([r['depth_error_deg'] for r in rs]):.1f} "
            f"| {max(r['cost_us'] for r in rs):.0f} "
            f"| {sum(meets_targets(r) for r in rs)} of {videos} |"
        )
    return "\n".join(lines)


PLOT_VIDEO = "squat_side_3reps_home.mp4"
PLOT_COLOURS = {
    "kalman": "#d62728",
    "kalman-adaptive": "#ff7f0e",
    "kalman-ca": "#8c564b",
    "kalman-rts": "#9467bd",
    "mediapipe-kalman": "#e377c2",
    "one-euro": "#1f77b4",
    "mediapipe": "#2ca02c",
    "none": "#999999",
}


def plot(results: list[dict[str, Any]], path: Path) -> None:
    """Left: the knee angle around one rep's bottom; right: cut against lag, every video."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), dpi=100)
    rows = {r["method"]: r for r in results if r["video"] == PLOT_VIDEO}
    any_row = next(iter(rows.values()))
    fps, keys = any_row["fps"], any_row["keys"]
    start, stop = max(0, keys[1] - int(0.8 * fps)), keys[1] + int(0.8 * fps)
    t = np.arange(start, stop) / fps
    left.plot(t, any_row["ref_angle"][start:stop], color="black", lw=1, ls="--",
              label="reference (zero-phase, offline)")  # fmt: skip
    for method, r in rows.items():
        colour = PLOT_COLOURS.get(method)
        left.plot(t, r["angle"][start:stop], lw=1.6 if method == DEFAULT_SMOOTHING else 1.0,
                  color=colour, label=method)  # fmt: skip
    left.set_xlabel("time (s)")
    left.set_ylabel(f"{any_row['joint']} angle (deg)")
    left.set_title(f"{PLOT_VIDEO}: the second rep's bottom")
    left.legend(loc="lower left", fontsize=8)
    left.grid(alpha=0.3)
    for method in SMOOTHING_METHODS:
        rs = [r for r in results if r["method"] == method]
        right.scatter([r["lag_ms"] for r in rs], [r["cut"] * 100 for r in rs], s=18,
                      color=PLOT_COLOURS.get(method), label=method)  # fmt: skip
    right.axhline(TARGET_CUT * 100, color="black", lw=0.8, ls=":")
    right.axvline(TARGET_LAG_MS, color="black", lw=0.8, ls=":")
    right.set_xlabel("lag of the knee or elbow angle (ms)")
    right.set_ylabel("jitter cut (%)")
    right.set_title("every video: targets are above and left of the dotted lines")
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--videos", type=Path, default=MEDIA_VIDEOS)
    parser.add_argument(
        "--cache", type=Path, default=Path(".bench-cache"), help="recorded landmark tracks"
    )
    parser.add_argument(
        "--doc", type=Path, help="also write the tables and plot into this Markdown file"
    )
    args = parser.parse_args()
    if not (args.videos / "ground_truth.csv").is_file():
        print(f"no ground_truth.csv in {args.videos}: give the videos folder with --videos")
        return 2
    results = evaluate(args.videos, args.cache)
    text = f"{summary(results)}\n\n{table(results)}"
    print(text)
    if args.doc:
        image = args.doc.with_name("smoothing.png")
        plot(results, image)
        doc = args.doc.read_text() if args.doc.is_file() else ""
        marker = "<!-- results -->"
        head = doc.split(marker)[0] if marker in doc else doc
        args.doc.write_text(
            f"{head}{marker}\n\n{text}\n\n![knee angle at a rep's bottom; cut against lag]"
            f"({image.name})\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
