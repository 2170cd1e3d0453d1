"""Measurements of the rule language on constructed poses, and the camera view."""

from __future__ import annotations

import numpy as np
import pytest

from coach.coaching.camera_view import ViewTracker, width_ratio
from coach.coaching.engine import Evaluator
from coach.coaching.measure import measure_across, measure_side
from coach.coaching.rule_loader import parse_rule
from coach.coaching.rule_schema import ForwardOffset, JointAngle, Tilt, Width
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks

W, H = 1000, 1000


def pose_of(points: dict[str, tuple[float, float]]) -> PoseLandmarks:
    normalized = np.zeros((NUM_LANDMARKS, 4))
    for name, (x, y) in points.items():
        normalized[INDEX[name]] = (x / W, y / H, 0.0, 0.99)
    return PoseLandmarks(normalized, None, W, H)


FRONT = {  # facing the camera: the person's left on the image's right
    "left_shoulder": (600, 300), "right_shoulder": (400, 300),
    "left_hip": (570, 550), "right_hip": (430, 550),
    "left_knee": (560, 750), "right_knee": (440, 750),
    "left_ankle": (600, 950), "right_ankle": (400, 950),
}  # fmt: skip
SIDE = {  # in profile, facing image right: the near (left) side seen, the far side hidden
    "left_shoulder": (500, 300), "left_hip": (500, 550), "left_knee": (620, 650),
    "left_ankle": (560, 900), "left_heel": (530, 920), "left_foot_index": (640, 920),
}  # fmt: skip


def test_width_ratio_knees_against_ankles() -> None:
    value = measure_across(Width(width="knee", per_width="ankle"), pose_of(FRONT))
    assert value == pytest.approx(120 / 200)  # knees 120 px apart, ankles 200: caving in


def test_tilt_of_the_shoulder_line() -> None:
    tilted = dict(FRONT, left_shoulder=(600, 300 - 200 * np.tan(np.radians(5))))
    assert measure_across(Tilt(tilt="shoulder"), pose_of(tilted)) == pytest.approx(5)
    assert measure_across(Tilt(tilt="shoulder"), pose_of(FRONT)) == pytest.approx(0)


@pytest.mark.parametrize("facing", [1, -1])
def test_knee_past_toes_follows_the_way_the_toes_point(facing: int) -> None:
    mirrored = {k: (500 + facing * (x - 500), y) for k, (x, y) in SIDE.items()}
    offset = ForwardOffset(ahead=("foot_index", "knee"), per=("knee", "ankle"))
    shin = np.hypot(620 - 560, 650 - 900)
    value = measure_side(offset, pose_of(mirrored), "left")
    assert value == pytest.approx((620 - 640) / shin)  # 20 px behind the toes, either way


def test_difference_of_the_two_sides() -> None:
    rule = parse_rule(
        "id: t\nname: T\nmeasurements:\n  d: {angle: [hip, knee, ankle], side: difference}\n"
        "  hi: {angle: [hip, knee, ankle], side: larger}\n"
        "reps: {measurement: hi, start_above_deg: 160, bottom_below_deg: 120}\n",
        "t.yaml",
    )
    values = Evaluator(rule).measure(pose_of(FRONT))
    left = measure_side(JointAngle(angle=("hip", "knee", "ankle")), pose_of(FRONT), "left")
    right = measure_side(JointAngle(angle=("hip", "knee", "ankle")), pose_of(FRONT), "right")
    assert left is not None and right is not None
    assert values["d"] == pytest.approx(abs(left - right))
    assert values["hi"] == pytest.approx(max(left, right))


def test_camera_view_from_body_width() -> None:
    assert width_ratio(pose_of(FRONT)) > 0.4
    assert width_ratio(pose_of(SIDE)) == 0.0  # the far shoulder and hip are hidden
    tracker = ViewTracker(settle_s=1.0)
    assert tracker.update(pose_of(FRONT), 0.0) == "front"
    assert tracker.update(pose_of(SIDE), 0.5) == "front"  # not settled yet
    assert tracker.update(pose_of(SIDE), 1.0) == "front"
    assert tracker.update(pose_of(SIDE), 1.6) == "side"  # settled after a second


def test_wrong_view_gives_a_tip_and_keeps_counting() -> None:
    """A side-view rule seen from the front: its checks wait for the side view, the user gets a
    tip (once, then it cools down), and reps are still counted (the counter is running)."""
    rule = parse_rule(
        "id: t\nname: T\nview: side\nmeasurements:\n  knee: {angle: [hip, knee, ankle]}\n"
        "reps: {measurement: knee, min_excursion_deg: 30}\n"
        "checks:\n  - {id: deep, when: always, measurement: knee, min_deg: 179, message: Bend}\n",
        "t.yaml",
    )
    evaluator = Evaluator(rule)
    prompts = [evaluator.update(pose_of(FRONT), i / 30).view_prompt for i in range(60)]
    assert set(prompts) == {"Turn sideways to the camera to have your form checked"}
    assert [f.check for f in evaluator.feedback] == ["camera_view"]  # said once, then cooled down
    assert evaluator.reps is not None and evaluator.reps.phase == "top"  # counting
    no_checks = rule.model_copy(update={"checks": []})
    evaluation = Evaluator(no_checks).update(pose_of(FRONT), 0.0)
    assert evaluation.view_prompt is None  # nothing to turn for
