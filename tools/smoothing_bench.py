"""Smoothing benchmark: jitter, lag, depth error and cost of each smoothing option, on real videos.

    python -m tools.smoothing_bench [--videos DIR] [--cache DIR] [--doc docs/smoothing.md]

For every video listed in DIR/ground_truth.csv, MediaPipe runs twice (raw, and with its own
smoothing); the Kalman and One Euro smoothers then run over the raw landmarks, frame by frame.
Measures, against a zero-phase offline reference (a 2nd-order Butterworth low-pass at 6 Hz run
forward and backward over the raw signal, which delays nothing):

- jitter: RMS of the frame-to-frame second difference of the 12 limb joints (shoulders to
  ankles), in torso lengths, over still segments (reference speed of every joint < 0.15 torso
  lengths per second for at least 0.5 s) and over the whole video;
- lag: the delay, in ms, of the knee angle (squat, lunge) or elbow angle (push-up, curl) behind
  the reference during reps (within 1 s of each annotated rep), found as the shift that best
  aligns the two (least squares, 1 ms steps);
- depth error: how far the angle's extreme within 0.5 s of each annotated rep bottom (for curls,
  the top) is from the reference's, in degrees (the worst rep);
- cost: microseconds per frame of the smoother itself.
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
from coach.vision.smoothing import SMOOTHING_METHODS, make_smoother, torso_length
from coach.vision.sources import VideoFileSource

BoolArray = npt.NDArray[np.bool_]
MEDIA_VIDEOS = Path(__file__).resolve().parents[2] / "shared" / "media" / "videos"
LIMB_JOINTS = [
    f"{side}_{joint}"
    for side in ("left", "right")
    for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
]
# 6 Hz is the usual low-pass for human limb kinematics (D. A. Winter, Biomechanics and Motor
# Control of Human Movement, 4th ed., 2009, ch. 3); a lower cutoff rounds off a squat's bottom.
REFERENCE_CUTOFF_HZ = 6.0
STILL_SPEED_TL_S = 0.15
STILL_MIN_S = 0.5


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
    np.savez_compressed(path, normalized=track.normalized, world=track.world, times_s=track.times_s,
                        width=track.width, height=track.height)  # fmt: skip
    return track


def smooth_track(raw: Track, method: str) -> tuple[Track, float]:
    """Run a smoother over a raw track frame by frame; (smoothed track, microseconds per frame)."""
    smoother = make_smoother(method)  # type: ignore[arg-type]
    assert smoother is not None
    normalized = np.full_like(raw.normalized, np.nan)
    world = np.full_like(raw.world, np.nan)
    started = time.perf_counter()
    for t in range(len(raw.times_s)):
        pose = smoother.smooth(raw.pose(t), float(raw.times_s[t]))
        if pose is not None:
            normalized[t] = pose.normalized
            if pose.world is not None:
                world[t] = pose.world
    cost_us = (time.perf_counter() - started) / len(raw.times_s) * 1e6
    return Track(normalized, world, raw.times_s, raw.width, raw.height), cost_us


def reference(signal: FloatArray, fps: float) -> FloatArray:
    """Zero-phase low-pass of a 1-D signal along axis 0 over its detected (non-NaN) runs."""
    from scipy.signal import butter, filtfilt

    b, a = butter(2, REFERENCE_CUTOFF_HZ / (fps / 2))
    out = np.full_like(signal, np.nan)
    valid = ~np.isnan(signal)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], valid.astype(int), [0]])))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - start > 3 * max(len(a), len(b)):
            out[start:stop] = filtfilt(b, a, signal[start:stop])
    return out


def pixels(track: Track, names: list[str]) -> FloatArray:
    """(T, len(names), 2) pixel coordinates; NaN where not visible (< 0.5) or not detected."""
    idx = [INDEX[n] for n in names]
    xy: FloatArray = track.normalized[:, idx, :2] * np.array([track.width, track.height])
    xy[track.normalized[:, idx, 3] < 0.5] = np.nan
    return xy


def video_torso_px(raw: Track) -> float:
    size = np.array([raw.width, raw.height])
    detected = ~np.isnan(raw.normalized[:, 0, 0])
    lengths = [torso_length(raw.normalized[t, :, :2] * size) for t in np.flatnonzero(detected)]
    return float(np.median([v for v in lengths if v]))


def jitter(track: Track, mask: BoolArray, visible: BoolArray, torso_px: float) -> float:
    """RMS second difference (TL) over frames t where mask[t] and joints visible in t-1..t+1."""
    xy = pixels(track, LIMB_JOINTS)
    second = xy[2:] - 2 * xy[1:-1] + xy[:-2]  # (T-2, J, 2), centred on frame t = 1..T-2
    norm = np.linalg.norm(second, axis=2) / torso_px
    ok = mask[1:-1, None] & visible[2:] & visible[1:-1] & visible[:-2] & ~np.isnan(norm)
    return float(np.sqrt(np.mean(norm[ok] ** 2))) if ok.any() else float("nan")


def still_mask(raw: Track, fps: float, torso_px: float) -> BoolArray:
    xy = pixels(raw, LIMB_JOINTS)
    ref = np.stack(
        [reference(xy[:, j, k], fps) for j in range(xy.shape[1]) for k in (0, 1)], axis=1
    )
    speed = np.abs(np.gradient(ref, axis=0)) * fps / torso_px  # TL / s per coordinate
    still = np.nanmax(np.where(np.isnan(speed), 0, speed), axis=1) < STILL_SPEED_TL_S
    still &= ~np.isnan(raw.normalized[:, 0, 0])
    # keep runs of at least STILL_MIN_S
    out: BoolArray = np.zeros_like(still)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], still.astype(int), [0]])))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if (stop - start) / fps >= STILL_MIN_S:
            out[start:stop] = True
    return out


def joint_angle_series(track: Track, side: str, joint: str) -> FloatArray:
    chain = {"knee": ("hip", "knee", "ankle"), "elbow": ("shoulder", "elbow", "wrist")}[joint]
    xy = pixels(track, [f"{side}_{n}" for n in chain])
    angles = [np.nan if np.isnan(p).any() else angle_between_deg(*p) for p in xy]
    return np.array([np.nan if a is None else a for a in angles], dtype=float)


def lag_ms(smoothed: FloatArray, ref: FloatArray, mask: BoolArray, fps: float) -> float:
    """The delay d (ms) minimising mean (smoothed(t) - ref(t - d))^2 over the masked frames."""
    t = np.arange(len(ref), dtype=float)
    valid_ref = ~np.isnan(ref)
    best, best_err = 0.0, np.inf
    for d_ms in np.arange(-100.0, 200.0, 1.0):
        shifted = np.interp(t - d_ms / 1000 * fps, t[valid_ref], ref[valid_ref])
        ok = mask & ~np.isnan(smoothed)
        err = float(np.mean((smoothed[ok] - shifted[ok]) ** 2))
        if err < best_err:
            best, best_err = d_ms, err
    return best


def read_truth(videos: Path) -> list[dict[str, Any]]:
    with (videos / "ground_truth.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["keys"] = [
            int(k) for k in row["rep_key_frames"].replace("|", ",").split(",") if k.strip()
        ]
        row["joint"] = "elbow" if row["exercise"].startswith(("push", "bicep")) else "knee"
    return rows


def evaluate(videos: Path, cache: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    results = []
    plot_data: dict[str, Any] = {}
    for row in read_truth(videos):
        video = videos / row["file"]
        raw = cached_record(video, False, cache)
        fps = float(row["fps"])
        torso_px = video_torso_px(raw)
        still = still_mask(raw, fps, torso_px)
        vis = raw.normalized[:, :, 3]
        side = (
            "left"
            if np.nanmean(vis[:, INDEX["left_" + row["joint"]]])
            >= np.nanmean(vis[:, INDEX["right_" + row["joint"]]])
            else "right"
        )
        raw_angle = joint_angle_series(raw, side, row["joint"])
        ref_angle = reference(raw_angle, fps)
        rep_mask = np.zeros(len(raw_angle), bool)
        for k in row["keys"]:
            rep_mask[max(0, k - int(fps)) : k + int(fps)] = True
        visible = pixels(raw, LIMB_JOINTS)[:, :, 0] == pixels(raw, LIMB_JOINTS)[:, :, 0]  # not NaN
        tracks = {"none": (raw, 0.0), "mediapipe": (cached_record(video, True, cache), 0.0)}
        for method in ("kalman", "one-euro"):
            tracks[method] = smooth_track(raw, method)
        for method in SMOOTHING_METHODS:
            track, cost = tracks[method]
            angle = joint_angle_series(track, side, row["joint"])
            depth_errors = []
            for k in row["keys"]:
                window = slice(max(0, k - int(fps / 2)), k + int(fps / 2))
                if np.isnan(angle[window]).all() or np.isnan(ref_angle[window]).all():
                    continue
                depth_errors.append(abs(np.nanmin(angle[window]) - np.nanmin(ref_angle[window])))
            results.append({
                "video": row["file"], "method": method,
                "jitter_still": jitter(track, still, visible, torso_px),
                "jitter_whole": jitter(track, np.ones(len(still), bool), visible, torso_px),
                "still_s": float(still.sum() / fps),
                "lag_ms": lag_ms(angle, ref_angle, rep_mask, fps),
                "depth_error_deg": max(depth_errors) if depth_errors else float("nan"),
                "cost_us": cost,
            })  # fmt: skip
            if row["file"].startswith("squat_side_3reps"):
                plot_data[method] = angle
                plot_data["reference"], plot_data["fps"], plot_data["keys"] = (
                    ref_angle,
                    fps,
                    row["keys"],
                )
    return results, plot_data


def table(results: list[dict[str, Any]]) -> str:
    raw = {r["video"]: r for r in results if r["method"] == "none"}
    lines = [
        "| video | method | jitter still (TL) | cut vs raw | jitter whole (TL) | lag (ms) "
        "| depth error (deg) | cost (us/frame) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        base = raw[r["video"]]["jitter_still"]
        if np.isnan(base):
            still, cut = "no still part", "-"
        else:
            still, cut = f"{r['jitter_still']:.4f}", f"{(1 - r['jitter_still'] / base) * 100:.0f}%"
        lines.append(
            f"| {r['video']} | {r['method']} | {still} | {cut} "
            f"| {r['jitter_whole']:.4f} | {r['lag_ms']:.0f} | {r['depth_error_deg']:.1f} "
            f"| {r['cost_us']:.0f} |"
        )
    return "\n".join(lines)


def plot(plot_data: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fps, keys = plot_data["fps"], plot_data["keys"]
    start, stop = max(0, keys[0] - int(fps)), keys[1] + int(fps)
    t = np.arange(start, stop) / fps
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=100)
    ax.plot(t, plot_data["none"][start:stop], color="#bbbbbb", lw=1.5, label="raw")
    ax.plot(
        t,
        plot_data["reference"][start:stop],
        color="black",
        lw=1,
        ls="--",
        label="reference (zero-phase, offline)",
    )
    for method, colour in (
        ("kalman", "#d62728"),
        ("one-euro", "#1f77b4"),
        ("mediapipe", "#2ca02c"),
    ):
        ax.plot(t, plot_data[method][start:stop], color=colour, lw=1.3, label=method)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("knee angle (deg)")
    ax.set_title("squat_side_3reps_home.mp4: knee angle through two reps")
    ax.legend(loc="lower left", fontsize=9)
    ax.grid(alpha=0.3)
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
        "--doc", type=Path, help="also write the table and plot into this Markdown file"
    )
    args = parser.parse_args()
    if not (args.videos / "ground_truth.csv").is_file():
        print(f"no ground_truth.csv in {args.videos}")
        return 2
    results, plot_data = evaluate(args.videos, args.cache)
    text = table(results)
    print(text)
    if args.doc:
        image = args.doc.with_name("smoothing_knee_angle.png")
        plot(plot_data, image)
        doc = args.doc.read_text() if args.doc.is_file() else ""
        marker = "<!-- results -->"
        head = doc.split(marker)[0] if marker in doc else doc
        args.doc.write_text(
            f"{head}{marker}\n\n{text}\n\n![knee angle through two reps]({image.name})\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
