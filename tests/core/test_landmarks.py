"""The landmark table matches MediaPipe's own, and every landmark has a body region."""

from __future__ import annotations

from coach.vision.landmarks import BONES, LANDMARK_NAMES, Region, region_of


def test_names_and_skeleton_match_mediapipe() -> None:
    from mediapipe.python.solutions.pose import POSE_CONNECTIONS, PoseLandmark

    assert tuple(lm.name.lower() for lm in sorted(PoseLandmark, key=int)) == LANDMARK_NAMES
    assert {frozenset((b.start, b.end)) for b in BONES} == {frozenset(c) for c in POSE_CONNECTIONS}


def test_regions() -> None:
    assert region_of("nose") is Region.HEAD
    assert region_of("left_shoulder") is Region.TORSO
    assert region_of("left_index") is Region.LEFT_ARM
    assert region_of("left_foot_index") is Region.LEFT_LEG
    assert region_of("right_heel") is Region.RIGHT_LEG
    shin = next(
        b
        for b in BONES
        if {LANDMARK_NAMES[b.start], LANDMARK_NAMES[b.end]} == {"right_hip", "right_knee"}
    )
    assert shin.region is Region.RIGHT_LEG
