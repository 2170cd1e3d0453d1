"""Pose templates: a hold rule whose targets are the angles of a pose seen in a photo or frames.

A template measures, on each side, the four joint angles that shape a limb pose (elbow,
shoulder, hip, knee) and the direction of each limb segment and of the trunk against straight
down in the image (`segment`, `reference: down`: 0 down, 90 sideways, 180 up). Each target is
the measured value plus or minus a band: narrow (LIMIT_BAND_DEG) for a value at an end of its
range (a straight or fully folded joint, a segment plumb up or down), wide (TEMPLATE_BAND_DEG)
for one in between, where people doing the same pose differ most; a capture over time widens it
by the spread of its frames. The score falls to 0 at TEMPLATE_TOLERANCE_DEG beyond the band
(coach.coaching.pose_match). Joints the photo does not show are left out. The rule is
mirror-aware: the same pose done on the other side matches. docs/rules.md explains the choices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from coach.coaching.measure import measure_rule
from coach.coaching.rule_schema import Rule
from coach.i18n import gettext as _
from coach.vision.landmarks import INDEX, PoseLandmarks

# Half-width of a target's range, degrees: how differently two people hold the same pose, which
# depends on where the value lies in its 0-180 range. Within LIMIT_DEG of either end the joint is
# straight or fully folded (at its anatomical limit: it cannot go further) or the segment is
# plumb (a standing leg under the body for balance, an upright trunk), and the value can only
# move one way: between two photos of the same pose such a value differs by 3 degrees (median;
# 90 % within 9) on the development photos, a value in between by 9 (75 % within 17, 90 % within
# 26; tools/template_accuracy.py). Each band holds about 90 % and 80 % of those differences; the
# tolerance beyond it takes the rest. MediaPipe's own error on an angle in a photo, some 5
# degrees, is inside both bands.
LIMIT_DEG = 15.0
LIMIT_BAND_DEG = 10.0
TEMPLATE_BAND_DEG = 20.0
# Beyond the band the target's score falls linearly to 0 over this many degrees: a value 40 (at
# a limit) or 50 degrees off the photo's counts as missing. A pose is named from a mean score of
# 0.85.
TEMPLATE_TOLERANCE_DEG = 30.0
# MediaPipe's visibility from which a template's points count, in the photo and in the user's
# pose: 0.1, as in the tree pose rule. A pose hides some of its own joints (the far leg of a
# plank seen from the side, the lifted foot of tree pose) and MediaPipe still places them well;
# at the usual 0.5 a side-view template would describe one leg only and take any pose with one
# such leg (docs/accuracy.md).
TEMPLATE_MIN_VISIBILITY = 0.1
# Frames captured over time widen each band by this many standard deviations of the values.
SPREAD_WIDENING = 2.0

SIDES = ("left", "right")
# name (without side) -> the measurement, taken on each side. The legs and the trunk carry a
# pose's shape and are always targets; the arms only when asked (`arms=True`): on the development
# photos people hold the same pose with their arms in different places (tree pose: hands joined
# at the chest or overhead; goddess: arms bent up or stretched), so a template copying one photo's
# arms misses most photos of its pose (docs/accuracy.md). The ghost always shows the arms.
LEGS: dict[str, dict[str, Any]] = {
    "hip": {"angle": ["shoulder", "hip", "knee"]},
    "knee": {"angle": ["hip", "knee", "ankle"]},
    "thigh": {"segment": ["hip", "knee"], "reference": "down"},
    "shin": {"segment": ["knee", "ankle"], "reference": "down"},
}
ARMS: dict[str, dict[str, Any]] = {
    "elbow": {"angle": ["shoulder", "elbow", "wrist"]},
    "shoulder": {"angle": ["elbow", "shoulder", "hip"]},
    "upper_arm": {"segment": ["shoulder", "elbow"], "reference": "down"},
    "forearm": {"segment": ["elbow", "wrist"], "reference": "down"},
}
# The trunk's direction, hip to shoulder: 180 upright, 90 lying, 0 upside down.
TRUNK: dict[str, Any] = {"segment": ["hip", "shoulder"], "reference": "down", "side": "visible"}
# The landmarks of the ghost skeleton.
GHOST_JOINTS = tuple(
    f"{side}_{j}" for side in SIDES for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
)
# A template needs the trunk and a leg (its thigh) seen.
LEG_SEGMENTS = ("left_thigh", "right_thigh")


class TemplateError(Exception):
    """A pose that cannot make a template; the message says why and what to do."""


def all_measurements(arms: bool = True) -> dict[str, dict[str, Any]]:
    """The measurements a template may use, by name (`left_knee`, ..., `trunk`); the arms' too
    unless `arms` is False."""
    parts = LEGS | (ARMS if arms else {})
    seen = {"min_visibility": TEMPLATE_MIN_VISIBILITY}
    out = {f"{s}_{n}": {**m, "side": s, **seen} for s in SIDES for n, m in parts.items()}
    out["trunk"] = {**TRUNK, **seen}
    return out


def _probe_rule() -> Rule:
    """A rule measuring everything (its one target is a placeholder), to measure poses with."""
    return Rule.model_validate(
        {"id": "probe", "name": "probe", "measurements": all_measurements(),
         "hold": {"targets": [{"measurement": "trunk", "min_deg": 0}]}}
    )  # fmt: skip


_PROBE = _probe_rule()


def measure_template(pose: PoseLandmarks) -> dict[str, float | None]:
    """Every template measurement of one pose, None where not seen."""
    return measure_rule(_PROBE, pose)


def reference_pose(poses: Sequence[PoseLandmarks]) -> dict[str, tuple[float, float]]:
    """The ghost: each seen joint's median position in torso lengths from the hip centre
    (x right, y down), over poses whose shoulders and hips are all seen."""
    torso = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    per_joint: dict[str, list[tuple[float, float]]] = {j: [] for j in GHOST_JOINTS}
    for pose in poses:
        if not pose.seen(torso, TEMPLATE_MIN_VISIBILITY):
            continue
        px = pose.pixels
        hip = (px[INDEX["left_hip"]] + px[INDEX["right_hip"]]) / 2
        shoulder = (px[INDEX["left_shoulder"]] + px[INDEX["right_shoulder"]]) / 2
        length = float(np.linalg.norm(shoulder - hip))
        if length < 1e-6:
            continue
        for joint in GHOST_JOINTS:
            if pose.seen((joint,), TEMPLATE_MIN_VISIBILITY):
                x, y = (px[INDEX[joint]] - hip) / length
                per_joint[joint].append((float(x), float(y)))
    return {
        j: (round(float(np.median([p[0] for p in ps])), 3),
            round(float(np.median([p[1] for p in ps])), 3))
        for j, ps in per_joint.items() if ps
    }  # fmt: skip


def template_rule(
    poses: Sequence[PoseLandmarks], rule_id: str, name: str, arms: bool = False
) -> dict[str, Any]:
    """The rule file mapping of a template of the pose in `poses` (one photo, or the frames of
    a capture: the median value, the band widened by their spread); with `arms`, the arms'
    angles are targets too. TemplateError when the pose is too hidden to describe."""
    if not poses:
        raise TemplateError(_("nobody was found: stand in full view of the camera and try again"))
    measured = [measure_template(p) for p in poses]
    names = list(all_measurements(arms))
    # A measurement is used when it is seen in at least half the frames.
    seen = {n: [v for m in measured if (v := m[n]) is not None] for n in names}
    kept = {n: vs for n, vs in seen.items() if len(vs) * 2 >= len(poses) and vs}
    if "trunk" not in kept or not any(leg in kept for leg in LEG_SEGMENTS):
        hidden = _("the trunk") if "trunk" not in kept else _("both legs")
        raise TemplateError(
            _(
                "too much of the body is hidden to describe the pose ({hidden} not seen): a "
                "template needs the shoulders, the hips and at least one leg in view"
            ).format(hidden=hidden)
        )
    measurements = all_measurements(arms)
    targets = []
    for n, values in kept.items():
        centre = float(np.median(values))
        spread = 1.4826 * float(np.median(np.abs(np.array(values) - centre)))  # robust SD
        room = LIMIT_BAND_DEG if at_limit(centre) else TEMPLATE_BAND_DEG
        band = room + SPREAD_WIDENING * spread
        low, high = centre - band, centre + band
        target: dict[str, Any] = {"measurement": n}
        if low > 0:
            target["min_deg"] = math.floor(low)
        if high < 180:
            target["max_deg"] = math.ceil(high)
        if len(target) > 1:  # a band wider than 0-180 says nothing about the pose
            targets.append(target)
    return {
        "id": rule_id,
        "name": name,
        "view": "any",
        "measurements": {t["measurement"]: measurements[t["measurement"]] for t in targets},
        "hold": {
            "targets": targets,
            "enter_s": 1.0,
            "exit_s": 0.5,
            "tolerance_deg": TEMPLATE_TOLERANCE_DEG,
            "mirror": True,
            "reference": {j: list(xy) for j, xy in reference_pose(poses).items()},
        },
    }


def at_limit(value_deg: float) -> bool:
    """Whether an angle (0-180) is within LIMIT_DEG of an end of its range: a straight or fully
    folded joint, a segment plumb down or up."""
    return min(value_deg, 180.0 - value_deg) < LIMIT_DEG
