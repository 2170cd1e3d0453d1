"""Computes a rule's measurements on a pose: angles in degrees, widths and offsets as ratios."""

from __future__ import annotations

import math
from collections.abc import Callable

from coach.coaching.rule_schema import (
    ForwardOffset,
    JointAngle,
    Measurement,
    Rule,
    SegmentAngle,
    Tilt,
    Width,
)
from coach.vision.angles import joint_angle, segment_angle
from coach.vision.landmarks import INDEX, PoseLandmarks

Sided = JointAngle | SegmentAngle | ForwardOffset
SIDES = ("left", "right")


def sided_points(m: Sided) -> tuple[str, ...]:
    """The points (without side) a sided measurement uses."""
    if isinstance(m, JointAngle):
        return m.angle
    if isinstance(m, SegmentAngle):
        return m.segment
    return (*m.ahead, *m.per, "heel", "foot_index")


def _distance(pose: PoseLandmarks, a: str, b: str) -> float:
    pixels = pose.pixels
    return float(math.dist(pixels[INDEX[a]], pixels[INDEX[b]]))


def measure_side(m: Sided, pose: PoseLandmarks, side: str) -> float | None:
    """One sided measurement on the `side` ('left' or 'right') of the body; None if not seen."""
    if isinstance(m, JointAngle):
        a, b, c = (f"{side}_{p}" for p in m.angle)
        return joint_angle(pose, a, b, c, space=m.space, min_visibility=m.min_visibility)
    if isinstance(m, SegmentAngle):
        start, end = (f"{side}_{p}" for p in m.segment)
        return segment_angle(
            pose, start, end, reference=m.reference, min_visibility=m.min_visibility
        )
    names = tuple(f"{side}_{p}" for p in sided_points(m))
    if not pose.seen(names, m.min_visibility):
        return None
    pixels = pose.pixels
    # The toes point along +x or -x of the image: from the heel to the foot_index.
    forward = math.copysign(
        1.0, pixels[INDEX[f"{side}_foot_index"], 0] - pixels[INDEX[f"{side}_heel"], 0]
    )
    behind, ahead = (pixels[INDEX[f"{side}_{p}"], 0] for p in m.ahead)
    length = _distance(pose, *(f"{side}_{p}" for p in m.per))
    return float((ahead - behind) * forward / length) if length > 1e-6 else None


def measure_across(m: Tilt | Width, pose: PoseLandmarks) -> float | None:
    """A measurement between the left and right point: a tilt in degrees or a width ratio."""
    if isinstance(m, Tilt):
        return segment_angle(pose, f"left_{m.tilt}", f"right_{m.tilt}", reference="horizontal",
                             min_visibility=m.min_visibility)  # fmt: skip
    names = tuple(f"{s}_{p}" for s in ("left", "right") for p in (m.width, m.per_width))
    if not pose.seen(names, m.min_visibility):
        return None
    per = _distance(pose, f"left_{m.per_width}", f"right_{m.per_width}")
    return _distance(pose, f"left_{m.width}", f"right_{m.width}") / per if per > 1e-6 else None


def side_visibility(m: Sided, pose: PoseLandmarks) -> dict[str, float]:
    """The summed visibility of a sided measurement's points on each side."""
    points = sided_points(m)
    return {s: sum(float(pose.visibility[INDEX[f"{s}_{p}"]]) for p in points) for s in SIDES}


def better_seen_side(_name: str, m: Sided, pose: PoseLandmarks) -> str:
    """The side whose points of `m` are better seen (ties: left); for one pose on its own."""
    seen = side_visibility(m, pose)
    return "left" if seen["left"] >= seen["right"] else "right"


# Chooses the side of a `visible` measurement: (measurement name, measurement, pose) -> side.
SideChooser = Callable[[str, Sided, PoseLandmarks], str]


def measure_rule(
    rule: Rule, pose: PoseLandmarks | None, side_of: SideChooser = better_seen_side
) -> dict[str, float | None]:
    """Every measurement of `rule` on one pose, None where not seen. A `visible` measurement is
    taken on the side `side_of` picks: the better seen side for a photo, a sticky choice over a
    stream (coach.coaching.engine.Evaluator)."""
    if pose is None:
        return dict.fromkeys(rule.measurements)
    values: dict[str, float | None] = {}
    for name, m in rule.measurements.items():
        if isinstance(m, Tilt | Width):
            values[name] = measure_across(m, pose)
        elif m.side in ("left", "right"):
            values[name] = measure_side(m, pose, m.side)
        elif m.side == "visible":
            values[name] = measure_side(m, pose, side_of(name, m, pose))
        else:  # larger, smaller or difference of the two sides; None unless both are seen
            left, right = (measure_side(m, pose, side) for side in SIDES)
            if left is None or right is None:
                values[name] = None
            elif m.side == "difference":
                values[name] = abs(left - right)
            else:
                values[name] = max(left, right) if m.side == "larger" else min(left, right)
    return values


def landmarks_of(m: Measurement) -> list[str]:
    """The landmarks a measurement uses, with their sides (both sides unless it names one):
    the joints to point at when its check fails."""
    if isinstance(m, Tilt):
        return [f"{s}_{m.tilt}" for s in SIDES]
    if isinstance(m, Width):
        return [f"{s}_{p}" for s in SIDES for p in (m.width, m.per_width)]
    sides = (m.side,) if m.side in SIDES else SIDES
    return [f"{s}_{p}" for s in sides for p in sided_points(m)]
