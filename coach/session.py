"""A coaching session without a window: source -> pose -> smoothing -> rule, one result a frame.

The desktop app runs `Session.run` in its worker thread and shows each `FrameResult`; tests and
scripts run it directly. Videos play at their real speed when `realtime` is on: a frame whose
moment has already passed when it is decoded (the machine is slower than the video) is dropped
and counted, never queued, so the coach stays on time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coach.coaching.engine import Evaluator, FrameEvaluation, is_edit_of
from coach.coaching.rule_schema import Rule
from coach.settings import CameraSettings
from coach.vision.landmarks import PoseLandmarks
from coach.vision.pose import MediaPipeEstimator
from coach.vision.smoothing import (
    DEFAULT_SMOOTHING,
    Smoother,
    SmoothingMethod,
    estimator_smooths,
    make_smoother,
)
from coach.vision.sources import (
    CameraSource,
    Frame,
    FrameSource,
    VideoFileSource,
    media_kind,
    open_source,
)


@dataclass(frozen=True)
class FrameResult:
    """Everything shown for one frame; immutable, so it can cross threads as it is."""

    frame: Frame
    pose: PoseLandmarks | None
    evaluation: FrameEvaluation | None  # None without an exercise rule
    captured_s: float  # time.monotonic() when the frame was read
    inference_ms: float  # pose estimation, smoothing and the rule together
    dropped: int  # frames skipped so far to stay on time


@dataclass(frozen=True)
class SessionSettings:
    """What a session runs on. `source` is a camera index ("0"), a video or a photo folder."""

    source: str
    rule: Rule | None = None
    smoothing: SmoothingMethod = DEFAULT_SMOOTHING
    smoothing_strength: float = 1.0  # see make_smoother
    realtime: bool = True
    loop: bool = False  # a video starts again at its end, until stopped
    camera: CameraSettings = field(default_factory=CameraSettings)  # how a camera is opened
    model_path: Path | None = None


def open_session_source(settings: SessionSettings) -> FrameSource:
    """The session's source; a camera opened with the camera settings."""
    if settings.source.isdigit():
        camera = settings.camera
        return CameraSource(
            int(settings.source),
            (camera.width_px, camera.height_px),
            camera.fps,
            camera.rotation_deg,
        )
    return open_source(settings.source)


class LoopedVideo:
    """A video played again and again until the session stops. Timestamps go on increasing
    across the seam, so smoothing and rep timing see one continuous stream."""

    def __init__(self, path: Path) -> None:
        self._video = VideoFileSource(path)
        self.name = self._video.name
        self.fps = self._video.fps
        self.frame_count: int | None = None  # endless

    def __iter__(self) -> Iterator[Frame]:
        offset_s = 0.0
        while True:
            last_s = None
            for frame in self._video:
                last_s = frame.timestamp_s
                yield Frame(frame.rgb, frame.index, frame.timestamp_s + offset_s)
            if last_s is None:
                return
            offset_s += last_s + 1.0 / (self.fps or 30.0)
            self._video.close()
            self._video = VideoFileSource(self._video.path)

    def close(self) -> None:
        self._video.close()


class Session:
    """One run over one source. Create it in any thread; run it in one. `pause`, `resume`,
    `use_rule` and `use_smoothing` may be called from any thread while it runs."""

    def __init__(self, settings: SessionSettings) -> None:
        self.settings = settings
        self.evaluator = Evaluator(settings.rule) if settings.rule is not None else None
        self.frames = 0
        self.dropped = 0
        self.started_s = 0.0
        self.ended_s = 0.0
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._lock = threading.Lock()
        self._pending: dict[str, Any] = {}  # changes for the loop to take before its next frame
        self._smoother: Smoother | None = None

    def pause(self) -> None:
        """Hold the session after the current frame (thread-safe); `resume` carries on."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def use_rule(self, rule: Rule | None) -> None:
        """Judge from the next frame on with `rule` (thread-safe). An edited version of the
        current rule keeps the session's counts; another rule starts counting afresh."""
        with self._lock:
            self._pending["rule"] = rule

    def use_smoothing(self, method: SmoothingMethod, strength: float) -> None:
        """Smooth from the next frame on with `method` at `strength` (thread-safe)."""
        with self._lock:
            self._pending["smoothing"] = (method, strength)

    def run(self, on_result: Callable[[FrameResult], None], stop: threading.Event) -> None:
        """Process frames until the source ends or `stop` is set; SourceError if it fails."""
        settings = self.settings
        source: FrameSource  # opened first: no model loaded for nothing
        path = Path(settings.source)
        if settings.loop and path.is_file() and media_kind(path) == "video":
            source = LoopedVideo(path)
        else:
            source = open_session_source(settings)
        try:
            self._loop(source, on_result, stop)
        finally:
            source.close()
            self.ended_s = time.monotonic()

    def _estimator(self) -> MediaPipeEstimator:
        return MediaPipeEstimator(
            "stream",
            model_path=self.settings.model_path,
            smooth_landmarks=estimator_smooths(self.settings.smoothing),
        )

    def _take_changes(self, estimator: MediaPipeEstimator) -> MediaPipeEstimator:
        """Apply the changes asked for since the last frame; the estimator to use from now on
        (a new one when MediaPipe's own smoothing is switched on or off)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        if "rule" in pending:
            rule: Rule | None = pending["rule"]
            if rule is None:
                self.evaluator = None
            elif self.evaluator is not None and is_edit_of(rule, self.evaluator.rule):
                self.evaluator.use_rule(rule)
            else:
                self.evaluator = Evaluator(rule)
            self.settings = replace(self.settings, rule=rule)
        if "smoothing" in pending:
            method, strength = pending["smoothing"]
            was_mediapipe = estimator_smooths(self.settings.smoothing)
            self.settings = replace(self.settings, smoothing=method, smoothing_strength=strength)
            self._smoother = make_smoother(method, strength)
            if estimator_smooths(method) != was_mediapipe:
                estimator.close()
                estimator = self._estimator()
        return estimator

    def _loop(
        self,
        source: FrameSource,
        on_result: Callable[[FrameResult], None],
        stop: threading.Event,
    ) -> None:
        estimator = self._estimator()
        self._smoother = make_smoother(self.settings.smoothing, self.settings.smoothing_strength)
        paced = self.settings.realtime and not isinstance(source, CameraSource)
        self.started_s = time.monotonic()
        first_media_s: float | None = None
        try:
            for frame in source:
                if self.paused:
                    paused_s = time.monotonic()
                    while not self._running.wait(0.05) and not stop.is_set():
                        pass
                    self.started_s += time.monotonic() - paused_s  # the video waits with the user
                if stop.is_set():
                    break
                captured_s = time.monotonic()
                if paced:
                    first_media_s = frame.timestamp_s if first_media_s is None else first_media_s
                    due_s = self.started_s + frame.timestamp_s - first_media_s
                    if captured_s > due_s + 1.5 / (source.fps or 30.0):
                        self.dropped += 1  # its moment has passed: skip it, never fall behind
                        continue
                    if due_s > captured_s:
                        stop.wait(due_s - captured_s)  # wait for its moment (or a stop)
                        captured_s = time.monotonic()
                if self._pending:
                    estimator = self._take_changes(estimator)
                on_result(self._process(frame, estimator, captured_s))
        finally:
            estimator.close()

    def _process(
        self, frame: Frame, estimator: MediaPipeEstimator, captured_s: float
    ) -> FrameResult:
        pose = estimator.estimate(frame)
        if self._smoother is not None:
            pose = self._smoother.smooth(pose, frame.timestamp_s)
        evaluation = self.evaluator.update(pose, frame.timestamp_s) if self.evaluator else None
        inference_ms = (time.monotonic() - captured_s) * 1000.0
        self.frames += 1
        return FrameResult(frame, pose, evaluation, captured_s, inference_ms, self.dropped)

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per rep, for a CSV export of the session."""
        if self.evaluator is None:
            return []
        return [
            {"rep": e["index"], "start_s": e["start_s"], "bottom_s": e["bottom_s"],
             "end_s": e["end_s"], "duration_s": e["duration_s"], "lowest_deg": e["lowest_deg"],
             "faults": " ".join(e["faults"])}
            for e in self.evaluator.summary().get("rep_events", [])
        ]  # fmt: skip

    def summary(self) -> dict[str, Any]:
        """The session: source, frames, dropped, duration and, with a rule, its summary."""
        duration_s = max(0.0, self.ended_s - self.started_s)
        out: dict[str, Any] = {
            "source": self.settings.source,
            "frames": self.frames,
            "dropped_frames": self.dropped,
            "duration_s": round(duration_s, 2),
            "smoothing": self.settings.smoothing,
        }
        if self.evaluator is not None:
            out |= self.evaluator.summary()
        return out
