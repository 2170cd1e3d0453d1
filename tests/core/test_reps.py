"""The rep counter: hysteresis under noise, duration limits, hidden landmarks, first sighting."""

from __future__ import annotations

import numpy as np

from coach.coaching.reps import RepCounter
from coach.coaching.rule_schema import Reps

SPEC = Reps(
    measurement="knee",
    start_above_deg=160,
    bottom_below_deg=120,
    min_duration_s=0.5,
    max_duration_s=10,
)
FPS = 30.0


def squats(n: int, period_s: float = 2.0, noise_deg: float = 0.0, seed: int = 0) -> list[float]:
    """Knee angle of n squats from 175 down to 85 degrees and back, with seeded noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(n * period_s * FPS) + int(FPS)) / FPS
    phase = np.clip(t / period_s, 0, n)
    angle = 130 + 45 * np.cos(2 * np.pi * phase)
    return list(angle + rng.normal(0, noise_deg, len(t)))


def count(values: list[float | None], spec: Reps = SPEC) -> RepCounter:
    counter = RepCounter(spec)
    for i, value in enumerate(values):
        counter.update(value, i / FPS)
    return counter


def test_counts_clean_reps() -> None:
    counter = count(squats(5))
    assert counter.count == 5


def test_noise_never_adds_a_rep() -> None:
    for seed in range(20):
        assert count(squats(5, noise_deg=4.0, seed=seed)).count == 5


def test_jitter_at_a_threshold_is_not_a_rep() -> None:
    rng = np.random.default_rng(1)
    standing_near_threshold = list(160 + rng.normal(0, 5, 300))  # hovering around start_above
    half_squat_near_bottom = list(120 + rng.normal(0, 5, 300))  # and around bottom_below
    assert count([170.0, *standing_near_threshold]).count == 0
    assert count([170.0, 140.0, *half_squat_near_bottom]).count == 0


def test_too_fast_is_not_counted() -> None:
    counter = count([170.0, 170.0, 100.0, 100.0, 170.0, 170.0])  # 0.1 s down and up: a glitch
    assert counter.count == 0 and counter.rejected == 1


def test_too_slow_is_not_counted() -> None:
    slow = [170.0] * 10 + [100.0] * int(12 * FPS) + [170.0] * 10  # 12 s at the bottom
    counter = count(slow)
    assert counter.count == 0 and counter.rejected == 1
    assert count(slow + squats(1)).count == 1  # and counting resumes afterwards


def test_hidden_landmarks_freeze_the_state() -> None:
    values: list[float | None] = squats(1)
    bottom = int(np.argmin(values))
    hidden = values[: bottom - 5] + [None] * 60 + values[bottom - 5 :]
    counter = RepCounter(SPEC)
    phases = []
    for i, value in enumerate(hidden):
        counter.update(value, i / FPS)
        phases.append(counter.phase)
    gap = phases[bottom - 5 : bottom + 55]
    assert len(set(gap)) == 1  # nothing moves while nothing is seen
    assert counter.count == 1


def test_nothing_counts_before_the_person_is_first_seen_at_the_top() -> None:
    walking_in_crouched = [100.0] * 30 + [170.0] * 30  # appears low, then stands up
    assert count(walking_in_crouched).count == 0
    assert count(walking_in_crouched + squats(2)).count == 2


def test_rep_event_timing() -> None:
    counter = RepCounter(SPEC)
    events = [e for i, v in enumerate(squats(1)) if (e := counter.update(v, i / FPS))]
    (event,) = events
    assert abs(event.bottom_s - 1.0) < 0.05  # the cosine's low point
    assert event.down_s > 0 and event.up_s > 0
    assert abs(event.lowest_deg - 85) < 0.5
