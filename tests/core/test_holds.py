"""Hold timing: enter and exit delays, the time credited from when the pose began, wobbles,
danger checks stopping the clock, best and total time."""

from __future__ import annotations

from coach.coaching.holds import HoldTimer
from coach.coaching.rule_schema import Hold, Target

SPEC = Hold(targets=[Target(measurement="knee", min_deg=160)], enter_s=1.0, exit_s=0.5)
FPS = 10.0


def run(frames: list[tuple[bool | None, bool]]) -> HoldTimer:
    """Feed (in the pose, safe) frames at FPS from t = 0."""
    timer = HoldTimer(SPEC)
    for i, (in_pose, safe) in enumerate(frames):
        timer.update(in_pose, safe, i / FPS)
    return timer


def test_the_hold_starts_after_the_enter_delay_and_is_timed_from_the_pose_s_start() -> None:
    """The enter delay confirms that the pose is held; a stopwatch started when the person got
    into it, so that second is credited (it was not, before issue 13: a 10 s plank read 9 s)."""
    assert not run([(True, True)] * 10).holding  # 0.9 s: not confirmed yet, nothing timed
    assert run([(True, True)] * 10).total_s == 0.0
    timer = run([(False, True)] * 5 + [(True, True)] * 51)  # in the pose from 0.5 s to 5.5 s
    assert timer.holding and timer.holds == 1
    assert abs(timer.best_s - 5.0) < 1e-9


def test_a_wobble_shorter_than_exit_s_neither_ends_the_hold_nor_stops_the_clock() -> None:
    wobble = [(True, True)] * 30 + [(False, True)] * 3 + [(None, True)] * 1 + [(True, True)] * 30
    timer = run(wobble)
    assert timer.holds == 1
    assert abs(timer.best_s - 6.3) < 1e-9  # 0 to 6.3 s, the 0.4 s wobble included


def test_leaving_the_pose_ends_it_and_best_and_total_add_up() -> None:
    frames = [(True, True)] * 31 + [(False, True)] * 20 + [(True, True)] * 21
    timer = run(frames)
    assert timer.holds == 2
    # The first: 0 to 3.0 s, the last frame in the pose (the exit delay is not counted);
    # the second: 5.1 to 7.1 s.
    assert abs(timer.best_s - 3.0) < 1e-9
    assert abs(timer.total_s - 5.0) < 1e-9


def test_a_pose_left_before_the_enter_delay_is_not_a_hold() -> None:
    timer = run(([(True, True)] * 8 + [(False, True)] * 2) * 5)
    assert timer.holds == 0 and timer.total_s == 0.0


def test_the_clock_stops_while_a_danger_check_fails() -> None:
    """`safe` False: a danger check fails (coach.coaching.engine); warnings do not stop it."""
    frames = [(True, True)] * 21 + [(True, False)] * 20 + [(True, True)] * 10
    timer = run(frames)
    assert timer.holding and timer.holds == 1
    assert abs(timer.total_s - 3.0) < 1e-9  # 0-2.0 s and 4.0-5.0 s; not the 2 s in danger


def test_nobody_seen_for_longer_than_exit_s_ends_the_hold() -> None:
    timer = run([(True, True)] * 20 + [(None, True)] * 20)
    assert not timer.holding
    assert abs(timer.best_s - 1.9) < 1e-9


def test_a_zero_enter_delay_starts_the_hold_at_once() -> None:
    timer = HoldTimer(SPEC.model_copy(update={"enter_s": 0.0}))
    timer.update(True, True, 0.0)
    assert timer.holding and timer.holds == 1
