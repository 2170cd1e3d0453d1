"""The rep counter: range of motion with hysteresis under seeded noise, reps at either end of a
recording, partial lockout, rests, glitches, both directions, ratios, learning and calibration."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.coaching.reps import RepCounter
from coach.coaching.rule_schema import Reps

# An old rule file's keys: still accepted, their difference (40) is the minimum excursion.
LEGACY = Reps(
    measurement="knee",
    start_above_deg=160,
    bottom_below_deg=120,
    min_duration_s=0.5,
    max_duration_s=10,
)
SQUAT = Reps(measurement="knee", min_excursion_deg=30, min_duration_s=0.3, max_duration_s=10)
PRESS = Reps(measurement="elbow", direction="extension", min_excursion_deg=40, max_duration_s=10)
FPS = 30.0


def reps(
    n: int,
    period_s: float = 2.0,
    top: float = 175.0,
    bottom: float = 85.0,
    noise: float = 0.0,
    seed: int = 0,
    rest_s: float = 1.0,
) -> list[float]:
    """n cosine reps from `top` to `bottom` and back, `rest_s` at the top after them, with
    seeded Gaussian noise of `noise` (standard deviation)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(n * period_s * FPS) + int(rest_s * FPS)) / FPS
    phase = np.clip(t / period_s, 0, n)
    middle, half = (top + bottom) / 2, (top - bottom) / 2
    angle = middle + half * np.cos(2 * np.pi * phase)
    return list(angle + rng.normal(0, noise, len(t)))


def count(values: list[float | None], spec: Reps = SQUAT, **kwargs: float) -> RepCounter:
    counter = RepCounter(spec, **kwargs)  # type: ignore[arg-type]
    for i, value in enumerate(values):
        counter.update(value, i / FPS)
    return counter


def test_counts_clean_reps_with_new_and_old_keys() -> None:
    assert count(reps(5)).count == 5
    assert count(reps(5), LEGACY).count == 5
    assert LEGACY.min_excursion == 40


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    noise=st.floats(0.0, 5.0),
    n=st.integers(1, 6),
    period_s=st.floats(0.9, 6.0),
    depth=st.floats(40.0, 120.0),
)
def test_seeded_noise_never_adds_or_loses_a_rep(
    seed: int, noise: float, n: int, period_s: float, depth: float
) -> None:
    """Noise of up to 5 degrees (MediaPipe's smoothed joint angles jitter by 1-3) near every
    turn-around, on reps of any depth and speed between fast (0.9 s) and slow (6 s)."""
    values = reps(n, period_s, bottom=175 - depth, noise=noise, seed=seed)
    assert count(values).count == n


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), noise=st.floats(0.0, 5.0), level=st.floats(60, 175))
def test_noise_at_rest_or_held_low_counts_nothing(seed: int, noise: float, level: float) -> None:
    """Standing still, or holding any position, with jitter: no rep."""
    rng = np.random.default_rng(seed)
    still = list(level + rng.normal(0, noise, 600))
    assert count(still).count == 0


def test_a_rep_at_either_end_of_a_recording() -> None:
    full = reps(3)
    mid_descent = full[15:]  # the recording starts on the way down of rep 1
    assert count(mid_descent).count == 3
    bottom = int(np.argmin(full[120:])) + 120  # rep 3's bottom
    span = 175 - 85
    up = next(i for i in range(bottom, len(full)) if full[i] > 85 + 0.6 * span)
    assert count(full[: up + 2]).count == 3  # cut 60 % of the way up: counted
    up30 = next(i for i in range(bottom, len(full)) if full[i] > 85 + 0.3 * span)
    assert count(full[: up30 + 2]).count == 2  # cut 30 % up: too early to be sure


def test_partial_lockout_still_counts() -> None:
    """Push-ups that lock out once, then come up only to 135 degrees between reps."""
    first = reps(1, top=170, bottom=80, rest_s=0)
    half = first[: len(first) // 2]  # down to the bottom of rep 1
    tops = [
        80 + (135 - 80) * (1 - np.cos(2 * np.pi * t / 1.5)) / 2 for t in np.arange(0, 6, 1 / FPS)
    ]
    counter = count([170.0] * 10 + half + tops + [170.0] * 30)
    assert counter.count == 5  # rep 1 and the four without lockout


def test_rests_between_sets_and_long_bends_count_nothing() -> None:
    sitting = [175.0] * 30 + [90.0] * int(30 * FPS) + [175.0] * 30  # sat down for 30 s
    counter = count(sitting)
    assert counter.count == 0
    assert count(sitting + reps(2)).count == 2  # and counting resumes
    tying_a_shoe = [175.0] * 30 + list(np.linspace(175, 60, 30)) + [60.0] * 360 + [175.0] * 30
    assert count(tying_a_shoe).count == 0  # 12 s bent down


def test_walking_in_crouched_and_one_frame_glitches_count_nothing() -> None:
    walking_in = [100.0] * 30 + [170.0] * 30  # appears low, then stands up
    assert count(walking_in).count == 0
    assert count(walking_in + reps(2)).count == 2
    glitches = [175.0] * 300
    for i in range(20, 300, 40):
        glitches[i] = 40.0  # one frame in a wrong place
    assert count(glitches).count == 0
    too_fast = [170.0] * 10 + [100.0] * 3 + [170.0] * 10  # 0.1 s down and up
    assert count(too_fast).count == 0


def test_extension_and_ratios() -> None:
    press = reps(4, top=85, bottom=165)  # the elbow opens from 85 to 165 and back
    counter = count(press, PRESS)
    assert counter.count == 4
    jacks = Reps(measurement="feet", direction="extension", min_excursion_ratio=0.5,
                 min_duration_s=0.3, max_duration_s=5)  # fmt: skip
    feet = [v / 100 for v in reps(6, period_s=1.2, top=60, bottom=180)]  # 0.6 to 1.8
    assert count(feet, jacks).count == 6
    assert count([v / 100 for v in reps(6, top=60, bottom=90)], jacks).count == 0  # 0.3 apart


def test_fast_and_slow_reps() -> None:
    assert count(reps(6, period_s=0.9)).count == 6
    assert count(reps(2, period_s=6.0)).count == 2


def test_learned_depth_ignores_fidgets_after_the_first_reps() -> None:
    fidget = reps(1, top=175, bottom=140)  # 35 degrees: above the rule's 30, a third of a rep
    assert count(fidget).count == 1  # alone, nothing says it is not a rep
    counter = count(reps(3) + fidget + reps(1))
    assert counter.count == 4  # after three 90-degree squats it is a fidget
    assert abs(counter.gate - 45.0) < 0.5  # half the median depth
    assert count(fidget, learned_depth=90.0).count == 0  # a calibration knows it at once


def test_tiring_reps_keep_counting() -> None:
    depths = [90, 85, 80, 72, 65, 58, 52, 47]
    values = [v for d in depths for v in reps(1, bottom=175 - d, rest_s=0.3)]
    assert count(values).count == len(depths)


def test_hidden_landmarks_freeze_the_state() -> None:
    values: list[float | None] = list(reps(1))
    bottom = int(np.argmin(values))  # type: ignore[arg-type]
    hidden = values[: bottom - 5] + [None] * 60 + values[bottom - 5 :]
    counter = RepCounter(SQUAT)
    phases = []
    for i, value in enumerate(hidden):
        counter.update(value, i / FPS)
        phases.append(counter.phase)
    gap = phases[bottom - 5 : bottom + 55]
    assert len(set(gap)) == 1  # nothing moves while nothing is seen
    assert counter.count == 1


def test_phases_turn_around_and_event() -> None:
    """The interface the live feedback uses: going_up on the frame the turn is confirmed, the
    extreme so far, the event's times and values."""
    counter = RepCounter(SQUAT)
    phases, events = [], []
    for i, v in enumerate(reps(1)):
        event = counter.update(v, i / FPS)
        phases.append(counter.phase)
        if event is not None:
            events.append(event)
    order = [p for i, p in enumerate(phases) if i == 0 or p != phases[i - 1]]
    assert order == ["top", "going_down", "bottom", "going_up", "top"]
    turn = phases.index("going_up")
    assert counter.extreme[0] == min(reps(1)[: turn + 1]) or abs(counter.extreme[0] - 85) < 1
    (event,) = events
    assert abs(event.bottom_s - 1.0) < 0.1  # the cosine's low point (one frame of median delay)
    assert event.down_s > 0 and event.up_s > 0
    assert abs(event.lowest_deg - 85) < 0.5
    assert event.rest_value is not None and abs(event.rest_value - 175) < 0.5
    assert event.depth is not None and abs(event.depth - 90) < 1


def test_press_extreme_is_the_highest_value() -> None:
    counter = RepCounter(PRESS)
    events = [
        e for i, v in enumerate(reps(1, top=85, bottom=165)) if (e := counter.update(v, i / FPS))
    ]
    (event,) = events
    assert abs(event.lowest_deg - 165) < 0.5 and event.rest_value is not None
    assert abs(event.rest_value - 85) < 0.5
