"""Makes pose templates from photos: finds the one person, refuses what cannot be described.

A template is a hold rule (coach.coaching.pose_template) saved in the user's rules folder like
any rule the editor writes. A photo is refused, with a message saying why, when nobody is found,
when a second person is found, or when the pose is too hidden to describe.

The bundled MediaPipe model finds one person per image. A second person is looked for by
covering the first one (their landmarks' bounding box, enlarged) and running the model again:
a person found there, away from the first, is a second person. It finds a second person who
stands clear of the first; people overlapping in the photo are not told apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coach.coaching.pose_template import TemplateError, template_rule
from coach.coaching.rule_loader import RuleError
from coach.coaching.rule_schema import Rule
from coach.coaching.rule_store import RuleStore
from coach.i18n import gettext as _
from coach.vision.landmarks import MIN_VISIBILITY, PoseLandmarks
from coach.vision.pose import PoseEstimator
from coach.vision.sources import (
    PHOTO_EXTENSIONS,
    Frame,
    RGBImage,
    SourceError,
    load_photo,
    media_files,
)

# The first person's box is enlarged by this share of its size on each side before it is
# covered: MediaPipe's landmarks are joint centres, the body reaches beyond them.
COVER_MARGIN = 0.15
# A second person must be seen in full torso (both shoulders and hips) at this visibility.
SECOND_PERSON_VISIBILITY = 0.8
TORSO = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")


def _box(pose: PoseLandmarks) -> tuple[float, float, float, float]:
    """The bounding box (x0, y0, x1, y1, pixels) of the landmarks seen."""
    seen = pose.visibility >= MIN_VISIBILITY
    points = pose.pixels[seen] if seen.any() else pose.pixels
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def second_person(rgb: RGBImage, first: PoseLandmarks, estimator: PoseEstimator) -> bool:
    """Whether a second person stands clear of `first` in the photo (see the module's note)."""
    height, width = rgb.shape[:2]
    x0, y0, x1, y1 = _box(first.resized(width, height))
    mx, my = (x1 - x0) * COVER_MARGIN, (y1 - y0) * COVER_MARGIN
    covered = rgb.copy()
    covered[max(0, int(y0 - my)) : int(y1 + my) + 1, max(0, int(x0 - mx)) : int(x1 + mx) + 1] = (
        np.uint8(127)
    )
    other = estimator.estimate(Frame(covered, 0, 0.0))
    if other is None or not other.seen(TORSO, SECOND_PERSON_VISIBILITY):
        return False
    ox0, oy0, ox1, oy1 = _box(other.resized(width, height))
    centre_x, centre_y = (ox0 + ox1) / 2, (oy0 + oy1) / 2
    # The model sometimes finds the covered person again from what sticks out of the box.
    inside = x0 - mx <= centre_x <= x1 + mx and y0 - my <= centre_y <= y1 + my
    return not inside


def template_id(text: str) -> str:
    """A rule id from a name or file stem: lowercase letters, digits and _, starting a letter."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug if slug[:1].isalpha() else f"pose_{slug}".rstrip("_")


def template_from_photo(
    path: Path, estimator: PoseEstimator, rule_id: str, name: str, arms: bool = False
) -> dict[str, Any]:
    """The rule mapping of a template of the pose in the photo at `path` (estimator in photo
    mode; `arms`: the arms' angles are targets too). TemplateError for nobody, two people or a
    hidden pose; SourceError for a file that is not a readable photo."""
    photo = load_photo(path)
    pose = estimator.estimate(Frame(photo.rgb, 0, 0.0))
    if pose is None:
        raise TemplateError(
            _("{path}: nobody found in the photo; use a photo of one person, whole body in "
              "view").format(path=path)
        )  # fmt: skip
    if second_person(photo.rgb, pose, estimator):
        raise TemplateError(
            _("{path}: more than one person in the photo; use a photo of one person (or crop it "
              "to one)").format(path=path)
        )  # fmt: skip
    try:
        data = template_rule([pose.resized(photo.width, photo.height)], rule_id, name, arms)
    except TemplateError as exc:
        raise TemplateError(f"{path}: {exc}") from None
    data["sources"] = [f"A pose template made from the photo {path.name} (docs/rules.md)"]
    return data


def save_template(store: RuleStore, data: dict[str, Any]) -> Rule:
    """Save a template in the user's rules; TemplateError if its id is a built-in rule's."""
    if store.is_builtin(data["id"]):
        raise TemplateError(
            _("'{id}' is a built-in rule; give the template another id").format(id=data["id"])
        )
    return store.save(data)


@dataclass(frozen=True)
class LibraryImport:
    """What importing a folder of reference photos did: the templates saved, the photos refused
    (path, reason)."""

    saved: list[Rule]
    refused: list[tuple[Path, str]]


def import_library(folder: Path, estimator: PoseEstimator, store: RuleStore) -> LibraryImport:
    """A template from every photo in `folder`, named after its file; refused photos listed."""
    saved: list[Rule] = []
    refused: list[tuple[Path, str]] = []
    photos = [p for p in media_files(folder) if p.suffix.lower() in PHOTO_EXTENSIONS]
    for path in photos:
        try:
            data = template_from_photo(path, estimator, template_id(path.stem), path.stem)
            saved.append(save_template(store, data))
        except (TemplateError, SourceError) as exc:
            refused.append((path, str(exc)))
        except RuleError as exc:
            refused.append((path, "; ".join(exc.problems)))
    return LibraryImport(saved, refused)
