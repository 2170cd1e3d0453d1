"""The squat's knee_valgus check on real squats with knees moved inward, since no development
video shows knees caving in.

The frontal-plane projection angle (FPPA, coach.coaching.measure.medial_angle) is the bend between
thigh and shin in the image, so the knee's 2-D joint angle is 180 - |FPPA|. At the bottom of the
front-view squats of squat_front_20reps_oncounter the knee angle is 72-101 degrees: the knees go
out over the turned-out toes, FPPA -79 to -108. A knee moved inward to an FPPA of 15-20 (the
valgus range of Munro et al. 2012) would straighten that knee angle to 160-165 and the rep would
no longer be a squat. So the check is tested two ways:

- the whole pipeline (counting, the bottom frame, the view): during chosen reps each knee is
  mirrored across its hip-ankle line, the same squat with the knees travelling inward as far as
  they travelled outward. Mirroring keeps every distance, so the knee angles, their difference
  and the stance, and hence the count and the other checks, are those of the real reps;
- the threshold: on the real bottom pose of each rep, the knees placed at a known FPPA, 8
  degrees (the upper end of normal for men landing from a drop jump, Herrington & Munro 2010)
  and 18 (valgus, inside the range reported for women by Munro et al. 2012).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.coaching.engine import Evaluator, violates
from coach.coaching.measure import medial_angle
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.coaching.rule_schema import MedialAngle
from coach.vision.landmarks import INDEX, PoseLandmarks
from tests.data.golden import poses

SQUAT = load_rules(BUILTIN_RULES).rules["squat"]
CHECK = next(c for c in SQUAT.checks if c.id == "knee_valgus")
VALGUS = SQUAT.measurements["knee_valgus"]
FRONT = "squat_front_20reps_oncounter"
SIDE = "squat_side_3reps_home"
CAVED = (3, 8, 14)  # the reps (1-based) whose knees are moved inward, chosen before measuring
Track = list[tuple[PoseLandmarks | None, float]]


def run(track: Track) -> Evaluator:
    evaluator = Evaluator(SQUAT)
    for pose, t_s in track:
        evaluator.update(pose, t_s)
    return evaluator


def _medial_normal(pixels: np.ndarray, side: str) -> np.ndarray:
    """The unit normal of the hip-ankle line of `side`, pointing toward the body's midline (the
    other hip), in pixels."""
    hip, ankle = pixels[INDEX[f"{side}_hip"]], pixels[INDEX[f"{side}_ankle"]]
    other = "right" if side == "left" else "left"
    line = (ankle - hip) / np.linalg.norm(ankle - hip)
    normal = np.array([-line[1], line[0]])
    return normal if np.dot(normal, pixels[INDEX[f"{other}_hip"]] - hip) > 0 else -normal


def _with_knees(pose: PoseLandmarks, place: dict[str, np.ndarray]) -> PoseLandmarks:
    """The pose with each named knee moved to the given pixel position."""
    normalized = pose.normalized.copy()
    for side, knee_px in place.items():
        normalized[INDEX[f"{side}_knee"], :2] = knee_px / np.array([pose.width, pose.height])
    return PoseLandmarks(normalized, pose.world, pose.width, pose.height)


def knees_mirrored(pose: PoseLandmarks) -> PoseLandmarks:
    """Each knee mirrored across the line from its hip to its ankle."""
    px = pose.pixels
    place = {}
    for side in ("left", "right"):
        hip, knee = px[INDEX[f"{side}_hip"]], px[INDEX[f"{side}_knee"]]
        normal = _medial_normal(px, side)
        place[side] = knee - 2 * np.dot(knee - hip, normal) * normal
    return _with_knees(pose, place)


def knees_at_fppa(pose: PoseLandmarks, fppa_deg: float) -> PoseLandmarks:
    """Both knees placed inward of the hip-ankle line so that the FPPA is `fppa_deg`: on the
    perpendicular bisector of hip and ankle, at half their distance x tan(FPPA / 2) from the line
    (thigh and shin then each turn FPPA / 2 from it)."""
    px = pose.pixels
    place = {}
    for side in ("left", "right"):
        hip, ankle = px[INDEX[f"{side}_hip"]], px[INDEX[f"{side}_ankle"]]
        offset = np.linalg.norm(ankle - hip) / 2 * math.tan(math.radians(fppa_deg) / 2)
        place[side] = (hip + ankle) / 2 + offset * _medial_normal(px, side)
    return _with_knees(pose, place)


def caved(track: Track, spans: list[tuple[float, float]]) -> Track:
    """The track with the knees mirrored inward on every frame within the given time spans."""
    inside = [any(a <= t_s <= b for a, b in spans) for _, t_s in track]
    return [
        (knees_mirrored(pose) if pose is not None and hit else pose, t_s)
        for (pose, t_s), hit in zip(track, inside, strict=True)
    ]


@pytest.fixture(scope="module")
def real() -> Evaluator:
    return run(poses(FRONT))


def test_the_real_front_view_squats_are_not_flagged(real: Evaluator) -> None:
    assert len(real.rep_events) == 20
    assert not any("knee_valgus" in e.faults for e in real.rep_events)


def bottom_values(track: Track) -> tuple[Evaluator, list[dict[str, float | None]], set[str]]:
    """The evaluator run over `track`, its measurements on each counted rep's bottom frame, and
    the camera views it saw at the end of the reps."""
    evaluator = Evaluator(SQUAT)
    frames, bottoms, views = [], [], set()
    for pose, t_s in track:
        evaluation = evaluator.update(pose, t_s)
        frames.append((t_s, evaluation.values))
        if evaluation.rep is not None:
            bottom_s = evaluation.rep.bottom_s
            bottoms.append(min(frames, key=lambda f: abs(f[0] - bottom_s))[1])
            views.add(str(evaluation.view))
    return evaluator, bottoms, views


def test_knees_caving_in_are_flagged_on_exactly_those_reps(real: Evaluator) -> None:
    track = poses(FRONT)
    spans = [(e.start_s, e.end_s) for e in real.rep_events if e.index in CAVED]
    moved = caved(track, spans)
    # Mirroring changes the valgus angle and nothing the count or the other checks use.
    same, other = Evaluator(SQUAT), Evaluator(SQUAT)
    for (pose, t_s), (original, _) in zip(moved, track, strict=True):
        after, before = same.update(pose, t_s).values, other.update(original, t_s).values
        for name in ("knee", "knee_difference", "straighter_knee", "stance"):
            assert after[name] == pytest.approx(before[name], abs=1e-6), (t_s, name)
    evaluator, bottoms, views = bottom_values(moved)
    assert views == {"front"}
    events = evaluator.rep_events
    assert [e.index for e in events] == list(range(1, 21))
    assert [e.index for e in events if "knee_valgus" in e.faults] == list(CAVED)
    assert [tuple(f for f in e.faults if f != "knee_valgus") for e in events] == [
        e.faults for e in real.rep_events
    ]
    at_bottom = [bottoms[i - 1]["knee_valgus"] for i in CAVED]
    print("FPPA at the bottom of the caved reps:", [round(v or 0, 1) for v in at_bottom])
    assert all(v is not None and v > 70 for v in at_bottom)
    told = [f for f in evaluator.feedback if f.check == "knee_valgus"]
    assert len(told) == len(CAVED) and {f.severity for f in told} == {"danger"}


@pytest.mark.parametrize(("fppa_deg", "flagged"), [(8.0, False), (18.0, True)])
def test_the_threshold_on_the_real_bottom_poses(
    real: Evaluator, fppa_deg: float, flagged: bool
) -> None:
    """At a known FPPA, measured on the 20 real bottom poses with the knees placed inward."""
    track = poses(FRONT)
    assert isinstance(VALGUS, MedialAngle)
    for event in real.rep_events:
        pose = min(track, key=lambda f: abs(f[1] - event.bottom_s))[0]
        assert pose is not None
        placed = knees_at_fppa(pose, fppa_deg)
        for side in ("left", "right"):
            assert medial_angle(VALGUS, placed, side) == pytest.approx(fppa_deg, abs=1e-6)
        value = Evaluator(SQUAT).measure(placed)["knee_valgus"]
        assert value is not None and violates(CHECK, value) is flagged


def test_a_side_view_squat_never_judges_valgus() -> None:
    """The check is judged from the front only. From the side the far leg is hidden (so the
    angle of both knees is not even measured); here it is made visible and both knees are
    mirrored inward on every frame, so that the angle reads past the threshold at each bottom,
    and still nothing is flagged."""
    far = [INDEX[f"left_{p}"] for p in ("hip", "knee", "ankle")]  # the far leg in this video
    track = []
    for pose, t_s in poses(SIDE):
        if pose is not None:
            normalized = pose.normalized.copy()
            normalized[far, 3] = 1.0
            pose = PoseLandmarks(normalized, pose.world, pose.width, pose.height)
        track.append((pose, t_s))
    evaluator, bottoms, views = bottom_values(caved(track, [(0.0, math.inf)]))
    assert len(evaluator.rep_events) == 3 and views == {"side"}
    at_bottom = [b["knee_valgus"] for b in bottoms]
    print("side view, valgus angle at the bottoms:", [round(v or 0, 1) for v in at_bottom])
    assert CHECK.high is not None
    assert all(v is not None and v > CHECK.high for v in at_bottom)
    assert not any("knee_valgus" in e.faults for e in evaluator.rep_events)
    assert not any(f.check == "knee_valgus" for f in evaluator.feedback)
