"""Analyses a photo or a video end to end: landmarks, angles, JSON, CSV and annotated output."""

from __future__ import annotations

import csv
import logging
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2

from coach.coaching.engine import violates
from coach.coaching.measure import measure_rule
from coach.coaching.pose_match import identify
from coach.coaching.rule_schema import Rule
from coach.i18n import localized
from coach.session import (
    EstimatorFactory,
    EventHandler,
    FrameResult,
    Session,
    SessionSettings,
    build_estimator,
)
from coach.storage import atomic_path, write_bytes, write_json
from coach.vision.angles import KEY_ANGLES, key_angles
from coach.vision.drawing import draw_pose, drawing_canvas
from coach.vision.landmarks import LANDMARK_NAMES, PoseLandmarks
from coach.vision.pose import PoseEstimator
from coach.vision.sources import Frame, RGBImage, SourceError, VideoFileSource, load_photo

log = logging.getLogger(__name__)

# The annotated video's codec: MPEG-4 Part 2 ("mp4v") is the one the OpenCV wheel can encode fast;
# it plays in VLC, ffmpeg-based players, QuickTime and Windows' Films & TV.
ANNOTATED_FOURCC = "mp4v"

CSV_COLUMNS: tuple[str, ...] = (
    "frame",
    "time_s",
    "detected",
    *(
        f"{name}_{field}"
        for name in LANDMARK_NAMES
        for field in ("x_px", "y_px", "z", "visibility")
    ),
    *(f"{angle}_deg" for angle in KEY_ANGLES),
)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def landmark_records(pose: PoseLandmarks) -> list[dict[str, Any]]:
    """The 33 landmarks in MediaPipe order, normalised and in pixels of `pose`'s image."""
    pixels = pose.pixels
    return [
        {
            "index": i,
            "name": name,
            "x": round(float(pose.normalized[i, 0]), 6),
            "y": round(float(pose.normalized[i, 1]), 6),
            "z": round(float(pose.normalized[i, 2]), 6),
            "visibility": round(float(pose.normalized[i, 3]), 4),
            "x_px": round(float(pixels[i, 0]), 2),
            "y_px": round(float(pixels[i, 1]), 2),
        }
        for i, name in enumerate(LANDMARK_NAMES)
    ]


def world_records(pose: PoseLandmarks) -> list[dict[str, Any]] | None:
    """The 33 world landmarks in metres (origin between the hips, y down), or None."""
    if pose.world is None:
        return None
    return [
        {
            "index": i,
            "name": name,
            "x_m": round(float(pose.world[i, 0]), 4),
            "y_m": round(float(pose.world[i, 1]), 4),
            "z_m": round(float(pose.world[i, 2]), 4),
        }
        for i, name in enumerate(LANDMARK_NAMES)
    ]


@dataclass(frozen=True)
class PhotoAnalysis:
    """A photo's report (the JSON document) and its annotated image."""

    report: dict[str, Any]
    annotated: RGBImage
    pose: PoseLandmarks | None


def photo_checks(rule: Rule, pose: PoseLandmarks | None) -> list[dict[str, Any]]:
    """The rule's `always` and `hold` checks that the pose in a photo fails, with the measured
    values (checks of a rep's bottom or of a whole rep say nothing about a single photo)."""
    if pose is None:
        return []
    values = measure_rule(rule, pose)
    failed = []
    for check in rule.checks:
        if check.when not in ("always", "hold"):
            continue
        value = values[check.measurement]
        if value is not None and violates(check, value):
            failed.append(
                {"check": check.id, "severity": check.severity, "message": localized(check.message),
                 "value": round(value, 1)}
            )  # fmt: skip
    return failed


def analyze_photo(
    path: Path,
    estimator: PoseEstimator,
    rule: Rule | None = None,
    hold_rules: dict[str, Rule] | None = None,
) -> PhotoAnalysis:
    """Find the person in the photo at `path` with an estimator in photo mode.

    With `hold_rules`, add which pose it is ("pose": best fit and every score); with `rule`,
    the exercise and the checks the pose fails; with `hold_rules` but no `rule` ("auto"), the
    checks of the identified pose.
    """
    photo = load_photo(path)
    pose = estimator.estimate(Frame(photo.rgb, 0, 0.0))
    if pose is not None:
        pose = pose.resized(photo.width, photo.height)  # report coordinates of the full photo
    angles = key_angles(pose) if pose is not None else dict.fromkeys(KEY_ANGLES)
    report = {
        "source": str(path),
        "kind": "photo",
        "width": photo.width,
        "height": photo.height,
        "detected": pose is not None,
        "landmarks": landmark_records(pose) if pose is not None else None,
        "world_landmarks": world_records(pose) if pose is not None else None,
        "angles": {name: _round(value, 2) for name, value in angles.items()},
    }
    if hold_rules is not None:
        match = identify(hold_rules, pose)
        report["pose"] = {
            "id": match.id,
            "score": match.score,
            "candidates": [{"id": i, "score": score} for i, score in match.candidates],
        }
        if rule is None and match.id is not None:
            rule = hold_rules[match.id]
    if rule is not None:
        report |= {"exercise": rule.id, "checks": photo_checks(rule, pose)}
    annotated = draw_pose(photo.rgb, pose, angles) if pose is not None else photo.rgb
    return PhotoAnalysis(report, annotated, pose)


def encode_png(rgb: RGBImage) -> bytes:
    """PNG bytes of an RGB image (encoded in memory, so any path works, non-ASCII included)."""
    ok, data = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError("PNG encoding failed")
    return bytes(data)


def write_photo_outputs(
    analysis: PhotoAnalysis, json_path: Path | None, annotated_path: Path | None
) -> None:
    """Write the report and the annotated PNG (each atomically) where asked."""
    if json_path is not None:
        write_json(json_path, analysis.report)
    if annotated_path is not None:
        write_bytes(annotated_path, encode_png(analysis.annotated))


def _csv_row(
    frame: Frame, pose: PoseLandmarks | None, angles: dict[str, float | None]
) -> list[str]:
    row = [str(frame.index), f"{frame.timestamp_s:.4f}", "1" if pose is not None else "0"]
    if pose is None:
        row += [""] * (len(LANDMARK_NAMES) * 4)
    else:
        pixels = pose.pixels
        for i in range(len(LANDMARK_NAMES)):
            row += [
                f"{pixels[i, 0]:.2f}",
                f"{pixels[i, 1]:.2f}",
                f"{pose.normalized[i, 2]:.5f}",
                f"{pose.normalized[i, 3]:.4f}",
            ]
    row += ["" if angles[a] is None else f"{angles[a]:.2f}" for a in KEY_ANGLES]
    return row


# Called after each frame with (frames done, frames announced by the container or None).
ProgressCallback = Callable[[int, int | None], None]


def analyze_video(
    source: VideoFileSource,
    settings: SessionSettings,
    csv_path: Path,
    annotated_path: Path | None = None,
    on_frame: ProgressCallback | None = None,
    make_estimator: EstimatorFactory = build_estimator,
    on_event: EventHandler | None = None,
) -> dict[str, Any]:
    """Run every frame of an opened video through a `Session` with `settings` (its rule,
    smoothing and model; never paced to real time), then close the video. `on_event` gets the
    session's events as they happen, as the window's would (the training log records them).

    Writes one CSV row per decoded frame and, if asked, the annotated MP4; returns the summary.
    Both files appear only when complete. A source that fails after some frames ends the
    analysis there: the files hold the frames before the failure, and the summary says why
    (`stopped_early`).
    """
    fps = source.fps
    counts = {"detected": 0, "width": 0, "height": 0}
    last_time_s = 0.0
    started = time.perf_counter()
    session = Session(replace(settings, realtime=False, loop=False), make_estimator, source)
    with ExitStack() as stack:
        # Exits run in reverse: files are closed and the video released before being renamed.
        stack.enter_context(source)
        csv_file = stack.enter_context(
            stack.enter_context(atomic_path(csv_path)).open("w", newline="")
        )
        video_path = stack.enter_context(atomic_path(annotated_path)) if annotated_path else None
        video: cv2.VideoWriter | None = None
        writer = csv.writer(csv_file)
        writer.writerow(CSV_COLUMNS)

        def on_result(result: FrameResult) -> None:
            nonlocal video, last_time_s
            frame, pose = result.frame, result.pose
            angles = key_angles(pose) if pose is not None else dict.fromkeys(KEY_ANGLES)
            writer.writerow(_csv_row(frame, pose, angles))
            if video_path is not None:
                # Small videos are drawn enlarged (drawing_canvas), so every frame goes through it.
                image = (
                    draw_pose(frame.rgb, pose, angles)
                    if pose is not None
                    else drawing_canvas(frame.rgb)
                )
                if video is None:
                    video = _open_video_writer(video_path, fps, image)
                    stack.callback(video.release)
                video.write(cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
            counts["detected"] += pose is not None
            counts["width"], counts["height"] = frame.width, frame.height
            last_time_s = frame.timestamp_s
            if on_frame is not None:
                on_frame(session.frames, source.frame_count)

        session.run(on_result, threading.Event(), on_event)
        failure = None
        if session.error is not None:
            if not isinstance(session.error, SourceError) or session.frames == 0:
                raise session.error
            failure = str(session.error)  # the frames before it are kept
    elapsed_s = time.perf_counter() - started
    frames = session.frames
    # Duration covers the last frame's display time too: (last timestamp) + one frame interval.
    duration_s = last_time_s + (1.0 / fps if fps else 0.0)
    return (
        {
            "source": str(source.path),
            "kind": "video",
            "frames": frames,
            "fps": round(fps, 3) if fps else None,
            "detected_frames": counts["detected"],
            "duration_s": round(duration_s, 3),
            "processing_fps": round(frames / elapsed_s, 2) if elapsed_s > 0 else None,
            "width": counts["width"],
            "height": counts["height"],
            "csv": str(csv_path),
            "annotated": str(annotated_path) if annotated_path is not None else None,
        }
        | (session.evaluator.summary() if session.evaluator is not None else {})
        # What the window would have shown and said, on the video's clock (with a rule only).
        | ({"cues": [cue.record() for cue in session.cues]} if session.evaluator else {})
        | ({"stopped_early": failure} if failure else {})
    )


def _open_video_writer(path: Path, fps: float | None, first: RGBImage) -> cv2.VideoWriter:
    size = (first.shape[1], first.shape[0])
    fourcc = cv2.VideoWriter.fourcc(*ANNOTATED_FOURCC)
    writer = cv2.VideoWriter(str(path), fourcc, fps or 30.0, size)
    if not writer.isOpened():
        raise OSError(f"{path}: cannot write a video here")
    return writer
