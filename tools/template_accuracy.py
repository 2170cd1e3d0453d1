"""Measures pose templates on the labelled yoga photos: from one photo, the others of its pose.

    .venv/bin/python -m tools.template_accuracy     # the tables of docs/accuracy.md

Reads tests/data/yoga_landmarks.npz (tests/data/record_yoga.py). The rule, fixed before
measuring: every photo of the scored set takes its turn as the template (the first photo is not
picked for its figures). The scored set is, for the six supported poses, the photos marked
`kind == photo` and single-person; for the three other poses (not reviewed in labels.csv) all
of them. A photo is "taken" by a template when its score reaches MIN_SCORE (0.85), exactly
as `analyze --exercise auto` names a pose; a photo where nobody is found counts as not taken.
For each template: the share of the other photos of its pose taken (found), and for each other
pose the share of its photos taken (wrongly taken); per pose the spread over its templates.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.coaching.pose_match import MIN_SCORE, fit_values
from coach.coaching.pose_template import (
    TemplateError,
    all_measurements,
    at_limit,
    measure_template,
    template_rule,
)
from coach.coaching.rule_schema import Rule
from coach.vision.landmarks import PoseLandmarks

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "yoga_landmarks.npz"
SUPPORTED = (
    "downdog", "goddess_utkata_konasana", "plank", "tree_vrksasana", "triangle",
    "warrior2_virabhadrasana",
)  # fmt: skip
OTHERS = ("bound_angle_baddha_konasana", "dancer_natarajasana", "half_moon_ardha_chandrasana")


@dataclass(frozen=True)
class Photo:
    file: str
    pose_label: str
    kind: str
    multiple_people: str
    pose: PoseLandmarks | None
    mirrored: PoseLandmarks | None
    second_person: bool

    @property
    def scored(self) -> bool:
        """In the scored set (see the module docstring)."""
        if self.pose_label in OTHERS:
            return True
        return self.kind == "photo" and self.multiple_people == "no"


def _pose(row: np.ndarray, size: np.ndarray) -> PoseLandmarks | None:
    if np.isnan(row[0, 0]):
        return None
    return PoseLandmarks(row.astype(np.float64), None, int(size[0]), int(size[1]))


def load_photos(path: Path = FIXTURE) -> list[Photo]:
    data = np.load(path)
    return [
        Photo(
            str(data["files"][i]),
            str(data["poses"][i]),
            str(data["kinds"][i]),
            str(data["multiple_people"][i]),
            _pose(data["normalized"][i], data["size"][i]),
            _pose(data["mirrored"][i], data["size"][i]),
            bool(data["second_person"][i]),
        )
        for i in range(len(data["files"]))
    ]


def swapped(values: dict[str, float | None]) -> dict[str, float | None]:
    """The template measurements of the pose on the other side: left and right exchanged (what
    a mirrored template rule measures; checked against pose_fit in the tests)."""
    out = {}
    for name, value in values.items():
        side, _, rest = name.partition("_")
        other = {"left": f"right_{rest}", "right": f"left_{rest}"}.get(side)
        out[name] = values[other] if other is not None else value
    return out


def score(rule: Rule, values: dict[str, float | None] | None) -> float:
    """The template's score on a photo's measured values (0 when nobody was found), the better
    of the pose as it is and on the other side."""
    if values is None:
        return 0.0
    return max(fit_values(rule, values).score, fit_values(rule, swapped(values)).score)


@dataclass(frozen=True)
class TemplateResult:
    file: str
    pose_label: str
    found: float  # share of the other photos of its pose taken
    wrong: dict[str, float]  # other pose -> share of its photos taken
    mirrored_taken: bool | None  # the photo mirrored is taken (None: nobody found in it)


@dataclass(frozen=True)
class Measurement:
    results: list[TemplateResult]
    refused: dict[str, list[str]]  # pose -> files refused as templates
    counts: dict[str, int]  # pose -> photos in the scored set


def measure(photos: list[Photo], arms: bool = False) -> Measurement:
    scored = [p for p in photos if p.scored]
    values = {p.file: measure_template(p.pose) if p.pose is not None else None for p in scored}
    by_pose: dict[str, list[Photo]] = defaultdict(list)
    for p in scored:
        by_pose[p.pose_label].append(p)
    results, refused = [], defaultdict(list)
    for template in scored:
        if template.pose is None:
            refused[template.pose_label].append(template.file)
            continue
        try:
            data = template_rule([template.pose], "template", "Template", arms=arms)
            rule = Rule.model_validate(data)
        except TemplateError:
            refused[template.pose_label].append(template.file)
            continue

        def share(group: list[Photo], rule: Rule = rule) -> float:
            return sum(score(rule, values[p.file]) >= MIN_SCORE for p in group) / len(group)

        same = [p for p in by_pose[template.pose_label] if p.file != template.file]
        wrong = {
            pose: share(group) for pose, group in by_pose.items() if pose != template.pose_label
        }
        mirror = (
            score(rule, measure_template(template.mirrored)) >= MIN_SCORE
            if template.mirrored is not None
            else None
        )
        results.append(
            TemplateResult(template.file, template.pose_label, share(same), wrong, mirror)
        )
    return Measurement(results, dict(refused), {k: len(v) for k, v in by_pose.items()})


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def report(m: Measurement) -> str:
    lines = [
        "| pose | photos | templates (refused) | found: median (min-max) | wrongly taken, worst "
        "other pose: median (max) | templates meeting both (>= 80 %, <= 5 %) | mirrored photo "
        "taken |",
        "|---|---|---|---|---|---|---|",
    ]
    for pose in (*SUPPORTED, *OTHERS):
        rs = [r for r in m.results if r.pose_label == pose]
        if not rs:
            continue
        found = [r.found for r in rs]
        worst = [max(r.wrong.values()) for r in rs]
        meeting = sum(f >= 0.8 and w <= 0.05 for f, w in zip(found, worst, strict=True))
        mirror = [r.mirrored_taken for r in rs if r.mirrored_taken is not None]
        lines.append(
            f"| {pose} | {m.counts[pose]} | {len(rs)} ({len(m.refused.get(pose, []))}) | "
            f"{_pct(statistics.median(found))} ({_pct(min(found))}-{_pct(max(found))}) | "
            f"{_pct(statistics.median(worst))} ({_pct(max(worst))}) | {meeting} of {len(rs)} | "
            f"{sum(mirror)} of {len(mirror)} |"
        )
    return "\n".join(lines)


def library_report(photos: list[Photo], offset: int = 0) -> str:
    """A library of one template per pose (the scored photo at `offset` in file order, a rule
    fixed in advance), naming every other scored photo as `auto` does: the best score from
    MIN_SCORE. Per pose: the share named right, named as another pose, named none."""
    scored = [p for p in photos if p.scored and p.pose is not None]
    library: dict[str, Rule] = {}
    for pose in (*SUPPORTED, *OTHERS):
        template = sorted((p for p in scored if p.pose_label == pose), key=lambda p: p.file)
        assert template[offset].pose is not None
        library[pose] = Rule.model_validate(
            template_rule([template[offset].pose], "template", "Template")
        )
    used = {sorted((p for p in scored if p.pose_label == k), key=lambda p: p.file)[offset].file
            for k in library}  # fmt: skip
    lines = [
        "| pose | photos | named right | named another pose | named none |",
        "|---|---|---|---|---|",
    ]
    for pose in library:
        group = [p for p in scored if p.pose_label == pose and p.file not in used]
        right = wrong = 0
        for photo in group:
            assert photo.pose is not None
            values = measure_template(photo.pose)
            best, best_score = max(
                ((k, score(rule, values)) for k, rule in library.items()), key=lambda c: c[1]
            )
            if best_score >= MIN_SCORE:
                right += best == pose
                wrong += best != pose
        n = len(group)
        none = n - right - wrong
        lines.append(f"| {pose} | {n} | {_pct(right / n)} | {_pct(wrong / n)} | {_pct(none / n)} |")
    return "\n".join(lines)


def _pairs(a: dict[str, float | None], b: dict[str, float | None]) -> list[tuple[float, float]]:
    """The values of each measurement seen in both."""
    return [(v, w) for n, v in a.items() if v is not None and (w := b[n]) is not None]


def spread_report(photos: list[Photo]) -> str:
    """How much a leg or trunk measurement differs between two photos of the same pose (each
    pair once per order, the second photo on whichever side fits the first better), for values
    at a limit of their range (within LIMIT_DEG of 0 or 180) and in between: the basis of the
    bands."""
    scored = [p for p in photos if p.scored and p.pose is not None]
    names = all_measurements(arms=False)
    values = {
        p.file: {n: v for n, v in measure_template(p.pose).items() if n in names}
        for p in scored
        if p.pose is not None
    }
    differences: dict[bool, list[float]] = {True: [], False: []}
    for first in scored:
        for second in scored:
            if first is second or first.pose_label != second.pose_label:
                continue
            a, b = values[first.file], values[second.file]
            pairs = min(
                _pairs(a, b), _pairs(a, swapped(b)), key=lambda ps: sum(abs(v - w) for v, w in ps)
            )
            for v, w in pairs:
                differences[at_limit(v)].append(abs(w - v))
    lines = []
    for limit, label in ((True, "at a limit"), (False, "in between")):
        d = np.array(differences[limit])
        lines.append(
            f"{label}: median {np.median(d):.0f} degrees, 75 % within "
            f"{np.percentile(d, 75):.0f}, 90 % within {np.percentile(d, 90):.0f} "
            f"({len(d)} values compared)"
        )
    return "\n".join(lines)


def people_report(photos: list[Photo]) -> str:
    group = [p for p in photos if p.multiple_people == "yes"]
    single = [p for p in photos if p.multiple_people == "no" and p.pose is not None]
    return (
        f"second person found in {sum(p.second_person for p in group)} of {len(group)} photos "
        f"marked multiple_people; in {sum(p.second_person for p in single)} of {len(single)} "
        f"photos marked single-person"
    )


def main() -> None:
    photos = load_photos()
    print(report(measure(photos)))
    print("\nWith the arms as targets too (`poses add --arms`):\n")
    print(report(measure(photos, arms=True)))
    for offset in (0, 1):
        print(f"\nA library of one template per pose, photo {offset + 1} of each in file order:\n")
        print(library_report(photos, offset))
    print("\nOne measurement between two photos of the same pose:\n")
    print(spread_report(photos))
    print()
    print(people_report(photos))


if __name__ == "__main__":
    main()
