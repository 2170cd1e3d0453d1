"""Hold timing: enter and exit delays, the timer runs only in form, best and total time."""

from __future__ import annotations

from coach.coaching.holds import HoldTimer
from coach.coaching.rule_schema import Hold, Target

SPEC = Hold(targets=[Target(measurement="knee", min_deg=160)], enter_s=1.0, exit_s=0.5)
FPS = 10.0


def run(frames: list[tuple[bool | None, bool]]) -> HoldTimer:
    timer = HoldTimer(SPEC)
    for i, (in_pose, in_form) in enumerate(frames):
        timer.update(in_pose, in_form, i / FPS)
    return timer


def test_enters_after_the_delay_and_times_the_hold() -> None:
    timer = run([(True, True)] * 51)  # 5 s in the pose
    assert timer.holding and timer.holds == 1
    assert abs(timer.best_s - 4.0) < 0.11  # 5 s less the 1 s enter delay


def test_a_wobble_shorter_than_exit_s_does_not_end_the_hold() -> None:
    wobble = [(True, True)] * 30 + [(False, True)] * 3 + [(True, True)] * 30
    timer = run(wobble)
    assert timer.holds == 1
    assert timer.best_s > 4.5


def test_leaving_the_pose_ends_it_and_best_and_total_add_up() -> None:
    frames = [(True, True)] * 31 + [(False, True)] * 20 + [(True, True)] * 21
    timer = run(frames)
    assert timer.holds == 2
    assert abs(timer.best_s - 2.0) < 0.01  # the first: 3 s less the 1 s enter delay
    assert abs(timer.total_s - 3.0) < 0.01  # and 1 s of the second


def test_the_timer_stops_while_out_of_form() -> None:
    frames = [(True, True)] * 21 + [(True, False)] * 20 + [(True, True)] * 10
    timer = run(frames)
    assert timer.holding and timer.holds == 1
    assert abs(timer.total_s - 2.0) < 0.21  # 1 s before the fault, 1 s after; 2 s out of form


def test_nobody_seen_counts_as_out_of_the_pose() -> None:
    timer = run([(True, True)] * 20 + [(None, True)] * 20)
    assert not timer.holding
