"""Reads the COCO and MPII keypoint annotations in ../shared/media/keypoints and scores landmarks.

PCK@0.2: a joint is correct when the landmark lies within 0.2 x torso size of the annotation;
torso size is the mean of the left and right shoulder-to-hip distances of the annotation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.vision.landmarks import INDEX, PoseLandmarks

COCO_JOINTS = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip
# MPII's 16 joints; None for those MediaPipe has no landmark for (pelvis, thorax, neck, head top).
MPII_JOINTS = (
    "right_ankle", "right_knee", "right_hip", "left_hip", "left_knee", "left_ankle", None, None,
    None, None, "right_wrist", "right_elbow", "right_shoulder", "left_shoulder", "left_elbow",
    "left_wrist",
)  # fmt: skip


@dataclass(frozen=True)
class AnnotatedPerson:
    """One annotated person: joint name -> (x, y) in pixels of the original photo."""

    image: Path
    joints: dict[str, tuple[float, float]]

    @property
    def torso_px(self) -> float:
        j = self.joints
        sides = [
            np.hypot(*np.subtract(j[f"{s}_shoulder"], j[f"{s}_hip"]))
            for s in ("left", "right")
            if f"{s}_shoulder" in j and f"{s}_hip" in j
        ]
        return float(np.mean(sides)) if sides else float("nan")


def coco_people(root: Path) -> list[AnnotatedPerson]:
    data = json.loads((root / "coco" / "test_coco.json").read_text())
    files = {image["id"]: image["file_name"] for image in data["images"]}
    people = []
    for ann in data["annotations"]:
        kp = np.array(ann["keypoints"], dtype=float).reshape(-1, 3)
        joints = {n: (x, y) for n, (x, y, v) in zip(COCO_JOINTS, kp, strict=True) if v > 0}
        people.append(AnnotatedPerson(root / "coco" / files[ann["image_id"]], joints))
    return people


def mpii_people(root: Path) -> list[AnnotatedPerson]:
    data = json.loads((root / "mpii" / "test_mpii.json").read_text())
    people = []
    for ann in data:
        joints = {
            n: (float(x), float(y))
            for n, (x, y), vis in zip(MPII_JOINTS, ann["joints"], ann["joints_vis"], strict=True)
            if n is not None and vis
        }
        people.append(AnnotatedPerson(root / "mpii" / ann["image"], joints))
    return people


def distances(person: AnnotatedPerson, pose: PoseLandmarks) -> dict[str, float]:
    """Each annotated joint's distance to its landmark, in torso sizes."""
    pixels = pose.pixels
    torso = person.torso_px
    return {
        name: float(np.hypot(*(pixels[INDEX[name]] - np.array(xy)))) / torso
        for name, xy in person.joints.items()
    }


def match(people: list[AnnotatedPerson], pose: PoseLandmarks) -> AnnotatedPerson | None:
    """The annotated person the detection belongs to: least median joint distance, if < 0.5."""
    scored = [
        (float(np.median(list(distances(p, pose).values()))), i)
        for i, p in enumerate(people)
        if np.isfinite(p.torso_px) and len(p.joints) >= 6
    ]
    if not scored:
        return None
    best, i = min(scored)
    return people[i] if best < 0.5 else None
