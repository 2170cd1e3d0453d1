"""Landmark smoothing: causal Kalman filters, One Euro, MediaPipe's own, or none.

MediaPipe's landmarks jitter by a few pixels even on a person standing still; the jitter becomes
flickering angles, flapping warnings and reps counted twice. The Kalman smoothers (the filter
itself is coach.vision.kalman) model each coordinate (pixel x and y, depth z, world x, y, z of the
33 landmarks) as a 1-D track. The default, "kalman", is a position and a velocity driven by white
acceleration noise, the velocity fading within a tenth of a second as a limb's does at the turn
of a rep; the other variants (adaptive process noise, constant acceleration, one-frame fixed-lag
smoothing, Kalman over MediaPipe's own filter) stay selectable. docs/smoothing.md measures them.

Noise levels are stated in torso lengths (shoulder to hip), so one setting fits a person near the
camera and far from it. Time steps come from the frames' timestamps. A gap of up to `max_gap_s`
without a person is bridged by prediction; a longer one resets the filter, which restarts cleanly
on the next detection.

"mediapipe" smoothing is MediaPipe's own filter (`smooth_landmarks=True` in the estimator); it
needs no smoother here. "mediapipe-kalman" needs both (`estimator_smooths`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Protocol

import numpy as np

from coach.vision.kalman import BatchKalman
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, FloatArray, PoseLandmarks

SmoothingMethod = Literal[
    "kalman",
    "kalman-adaptive",
    "kalman-ca",
    "kalman-rts",
    "mediapipe-kalman",
    "one-euro",
    "mediapipe",
    "none",
]
SMOOTHING_METHODS: tuple[SmoothingMethod, ...] = (
    "kalman",
    "kalman-adaptive",
    "kalman-ca",
    "kalman-rts",
    "mediapipe-kalman",
    "one-euro",
    "mediapipe",
    "none",
)
# Chosen by measurement on the 24 development videos (docs/smoothing.md): the only option that
# cuts at least 60 % of the jitter with at most 33 ms of lag and 3 degrees of rep-bottom depth
# error on every one; MediaPipe's own filter cuts 5 to 55 %.
DEFAULT_SMOOTHING: SmoothingMethod = "kalman"

# Shoulders and the hips below them, left then right.
_SHOULDERS = [INDEX["left_shoulder"], INDEX["right_shoulder"]]
_HIPS = [INDEX["left_hip"], INDEX["right_hip"]]


class Smoother(Protocol):
    """Turns each frame's raw landmarks into smoothed ones, causally (no look-ahead)."""

    def smooth(self, pose: PoseLandmarks | None, timestamp_s: float) -> PoseLandmarks | None:
        """The smoothed pose at `timestamp_s` (monotonic seconds), or None when nobody is there."""
        ...

    def reset(self) -> None: ...


def torso_length(points: FloatArray) -> float | None:
    """Mean shoulder-to-hip distance of (33, k) points, or None if degenerate."""
    difference = points[_SHOULDERS] - points[_HIPS]  # (2, k), left and right
    length = float(np.sqrt((difference * difference).sum(axis=1)).mean())
    return length if length > 1e-6 else None


def _coordinates(pose: PoseLandmarks) -> tuple[FloatArray, FloatArray | None]:
    """(33, 3) pixel x, y and normalised z scaled to pixels of width; (33, 3) world or None."""
    image = np.column_stack([pose.pixels, pose.normalized[:, 2] * pose.width])
    return image, pose.world


def _rebuild(template: PoseLandmarks, image: FloatArray, world: FloatArray | None) -> PoseLandmarks:
    normalized = template.normalized.copy()
    normalized[:, 0] = image[:, 0] / template.width
    normalized[:, 1] = image[:, 1] / template.height
    normalized[:, 2] = image[:, 2] / template.width
    return PoseLandmarks(normalized, world, template.width, template.height)


@dataclass(frozen=True)
class KalmanSettings:
    """Noise levels in torso lengths (TL) so that they hold at any distance from the camera.

    The defaults are the measured winner (docs/smoothing.md): position and a fast-fading
    velocity, no adaptation, visibility ignored."""

    # 2: position and (fading) velocity; 3: position, velocity and acceleration.
    order: int = 2
    measurement_sigma_tl: float = 0.01  # MediaPipe's jitter on a still, fully visible joint
    # White noise on the highest derivative: acceleration (TL / s^2) for order 2, jerk
    # (TL / s^3) for order 3. More follows faster and smooths less.
    process_sigma_tl: float = 2.3
    # Order 2 only: a joint's velocity fades with this time constant. A joint turns at the
    # bottom of a rep within a few frames (a fast push-up's bottom lasts about 0.15 s); velocity
    # older than that predicts little, and carried on it drives the estimate past the bottom
    # (a plain constant-velocity filter overshot squat and push-up bottoms by 2 to 7.5 degrees).
    velocity_decay_s: float = 0.12
    # Adaptive process noise from the innovation ("kalman-adaptive"): a landmark whose x and y
    # residuals together (normalised innovation squared, chi-square with 2 degrees of freedom
    # while it moves as the model predicts) exceed `maneuver_nis` has changed course; its process
    # noise grows by NIS / maneuver_nis, at most `maneuver_max_factor` times (1: never).
    maneuver_nis: float = 9.21  # the 99th percentile of chi-square with 2 degrees of freedom
    maneuver_max_factor: float = 1.0
    # One-step fixed-lag (Rauch-Tung-Striebel) smoothing ("kalman-rts"): report the previous
    # frame's position corrected by the newest measurement, one frame late.
    fixed_lag: bool = False
    initial_velocity_sigma_tl_s: float = 2.0  # a joint's speed when first seen, TL / s
    initial_acceleration_sigma_tl_s2: float = 20.0  # order 3: its acceleration, TL / s^2
    # Measurement noise grows as visibility ** -visibility_exponent (visibility floored at
    # min_visibility). 0, the default, ignores visibility: trusting a hidden landmark less let
    # its estimate drift and then jump when MediaPipe saw it again, which made more jitter than
    # it removed (docs/smoothing.md).
    visibility_exponent: float = 0.0
    min_visibility: float = 0.05
    max_gap_s: float = 0.2  # a missing person is bridged by prediction for up to this long


class KalmanSmoother:
    """A Kalman filter over all landmark coordinates of a person (coach.vision.kalman)."""

    def __init__(self, settings: KalmanSettings | None = None) -> None:
        self.settings = settings or KalmanSettings()
        self.reset()

    def reset(self) -> None:
        self._kalman: BatchKalman | None = None
        self._has_world = False
        self._last_s = 0.0
        self._last_seen_s = 0.0
        self._template: PoseLandmarks | None = None
        self._torso_px = 0.0
        self._torso_m = 0.0

    def _noise(self, visibility: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Per-coordinate (measurement variance, process-noise variance, scale): pixels for the
        image coordinates, then metres for the world ones, if any."""
        settings = self.settings
        n = 3 * NUM_LANDMARKS
        scale = np.full(2 * n if self._has_world else n, self._torso_px)
        scale[n:] = self._torso_m
        r = (settings.measurement_sigma_tl * scale) ** 2
        if settings.visibility_exponent:
            visible = np.maximum(visibility, settings.min_visibility)
            weight = np.repeat(visible**settings.visibility_exponent, 3)
            r /= np.tile(weight, 2)[: scale.size] ** 2
        q = (settings.process_sigma_tl * scale) ** 2
        return r, q, scale

    def _start(self, z: FloatArray, r: FloatArray, scale: FloatArray) -> BatchKalman:
        settings = self.settings
        derivative_vars = [(settings.initial_velocity_sigma_tl_s * scale) ** 2]
        if settings.order == 3:
            derivative_vars.append((settings.initial_acceleration_sigma_tl_s2 * scale) ** 2)
        return BatchKalman(z, r, derivative_vars)

    def _step(self, z: FloatArray, r: FloatArray, q: FloatArray, dt: float) -> FloatArray:
        """Predict, widen the process noise of landmarks that changed course, update; the
        smoothed coordinates."""
        settings = self.settings
        kalman = self._kalman
        assert kalman is not None
        kalman.predict(dt, q, settings.velocity_decay_s)
        if settings.maneuver_max_factor > 1:
            residual, variance = kalman.innovation(z, r)
            # x and y of each landmark (3 coordinates: x, y, z) tested together: MediaPipe's z
            # is too noisy to tell a movement from noise.
            nis = (residual**2 / variance).reshape(-1, 3)[:, :2].sum(axis=1)
            extra = np.clip(nis / settings.maneuver_nis, 1.0, settings.maneuver_max_factor) - 1
            if extra.any():
                kalman.add_process_noise(np.repeat(extra, 3) * q)
        kalman.update(z, r)
        return kalman.smoothed_previous() if settings.fixed_lag else kalman.position

    def smooth(self, pose: PoseLandmarks | None, timestamp_s: float) -> PoseLandmarks | None:
        settings = self.settings
        if self._kalman is not None and timestamp_s - self._last_seen_s > settings.max_gap_s:
            self.reset()  # gone too long: the next detection starts afresh
        if pose is None:
            return self._bridge(timestamp_s)

        image, world = _coordinates(pose)
        if self._kalman is not None and (world is not None) != self._has_world:
            self.reset()  # world landmarks came or went: start afresh
        self._has_world = world is not None
        self._torso_px = _track_scale(
            self._torso_px, torso_length(image[:, :2]), 0.25 * pose.height
        )
        z = image.ravel()
        if world is not None:
            self._torso_m = _track_scale(self._torso_m, torso_length(world), 0.5)
            z = np.concatenate([z, world.ravel()])
        r, q, scale = self._noise(pose.visibility)
        if self._kalman is None:
            self._kalman = self._start(z, r, scale)
            smoothed = z
        else:
            smoothed = self._step(z, r, q, max(timestamp_s - self._last_s, 1e-3))
        self._last_s = self._last_seen_s = timestamp_s
        self._template = pose
        return self._pose(pose, smoothed)

    def _pose(self, template: PoseLandmarks, coordinates: FloatArray) -> PoseLandmarks:
        """The pose with these image (and world) coordinates."""
        image = coordinates[: 3 * NUM_LANDMARKS].reshape(-1, 3)
        world = coordinates[3 * NUM_LANDMARKS :].reshape(-1, 3) if self._has_world else None
        return _rebuild(template, image, world)

    def _bridge(self, timestamp_s: float) -> PoseLandmarks | None:
        """The predicted pose during a short gap (the person was just there), or None."""
        if self._kalman is None or self._template is None:
            return None
        dt = timestamp_s - self._last_s
        if dt <= 0:
            return None
        _, q, _ = self._noise(self._template.visibility)
        self._kalman.predict(dt, q, self.settings.velocity_decay_s)
        self._last_s = timestamp_s
        return self._pose(self._template, self._kalman.position)


def _track_scale(previous: float, measured: float | None, fallback: float) -> float:
    """A slowly adapting body scale: torso length follows a person walking nearer or away, but
    not one frame's bad shoulder or hip (exponential average, about 10 frames)."""
    if measured is None:
        return previous or fallback
    if previous <= 0:
        return measured
    return 0.9 * previous + 0.1 * measured


@dataclass(frozen=True)
class OneEuroSettings:
    """Casiez, Roussel and Vogel (CHI 2012); speeds in torso lengths per second."""

    min_cutoff_hz: float = 1.0
    beta: float = 1.0  # cutoff grows by beta Hz per TL/s of speed
    derivative_cutoff_hz: float = 1.0
    max_gap_s: float = 0.2


class OneEuroSmoother:
    """The One Euro filter on every coordinate: low-pass with a cutoff that rises with speed."""

    def __init__(self, settings: OneEuroSettings | None = None) -> None:
        self.settings = settings or OneEuroSettings()
        self.reset()

    def reset(self) -> None:
        self._value: FloatArray | None = None
        self._speed: FloatArray | None = None
        self._last_s = 0.0
        self._torso_px = 0.0
        self._torso_m = 0.0

    @staticmethod
    def _alpha(cutoff_hz: FloatArray | float, dt: float) -> FloatArray:
        tau = 1.0 / (2 * np.pi * np.asarray(cutoff_hz))
        return np.asarray(1.0 / (1.0 + tau / dt))

    def smooth(self, pose: PoseLandmarks | None, timestamp_s: float) -> PoseLandmarks | None:
        if self._value is not None and timestamp_s - self._last_s > self.settings.max_gap_s:
            self.reset()
        if pose is None:
            return None
        image, world = _coordinates(pose)
        # Values stay in pixels and metres; only the speed that sets the cutoff is in TL / s.
        self._torso_px = _track_scale(
            self._torso_px, torso_length(image[:, :2]), 0.25 * pose.height
        )
        scale = np.full(image.size, self._torso_px)
        x = image.ravel()
        if world is not None:
            self._torso_m = _track_scale(self._torso_m, torso_length(world), 0.5)
            scale = np.concatenate([scale, np.full(world.size, self._torso_m)])
            x = np.concatenate([x, world.ravel()])
        if self._value is None or self._speed is None or self._value.shape != x.shape:
            self._value, self._speed = x, np.zeros_like(x)
        else:
            s = self.settings
            dt = max(timestamp_s - self._last_s, 1e-3)
            speed = (x - self._value) / dt
            self._speed = self._speed + self._alpha(s.derivative_cutoff_hz, dt) * (
                speed - self._speed
            )
            cutoff = s.min_cutoff_hz + s.beta * np.abs(self._speed) / scale
            self._value = self._value + self._alpha(cutoff, dt) * (x - self._value)
        self._last_s = timestamp_s
        smoothed_world = self._value[image.size :].reshape(-1, 3) if world is not None else None
        return _rebuild(pose, self._value[: image.size].reshape(-1, 3), smoothed_world)


def estimator_smooths(method: SmoothingMethod) -> bool:
    """Whether `method` needs MediaPipe's own filter on (`smooth_landmarks=True`)."""
    return method in ("mediapipe", "mediapipe-kalman")


_KALMAN_VARIANTS: dict[str, KalmanSettings] = {
    "kalman": KalmanSettings(),
    "kalman-adaptive": KalmanSettings(process_sigma_tl=1.0, maneuver_max_factor=10.0),
    "kalman-ca": KalmanSettings(order=3, process_sigma_tl=1.0),
    "kalman-rts": KalmanSettings(process_sigma_tl=4.0, fixed_lag=True),
    "mediapipe-kalman": KalmanSettings(process_sigma_tl=4.0),
}


def make_smoother(method: SmoothingMethod, strength: float = 1.0) -> Smoother | None:
    """The smoother for `method`; None where the estimator's own output is used as it is.

    `strength` scales the measured defaults: 2 smooths twice as hard (steadier, more lag), 0.5
    half as hard. Kalman: the measurement noise it assumes; One Euro: 1 / its minimum cutoff."""
    if method in _KALMAN_VARIANTS:
        settings = _KALMAN_VARIANTS[method]
        sigma = settings.measurement_sigma_tl * strength
        return KalmanSmoother(replace(settings, measurement_sigma_tl=sigma))
    if method == "one-euro":
        return OneEuroSmoother(
            OneEuroSettings(min_cutoff_hz=OneEuroSettings().min_cutoff_hz / strength)
        )
    return None  # "mediapipe" (smoothed inside the estimator) and "none"
