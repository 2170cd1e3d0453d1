"""The evaluator: checks at the bottom, over the rep and always (debounce, cooldown)."""

from __future__ import annotations

import numpy as np

from coach.engine import Evaluator
from coach.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks
from coach.rule_loader import parse_rule

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


def rep(bottom_knee: float, lean: float) -> list[tuple[float, float]]:
    down = np.linspace(175, bottom_knee, 30)
    return [(k, lean) for k in [175.0] * 10 + list(down) + list(down[::-1]) + [175.0] * 10]


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
