"""A coaching session without a window: source -> pose -> smoothing -> rule, one result a frame.

The desktop app runs `Session.run` in its worker thread and shows each `FrameResult`; tests and
scripts run it directly. Videos play at their real speed when `realtime` is on: a frame whose
moment has already passed when it is decoded (the machine is slower than the video) is dropped
and counted, never queued, so the coach stays on time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.engine import Evaluator, FrameEvaluation
from coach.landmarks import PoseLandmarks
from coach.pose import MediaPipeEstimator
from coach.rule_schema import Rule
from coach.smoothing import DEFAULT_SMOOTHING, SmoothingMethod, make_smoother
from coach.sources import CameraSource, Frame, FrameSource, open_source


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
    realtime: bool = True
    model_path: Path | None = None


class Session:
    """One run over one source. Create it in any thread; run it in one."""

    def __init__(self, settings: SessionSettings) -> None:
        self.settings = settings
        self.evaluator = Evaluator(settings.rule) if settings.rule is not None else None
        self.frames = 0
        self.dropped = 0
        self.started_s = 0.0
        self.ended_s = 0.0
        self._running = threading.Event()  # cleared while paused
        self._running.set()

    def pause(self) -> None:
        """Hold the session after the current frame (thread-safe); `resume` carries on."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def run(self, on_result: Callable[[FrameResult], None], stop: threading.Event) -> None:
        """Process frames until the source ends or `stop` is set; SourceError if it fails."""
        settings = self.settings
        source: FrameSource = open_source(settings.source)  # opened first: no model for nothing
        try:
            with MediaPipeEstimator(
                "stream",
                model_path=settings.model_path,
                smooth_landmarks=settings.smoothing == "mediapipe",
            ) as estimator:
                self._loop(source, estimator, on_result, stop)
        finally:
            source.close()
            self.ended_s = time.monotonic()

    def _loop(
        self,
        source: FrameSource,
        estimator: MediaPipeEstimator,
        on_result: Callable[[FrameResult], None],
        stop: threading.Event,
    ) -> None:
        smoother = make_smoother(self.settings.smoothing)
        paced = self.settings.realtime and not isinstance(source, CameraSource)
        self.started_s = time.monotonic()
        first_media_s: float | None = None
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
                    self.dropped += 1  # its moment has passed: skip it rather than fall behind
                    continue
                if due_s > captured_s:
                    stop.wait(due_s - captured_s)  # wait for its moment (or a stop)
                    captured_s = time.monotonic()
            pose = estimator.estimate(frame)
            if smoother is not None:
                pose = smoother.smooth(pose, frame.timestamp_s)
            evaluation = self.evaluator.update(pose, frame.timestamp_s) if self.evaluator else None
            inference_ms = (time.monotonic() - captured_s) * 1000.0
            self.frames += 1
            on_result(FrameResult(frame, pose, evaluation, captured_s, inference_ms, self.dropped))

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
