"""Golden sequences: the built-in rules on landmark tracks recorded from the 24 real videos
(tests/data/record_tracks.py) give the true rep counts (or one of the accepted counts), flag the
labelled faults and not the labelled good reps, count nothing on the negatives, time the labelled
holds within a second and start no hold elsewhere, and recognise the camera view."""

from __future__ import annotations

import numpy as np
import pytest

from coach.coaching.camera_view import ViewTracker
from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from tests.data.golden import poses, truth

TRUTH = truth()
VIDEOS = TRUTH["videos"]
RULES = load_rules(BUILTIN_RULES).rules
REP_RULES = sorted(i for i, r in RULES.items() if r.reps is not None)
COUNTED = sorted(s for s, t in VIDEOS.items() if t["reps"] and t["rule"] in REP_RULES)
# The press's key frames mark the weights at the shoulders (its rest), not its turn-around.
KEYS_AT_REST = {"shoulder_press"}


def run(stem: str, rule_id: str) -> Evaluator:
    evaluator = Evaluator(RULES[rule_id])
    for pose, t_s in poses(stem):
        evaluator.update(pose, t_s)
    return evaluator


def test_every_development_video_has_a_track_and_its_truth() -> None:
    assert len(VIDEOS) == 24
    assert len(COUNTED) == 19  # every rep video has a built-in rule


@pytest.mark.parametrize("stem", COUNTED)
def test_true_rep_count(stem: str) -> None:
    truth = VIDEOS[stem]
    events = run(stem, truth["rule"]).rep_events
    assert len(events) in truth["accepted"], [round(e.bottom_s, 2) for e in events]
    if truth["rule"] in KEYS_AT_REST:
        return
    # Each counted rep is one of the annotated ones: its span holds exactly one key frame, and
    # no two reps the same one. (Not the nearest key frame to its lowest point: a bottom held
    # still, as in the walking lunges, has its minimum anywhere within a 1-degree plateau.)
    keys_s = np.array(truth["rep_key_frames"]) / truth["fps"]
    held = [np.flatnonzero((keys_s >= e.start_s) & (keys_s <= e.end_s)) for e in events]
    assert all(len(h) == 1 for h in held), (stem, [(e.start_s, e.end_s) for e in events])
    assert len({int(h[0]) for h in held}) == len(events), stem


@pytest.mark.parametrize("stem", sorted(s for s in COUNTED if VIDEOS[s]["faults"]))
def test_labelled_faults_are_flagged(stem: str) -> None:
    """Each labelled fault is flagged on its bad reps (at least 3 of 4 where there are several)
    and on at most 1 in 4 of the reps labelled good for it."""
    truth = VIDEOS[stem]
    events = run(stem, truth["rule"]).rep_events
    keys_s = np.array(truth["rep_key_frames"]) / truth["fps"]
    faults_of = {int(np.abs(keys_s - e.bottom_s).argmin()) + 1: e.faults for e in events}
    for check, bad in truth["faults"].items():
        flagged = sum(check in faults_of.get(i, ()) for i in bad)
        assert flagged >= (len(bad) * 3 + 3) // 4, (check, bad, faults_of)
        good = truth["good"][check]
        assert sum(check in faults_of.get(i, ()) for i in good) <= len(good) // 4, (check, good)


NEGATIVES = [(stem, rule) for stem, t in VIDEOS.items() if t["reps"] == 0 for rule in REP_RULES]


@pytest.mark.parametrize(("stem", "rule"), NEGATIVES)
def test_nothing_counts_where_nothing_should(stem: str, rule: str) -> None:
    assert run(stem, rule).rep_events == []


HOLDS = sorted(s for s, t in VIDEOS.items() if t["hold_s"] is not None)
HOLD_RULES = sorted(i for i, r in RULES.items() if r.hold is not None)
# Hold rules whose pose a video shows outside a labelled hold: standing still is the pose of
# standing_posture (between squats, after the jumping jacks), and the top of a push-up, held
# between reps, is a high plank.
POSE_SHOWN = {("pushup_side_4reps", "plank")}


@pytest.mark.parametrize("stem", HOLDS)
def test_labelled_hold_is_timed_within_a_second(stem: str) -> None:
    truth = VIDEOS[stem]
    start, end = truth["hold_s"]
    evaluator = run(stem, truth["rule"])
    assert evaluator.hold is not None
    assert evaluator.hold.holds == 1
    assert abs(evaluator.hold.total_s - (end - start)) <= 1.0, evaluator.hold.total_s


@pytest.mark.parametrize("rule", [r for r in HOLD_RULES if r != "standing_posture"])
def test_hold_rules_time_nothing_on_the_other_videos(rule: str) -> None:
    """Every hold rule on every rep video, negative and other pose's hold: no hold starts."""
    started = {}
    for stem, t in VIDEOS.items():
        if t["rule"] != rule and (stem, rule) not in POSE_SHOWN:
            hold = run(stem, rule).hold
            assert hold is not None
            started[stem] = hold.holds
    assert {stem: n for stem, n in started.items() if n} == {}


@pytest.mark.parametrize("stem", sorted(s for s, t in VIDEOS.items() if t["view"] != "oblique"))
def test_camera_view_is_recognised(stem: str) -> None:
    tracker = ViewTracker()
    views = [tracker.update(pose, t_s) for pose, t_s in poses(stem)]
    known = [v for v in views if v is not None]
    share = known.count(VIDEOS[stem]["view"]) / len(known)
    # A barbell plate hiding the torso (the quarter squats) leaves the view unknowable.
    if stem == "squat_quarter_shallow_4reps_barbell_portrait":
        pytest.xfail(f"the plate hides the torso: {share:.0%} side")
    assert share > 0.9, (stem, share)


def test_an_edited_rule_applies_mid_session_and_keeps_the_counts() -> None:
    """A coach relaxes the curl's swing limit from 25 to 45 degrees after the second rep (a
    heavier dumbbell): reps 1 and 2 stay faulty, rep 3 (40 degrees of swing) is now good."""
    rule = RULES["bicep_curl"]
    data = rule.model_dump()
    data["checks"][0]["max_deg"] = 45
    relaxed = type(rule).model_validate(data)
    evaluator = Evaluator(rule)
    for pose, t_s in poses("curl_side_dumbbell_3bad_then_1good"):
        evaluation = evaluator.update(pose, t_s)
        if evaluation.rep is not None and evaluation.rep.index == 2:
            evaluator.use_rule(relaxed)
    assert [bool(e.faults) for e in evaluator.rep_events] == [True, True, False, False]


def test_a_front_measurement_is_counted_while_the_camera_sees_the_front() -> None:
    """A rule whose side-view measurement cannot be seen from the camera at the head (the ankles
    are hidden) counts the front-view push-ups on its front_measurement, the elbow."""
    data = RULES["push_up"].model_dump(mode="json", exclude_defaults=True)
    data["reps"]["measurement"] = "body_line"
    data["reps"]["front_measurement"] = "elbow"
    rule = type(RULES["push_up"]).model_validate(data)
    evaluator = Evaluator(rule)
    for pose, t_s in poses("pushup_front_portrait_10reps_home"):
        evaluator.update(pose, t_s)
    assert len(evaluator.rep_events) == 10
    assert {e.measurement for e in evaluator.rep_events} == {"elbow"}
    without = Evaluator(RULES["push_up"].model_copy(update={"reps": rule.reps.model_copy(
        update={"front_measurement": None})}))  # fmt: skip
    for pose, t_s in poses("pushup_front_portrait_10reps_home"):
        without.update(pose, t_s)
    assert len(without.rep_events) < 10
