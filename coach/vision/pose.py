"""Pose estimation: the PoseEstimator protocol and its MediaPipe implementation.

The only module that imports mediapipe, and only when an estimator is created, so that the rest
of the core (and `fitness-coach --help`) starts without loading it.

By default the pose model bundled inside the mediapipe 0.10.21 wheel is used (the "full" model,
model_complexity=1), which works offline. A user may instead supply a Tasks API `.task` bundle
(lite, full or heavy from MediaPipe's model page); the "lite" and "heavy" legacy models are never
requested because mediapipe would try to download them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from coach.i18n import gettext as _
from coach.vision.landmarks import NUM_LANDMARKS, FloatArray, PoseLandmarks
from coach.vision.native_log import quiet_native_startup
from coach.vision.sources import Frame

log = logging.getLogger(__name__)

Mode = Literal["stream", "photo"]


# Frames quieted at most while nobody has been found yet: about a second of video.
QUIET_FRAMES = 30
# Most threads the model's inference is spread over (MediaPipe's own cap on phones).
MAX_INFERENCE_THREADS = 4


def inference_threads() -> int:
    """Threads for the pose model's inference: half the cores this process may run on, 1 to 4
    (MediaPipe's own choice on phones; on desktops it always takes one).

    XNNPACK splits each layer of the network across these threads and gives the same landmarks
    to the bit. Measured on a 2-core machine (docs/performance.md): two threads took a frame from
    21-29 ms to 13-17 ms on an idle machine, but to 57 ms (one thread: 32 ms) beside one busy
    process, and three threads took 890 ms: the threads wait for each other at every layer, so
    they must not outnumber the cores left free. Half leaves the other half to the window,
    decoding and the rest of the machine."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_INFERENCE_THREADS, cores // 2))


def bundled_pose(mp: Any, threads: int, **options: Any) -> Any:
    """`mp.solutions.pose.Pose(**options)` (the model bundled in the wheel) with its inference
    on `threads` threads. The solutions API has no setting for it, so the graph's two
    InferenceCalculator nodes are given it as the graph is built (mediapipe 0.10.21)."""
    from mediapipe.calculators.tensor.inference_calculator_pb2 import InferenceCalculatorOptions

    class Pose(mp.solutions.pose.Pose):  # type: ignore[misc]
        def _modify_calculator_options(self, config: Any, params: Any) -> None:
            for node in config.node:
                if node.calculator.startswith("InferenceCalculator"):
                    inference = node.options.Extensions[InferenceCalculatorOptions.ext]
                    inference.delegate.xnnpack.num_threads = threads
            super()._modify_calculator_options(config, params)

    return Pose(**options)


class PoseModelError(Exception):
    """A user-supplied model that cannot be used; the message says why and what to do."""


class PoseEstimator(Protocol):
    """Turns frames into the landmarks of (at most) one person.

    One instance serves one stream: in "stream" mode it tracks the person from frame to frame,
    so frames must come in order. It may be created in one thread and used in another, but never
    from two threads at once.
    """

    def estimate(self, frame: Frame) -> PoseLandmarks | None: ...

    def close(self) -> None: ...


def _to_array(landmarks: Any, with_visibility: bool) -> FloatArray:
    rows: list[tuple[float, ...]]
    if with_visibility:
        rows = [(p.x, p.y, p.z, p.visibility) for p in landmarks]
    else:
        rows = [(p.x, p.y, p.z) for p in landmarks]
    array = np.array(rows, dtype=np.float64)
    if array.shape[0] != NUM_LANDMARKS:
        raise PoseModelError(f"the pose model gave {array.shape[0]} landmarks, expected 33")
    return array


class MediaPipeEstimator:
    """MediaPipe Pose: tracking mode for streams, image mode for photos.

    `model_path` None uses the bundled full model through `mp.solutions.pose`; a `.task` file
    goes through the Tasks API's PoseLandmarker (VIDEO or IMAGE running mode).
    `smooth_landmarks` is MediaPipe's own temporal filter (stream mode, bundled model only).
    """

    def __init__(
        self,
        mode: Mode = "stream",
        *,
        model_path: Path | None = None,
        smooth_landmarks: bool = True,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        self.mode = mode
        self.model_path = model_path
        self._last_timestamp_ms = -1
        self._pose: Any = None
        self._landmarker: Any = None
        # mediapipe imports matplotlib, which would pick a Qt backend when PySide6 is loaded and
        # create Qt timers in whichever thread builds the model; the core never plots on screen.
        os.environ.setdefault("MPLBACKEND", "Agg")
        with quiet_native_startup():
            import mediapipe as mp

            self._mp = mp
            if model_path is None:
                self._pose = bundled_pose(
                    mp,
                    inference_threads(),
                    static_image_mode=(mode == "photo"),
                    model_complexity=1,  # the only model the wheel bundles; see module docstring
                    smooth_landmarks=smooth_landmarks,
                    enable_segmentation=False,
                    min_detection_confidence=min_detection_confidence,
                    min_tracking_confidence=min_tracking_confidence,
                )
            else:
                self._landmarker = self._create_landmarker(
                    model_path, min_detection_confidence, min_tracking_confidence
                )
            # MediaPipe's graph opens its calculators on its own threads after the constructor
            # returns, logging as it goes; one blank frame waits for that, inside the capture.
            self._estimate(Frame(np.zeros((64, 64, 3), np.uint8), -1, 0.0))
        # One more start-up line comes with the first person found; the first frames are quieted
        # until then. Not longer: quieting redirects the whole process's fd 2, so while nobody
        # is in view it would hold back every other thread's errors. A person who appears later
        # may therefore bring that one harmless line to stderr.
        self._quiet_frames = QUIET_FRAMES

    def _create_landmarker(
        self, model_path: Path, min_detection: float, min_tracking: float
    ) -> Any:
        from mediapipe.tasks.python import BaseOptions, vision

        if model_path.suffix.lower() != ".task" or not model_path.is_file():
            raise PoseModelError(
                _(
                    "{path}: expected a MediaPipe pose landmarker .task file "
                    "(pose_landmarker_lite/full/heavy.task)"
                ).format(path=model_path)
            )
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=(
                vision.RunningMode.IMAGE if self.mode == "photo" else vision.RunningMode.VIDEO
            ),
            num_poses=1,
            min_pose_detection_confidence=min_detection,
            min_tracking_confidence=min_tracking,
        )
        try:
            return vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as exc:
            raise PoseModelError(
                _("{path}: not a usable pose model ({reason})").format(path=model_path, reason=exc)
            ) from None

    def estimate(self, frame: Frame) -> PoseLandmarks | None:
        """Landmarks of the person in `frame` (RGB), or None when nobody is found."""
        if self._quiet_frames == 0:
            return self._estimate(frame)
        with quiet_native_startup():
            pose = self._estimate(frame)
        self._quiet_frames = 0 if pose is not None else self._quiet_frames - 1
        return pose

    def _estimate(self, frame: Frame) -> PoseLandmarks | None:
        rgb = np.ascontiguousarray(frame.rgb)
        if self._pose is not None:
            result = self._pose.process(rgb)
            if result.pose_landmarks is None:
                return None
            normalized = _to_array(result.pose_landmarks.landmark, with_visibility=True)
            world = (
                _to_array(result.pose_world_landmarks.landmark, with_visibility=False)
                if result.pose_world_landmarks is not None
                else None
            )
        else:
            image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)
            if self.mode == "photo":
                result = self._landmarker.detect(image)
            else:
                # The Tasks API needs strictly increasing integer milliseconds.
                t_ms = max(round(frame.timestamp_s * 1000.0), self._last_timestamp_ms + 1)
                self._last_timestamp_ms = t_ms
                result = self._landmarker.detect_for_video(image, t_ms)
            if not result.pose_landmarks:
                return None
            normalized = _to_array(result.pose_landmarks[0], with_visibility=True)
            world = (
                _to_array(result.pose_world_landmarks[0], with_visibility=False)
                if result.pose_world_landmarks
                else None
            )
        return PoseLandmarks(normalized, world, frame.width, frame.height)

    def close(self) -> None:
        """Release the model's native resources; the estimator cannot be used afterwards."""
        if self._pose is not None:
            self._pose.close()
            self._pose = None
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> MediaPipeEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
