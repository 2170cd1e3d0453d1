"""Pose identification: how well a still pose fits each hold rule, and the best fit or none.

A hold rule's targets are ranges of its measurements. Each target scores 1 when the value is in
its range, falling linearly to 0 at `tolerance_deg` outside it, and 0 when it cannot be measured;
the pose's score is the mean over its targets. The best scoring pose is reported when its score
reaches MIN_SCORE (most targets in range, the rest near), otherwise no pose.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.coaching.measure import measure_rule
from coach.coaching.rule_schema import Rule
from coach.vision.landmarks import PoseLandmarks

# A pose is named only when its targets are, on average, 85 % of the way in range: with four
# targets, three in range and the fourth within half the tolerance.
MIN_SCORE = 0.85


@dataclass(frozen=True)
class PoseMatch:
    """The identified pose (None when none fits) and every hold rule's score, best first."""

    id: str | None
    score: float
    candidates: tuple[tuple[str, float], ...]


def pose_score(rule: Rule, pose: PoseLandmarks) -> float:
    """How well `pose` fits the hold rule, 0 to 1."""
    assert rule.hold is not None
    values = measure_rule(rule, pose)
    scores = []
    for target in rule.hold.targets:
        tolerance = rule.hold.tolerance_ratio if target.unit == "ratio" else rule.hold.tolerance_deg
        value = values[target.measurement]
        if value is None:
            scores.append(0.0)
            continue
        below = target.low - value if target.low is not None else 0.0
        above = value - target.high if target.high is not None else 0.0
        outside = max(0.0, below, above)
        scores.append(max(0.0, 1.0 - outside / tolerance))
    return sum(scores) / len(scores)


def identify(rules: dict[str, Rule], pose: PoseLandmarks | None) -> PoseMatch:
    """Score every hold rule on the pose; the best one if it reaches MIN_SCORE."""
    holds = [rule for rule in rules.values() if rule.hold is not None]
    if pose is None or not holds:
        return PoseMatch(None, 0.0, ())
    scored = sorted(((r.id, round(pose_score(r, pose), 3)) for r in holds), key=lambda c: -c[1])
    best_id, best = scored[0]
    return PoseMatch(best_id if best >= MIN_SCORE else None, best, tuple(scored))
