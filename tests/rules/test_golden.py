"""Golden sequences: the built-in rules on landmark tracks recorded from the real videos
(tests/data/record_tracks.py) give the true rep counts, and the curl's bad-form reps."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach.coaching.camera_view import ViewTracker
from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks

TRACKS = Path(__file__).resolve().parents[1] / "data" / "tracks"
TRUTH = json.loads((TRACKS / "truth.json").read_text())


def poses(stem: str) -> list[tuple[PoseLandmarks | None, float]]:
    data = np.load(TRACKS / f"{stem}.npz")
    width, height = (int(v) for v in data["size"])
    idx = [INDEX[j] for j in TRUTH["joints"]]
    out = []
    for joints, t_s in zip(data["joints"], data["times_s"], strict=True):
        if np.isnan(joints[0, 0]):
            out.append((None, float(t_s)))
            continue
        normalized = np.zeros((NUM_LANDMARKS, 4))  # landmarks the rules do not use: unseen
        normalized[idx, 0] = joints[:, 0] / width
        normalized[idx, 1] = joints[:, 1] / height
        normalized[idx, 3] = joints[:, 2]
        out.append((PoseLandmarks(normalized, None, width, height), float(t_s)))
    return out


@pytest.mark.parametrize("stem", sorted(TRUTH["videos"]))
def test_true_rep_count_and_faults(stem: str) -> None:
    truth = TRUTH["videos"][stem]
    rule = load_rules(BUILTIN_RULES).rules[truth["rule"]]
    evaluator = Evaluator(rule)
    for pose, t_s in poses(stem):
        evaluator.update(pose, t_s)
    events = evaluator.rep_events
    assert len(events) == truth["reps"]
    # Each counted rep is one of the annotated ones: its span (start to end) holds exactly one
    # annotated key frame, a different one for each rep. (Not "its lowest point near the key
    # frame": a lunge's bottom is held for a second, its angle flat to a degree, and where in
    # that second the minimum falls is down to noise.)
    keys_s = np.array(truth["rep_key_frames"]) / truth["fps"]
    matched = []
    for event in events:
        inside = np.flatnonzero((keys_s >= event.start_s) & (keys_s <= event.end_s))
        assert len(inside) == 1, (stem, event)
        matched.append(int(inside[0]))
    assert len(set(matched)) == len(matched), (stem, matched)
    if truth["faulty_reps"]:
        faulty = [e.index for e in events if e.faults]
        assert faulty == truth["faulty_reps"]


@pytest.mark.parametrize("stem", sorted(TRUTH["videos"]))
def test_camera_view_is_recognised(stem: str) -> None:
    tracker = ViewTracker()
    views = [tracker.update(pose, t_s) for pose, t_s in poses(stem)]
    known = [v for v in views if v is not None]
    share = known.count(TRUTH["videos"][stem]["view"]) / len(known)
    assert share > 0.9, (stem, share)


def test_an_edited_rule_applies_mid_session_and_keeps_the_counts() -> None:
    """A coach relaxes the curl's swing limit from 25 to 45 degrees after the second rep (a
    heavier dumbbell): reps 1 and 2 stay faulty, rep 3 (40 degrees of swing) is now good."""
    rule = load_rules(BUILTIN_RULES).rules["bicep_curl"]
    data = rule.model_dump()
    data["checks"][0]["max_deg"] = 45
    relaxed = type(rule).model_validate(data)
    evaluator = Evaluator(rule)
    for pose, t_s in poses("curl_side_dumbbell_3bad_then_1good"):
        evaluation = evaluator.update(pose, t_s)
        if evaluation.rep is not None and evaluation.rep.index == 2:
            evaluator.use_rule(relaxed)
    assert [bool(e.faults) for e in evaluator.rep_events] == [True, True, False, False]
