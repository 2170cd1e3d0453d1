"""Pose identification: how well a still pose fits each hold rule, and the best fit or none.

A hold rule's targets are ranges of its measurements. Each target scores 1 when the value is in
its range, falling linearly to 0 at `tolerance_deg` outside it, and 0 when it cannot be measured;
the pose's score is the mean over its targets. A rule with `hold.mirror` is also scored with left
and right swapped (the pose done on the other side), and the better of the two counts. The best
scoring pose is reported when its score reaches MIN_SCORE (most targets in range, the rest near),
otherwise no pose.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.coaching.measure import SideChooser, better_seen_side, measure_rule
from coach.coaching.rule_schema import JointAngle, Measurement, Rule, SegmentAngle, Target
from coach.i18n import N_
from coach.i18n import gettext as _
from coach.vision.landmarks import INDEX, PoseLandmarks

# A pose is named only when its targets are, on average, 85 % of the way in range: with four
# targets, three in range and the fourth within half the tolerance.
MIN_SCORE = 0.85

_OTHER_SIDE = {"left": "right", "right": "left"}


@dataclass(frozen=True)
class PoseMatch:
    """The identified pose (None when none fits) and every hold rule's score, best first."""

    id: str | None
    score: float
    candidates: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PoseFit:
    """How one pose fits one hold rule: the score (0 to 1), each target's score and signed miss
    (value minus the nearest bound, 0 inside the range, None when not measured), and whether the
    fit is of the mirrored pose (left and right swapped)."""

    score: float
    target_scores: tuple[float, ...]
    misses: tuple[float | None, ...]
    mirrored: bool


@dataclass(frozen=True)
class Ghost:
    """A hold's reference pose placed over the user: each joint's position (normalised image
    x, y) and how far the user's joint is from it in torso lengths (None: not seen)."""

    points: dict[str, tuple[float, float]]
    off: dict[str, float | None]


# The user's torso must be seen this well to place the ghost on it (as a template's points).
GHOST_MIN_VISIBILITY = 0.1


def place_ghost(reference: dict[str, tuple[float, float]], pose: PoseLandmarks) -> Ghost | None:
    """The reference pose (torso lengths from the hip centre) on the user: its hip centre on
    the user's, scaled by the user's torso length (hip centre to shoulder centre, pixels).
    None when the user's shoulders and hips are not seen."""
    torso = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not pose.seen(torso, GHOST_MIN_VISIBILITY):
        return None
    px = pose.pixels
    hip = (px[INDEX["left_hip"]] + px[INDEX["right_hip"]]) / 2
    shoulder = (px[INDEX["left_shoulder"]] + px[INDEX["right_shoulder"]]) / 2
    length = float(((shoulder - hip) ** 2).sum() ** 0.5)
    if length < 1e-6:
        return None
    points: dict[str, tuple[float, float]] = {}
    off: dict[str, float | None] = {}
    for name, (x, y) in reference.items():
        gx, gy = hip[0] + x * length, hip[1] + y * length  # pixels
        points[name] = (float(gx / pose.width), float(gy / pose.height))
        if pose.seen((name,)):
            ux, uy = px[INDEX[name]]
            off[name] = float(((ux - gx) ** 2 + (uy - gy) ** 2) ** 0.5 / length)
        else:
            off[name] = None
    return Ghost(points, off)


def mirrored(rule: Rule) -> Rule:
    """The rule with every `left` and `right` measurement swapped: the pose on the other side.
    The reference pose (the ghost) is swapped and reflected too."""
    measurements: dict[str, Measurement] = {}
    for name, m in rule.measurements.items():
        side = getattr(m, "side", "")
        measurements[name] = (
            m.model_copy(update={"side": _OTHER_SIDE[side]}) if side in _OTHER_SIDE else m
        )
    hold = rule.hold
    if hold is not None and hold.reference is not None:
        reference = {_swap_name(name): (-x, y) for name, (x, y) in hold.reference.items()}
        hold = hold.model_copy(update={"reference": reference})
    return rule.model_copy(update={"measurements": measurements, "hold": hold})


def _swap_name(landmark: str) -> str:
    side, _, rest = landmark.partition("_")
    return f"{_OTHER_SIDE[side]}_{rest}" if side in _OTHER_SIDE else landmark


def target_score(rule: Rule, target: Target, value: float | None) -> tuple[float, float | None]:
    """One target's score (0 to 1) and signed miss in its unit (None when not measured)."""
    assert rule.hold is not None
    if value is None:
        return 0.0, None
    tolerance = rule.hold.tolerance_ratio if target.unit == "ratio" else rule.hold.tolerance_deg
    below = target.low - value if target.low is not None else 0.0
    above = value - target.high if target.high is not None else 0.0
    miss = -below if below > 0 else (above if above > 0 else 0.0)
    return max(0.0, 1.0 - abs(miss) / tolerance), miss


def fit_values(rule: Rule, values: dict[str, float | None], is_mirrored: bool = False) -> PoseFit:
    """The fit of measured `values` (of `rule`'s measurements) to its targets."""
    assert rule.hold is not None
    scored = [target_score(rule, t, values[t.measurement]) for t in rule.hold.targets]
    scores = tuple(s for s, _ in scored)
    return PoseFit(sum(scores) / len(scores), scores, tuple(m for _, m in scored), is_mirrored)


def pose_fit(
    rule: Rule,
    pose: PoseLandmarks | None,
    side_of: SideChooser = better_seen_side,
    mirror_rule: Rule | None = None,
) -> PoseFit:
    """How well `pose` fits the hold rule; for a mirror-aware rule, the better of the pose as
    it is and of the pose on the other side (`mirror_rule`: `mirrored(rule)`, when the caller
    keeps it)."""
    straight = fit_values(rule, measure_rule(rule, pose, side_of))
    assert rule.hold is not None
    if not rule.hold.mirror:
        return straight
    other = mirror_rule if mirror_rule is not None else mirrored(rule)
    swapped = fit_values(other, measure_rule(other, pose, side_of), is_mirrored=True)
    return swapped if swapped.score > straight.score else straight


def pose_score(rule: Rule, pose: PoseLandmarks) -> float:
    """How well `pose` fits the hold rule, 0 to 1."""
    return pose_fit(rule, pose).score


def identify(rules: dict[str, Rule], pose: PoseLandmarks | None) -> PoseMatch:
    """Score every hold rule on the pose; the best one if it reaches MIN_SCORE."""
    holds = [rule for rule in rules.values() if rule.hold is not None]
    if pose is None or not holds:
        return PoseMatch(None, 0.0, ())
    scored = sorted(((r.id, round(pose_score(r, pose), 3)) for r in holds), key=lambda c: -c[1])
    best_id, best = scored[0]
    return PoseMatch(best_id if best >= MIN_SCORE else None, best, tuple(scored))


# Corrections for a target missed: (too small, too large) of a joint angle at its vertex, and of
# a segment's direction against straight down (0 down, 180 up) by its far end. Message ids,
# said in the user's language; {side} is the side's word ("left " / "right ") or nothing.
_ANGLE_WORDS = {
    "knee": (N_("Straighten your {side}knee"), N_("Bend your {side}knee more")),
    "elbow": (N_("Straighten your {side}arm"), N_("Bend your {side}elbow more")),
    "shoulder": (
        N_("Lift your {side}arm away from your body"),
        N_("Bring your {side}arm closer to your body"),
    ),
    "hip": (N_("Open your {side}hip: less fold"), N_("Fold more at your {side}hip")),
}
_DIRECTION_WORDS = {  # (too low, too high)
    "elbow": (N_("Raise your {side}arm"), N_("Lower your {side}arm")),
    "wrist": (N_("Raise your {side}hand"), N_("Lower your {side}hand")),
    "knee": (N_("Raise your {side}knee"), N_("Lower your {side}knee")),
    "ankle": (N_("Raise your {side}foot"), N_("Lower your {side}foot")),
    "shoulder": (N_("Raise your shoulders"), N_("Lower your shoulders")),
}
_SIDE_WORDS = {"left": N_("left "), "right": N_("right ")}


def correction(measurement: Measurement, miss: float) -> str | None:
    """What to tell the user to bring a measurement `miss` degrees off its range (positive:
    above it) back in, in the user's language: the joint and the direction, e.g. "Raise your
    left arm"; None when the measurement has no plain words."""
    side = getattr(measurement, "side", "")
    side_word = _(_SIDE_WORDS[side]) if side in _SIDE_WORDS else ""
    words = None
    if isinstance(measurement, JointAngle):
        words = _ANGLE_WORDS.get(measurement.angle[1])
    elif isinstance(measurement, SegmentAngle) and measurement.reference == "down":
        words = _DIRECTION_WORDS.get(measurement.segment[1])
    if words is None:
        return None
    return _(words[1] if miss > 0 else words[0]).format(side=side_word)
