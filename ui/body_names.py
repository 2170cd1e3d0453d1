"""The body's points in the user's language: MediaPipe's landmarks and the rule language's points.

The core names them as identifiers (`left_knee`, `foot_index`); the window shows them in words
("left knee", "左膝"). Every name is listed here for pyside6-lupdate; tests check that the list
covers the landmark table and the rule schema's points.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.language import QT_TRANSLATE_NOOP

CONTEXT = "body"
# The points without their side, as the rule language names them (coach.coaching.rule_schema's
# Point), and "mouth" (MediaPipe's mouth_left and mouth_right).
POINTS = {
    "nose": QT_TRANSLATE_NOOP("body", "nose"),
    "eye_inner": QT_TRANSLATE_NOOP("body", "inner eye corner"),
    "eye": QT_TRANSLATE_NOOP("body", "eye"),
    "eye_outer": QT_TRANSLATE_NOOP("body", "outer eye corner"),
    "ear": QT_TRANSLATE_NOOP("body", "ear"),
    "mouth": QT_TRANSLATE_NOOP("body", "mouth corner"),
    "shoulder": QT_TRANSLATE_NOOP("body", "shoulder"),
    "elbow": QT_TRANSLATE_NOOP("body", "elbow"),
    "wrist": QT_TRANSLATE_NOOP("body", "wrist"),
    "pinky": QT_TRANSLATE_NOOP("body", "little finger"),
    "index": QT_TRANSLATE_NOOP("body", "index finger"),
    "thumb": QT_TRANSLATE_NOOP("body", "thumb"),
    "hip": QT_TRANSLATE_NOOP("body", "hip"),
    "knee": QT_TRANSLATE_NOOP("body", "knee"),
    "ankle": QT_TRANSLATE_NOOP("body", "ankle"),
    "heel": QT_TRANSLATE_NOOP("body", "heel"),
    "foot_index": QT_TRANSLATE_NOOP("body", "toes"),
}
SIDED = {
    "left": QT_TRANSLATE_NOOP("body", "left {point}"),
    "right": QT_TRANSLATE_NOOP("body", "right {point}"),
}


# The built-in rules' measurements, named in words where the window shows them (the angle plot's
# legend). A rule's own measurement keeps its name as written, underscores as spaces.
MEASUREMENTS = {
    "arm": QT_TRANSLATE_NOOP("measurement", "arm"),
    "arm_difference": QT_TRANSLATE_NOOP("measurement", "arm difference"),
    "arms": QT_TRANSLATE_NOOP("measurement", "arms"),
    "arms_up": QT_TRANSLATE_NOOP("measurement", "arms up"),
    "back_knee": QT_TRANSLATE_NOOP("measurement", "back knee"),
    "body_line": QT_TRANSLATE_NOOP("measurement", "body line"),
    "body_tilt": QT_TRANSLATE_NOOP("measurement", "body tilt"),
    "elbow": QT_TRANSLATE_NOOP("measurement", "elbow"),
    "elbow_difference": QT_TRANSLATE_NOOP("measurement", "elbow difference"),
    "feet": QT_TRANSLATE_NOOP("measurement", "feet"),
    "front_knee": QT_TRANSLATE_NOOP("measurement", "front knee"),
    "head": QT_TRANSLATE_NOOP("measurement", "head"),
    "heel": QT_TRANSLATE_NOOP("measurement", "heel"),
    "hip": QT_TRANSLATE_NOOP("measurement", "hip"),
    "hip_tilt": QT_TRANSLATE_NOOP("measurement", "hip tilt"),
    "knee": QT_TRANSLATE_NOOP("measurement", "knee"),
    "knee_difference": QT_TRANSLATE_NOOP("measurement", "knee difference"),
    "knee_least_straight": QT_TRANSLATE_NOOP("measurement", "knee least straight"),
    "knee_less_bent": QT_TRANSLATE_NOOP("measurement", "knee less bent"),
    "knee_more_bent": QT_TRANSLATE_NOOP("measurement", "knee more bent"),
    "knee_past_toes": QT_TRANSLATE_NOOP("measurement", "knee past toes"),
    "knee_valgus": QT_TRANSLATE_NOOP("measurement", "knee valgus"),
    "leg": QT_TRANSLATE_NOOP("measurement", "leg"),
    "lifted_knee": QT_TRANSLATE_NOOP("measurement", "lifted knee"),
    "lifted_shin": QT_TRANSLATE_NOOP("measurement", "lifted shin"),
    "shin_more_tilted": QT_TRANSLATE_NOOP("measurement", "shin more tilted"),
    "shoulder": QT_TRANSLATE_NOOP("measurement", "shoulder"),
    "shoulder_tilt": QT_TRANSLATE_NOOP("measurement", "shoulder tilt"),
    "stance": QT_TRANSLATE_NOOP("measurement", "stance"),
    "standing_knee": QT_TRANSLATE_NOOP("measurement", "standing knee"),
    "straighter_knee": QT_TRANSLATE_NOOP("measurement", "straighter knee"),
    "trunk": QT_TRANSLATE_NOOP("measurement", "trunk"),
    "trunk_lean": QT_TRANSLATE_NOOP("measurement", "trunk lean"),
    "upper_arm": QT_TRANSLATE_NOOP("measurement", "upper arm"),
}


def measurement_name(key: str) -> str:
    """`trunk_lean` -> "trunk lean" (or its translation)."""
    if key in MEASUREMENTS:
        return QCoreApplication.translate("measurement", MEASUREMENTS[key])
    return key.replace("_", " ")


def point_name(point: str) -> str:
    """`foot_index` -> "toes" (or its translation); an unknown name as it is."""
    return QCoreApplication.translate(CONTEXT, POINTS[point]) if point in POINTS else point


def landmark_name(name: str) -> str:
    """`left_knee` -> "left knee", `mouth_right` -> "right mouth corner" (or translated)."""
    for side, pattern in SIDED.items():
        for point in (name.removeprefix(f"{side}_"), name.removesuffix(f"_{side}")):
            if point != name and point in POINTS:
                return QCoreApplication.translate(CONTEXT, pattern).format(point=point_name(point))
    return point_name(name)
