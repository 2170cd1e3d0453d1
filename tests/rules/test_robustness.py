"""Counts that do not depend on how a recording happened to be made: the development tracks
mirrored (filmed from the other side), tilted 10 degrees (a camera not level) and at 15 fps (a
webcam in dim light) give an accepted count on every video (tools/robustness.py; the other
changes it reports, tempo, noise and lost frames, are in docs/robustness.md)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.data.golden import poses
from tests.rules.test_golden import COUNTED, RULES, VIDEOS
from tools.robustness import count, every_other_frame, mirrored, tilted

CHANGES = {"mirrored": mirrored, "tilted": tilted, "15 fps": every_other_frame}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("stem", COUNTED)
def test_the_count_holds_when_the_recording_changes(stem: str, change: str) -> None:
    truth = VIDEOS[stem]
    changed = CHANGES[change](poses(stem), np.random.default_rng(0))
    assert count(changed, RULES[truth["rule"]]) in truth["accepted"]


def test_mirroring_swaps_left_and_right() -> None:
    pose, _t = next(p for p in poses("squat_side_3reps_home") if p[0] is not None)
    assert pose is not None
    ((flipped, _),) = mirrored([(pose, 0.0)], np.random.default_rng(0))
    assert flipped is not None
    left, right = 11, 12  # left_shoulder, right_shoulder
    assert flipped.normalized[right, 0] == pytest.approx(1 - pose.normalized[left, 0])
    assert flipped.normalized[right, 3] == pose.normalized[left, 3]
