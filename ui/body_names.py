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
