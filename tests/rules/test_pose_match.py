"""Pose identification on the labelled yoga photos of ../shared/media/yoga."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from coach.coaching.pose_match import identify
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.vision.pose import MediaPipeEstimator
from coach.vision.sources import Frame, load_photo

LABELS = {
    "warrior2_virabhadrasana": "warrior_ii",
    "goddess_utkata_konasana": "goddess",
    "downdog": "downward_dog",
    "triangle": "triangle",
    "tree_vrksasana": "tree_pose",
    "plank": "plank",
}


@pytest.fixture(scope="module")
def results(media: Path) -> list[tuple[str, str | None, str | None]]:
    """(label, truth id or None for the other poses, identified id) for every photo used."""
    yoga = media / "yoga"
    holds = {i: r for i, r in load_rules(BUILTIN_RULES).rules.items() if r.hold is not None}
    out = []
    with (yoga / "labels.csv").open(newline="") as f, MediaPipeEstimator("photo") as estimator:
        for row in csv.DictReader(f):
            known = row["pose"] in LABELS
            if known and not (row["kind"] == "photo" and row["multiple_people"] == "no"):
                continue  # illustrations and group photos are reported apart, not scored here
            photo = load_photo(yoga / row["file"])
            match = identify(holds, estimator.estimate(Frame(photo.rgb, 0, 0.0)))
            out.append((row["pose"], LABELS.get(row["pose"]), match.id))
    return out


def test_identifies_the_six_poses(results: list[tuple[str, str | None, str | None]]) -> None:
    scored = [(truth, found) for _, truth, found in results if truth is not None]
    accuracy = sum(truth == found for truth, found in scored) / len(scored)
    per_pose = Counter(truth for truth, found in scored if truth == found)
    print(f"pose identification: {accuracy:.1%} of {len(scored)} photos; right: {dict(per_pose)}")
    assert len(scored) >= 120
    assert accuracy >= 0.9


def test_calls_other_poses_none(results: list[tuple[str, str | None, str | None]]) -> None:
    others = [found for _, truth, found in results if truth is None]
    none_share = sum(found is None for found in others) / len(others)
    print(f"other poses called none: {none_share:.1%} of {len(others)}")
    assert len(others) >= 80
    assert none_share > 0.5
