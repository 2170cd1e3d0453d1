"""The rules docs/rules.md gives for common gym exercises are complete and work: each parses, the
shipped ones are the built-in files, each counts its development video, and the calf raise (no
video) counts a synthetic heel lift."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules, parse_rule
from coach.coaching.rule_schema import Rule
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks
from tests.data.golden import poses, truth

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
SECTION = DOCS.read_text().split("## Rules for common gym exercises")[1].split("\n## ")[0]
DOC_RULES = {
    rule.id: rule
    for rule in (
        parse_rule(block, "docs/rules.md")
        for block in re.findall(r"```yaml\n(.*?)```", SECTION, re.DOTALL)
    )
}
BUILTIN = load_rules(BUILTIN_RULES).rules
VIDEOS = truth()["videos"]


def test_the_five_exercises_of_the_issue_and_the_bridge_are_there() -> None:
    wanted = {"shoulder_press", "lateral_raise", "jumping_jack", "sit_up", "calf_raise"}
    assert wanted | {"glute_bridge"} == set(DOC_RULES)


@pytest.mark.parametrize("rule_id", sorted(DOC_RULES))
def test_a_docs_rule_is_the_builtin_and_counts_its_video(rule_id: str) -> None:
    rule = DOC_RULES[rule_id]
    videos = [s for s, t in VIDEOS.items() if t["rule"] == rule_id and t["reps"]]
    if rule_id not in BUILTIN:
        assert not videos  # not shipped because there is nothing to check it on
        return
    assert rule == BUILTIN[rule_id]
    assert videos
    for stem in videos:
        evaluator = Evaluator(rule)
        for pose, t_s in poses(stem):
            evaluator.update(pose, t_s)
        assert len(evaluator.rep_events) in VIDEOS[stem]["accepted"], stem


def standing_on_toes(heel_up_deg: float) -> PoseLandmarks:
    """A person seen from the side, knees straight, the foot tilted `heel_up_deg` about the toes
    (heel raised); the foot is 120 px from heel to toes."""
    px = np.zeros((NUM_LANDMARKS, 2))
    lift = np.radians(heel_up_deg)
    toes = np.array([700.0, 650.0])
    heel = toes + 120 * np.array([-np.cos(lift), -np.sin(lift)])
    ankle = heel + np.array([20.0, -40.0])
    up = np.array([0.0, -1.0])
    points = {"foot_index": toes, "heel": heel, "ankle": ankle, "knee": ankle + 220 * up,
              "hip": ankle + 440 * up, "shoulder": ankle + 700 * up}  # fmt: skip
    for name, xy in points.items():
        px[INDEX[f"left_{name}"]] = xy
    normalized = np.zeros((NUM_LANDMARKS, 4))
    normalized[:, :2] = px / [1280, 720]
    for name in points:
        normalized[INDEX[f"left_{name}"], 3] = 0.95
    return PoseLandmarks(normalized, None, 1280, 720)


def run(rule: Rule, heel_deg: list[float], fps: float = 30.0) -> Evaluator:
    evaluator = Evaluator(rule)
    for i, deg in enumerate(heel_deg):
        evaluator.update(standing_on_toes(deg), i / fps)
    return evaluator


def test_the_calf_raise_counts_heel_lifts() -> None:
    rule = DOC_RULES["calf_raise"]
    one = [3.0] * 15 + list(np.linspace(3, 25, 20)) + [25.0] * 10 + list(np.linspace(25, 3, 20))
    evaluator = run(rule, one * 5 + [3.0] * 15)
    assert len(evaluator.rep_events) == 5
    assert all(e.faults == () for e in evaluator.rep_events)  # 25 degrees: high enough
    low = [3.0] * 15 + list(np.linspace(3, 12, 20)) + [12.0] * 10 + list(np.linspace(12, 3, 20))
    shallow = run(rule, low * 3 + [3.0] * 15).rep_events
    assert len(shallow) == 3 and all(e.faults == ("height",) for e in shallow)
    rng = np.random.default_rng(7)
    assert run(rule, list(3 + rng.normal(0, 1.5, 300))).rep_events == []  # jitter standing
