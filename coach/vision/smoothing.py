"""Landmark smoothing: a causal Kalman filter, One Euro, MediaPipe's own, or none.

MediaPipe's landmarks jitter by a few pixels on a person standing still; the jitter becomes
flickering angles and phantom reps. The Kalman smoother models each coordinate (pixel x and y,
depth z, world x, y, z of the 33 landmarks) as a position and a velocity disturbed by white
acceleration noise (filterpy's `Q_discrete_white_noise`), the velocity fading over a few tenths
of a second as a limb's does at the turn of a rep.

Noise levels are stated in torso lengths (shoulder to hip), so one setting fits a person near the
camera and far from it. Measurement noise grows as MediaPipe's visibility falls: a barely visible
landmark follows the prediction. A gap of up to `max_gap_s` without a person is bridged by
prediction; a longer one resets the filter, which restarts cleanly on the next detection.

"mediapipe" smoothing is MediaPipe's own filter (`smooth_landmarks=True` in the estimator); it
needs no smoother here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from filterpy.common import Q_discrete_white_noise

from coach.vision.landmarks import INDEX, FloatArray, PoseLandmarks

SmoothingMethod = Literal["kalman", "one-euro", "mediapipe", "none"]
SMOOTHING_METHODS: tuple[SmoothingMethod, ...] = ("kalman", "one-euro", "mediapipe", "none")
# Chosen by measurement on the real videos (docs/smoothing.md): MediaPipe's own filter meets every
# target there and cuts still jitter most (81-84 %) for a lag of 3-27 ms; the Kalman filter lags
# less on some videos (8-16 ms) but cuts less jitter (63-67 %).
DEFAULT_SMOOTHING: SmoothingMethod = "mediapipe"

_TORSO = (("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"))


class Smoother(Protocol):
    """Turns each frame's raw landmarks into smoothed ones, causally (no look-ahead)."""

    def smooth(self, pose: PoseLandmarks | None, timestamp_s: float) -> PoseLandmarks | None:
        """The smoothed pose at `timestamp_s` (monotonic seconds), or None when nobody is there."""
        ...

    def reset(self) -> None: ...


def torso_length(points: FloatArray) -> float | None:
    """Mean shoulder-to-hip distance of (33, k) points, or None if degenerate."""
    lengths = [float(np.linalg.norm(points[INDEX[a]] - points[INDEX[b]])) for a, b in _TORSO]
    length = float(np.mean(lengths))
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


class ConstantVelocityKalman:
    """N independent 1-D constant-velocity Kalman filters, updated together with numpy.

    State per coordinate: position p and velocity v. All share the time step and the
    transition F = [[1, dt], [0, 1]]; each has its own measurement variance and covariance P
    (stored as its three distinct entries). The numbers are filterpy's KalmanFilter with
    Q = Q_discrete_white_noise(2, dt, var) per coordinate (tests/core/test_smoothing.py).
    """

    def __init__(
        self, position: FloatArray, position_var: FloatArray, velocity_var: FloatArray
    ) -> None:
        self.p = position.astype(np.float64).copy()
        self.v = np.zeros_like(self.p)
        self.p00 = position_var.astype(np.float64).copy()  # var(p)
        self.p01 = np.zeros_like(self.p)  # cov(p, v)
        self.p11 = velocity_var.astype(np.float64).copy()  # var(v)
        self._q_dt = -1.0
        self._q = np.zeros((2, 2))

    def predict(self, dt: float, accel_var: FloatArray, velocity_decay_s: float = math.inf) -> None:
        """Advance by dt seconds; accel_var is each coordinate's white acceleration variance.

        With a finite `velocity_decay_s` (tau) the velocity fades towards zero with that time
        constant, as a limb's does when a movement ends or turns (a Singer-style model):
        F = [[1, tau (1 - d)], [0, d]] with d = exp(-dt / tau); tau = inf is constant velocity.
        """
        decay = math.exp(-dt / velocity_decay_s)
        reach = dt if math.isinf(velocity_decay_s) else velocity_decay_s * (1 - decay)
        # x = F x
        self.p = self.p + reach * self.v
        self.v = decay * self.v
        # P = F P F' + Q; filterpy's Q for unit variance is [[dt^4/4, dt^3/2], [dt^3/2, dt^2]]
        if dt != self._q_dt:  # frames mostly come evenly spaced: reuse Q
            self._q, self._q_dt = Q_discrete_white_noise(dim=2, dt=dt, var=1.0), dt
        q = self._q
        p00 = self.p00 + 2 * reach * self.p01 + reach * reach * self.p11 + accel_var * q[0, 0]
        p01 = decay * (self.p01 + reach * self.p11) + accel_var * q[0, 1]
        p11 = decay * decay * self.p11 + accel_var * q[1, 1]
        self.p00, self.p01, self.p11 = p00, p01, p11

    def inflate(
        self,
        z: FloatArray,
        r: FloatArray,
        group: int,
        gated: int,
        threshold: float,
        max_factor: float,
    ) -> None:
        """Widen P where a landmark is far from its prediction: a maneuver (the joint reverses or
        speeds up), which the filter should follow at once rather than overshoot.

        Coordinates come in groups of `group` per landmark; the first `gated` of each are tested
        together: their normalised innovation squared (NIS, residual^2 / innovation variance,
        summed) is chi-square distributed with `gated` degrees of freedom while the landmark
        moves as predicted. Above `threshold`, the landmark's P grows by NIS / threshold, at most
        `max_factor`. Testing a landmark's coordinates together tells a real movement (both move)
        from noise (each on its own).
        """
        nis = ((z - self.p) ** 2 / (self.p00 + r)).reshape(-1, group)[:, :gated].sum(axis=1)
        factor = np.repeat(np.clip(nis / threshold, 1.0, max_factor), group)
        self.p00, self.p01, self.p11 = self.p00 * factor, self.p01 * factor, self.p11 * factor

    def update(self, z: FloatArray, r: FloatArray) -> None:
        """Correct with measurements z of the positions, each with variance r."""
        s = self.p00 + r  # innovation variance, H = [1, 0]
        k0, k1 = self.p00 / s, self.p01 / s  # Kalman gain
        residual = z - self.p
        self.p = self.p + k0 * residual
        self.v = self.v + k1 * residual
        # Joseph form, as filterpy: P = (I - K H) P (I - K H)' + K R K'
        p00 = (1 - k0) ** 2 * self.p00 + k0 * k0 * r
        p01 = (1 - k0) * (self.p01 - k1 * self.p00) + k0 * k1 * r
        p11 = self.p11 - 2 * k1 * self.p01 + k1 * k1 * self.p00 + k1 * k1 * r
        self.p00, self.p01, self.p11 = p00, p01, p11


@dataclass(frozen=True)
class KalmanSettings:
    """Noise levels in torso lengths (TL) so that they hold at any distance from the camera."""

    measurement_sigma_tl: float = 0.01  # MediaPipe's jitter on a still, fully visible joint
    acceleration_sigma_tl_s2: float = 2.0  # white acceleration noise, TL / s^2
    # A joint's velocity fades with this time constant: a rep's movements turn within a few
    # tenths of a second, so velocity older than that predicts little (and overshoots a bottom).
    velocity_decay_s: float = 0.3
    # A landmark beyond the 99th percentile of chi-square with 2 degrees of freedom (9.21, its x
    # and y residuals together) has changed course: widen its P, up to 10 times.
    maneuver_nis: float = 9.21
    maneuver_max_factor: float = 10.0
    initial_velocity_sigma_tl_s: float = 2.0  # a joint's speed when first seen, TL / s
    min_visibility: float = 0.05  # below this a landmark counts as this visible (noise x 400)
    max_gap_s: float = 0.2  # a missing person is bridged by prediction for up to this long


class KalmanSmoother:
    """The Kalman filter (position, fading velocity) over all landmark coordinates of a person."""

    def __init__(self, settings: KalmanSettings | None = None) -> None:
        self.settings = settings or KalmanSettings()
        self.reset()

    def reset(self) -> None:
        self._image: ConstantVelocityKalman | None = None
        self._world: ConstantVelocityKalman | None = None
        self._last_s = 0.0
        self._last_seen_s = 0.0
        self._template: PoseLandmarks | None = None
        self._torso_px = 0.0
        self._torso_m = 0.0

    def _noise(
        self, visibility: FloatArray, scale: float, dims: int
    ) -> tuple[FloatArray, FloatArray]:
        """Per-coordinate measurement variance and acceleration variance, in squared units."""
        weight = np.maximum(visibility, self.settings.min_visibility)
        r = (self.settings.measurement_sigma_tl * scale / weight) ** 2
        accel = np.full_like(r, (self.settings.acceleration_sigma_tl_s2 * scale) ** 2)
        return np.repeat(r, dims), np.repeat(accel, dims)

    def smooth(self, pose: PoseLandmarks | None, timestamp_s: float) -> PoseLandmarks | None:
        settings = self.settings
        if self._image is not None and timestamp_s - self._last_seen_s > settings.max_gap_s:
            self.reset()  # gone too long: the next detection starts afresh
        if pose is None:
            return self._bridge(timestamp_s)

        image, world = _coordinates(pose)
        if self._image is not None and (world is None) != (self._world is None):
            self.reset()  # world landmarks came or went: start both filters afresh
        visibility = pose.visibility
        self._torso_px = _track_scale(
            self._torso_px, torso_length(image[:, :2]), 0.25 * pose.height
        )
        groups = [(image, self._torso_px, "_image")]
        if world is not None:
            self._torso_m = _track_scale(self._torso_m, torso_length(world), 0.5)
            groups.append((world, self._torso_m, "_world"))
        first = self._image is None
        dt = max(timestamp_s - self._last_s, 1e-3)
        for points, scale, attribute in groups:
            r, accel = self._noise(visibility, scale, points.shape[1])
            z = points.ravel()
            if first:
                v0 = (settings.initial_velocity_sigma_tl_s * scale) ** 2
                setattr(self, attribute, ConstantVelocityKalman(z, r, np.full_like(r, v0)))
                continue
            kalman: ConstantVelocityKalman = getattr(self, attribute)
            kalman.predict(dt, accel, settings.velocity_decay_s)
            # Image: x and y are gated (MediaPipe's z is too noisy to tell); world: x and y too.
            kalman.inflate(z, r, 3, 2, settings.maneuver_nis, settings.maneuver_max_factor)
            kalman.update(z, r)
        self._last_s = self._last_seen_s = timestamp_s
        self._template = pose
        assert self._image is not None
        smoothed_world = self._world.p.reshape(-1, 3) if self._world is not None else None
        return _rebuild(pose, self._image.p.reshape(-1, 3), smoothed_world)

    def _bridge(self, timestamp_s: float) -> PoseLandmarks | None:
        """The predicted pose during a short gap (the person was just there), or None."""
        if self._image is None or self._template is None:
            return None
        dt = timestamp_s - self._last_s
        if dt <= 0:
            return None
        visibility = self._template.visibility
        _, a_image = self._noise(visibility, self._torso_px, 3)
        self._image.predict(dt, a_image, self.settings.velocity_decay_s)
        if self._world is not None:
            _, a_world = self._noise(visibility, self._torso_m, 3)
            self._world.predict(dt, a_world, self.settings.velocity_decay_s)
        self._last_s = timestamp_s
        world = self._world.p.reshape(-1, 3) if self._world is not None else None
        return _rebuild(self._template, self._image.p.reshape(-1, 3), world)


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


def make_smoother(method: SmoothingMethod, strength: float = 1.0) -> Smoother | None:
    """The smoother for `method`; None where the estimator's own output is used as it is.

    `strength` scales the measured defaults: 2 smooths twice as hard (steadier, more lag), 0.5
    half as hard. Kalman: the measurement noise it assumes; One Euro: 1 / its minimum cutoff."""
    if method == "kalman":
        sigma = KalmanSettings().measurement_sigma_tl * strength
        return KalmanSmoother(KalmanSettings(measurement_sigma_tl=sigma))
    if method == "one-euro":
        return OneEuroSmoother(
            OneEuroSettings(min_cutoff_hz=OneEuroSettings().min_cutoff_hz / strength)
        )
    return None  # "mediapipe" (smoothed inside the estimator) and "none"
