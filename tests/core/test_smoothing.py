"""Landmark smoothing: filterpy's numbers, convergence, step lag, gaps, visibility, real video."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from filterpy.common import Q_discrete_white_noise
from filterpy.kalman import KalmanFilter

from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks
from coach.vision.smoothing import (
    ConstantVelocityKalman,
    KalmanSettings,
    KalmanSmoother,
    OneEuroSmoother,
    make_smoother,
)

WIDTH, HEIGHT = 1280, 720
TORSO_PX = 200.0
FPS = 30.0


def body(offset_px: float = 0.0, visibility: float = 1.0) -> PoseLandmarks:
    """A standing figure with a 200 px torso, every landmark shifted right by offset_px."""
    rng = np.random.default_rng(0)
    pixels = rng.uniform([500, 200], [800, 650], size=(NUM_LANDMARKS, 2))
    for name, xy in {"left_shoulder": (700, 300), "right_shoulder": (600, 300),
                     "left_hip": (700, 500), "right_hip": (600, 500)}.items():  # fmt: skip
        pixels[INDEX[name]] = xy
    pixels[:, 0] += offset_px
    normalized = np.zeros((NUM_LANDMARKS, 4))
    normalized[:, 0], normalized[:, 1] = pixels[:, 0] / WIDTH, pixels[:, 1] / HEIGHT
    normalized[:, 3] = visibility
    world = np.column_stack([pixels / TORSO_PX * 0.5, np.zeros(NUM_LANDMARKS)])  # metres
    return PoseLandmarks(normalized, world, WIDTH, HEIGHT)


def noisy(pose: PoseLandmarks, rng: np.random.Generator, sigma_px: float) -> PoseLandmarks:
    normalized = pose.normalized.copy()
    normalized[:, 0] += rng.normal(0, sigma_px, NUM_LANDMARKS) / WIDTH
    normalized[:, 1] += rng.normal(0, sigma_px, NUM_LANDMARKS) / HEIGHT
    return PoseLandmarks(normalized, pose.world, WIDTH, HEIGHT)


@pytest.mark.parametrize("velocity_decay_s", [math.inf, 0.3])
def test_vectorised_filter_gives_filterpys_numbers(velocity_decay_s: float) -> None:
    rng = np.random.default_rng(1)
    n = 5
    r = rng.uniform(0.5, 4.0, n)
    accel_var = rng.uniform(10, 1000, n)
    z0 = rng.normal(0, 10, n)
    ours = ConstantVelocityKalman(z0, r, np.full(n, 25.0))
    theirs = []
    for i in range(n):
        kf = KalmanFilter(dim_x=2, dim_z=1)
        kf.x = np.array([[z0[i]], [0.0]])
        kf.P = np.diag([r[i], 25.0])
        kf.H = np.array([[1.0, 0.0]])
        kf.R = np.array([[r[i]]])
        theirs.append(kf)
    for _ in range(60):
        dt = rng.uniform(0.02, 0.05)  # uneven frame spacing
        z = rng.normal(0, 10, n)
        ours.predict(dt, accel_var, velocity_decay_s)
        ours.update(z, r)
        decay = math.exp(-dt / velocity_decay_s)
        reach = dt if math.isinf(velocity_decay_s) else velocity_decay_s * (1 - decay)
        for i, kf in enumerate(theirs):
            kf.F = np.array([[1.0, reach], [0.0, decay]])
            kf.Q = Q_discrete_white_noise(dim=2, dt=dt, var=accel_var[i])
            kf.predict()
            kf.update(z[i])
        assert np.allclose(ours.p, [kf.x[0, 0] for kf in theirs], rtol=1e-9, atol=1e-9)
        assert np.allclose(ours.v, [kf.x[1, 0] for kf in theirs], rtol=1e-9, atol=1e-9)
        assert np.allclose(ours.p00, [kf.P[0, 0] for kf in theirs], rtol=1e-9)
        assert np.allclose(ours.p11, [kf.P[1, 1] for kf in theirs], rtol=1e-9)


@pytest.mark.parametrize("method", ["kalman", "one-euro"])
def test_converges_on_a_still_person(method: str) -> None:
    rng = np.random.default_rng(2)
    smoother = make_smoother(method)  # type: ignore[arg-type]
    assert smoother is not None
    truth = body()
    errors = []
    for t in range(330):
        out = smoother.smooth(noisy(truth, rng, sigma_px=2.0), t / FPS)
        assert out is not None
        if t >= 30:
            errors.append(out.pixels - truth.pixels)
    settled = np.array(errors)
    assert np.abs(settled.mean(axis=0)).max() < 0.5  # no bias: it settles on the true position
    assert float(np.std(settled)) < 0.6 * 2.0  # and cuts white 2 px noise by 40 % or more


def test_step_response_lag_is_bounded() -> None:
    # The whole body jumps by a quarter torso: the filter follows within 100 ms (3 frames)
    # and overshoots by less than 10 %.
    smoother = KalmanSmoother()
    for t in range(30):
        smoother.smooth(body(), t / FPS)
    step = 0.25 * TORSO_PX
    moved = []
    for t in range(30, 45):
        out = smoother.smooth(body(step), t / FPS)
        assert out is not None
        moved.append(float(np.mean(out.pixels[:, 0] - body().pixels[:, 0])))
    assert moved[2] >= 0.9 * step, moved[:4]
    assert max(moved) <= 1.1 * step


def test_three_missing_frames_are_bridged_without_a_jump() -> None:
    speed_px_s = 150.0  # a brisk, steady movement: 5 px a frame
    step_px = speed_px_s / FPS
    smoother = KalmanSmoother()
    xs = []
    for t in range(40):
        out = smoother.smooth(body(speed_px_s * t / FPS), t / FPS)
        assert out is not None
        xs.append(float(out.pixels[0, 0]))
    for t in range(40, 43):  # three frames without a person
        bridged = smoother.smooth(None, t / FPS)
        assert bridged is not None  # predicted, not dropped
        expected = body(speed_px_s * t / FPS).pixels
        assert np.abs(bridged.pixels - expected).max() < 0.05 * TORSO_PX  # 2 frames of motion
        xs.append(float(bridged.pixels[0, 0]))
    for t in range(43, 46):
        out = smoother.smooth(body(speed_px_s * t / FPS), t / FPS)
        assert out is not None
        xs.append(float(out.pixels[0, 0]))
    steps = np.diff(xs[30:])
    assert np.all(steps > 0)  # it keeps moving through the gap, never freezes or steps back
    assert steps.max() < 2 * step_px  # and the return is no jump


def test_a_long_gap_resets_and_restarts_cleanly() -> None:
    smoother = KalmanSmoother()
    for t in range(30):
        smoother.smooth(body(), t / FPS)
    gap_frames = int(KalmanSettings().max_gap_s * FPS) + 3
    outputs = [smoother.smooth(None, t / FPS) for t in range(30, 30 + gap_frames)]
    assert outputs[-1] is None  # no made-up person after the gap limit
    elsewhere = body(300.0)  # they come back somewhere else
    restart = smoother.smooth(elsewhere, (30 + gap_frames) / FPS)
    assert restart is not None
    assert np.allclose(restart.pixels, elsewhere.pixels)  # no pull from the old position


def test_low_visibility_landmarks_follow_the_prediction() -> None:
    def jump_response(visibility: float) -> float:
        smoother = KalmanSmoother()
        for t in range(30):
            smoother.smooth(body(), t / FPS)
        normalized = body().normalized.copy()
        knee = INDEX["left_knee"]
        normalized[knee, 0] += 50 / WIDTH  # one landmark jumps 50 px
        normalized[knee, 3] = visibility
        out = smoother.smooth(PoseLandmarks(normalized, body().world, WIDTH, HEIGHT), 30 / FPS)
        assert out is not None
        return float(out.pixels[knee, 0] - body().pixels[knee, 0])

    assert jump_response(0.05) < 0.05 * 50
    assert jump_response(1.0) > 0.5 * 50


def test_world_landmarks_are_smoothed_too() -> None:
    rng = np.random.default_rng(3)
    smoother = KalmanSmoother()
    truth = body()
    spread = []
    for t in range(60):
        pose = noisy(truth, rng, 0.0)
        world = truth.world + rng.normal(0, 0.01, truth.world.shape)  # 1 cm noise
        out = smoother.smooth(PoseLandmarks(pose.normalized, world, WIDTH, HEIGHT), t / FPS)
        assert out is not None and out.world is not None
        if t >= 30:
            spread.append(out.world - truth.world)
    assert float(np.std(np.array(spread))) < 0.75 * 0.01


def test_one_euro_resets_after_a_gap() -> None:
    smoother = OneEuroSmoother()
    for t in range(10):
        smoother.smooth(body(), t / FPS)
    assert smoother.smooth(None, 10 / FPS) is None
    elsewhere = body(300.0)
    restart = smoother.smooth(elsewhere, 1.0)
    assert restart is not None and np.allclose(restart.pixels, elsewhere.pixels)


def test_kalman_on_a_real_video(videos: Path) -> None:
    """On the slow squat (one rep, then standing still): jitter cut, lag and depth error."""
    from tools.smoothing_bench import (
        LIMB_JOINTS,
        jitter,
        joint_angle_series,
        lag_ms,
        pixels,
        record,
        reference,
        smooth_track,
        still_mask,
        video_torso_px,
    )

    raw = record(videos / "squat_side_1rep_slow.mp4", mediapipe_smoothing=False)
    smoothed, _ = smooth_track(raw, "kalman")
    torso = video_torso_px(raw)
    still = still_mask(raw, 30.0, torso)
    assert still.sum() > 60  # he stands still for seconds at the end
    visible = ~np.isnan(pixels(raw, LIMB_JOINTS)[:, :, 0])
    cut = 1 - jitter(smoothed, still, visible, torso) / jitter(raw, still, visible, torso)
    side = "left" if np.nanmean(raw.normalized[:, INDEX["left_knee"], 3]) > 0.5 else "right"
    raw_knee = joint_angle_series(raw, side, "knee")
    ref = reference(raw_knee, 30.0)
    knee = joint_angle_series(smoothed, side, "knee")
    rep = np.zeros(len(ref), bool)
    rep[73 - 30 : 73 + 30] = True  # the annotated bottom at frame 73
    delay = lag_ms(knee, ref, rep, 30.0)
    depth_error = abs(np.nanmin(knee[58:88]) - np.nanmin(ref[58:88]))
    print(f"jitter cut {cut:.0%}, lag {delay:.0f} ms, depth error {depth_error:.1f} deg")
    assert cut >= 0.6
    assert delay <= 33
    assert depth_error <= 3.0
