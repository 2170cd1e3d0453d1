"""Would the counts hold on recordings nobody has seen? The development videos, changed the way
other people's recordings differ from them, through the same rules.

    .venv/bin/python -m tools.robustness [--out docs/robustness.md] [--rules DIR]  (make robustness)

Each development video's landmark track (tests/data/tracks, as `make accuracy` uses) is changed
in one way at a time, then judged by the rule of its exercise with the same evaluator:

- *mirrored*: filmed from the other side (the image flipped, left and right swapped);
- *tilted 10 degrees*: a camera not level (the image turned about its centre);
- *reps 1.4x faster* and *1.4x slower*: another person's tempo, sampled at the video's frame rate;
- *15 fps*: a webcam that halves its frame rate in dim light (every other frame);
- *noisier model*: each landmark moved by random noise (1 % of the torso length, s.d.), then
  smoothed by the app's default smoother, as a noisier detection would be;
- *lost frames*: about 10 % of frames without anybody found, in bursts of 1 to 5 frames (a
  person briefly hidden or the model losing track), then smoothed by the app's default
  smoother (which bridges short gaps, as in the app).

The tracks were smoothed when recorded, so the two changes smoothed again (noise, lost frames)
are smoothed twice: a little more lag than in the app, on top of the change itself. The changes
are seeded: the report is the same on every run. Videos labelled 0 reps are run
through every rep rule under each change, as in docs/accuracy.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np

from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.coaching.rule_schema import Rule
from coach.vision.landmarks import INDEX, LANDMARK_NAMES, PoseLandmarks
from coach.vision.smoothing import DEFAULT_SMOOTHING, make_smoother, torso_length
from tests.data.golden import poses, truth

REPO = Path(__file__).resolve().parents[1]
Track = list[tuple[PoseLandmarks | None, float]]

# Row i of a pose goes to row MIRROR[i] in the mirrored image: left and right swap.
MIRROR = [
    INDEX[n.replace("left_", "right_") if n.startswith("left_") else n.replace("right_", "left_")]
    for n in LANDMARK_NAMES
]


def _with(pose: PoseLandmarks, normalized: np.ndarray) -> PoseLandmarks:
    return PoseLandmarks(normalized, None, pose.width, pose.height)


def mirrored(track: Track, _rng: np.random.Generator) -> Track:
    out: Track = []
    for pose, t_s in track:
        if pose is None:
            out.append((None, t_s))
            continue
        normalized = pose.normalized[MIRROR].copy()
        normalized[:, 0] = 1.0 - normalized[:, 0]
        out.append((_with(pose, normalized), t_s))
    return out


def tilted(track: Track, _rng: np.random.Generator, degrees: float = 10.0) -> Track:
    out: Track = []
    a = np.radians(degrees)
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    for pose, t_s in track:
        if pose is None:
            out.append((None, t_s))
            continue
        size = np.array([pose.width, pose.height], dtype=float)
        pixels = pose.normalized[:, :2] * size - size / 2
        normalized = pose.normalized.copy()
        normalized[:, :2] = (pixels @ rotation.T + size / 2) / size
        out.append((_with(pose, normalized), t_s))
    return out


def retimed(track: Track, factor: float) -> Track:
    """The movement `factor` times as fast, sampled at the track's own frame rate: each new
    frame interpolated between the two recorded frames around its moment."""
    times = np.array([t for _, t in track])
    step = float(np.median(np.diff(times)))
    out: Track = []
    for k in range(int((times[-1] - times[0]) / factor / step) + 1):
        source_s = times[0] + k * step * factor
        j = min(int(np.searchsorted(times, source_s, side="right")) - 1, len(track) - 2)
        (a, ta), (b, tb) = track[j], track[j + 1]
        t_s = times[0] + k * step
        if a is None or b is None:
            nearest = a if source_s - ta <= tb - source_s else b
            out.append((nearest, t_s))
            continue
        w = min(max((source_s - ta) / (tb - ta), 0.0), 1.0)
        out.append((_with(a, (1 - w) * a.normalized + w * b.normalized), t_s))
    return out


def every_other_frame(track: Track, _rng: np.random.Generator) -> Track:
    return track[::2]


def noisier(track: Track, rng: np.random.Generator, share: float = 0.01) -> Track:
    smoother = make_smoother(DEFAULT_SMOOTHING, 1.0)
    out: Track = []
    for pose, t_s in track:
        if pose is None:
            out.append((smoother.smooth(None, t_s) if smoother else None, t_s))
            continue
        torso = torso_length(pose.pixels) or 0.0
        normalized = pose.normalized.copy()
        noise = rng.normal(0.0, share * torso, size=(len(normalized), 2))
        normalized[:, :2] += noise / np.array([pose.width, pose.height])
        noisy = _with(pose, normalized)
        out.append((smoother.smooth(noisy, t_s) if smoother else noisy, t_s))
    return out


def lost_frames(track: Track, rng: np.random.Generator) -> Track:
    smoother = make_smoother(DEFAULT_SMOOTHING, 1.0)
    out: Track = []
    gap = 0
    for pose, t_s in track:
        if gap == 0 and rng.random() < 0.035:  # bursts of 3 frames on average: ~10 % lost
            gap = int(rng.integers(1, 6))
        seen = None if gap else pose
        out.append((smoother.smooth(seen, t_s) if smoother else seen, t_s))
        gap = max(0, gap - 1)
    return out


VARIANTS: dict[str, Callable[[Track, np.random.Generator], Track]] = {
    "as recorded": lambda track, _rng: track,
    "mirrored": mirrored,
    "tilted 10 degrees": tilted,
    "reps 1.4x faster": lambda track, _rng: retimed(track, 1.4),
    "reps 1.4x slower": lambda track, _rng: retimed(track, 1 / 1.4),
    "15 fps": every_other_frame,
    "noisier model": noisier,
    "lost frames": lost_frames,
}


def count(track: Track, rule: Rule) -> int:
    evaluator = Evaluator(rule)
    for pose, t_s in track:
        evaluator.update(pose, t_s)
    return len(evaluator.rep_events)


def report(rules: dict[str, Rule]) -> str:
    videos = truth()["videos"]
    names = list(VARIANTS)
    lines = [
        "# Would the counts hold on recordings nobody has seen?",
        "",
        "Written by `.venv/bin/python -m tools.robustness` (see its docstring): each development",
        "video's landmark track changed in one way at a time, as other recordings differ, and",
        "judged by the rule of its exercise. A count outside the video's accepted counts is",
        "marked ✗.",
        "",
        "## Counts",
        "",
        "| video | rule | true | " + " | ".join(names) + " |",
        "|---|---|---|" + "---|" * len(names),
    ]
    exact = dict.fromkeys(names, 0)
    counted = 0
    for stem, t in videos.items():
        rule = rules.get(t["rule"] or "")
        if t["reps"] == 0 or rule is None or rule.reps is None:
            continue
        counted += 1
        cells = []
        track = poses(stem)
        for name, change in VARIANTS.items():
            n = count(change(track, np.random.default_rng(0)), rule)
            ok = n in t["accepted"]
            exact[name] += ok
            cells.append(f"{n}" + ("" if ok else " ✗"))
        shown = "/".join(str(a) for a in t["accepted"])
        lines.append(f"| {stem} | {rule.id} | {shown} | " + " | ".join(cells) + " |")
    lines.append("| **exact** | | | " + " | ".join(f"{exact[n]}/{counted}" for n in names) + " |")
    rep_rules = sorted(i for i, r in rules.items() if r.reps is not None)
    lines += [
        "",
        "## Videos where nothing should count",
        "",
        "Reps counted in all by every rep rule on each video labelled 0 reps (holds of a rule",
        "aside), under each change.",
        "",
        "| video | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for stem, t in videos.items():
        if t["reps"] != 0:
            continue
        track = poses(stem)
        cells = []
        for change in VARIANTS.values():
            changed = change(track, np.random.default_rng(0))
            total = sum(count(changed, rules[i]) for i in rep_rules if i != t["rule"])
            cells.append(str(total))
        lines.append(f"| {stem} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "robustness.md")
    parser.add_argument("--rules", type=Path, default=BUILTIN_RULES)
    args = parser.parse_args(argv)
    text = report(load_rules(args.rules).rules)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
