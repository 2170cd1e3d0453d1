"""The one per-frame loop: source -> pose -> smoothing -> rule, giving frames and events.

Everything that runs over a stream goes through `Session.run`: the window's worker thread, the
`analyze` command (which writes a CSV row per frame from the results) and the tools. Each frame
gives a `FrameResult` (pixels, landmarks, the rule's verdict: lossy, the newest wins on screen) and
zero or more events (`coach.events`: reps, messages with whether they are spoken, holds, the
end: lossless and ordered). Videos play at their real speed when `realtime` is on: every frame
is shown at its moment while the model works on the newest frame in a thread of its own
(`NewestFirst`), so a machine slower than the video analyses fewer frames (counted as dropped)
but never falls behind; a frame whose moment has passed when it is decoded is skipped.
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any

from coach.coaching.calibration import learned_depth, load_calibration, save_calibration, updated
from coach.coaching.engine import VIEW_CHECK_ID, Evaluator, FrameEvaluation, is_edit_of
from coach.coaching.rule_schema import Rule
from coach.coaching.voice import Message, Voice, VoicePolicy
from coach.events import (
    COUNT_CHECK,
    CueGiven,
    HoldEnded,
    HoldStarted,
    RepEnded,
    SessionEvent,
    SessionFailed,
    SessionFinished,
    SessionStarted,
    SourceKind,
)
from coach.i18n import gettext as _
from coach.settings import CameraSettings, CoachingSettings
from coach.vision.landmarks import PoseLandmarks
from coach.vision.pose import MediaPipeEstimator, PoseEstimator, PoseModelError
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
    ReadAhead,
    SourceError,
    VideoFileSource,
    media_kind,
    open_source,
)


@dataclass(frozen=True)
class FrameResult:
    """Everything shown for one frame; immutable, so it can cross threads as it is.

    In a real-time session a frame that comes while the model is still busy with an earlier one
    is shown at once with the pose and evaluation of the latest frame analysed, `pose_age_s`
    earlier. `fresh` marks the first frame to show an analysis: plots take its values once."""

    frame: Frame
    pose: PoseLandmarks | None
    evaluation: FrameEvaluation | None  # None without an exercise rule
    captured_s: float  # time.monotonic() when the frame was read
    inference_ms: float  # pose estimation, smoothing and the rule together (not waiting)
    dropped: int  # frames not analysed so far, to stay on time
    fresh: bool = True  # the first frame shown with this pose and evaluation
    pose_age_s: float = 0.0  # how much older the frame of the pose is (0: this frame's own)

    @property
    def pose_s(self) -> float:
        """The media time of the frame the pose and evaluation come from."""
        return self.frame.timestamp_s - self.pose_age_s


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
    voice: VoicePolicy = field(default_factory=VoicePolicy)  # what is spoken (coach.coaching.voice)
    # Count with the user's learned range and learn from this session (coach.coaching.calibration):
    # on for the user's own sessions in the window, off for analysing someone's recording.
    calibrate: bool = False


def voice_policy(coaching: CoachingSettings, muted: bool) -> VoicePolicy:
    """The voice rules from the user's coaching preferences."""
    return VoicePolicy(
        speak_severities=tuple(coaching.speak_severities),
        count_reps_aloud=coaching.count_reps_aloud,
        min_gap_s=coaching.cue_cooldown_s,
        muted=muted or not (coaching.voice or coaching.sound),
    )


def build_estimator(settings: SessionSettings) -> PoseEstimator:
    """The pose estimator of a stream: MediaPipe in tracking mode, with its own smoothing only
    when that is the smoothing chosen. The one place a session's estimator is made."""
    return MediaPipeEstimator(
        "stream",
        model_path=settings.model_path,
        smooth_landmarks=estimator_smooths(settings.smoothing),
    )


EstimatorFactory = Callable[[SessionSettings], PoseEstimator]


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


log = logging.getLogger(__name__)

# In a real-time session, while the model keeps up (its median time over the last SYNC_FRAMES
# analyses at most SYNC_WHEN of a frame's interval), a frame waits for its own analysis, at most
# SYNC_WAIT of an interval: the skeleton is drawn on its own frame and the frame is still shown
# well before the next one is due. Otherwise frames are shown at once with the latest pose.
SYNC_FRAMES = 15
SYNC_WHEN = 0.6
SYNC_WAIT = 0.75
# The model's threads' nice value: the window's thread (0) gets about three times their share
# of a busy CPU (Linux's weights: 1024 against 335).
MODEL_NICE = 5

# Called for each event, in order, in the thread that runs the session.
EventHandler = Callable[[SessionEvent], None]


# An analysis: the events of the changes taken before it, and the frame's result.
Analysis = tuple[list[SessionEvent], FrameResult]


class NewestFirst:
    """Runs `analyse(frame, captured_s)` in a thread of its own, one frame at a time, always on
    the newest frame given: a frame given while it works waits, and a newer one replaces it
    (counted in `replaced`: never analysed). It starts on the waiting frame the moment it is done
    with one, so a model slower than the video is never idle. Finished analyses come out of
    `finished()` in the order of their frames. The thread runs below the window's priority."""

    def __init__(self, analyse: Callable[[Frame, float], Analysis]) -> None:
        self._analyse = analyse
        self._executor = ThreadPoolExecutor(
            1, thread_name_prefix="pose", initializer=_behind_the_display
        )
        self._lock = threading.RLock()  # a done callback may run at once, in the giving thread
        self._running: Future[Analysis] | None = None
        self._waiting: tuple[Frame, float] | None = None
        self._done: deque[Future[Analysis]] = deque()
        self.replaced = 0

    def call(self, work: Callable[[], Any]) -> Any:
        """`work()` in the model's thread (nothing else running there); its result."""
        return self._executor.submit(work).result()

    def give(self, frame: Frame, captured_s: float) -> Future[Analysis] | None:
        """Analyse `frame` next: its analysis if it starts now, None if it waits."""
        with self._lock:
            if self._running is None:
                return self._start(frame, captured_s)
            self.replaced += self._waiting is not None
            self._waiting = (frame, captured_s)
            return None

    def _start(self, frame: Frame, captured_s: float) -> Future[Analysis]:
        future = self._executor.submit(self._analyse, frame, captured_s)
        self._running = future
        future.add_done_callback(self._on_done)
        return future

    def _on_done(self, future: Future[Analysis]) -> None:
        with self._lock:
            self._done.append(future)
            self._running = None
            if future.exception() is not None and self._waiting is not None:
                self._waiting = None  # the session ends: the waiting frame is let go
                self.replaced += 1
            if self._waiting is not None:
                waiting, self._waiting = self._waiting, None
                self._start(*waiting)

    def finished(self) -> Iterator[Analysis]:
        """The analyses done since the last call, in order; the model's error, if any, is
        raised in its turn (the analyses before it come first)."""
        with self._lock:
            done, self._done = list(self._done), deque()
        for future in done:
            yield future.result()

    def close(self, finish: bool) -> None:
        """Wait for the model: with `finish`, until the waiting frame is analysed too;
        otherwise that frame is let go (replaced)."""
        while True:
            with self._lock:
                if not finish and self._waiting is not None:
                    self._waiting = None
                    self.replaced += 1
                running = self._running
            if running is None:
                break
            if running.done():  # its done callback is about to run (it runs after waiters)
                time.sleep(0.001)
            wait([running])
        self._executor.shutdown(wait=True)


class Session:
    """One run over one source. Create it in any thread; run it in one. `pause`, `resume`,
    `use_rule`, `use_smoothing` and `use_voice` may be called from any thread while it runs.

    `make_estimator` builds the pose estimator (in the running thread; tests replay recorded
    tracks with it); `source`, when given, is an already opened source to read instead of
    opening `settings.source`.
    """

    def __init__(
        self,
        settings: SessionSettings,
        make_estimator: EstimatorFactory = build_estimator,
        source: FrameSource | None = None,
    ) -> None:
        self.settings = settings
        self.evaluator = self._evaluator(settings.rule) if settings.rule is not None else None
        self.frames = 0
        self.dropped = 0
        self.started_s = 0.0
        self.ended_s = 0.0
        self.error: Exception | None = None  # what ended the session early, if anything
        self.cues: list[CueGiven] = []
        self._make_estimator = make_estimator
        self._source = source
        self._voice = Voice(settings.voice)
        self._holding = False
        self._clock_origin_s: float | None = None
        self._camera = False  # a camera's clock starts at its first frame
        self._kind: SourceKind = "video"
        self._last_t_s = 0.0
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._lock = threading.Lock()
        self._pending: dict[str, Any] = {}  # changes for the loop to take before its next frame
        self._smoother: Smoother | None = None
        self._estimator: PoseEstimator | None = None  # while running
        self._source_in_use = False  # a read that never returned: the source is left open
        self._on_event: EventHandler = lambda _event: None

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

    def use_voice(self, policy: VoicePolicy) -> None:
        """Speak by `policy` from the next frame on (thread-safe): mute, severities, spacing."""
        with self._lock:
            self._pending["voice"] = policy

    def run(
        self,
        on_result: Callable[[FrameResult], None],
        stop: threading.Event,
        on_event: EventHandler | None = None,
    ) -> None:
        """Process frames until the source ends or `stop` is set. Never raises: a failure ends
        the session with a SessionFailed event and is kept in `error`; SessionFinished, with
        the summary, is always the last event."""
        self._on_event = on_event or (lambda _event: None)
        settings = self.settings
        source = self._source
        try:
            if source is None:  # opened first: no model is loaded for a source that fails
                path = Path(settings.source)
                if settings.loop and path.is_file() and media_kind(path) == "video":
                    source = LoopedVideo(path)
                else:
                    source = open_session_source(settings)
            self._camera = isinstance(source, CameraSource)
            self._kind = _source_kind(source)
            self._emit(SessionStarted(
                0.0, settings.source, self._kind,
                settings.rule.id if settings.rule is not None else None,
                datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            ))  # fmt: skip
            self._loop(source, on_result, stop)
        except Exception as exc:  # any failure is the user's to see, and the session ends
            self.error = exc
            expected = isinstance(exc, SourceError | PoseModelError)
            # Reported by the SessionFailed event (with the traceback as its details) and to
            # whoever reads `error`; logged for developers only (-v).
            log.debug("the session failed", exc_info=True)
            self._emit(SessionFailed(
                self._last_t_s,
                str(exc) if expected else _("Something went wrong in the coach: {error}").format(
                    error=repr(exc)
                ),
                "" if expected else traceback.format_exc(),
            ))  # fmt: skip
        finally:
            if source is not None and not self._source_in_use:
                source.close()
            self.ended_s = time.monotonic()
            hold = self.evaluator.hold if self.evaluator is not None else None
            if self._holding and hold is not None:  # held to the end: the hold ends with it
                self._holding = False
                self._emit(HoldEnded(self._last_t_s, hold.current_s))
            self._learn()
            self._emit(SessionFinished(self._last_t_s, self.summary()))

    def _evaluator(self, rule: Rule) -> Evaluator:
        """An evaluator for `rule`, its counter seeded with the user's learned depth."""
        if not self.settings.calibrate:
            return Evaluator(rule)
        return Evaluator(rule, learned_depth=learned_depth(load_calibration(), rule))

    def _learn(self) -> None:
        """Keep what this session's reps taught about the user's range (calibrating sessions)."""
        if not self.settings.calibrate or self.evaluator is None or not self.evaluator.rep_events:
            return
        try:
            rule = self.evaluator.rule
            save_calibration(updated(load_calibration(), rule, self.evaluator.rep_events))
        except OSError as exc:  # a read-only config folder: counting still worked
            log.warning("the calibration could not be saved (%s)", exc)

    def _emit(self, event: SessionEvent) -> None:
        if isinstance(event, CueGiven):
            self.cues.append(event)
        self._on_event(event)

    def _take_changes(self) -> list[SessionEvent]:
        """Apply the changes asked for since the last frame (in the thread that runs the model,
        between two frames); the events they bring, to be told before that frame's."""
        if not self._pending:
            return []
        with self._lock:
            pending, self._pending = self._pending, {}
        events: list[SessionEvent] = []
        if "rule" in pending:
            rule: Rule | None = pending["rule"]
            if rule is None:
                self.evaluator = None
            elif self.evaluator is not None and is_edit_of(rule, self.evaluator.rule):
                self.evaluator.use_rule(rule)
            else:  # another exercise: counted afresh, and a session of its own in the log
                self.evaluator = self._evaluator(rule)
                events.append(SessionStarted(
                    self._last_t_s, self.settings.source,
                    self._kind, rule.id,
                    datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                ))  # fmt: skip
            self.settings = replace(self.settings, rule=rule)
        if "voice" in pending:
            self._voice.policy = pending["voice"]
            self.settings = replace(self.settings, voice=pending["voice"])
        if "smoothing" in pending:
            method, strength = pending["smoothing"]
            was_mediapipe = estimator_smooths(self.settings.smoothing)
            self.settings = replace(self.settings, smoothing=method, smoothing_strength=strength)
            self._smoother = make_smoother(method, strength)
            if estimator_smooths(method) != was_mediapipe and self._estimator is not None:
                self._estimator.close()  # MediaPipe's own smoothing is set when it is built
                self._estimator = None  # closed: not closed again if the new one fails
                self._estimator = self._make_estimator(self.settings)
        return events

    def _analyse(self, frame: Frame, captured_s: float) -> Analysis:
        """The changes asked for, then the frame's pose, smoothing and verdict."""
        events = self._take_changes()
        assert self._estimator is not None  # built in _loop
        return events, self._process(frame, self._estimator, captured_s)

    def _loop(
        self,
        source: FrameSource,
        on_result: Callable[[FrameResult], None],
        stop: threading.Event,
    ) -> None:
        """In real time, every frame is shown at its moment while the model, in a thread of its
        own, works on the newest frame it has not seen (NewestFirst), so a model slower than the
        video lowers the frames analysed, never the frames shown. While the model keeps up, a
        frame waits a little for its own analysis (SYNC_*); otherwise it is shown at once with
        the latest pose, and its analysis (events included) follows on a later frame. Without
        real time (analyze) every frame is analysed, in order."""
        live = self.settings.realtime
        paced = live and not isinstance(source, CameraSource)
        interval_s = 1.0 / (source.fps or 30.0)
        model = NewestFirst(self._analyse) if live else None
        self._smoother = make_smoother(self.settings.smoothing, self.settings.smoothing_strength)
        frames = ReadAhead(source, newest_only=self._camera)  # reads once iterated
        first_media_s: float | None = None
        skipped = replaced = 0  # of frames.skipped and model.replaced, counted in self.dropped
        latest: FrameResult | None = None  # the latest frame analysed
        frame: Frame | None = None  # the latest frame read
        shown: FrameResult | None = None  # the analysis the latest frame was shown with
        recent_ms: deque[float] = deque(maxlen=SYNC_FRAMES)  # the model's latest times
        finished = False
        try:
            build = partial(self._make_estimator, self.settings)
            # Built before the clock starts; in the model's thread when it has one.
            self._estimator = build() if model is None else model.call(build)
            self.started_s = time.monotonic()
            for frame in frames:
                if self.paused:
                    paused_s = time.monotonic()
                    while not self._running.wait(0.05) and not stop.is_set():
                        pass
                    self.started_s += time.monotonic() - paused_s  # the video waits with the user
                    if stop.is_set():
                        break
                    if self._camera:  # the camera went on meanwhile: its frames are not drops,
                        skipped = frames.skipped  # and this one is from before the pause
                        continue
                if stop.is_set():
                    break
                # A camera's frame was captured when it was read (its timestamp), maybe while
                # the previous frame was being worked on; a file's, when it is taken now.
                captured_s = frame.timestamp_s if self._camera else time.monotonic()
                if paced:
                    first_media_s = frame.timestamp_s if first_media_s is None else first_media_s
                    due_s = self.started_s + frame.timestamp_s - first_media_s
                    if captured_s > due_s + 1.5 * interval_s:
                        self.dropped += 1  # its moment has passed: skip it, never fall behind
                        continue
                    if due_s > captured_s:
                        stop.wait(due_s - captured_s)  # wait for its moment (or a stop)
                        captured_s = time.monotonic()
                self.dropped += frames.skipped - skipped  # a camera's frames that came while busy
                skipped = frames.skipped
                if model is None:  # every frame analysed, in order
                    events, latest = self._analyse(frame, captured_s)
                    self._told(events, latest, recent_ms)
                    on_result(latest)
                    continue
                started = model.give(frame, captured_s)
                keeps_up = not recent_ms or median(recent_ms) <= SYNC_WHEN * interval_s * 1000
                if started is not None and keeps_up:
                    wait([started], timeout=SYNC_WAIT * interval_s)
                self.dropped += model.replaced - replaced  # a newer frame took its place
                replaced = model.replaced
                for events, result in model.finished():
                    latest = self._told(events, result, recent_ms)
                on_result(self._shown(frame, latest, captured_s, fresh=latest is not shown))
                shown = latest
            finished = True
        finally:
            if model is not None:
                model.close(finish=finished)  # the frames given still count, unless it failed
                self.dropped += model.replaced - replaced
                if finished:  # told, and the last frame shown again with its own pose
                    for events, result in model.finished():
                        latest = self._told(events, result, recent_ms)
                        if result.frame is frame:
                            on_result(result)
            self._source_in_use = not frames.close()
            if self._estimator is not None:
                self._estimator.close()

    def _told(
        self, events: list[SessionEvent], result: FrameResult, recent_ms: deque[float]
    ) -> FrameResult:
        """An analysis told (in the session's thread): its changes' events, then its own."""
        for event in events:
            self._emit(event)
        recent_ms.append(result.inference_ms)
        self._tell(result)
        return result

    def _shown(
        self, frame: Frame, latest: FrameResult | None, captured_s: float, fresh: bool
    ) -> FrameResult:
        """`frame` as shown: with its own analysis, or else the latest one (if any)."""
        if latest is None:
            return FrameResult(frame, None, None, captured_s, 0.0, self.dropped, fresh=False)
        if latest.frame is frame:
            return replace(latest, dropped=self.dropped)
        return replace(
            latest,
            frame=frame,
            captured_s=captured_s,
            dropped=self.dropped,
            fresh=fresh,
            pose_age_s=frame.timestamp_s - latest.frame.timestamp_s,
        )

    def _clock(self, frame: Frame) -> float:
        """The session's time of a frame: the video's own time, or seconds since a camera's
        first frame (camera timestamps are time.monotonic())."""
        if self._clock_origin_s is None:
            self._clock_origin_s = frame.timestamp_s if self._camera else 0.0
        return frame.timestamp_s - self._clock_origin_s

    def _process(self, frame: Frame, estimator: PoseEstimator, captured_s: float) -> FrameResult:
        started_s = time.monotonic()
        pose = estimator.estimate(frame)
        if self._smoother is not None:
            pose = self._smoother.smooth(pose, frame.timestamp_s)
        t_s = self._last_t_s = self._clock(frame)
        evaluation = self.evaluator.update(pose, t_s) if self.evaluator else None
        inference_ms = (time.monotonic() - started_s) * 1000.0
        self.frames += 1
        return FrameResult(frame, pose, evaluation, captured_s, inference_ms, self.dropped)

    def _tell(self, result: FrameResult) -> None:
        """The frame's events: a rep that ended, hold changes, and every message, each marked
        spoken or not by the voice (one at most)."""
        evaluation = result.evaluation
        if evaluation is None:
            return
        t_s = self._clock(result.frame)  # the model may be on a later frame already
        if evaluation.rep is not None:
            self._emit(RepEnded(t_s, evaluation.rep, evaluation.reps, evaluation.faulty_reps))
        if evaluation.holding != self._holding:
            self._holding = evaluation.holding
            held_s = evaluation.hold_s[0] if evaluation.hold_s is not None else 0.0
            self._emit(HoldStarted(t_s) if self._holding else HoldEnded(t_s, held_s))
        messages = []  # the count first: the window says it before a fault of the same frame
        if evaluation.rep is not None:
            messages.append(Message(COUNT_CHECK, "info", str(evaluation.reps), "count"))
        messages += [
            Message(f.check, f.severity, f.message, "view" if f.check == VIEW_CHECK_ID else "fault")
            for f in evaluation.feedback
        ]
        for message, spoken in self._voice.decide(messages, t_s):
            self._emit(CueGiven(t_s, message.check, message.severity, message.text, spoken))

    def summary(self) -> dict[str, Any]:
        """The session: source, frames, dropped, duration, every cue and, with a rule, its
        summary (reps or holds, faults)."""
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
        out["cues"] = [cue.record() for cue in self.cues]
        return out


def summary_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per rep of a session summary, for a CSV export, with the messages told during
    the rep (counts aside)."""
    told = [c for c in summary.get("cues", []) if c["check"] != COUNT_CHECK]
    return [
        {"rep": e["index"], "start_s": e["start_s"], "bottom_s": e["bottom_s"],
         "end_s": e["end_s"], "duration_s": e["duration_s"], "lowest_deg": e["lowest_deg"],
         "faults": " ".join(e["faults"]),
         "cues": " | ".join(
             c["message"] for c in told if e["start_s"] <= c["time_s"] <= e["end_s"]
         )}
        for e in summary.get("rep_events", [])
    ]  # fmt: skip


def _behind_the_display() -> None:
    """Lower this thread's priority (the model's, and the threads MediaPipe starts from it) below
    the window's, so that a machine short of CPU keeps showing every frame and analyses fewer
    rather than the other way round. Linux only (a thread's nice value); elsewhere nothing."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MODEL_NICE)
        except OSError as exc:
            log.debug("the model's thread keeps its priority (%s)", exc)


def _source_kind(source: FrameSource) -> SourceKind:
    if isinstance(source, CameraSource):
        return "camera"
    return "video" if isinstance(source, VideoFileSource | LoopedVideo) else "photos"
