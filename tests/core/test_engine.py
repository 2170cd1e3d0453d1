"""The evaluator: checks at the bottom, over the rep and always (debounce, cooldown)."""

from __future__ import annotations

from typing import Any

import numpy as np

from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import parse_rule
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks

RULE = parse_rule(
    """
id: test_squat
name: Test squat
measurements:
  knee:
    angle: [hip, knee, ankle]
  lean:
    segment: [hip, shoulder]
reps:
  measurement: knee
  start_above_deg: 160
  bottom_below_deg: 120
checks:
  - id: depth
    when: bottom
    measurement: knee
    max_deg: 100
    message: Go deeper
  - id: lean_in_rep
    when: rep
    measurement: lean
    max_deg: 40
    message: Chest up
  - id: stand_tall
    when: top
    measurement: knee
    min_deg: 170
    message: Stand up straight between reps
  - id: lean_always
    when: always
    measurement: lean
    max_deg: 40
    debounce_s: 0.5
    cooldown_s: 3
    message: Stand tall
""",
    "test",
)
FPS = 30.0


def pose(knee_deg: float, lean_deg: float, side: str = "left") -> PoseLandmarks:
    """A side view: hip at the origin of the leg, thigh horizontal-ish, shin to give knee_deg."""
    px = np.zeros((NUM_LANDMARKS, 2))
    hip, knee = np.array([500.0, 400.0]), np.array([600.0, 400.0])
    shin = np.radians(180 - knee_deg)
    ankle = knee + 100 * np.array([np.cos(shin), np.sin(shin)])
    lean = np.radians(lean_deg)
    shoulder = hip + 200 * np.array([np.sin(lean), -np.cos(lean)])
    for name, xy in {"hip": hip, "knee": knee, "ankle": ankle, "shoulder": shoulder}.items():
        px[INDEX[f"{side}_{name}"]] = xy
    normalized = np.zeros((NUM_LANDMARKS, 4))
    normalized[:, :2] = px / [1280, 720]
    normalized[:, 3] = 0.1
    for name in ("hip", "knee", "ankle", "shoulder"):
        normalized[INDEX[f"{side}_{name}"], 3] = 0.95
    return PoseLandmarks(normalized, None, 1280, 720)


def run(frames: list[tuple[float, float]]) -> Evaluator:
    evaluator = Evaluator(RULE)
    for i, (knee, lean) in enumerate(frames):
        evaluator.update(pose(knee, lean), i / FPS)
    return evaluator


def rep(bottom_knee: float, lean: float, top: float = 175.0) -> list[tuple[float, float]]:
    down = np.linspace(top, bottom_knee, 30)
    return [(k, lean) for k in [top] * 10 + list(down) + list(down[::-1]) + [top] * 10]


def test_measurements_are_right() -> None:
    values = Evaluator(RULE).measure(pose(95.0, 30.0))
    assert abs(values["knee"] - 95.0) < 1e-6 and abs(values["lean"] - 30.0) < 1e-6


def test_good_and_faulty_reps() -> None:
    evaluator = run(rep(85, 20) + rep(110, 20) + rep(85, 50))
    assert [e.faults for e in evaluator.rep_events] == [(), ("depth",), ("lean_in_rep",)]
    summary = evaluator.summary()
    assert summary["reps"] == {"total": 3, "good": 1, "faulty": 2}
    assert [f["check"] for f in summary["feedback"] if f["check"] != "lean_always"] == [
        "depth",
        "lean_in_rep",
    ]


def test_always_check_is_debounced_and_cooled_down() -> None:
    leaning = [(175.0, 50.0)] * int(10 * FPS)  # 10 s leaning forward while standing
    brief = [(175.0, 10.0)] * 30 + [(175.0, 50.0)] * 10 + [(175.0, 10.0)] * 30  # 0.33 s lean
    said = [f.time_s for f in run(leaning).feedback]
    assert said[0] >= 0.5  # only once the fault has lasted debounce_s
    assert np.all(np.diff(said) >= 3.0)  # then at most every cooldown_s
    assert len(said) == 4  # 0.5, 3.5, 6.5, 9.5
    assert run(brief).feedback == []  # too brief to nag about


def test_the_measured_side_follows_visibility() -> None:
    evaluator = Evaluator(RULE)
    evaluator.update(pose(100.0, 0.0, side="right"), 0.0)
    assert evaluator._sides["knee"] == "right"
    assert abs(evaluator.measure(pose(100.0, 0.0, side="right"))["knee"] - 100.0) < 1e-6


WALL_SIT = """
id: wall_sit
name: Wall sit
measurements:
  knee:
    angle: [hip, knee, ankle]
  lean:
    segment: [hip, shoulder]
hold:
  targets:
    - measurement: knee
      min_deg: 80
      max_deg: 110
  enter_s: 1.0
  exit_s: 0.5
checks:
  - id: upright
    when: hold
    measurement: lean
    max_deg: 20
    severity: SEVERITY
    source: a test
    message: Back against the wall
"""


def wall_sit(severity: str) -> dict[str, Any]:
    """In the pose from 1 s to 8 s, leaning (out of form) from 6 s: the summary."""
    evaluator = Evaluator(parse_rule(WALL_SIT.replace("SEVERITY", severity), "test"))
    frames = [(175.0, 5.0)] * 30 + [(95.0, 5.0)] * 150 + [(95.0, 40.0)] * 60 + [(175.0, 5.0)] * 30
    for i, (knee, lean) in enumerate(frames):
        evaluator.update(pose(knee, lean), i / FPS)
    return evaluator.summary()


def test_a_hold_rule_times_the_pose_and_a_warning_does_not_stop_it() -> None:
    """A warning is told ("back against the wall") while the hold goes on; the hold is timed
    from when the pose began (1 s) to its last frame (8 s less a frame)."""
    summary = wall_sit("warning")
    assert summary["holds"]["count"] == 1
    assert abs(summary["holds"]["best_s"] - (7.0 - 1 / FPS)) < 0.01  # rounded to 0.01 s
    assert [f["check"] for f in summary["feedback"]] == ["upright"]
    assert "reps" not in summary


def test_a_failing_danger_check_stops_the_hold_s_clock() -> None:
    summary = wall_sit("danger")
    assert summary["holds"]["count"] == 1
    assert abs(summary["holds"]["best_s"] - (5.0 - 1 / FPS)) < 0.01  # 1 s to 6 s only
    assert [f["check"] for f in summary["feedback"]] == ["upright"]


def told(frames: list[tuple[float, float]]) -> list[tuple[float, str]]:
    """(time, check) of every message the evaluator gives, on the frame it gives it."""
    evaluator = Evaluator(RULE)
    out = []
    for i, (knee, lean) in enumerate(frames):
        out += [(f.time_s, f.check) for f in evaluator.update(pose(knee, lean), i / FPS).feedback]
    return [(t, c) for t, c in out if c != "lean_always"]


def test_a_bottom_fault_is_told_at_the_turn_around_not_at_the_rep_end() -> None:
    frames = rep(110, 20)  # too shallow: "depth" at the bottom
    bottom_s = 39 / FPS  # frames 0-9 standing, 10-39 going down to 110 degrees
    said = told(frames)
    assert [c for _, c in said] == ["depth"]
    # Told as soon as the counter confirms the turn-around (the knee back up a fifth of its
    # gate, coach.coaching.reps), a few frames after the bottom, long before the rep ends.
    assert 0 < said[0][0] - bottom_s <= 0.2
    rep_event = run(frames).rep_events[0]
    # (The rep ends, counted, once the knee is half-way back up.)
    assert said[0][0] < rep_event.end_s - 0.4 and rep_event.faults == ("depth",)


def test_a_top_fault_is_told_as_the_next_rep_starts_and_a_rep_fault_at_its_end() -> None:
    soft_top = rep(85, 20, top=165.0)  # knees never straightened (stand_tall wants 170)
    leaning = rep(85, 50)  # the chest drops during the rep (lean_in_rep, judged over the rep)
    said = told(soft_top + rep(85, 20) + leaning)
    evaluator = run(soft_top + rep(85, 20) + leaning)
    starts = [e.start_s for e in evaluator.rep_events]
    ends = [e.end_s for e in evaluator.rep_events]
    # The soft top before the first rep is told as that rep begins; the lean as its rep ends.
    # (A rep starts on its last frame at rest; the descent is certain, and the top fault told,
    # one frame later.)
    assert [c for _, c in said] == ["stand_tall", "lean_in_rep"]
    assert 0 <= said[0][0] - starts[0] <= 1.5 / FPS and said[1][0] == ends[2]
    assert [e.faults for e in evaluator.rep_events] == [("stand_tall",), (), ("lean_in_rep",)]


def test_a_rep_check_with_both_bounds_judges_the_low_one_too() -> None:
    both = RULE.model_copy(
        update={
            "checks": [
                RULE.checks[1].model_copy(update={"min_deg": 10.0, "max_deg": 40.0}),
            ]
        }
    )
    evaluator = Evaluator(both)
    for i, (knee, lean) in enumerate(rep(85, 5)):  # lean 5 degrees: below the low bound
        evaluator.update(pose(knee, lean), i / FPS)
    assert evaluator.rep_events[0].faults == ("lean_in_rep",)


def test_view_specific_checks_wait_for_their_view_and_reps_count_in_any() -> None:
    """A side-view rule's reps count from any view; its checks are judged only from the side
    (the synthetic poses have one side's points only: the side view)."""
    side_rule = RULE.model_copy(update={"view": "side"})
    front_only = RULE.model_copy(update={"view": "front"})
    frames = rep(85, 50) + rep(85, 50)
    for rule, judged in ((side_rule, True), (front_only, False)):
        evaluator = Evaluator(rule)
        for i, (knee, lean) in enumerate(frames):
            evaluation = evaluator.update(pose(knee, lean), i / FPS)
        assert len(evaluator.rep_events) == 2  # counted either way
        assert all(("lean_in_rep" in e.faults) == judged for e in evaluator.rep_events)
        assert (evaluation.view_prompt is not None) == (not judged)  # "Face the camera ..."


def front_legs(knee_shift_px: float) -> PoseLandmarks:
    """Both legs from the front: hips 200 px apart, ankles below them, each knee moved
    `knee_shift_px` toward the midline (positive: caving in)."""
    px = np.zeros((NUM_LANDMARKS, 2))
    for side, x, inward in (("left", 740.0, -1.0), ("right", 540.0, 1.0)):
        px[INDEX[f"{side}_hip"]] = (x, 300.0)
        px[INDEX[f"{side}_knee"]] = (x + inward * knee_shift_px, 450.0)
        px[INDEX[f"{side}_ankle"]] = (x, 600.0)
        px[INDEX[f"{side}_shoulder"]] = (x, 100.0)
    normalized = np.zeros((NUM_LANDMARKS, 4))
    normalized[:, :2] = px / [1280, 720]
    normalized[:, 3] = 0.95
    return PoseLandmarks(normalized, None, 1280, 720)


def test_knee_valgus_is_the_signed_frontal_plane_projection_angle() -> None:
    """Munro et al. 2012: the angle between thigh and shank seen from the front, positive when
    the knee lies inside the hip-ankle line. Knees in by 30 px over a 150 px thigh: 2 x
    atan(30/150) = 22.6 degrees; out by 30 px: -22.6; straight: 0."""
    rule = parse_rule(
        "id: v\nname: V\nmeasurements:\n"
        "  left: {medial: [hip, knee, ankle], side: left}\n"
        "  right: {medial: [hip, knee, ankle], side: right}\n"
        "  worse: {medial: [hip, knee, ankle], side: larger}\n"
        "reps: {measurement: worse, min_excursion_deg: 10}\n",
        "v.yaml",
    )
    expected = float(np.degrees(2 * np.arctan(30 / 150)))
    for shift, sign in ((30.0, 1.0), (-30.0, -1.0), (0.0, 0.0)):
        values = Evaluator(rule).measure(front_legs(shift))
        for name in ("left", "right", "worse"):
            assert values[name] is not None
            assert abs(values[name] - sign * expected) < 1e-6, (shift, name, values)
