"""Accuracy report: every development video through the exercise rules, beside a naive counter.

    .venv/bin/python -m tools.accuracy [--out docs/accuracy.md] [--rules DIR]   (make accuracy)

Each video of ../shared/media/videos is judged by the rule of its exercise with the evaluator
`analyze --exercise` uses (coach.coaching.engine.Evaluator), on the landmark tracks recorded from
the same pipeline (tests/data/record_tracks.py: the video file, MediaPipe in tracking mode, the
default smoothing), so that the report takes seconds instead of minutes; tests/core/
test_accuracy.py checks on a real video that the replay gives what `analyze` gives. Beside it, in
the same run and on the same measurement, the naive two-threshold counter of the AIGym kind:
a rep each time the value passes the low threshold after having been above the high one.

Writes docs/accuracy.md: per video the true count (or the accepted counts, for clips cut mid-rep),
ours and the naive one; exact-count rate, mean absolute error, off-by-one rate; per check, the
labelled bad reps flagged and the labelled good reps flagged; the zero-rep videos under every rep
rule; the labelled holds against the timed ones, and what each hold rule times on the other
videos.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.coaching.rule_schema import Rule
from tests.data.golden import poses, truth

REPO = Path(__file__).resolve().parents[1]
# The naive counter's thresholds (high, low) on the rule's measurement: for the four exercises
# that had built-in rules, the pair those rules used (start_above_deg, bottom_below_deg); for
# the others, AIGym's defaults for an elbow exercise (up 145, down 90 degrees), or a pair placed
# likewise at the two ends of the movement for a measurement of another scale.
NAIVE: dict[str, tuple[float, float]] = {
    "squat": (160, 120),
    "push_up": (150, 110),
    "lunge": (150, 115),
    "bicep_curl": (140, 70),
    "shoulder_press": (145, 90),
    "lateral_raise": (70, 30),
    "jumping_jack": (120, 50),
    "glute_bridge": (160, 130),
    "sit_up": (120, 60),
    "calf_raise": (0.3, 0.1),
}
# A counted rep belongs to the labelled rep whose key frame is nearest, within this time.
MATCH_S = 1.0


def naive_count(values: list[float | None], high: float, low: float, extension: bool) -> int:
    """AIGym-style: count when the value passes `low` after having been above `high` (flexion);
    mirrored for an extension (above `high` after having been below `low`)."""
    count, armed = 0, False
    for value in values:
        if value is None:
            continue
        if not extension:
            if value > high:
                armed = True
            elif value < low and armed:
                count, armed = count + 1, False
        else:
            if value < low:
                armed = True
            elif value > high and armed:
                count, armed = count + 1, False
    return count


@dataclass
class Result:
    """One video under one rule."""

    stem: str
    rule: str
    count: int
    naive: int | None
    rep_times_s: list[float] = field(default_factory=list)
    faults: list[tuple[str, ...]] = field(default_factory=list)
    hold_s: float | None = None
    summary: dict[str, Any] = field(default_factory=dict)


def evaluate(stem: str, rule: Rule) -> Result:
    """Replay a recorded video through `rule` and the naive counter."""
    evaluator = Evaluator(rule)
    values: list[float | None] = []
    for pose, t_s in poses(stem):
        evaluation = evaluator.update(pose, t_s)
        if rule.reps is not None:
            values.append(evaluation.values[rule.reps.measurement])
    naive = None
    if rule.reps is not None and rule.id in NAIVE:
        high, low = NAIVE[rule.id]
        extension = getattr(rule.reps, "direction", "flexion") == "extension"
        naive = naive_count(values, high, low, extension)
    events = evaluator.rep_events
    hold = evaluator.hold.total_s if evaluator.hold is not None else None
    return Result(stem, rule.id, len(events), naive, [e.bottom_s for e in events],
                  [e.faults for e in events], hold, evaluator.summary())  # fmt: skip


def error(count: int, accepted: list[int]) -> int:
    """Distance from `count` to the nearest accepted count."""
    return min(abs(count - a) for a in accepted)


def matched(result: Result, keys_s: list[float]) -> dict[int, tuple[str, ...]]:
    """The faults of each labelled rep (1-based) that a counted rep was matched to."""
    out: dict[int, tuple[str, ...]] = {}
    for t_s, faults in zip(result.rep_times_s, result.faults, strict=True):
        if not keys_s:
            break
        nearest = min(range(len(keys_s)), key=lambda i: abs(keys_s[i] - t_s))
        if abs(keys_s[nearest] - t_s) <= MATCH_S and nearest + 1 not in out:
            out[nearest + 1] = faults
    return out


def rate(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "-"


def report(rules: dict[str, Rule]) -> tuple[str, dict[str, Any]]:
    """The markdown report and its figures."""
    videos = truth()["videos"]
    rep_rules = sorted(i for i, r in rules.items() if r.reps is not None)
    lines = [
        "# Rep counting and form checks on the development videos",
        "",
        "Written by `make accuracy` (tools/accuracy.py): every video of `../shared/media/videos`",
        "judged by the rule of its exercise, replayed from the landmark tracks recorded by",
        "tests/data/record_tracks.py (the pipeline of `analyze --exercise`: MediaPipe in tracking",
        "mode, the default smoothing, the same evaluator; tests/core/test_accuracy.py checks that",
        "the replay gives what `analyze` gives). *Naive*: the two-threshold counter of the AIGym",
        "kind on the same measurement, in the same run (thresholds in tools/accuracy.py).",
        "*True*: the labelled count, or the counts accepted for a clip cut mid-rep.",
        "",
        "## Counts",
        "",
        "| video | view | rule | true | ours | naive |",
        "|---|---|---|---|---|---|",
    ]
    ours_err: list[int] = []
    naive_err: list[int] = []
    results: dict[str, Result] = {}
    no_rule: list[str] = []
    for stem, t in videos.items():
        if t["reps"] == 0:
            continue
        rule = rules.get(t["rule"] or "")
        accepted = t["accepted"]
        shown = "/".join(str(a) for a in accepted)
        if rule is None or rule.reps is None:
            no_rule.append(stem)
            lines.append(f"| {stem} | {t['view']} | no rule | {shown} | - | - |")
            continue
        result = results[stem] = evaluate(stem, rule)
        ours_err.append(error(result.count, accepted))
        naive = "-" if result.naive is None else str(result.naive)
        if result.naive is not None:
            naive_err.append(error(result.naive, accepted))
        mark = "" if ours_err[-1] == 0 else " ✗"
        lines.append(
            f"| {stem} | {t['view']} | {rule.id} | {shown} | {result.count}{mark} | {naive} |"
        )
    figures = {
        "videos": len(ours_err),
        "exact": sum(e == 0 for e in ours_err),
        "mae": statistics.mean(ours_err) if ours_err else 0.0,
        "off_by_one": sum(e == 1 for e in ours_err),
        "naive_videos": len(naive_err),
        "naive_exact": sum(e == 0 for e in naive_err),
        "naive_mae": statistics.mean(naive_err) if naive_err else 0.0,
        "naive_off_by_one": sum(e == 1 for e in naive_err),
        "no_rule": no_rule,
    }
    lines += [
        "",
        "| counter | videos | exact count | mean absolute error | off by one |",
        "|---|---|---|---|---|",
        f"| ours | {figures['videos']} | {rate(figures['exact'], figures['videos'])} | "
        f"{figures['mae']:.2f} | {rate(figures['off_by_one'], figures['videos'])} |",
        f"| naive | {figures['naive_videos']} | "
        f"{rate(figures['naive_exact'], figures['naive_videos'])} | {figures['naive_mae']:.2f} | "
        f"{rate(figures['naive_off_by_one'], figures['naive_videos'])} |",
        "",
        "## Videos where nothing should count",
        "",
        "Each rep rule on each video labelled 0 reps that is not a hold of that rule.",
        "",
        "| video | " + " | ".join(rep_rules) + " |",
        "|---|" + "---|" * len(rep_rules),
    ]
    zero: dict[str, dict[str, int]] = {}
    for stem, t in videos.items():
        if t["reps"] != 0:
            continue
        zero[stem] = {i: evaluate(stem, rules[i]).count for i in rep_rules}
        lines.append(f"| {stem} | " + " | ".join(str(zero[stem][i]) for i in rep_rules) + " |")
    figures["zero"] = zero
    lines += [
        "",
        "## Form checks on labelled reps",
        "",
        "Reps labelled bad (or good) for a check in the media's notes, and how many of them the",
        "check flagged; a labelled rep that was not counted is not flagged.",
        "",
        "| check | video | bad reps flagged | good reps flagged |",
        "|---|---|---|---|",
    ]
    checks: dict[str, dict[str, int]] = {}
    for stem, t in videos.items():
        if stem not in results or not t["faults"]:
            continue
        keys_s = [k / t["fps"] for k in t["rep_key_frames"]]
        by_rep = matched(results[stem], keys_s)
        for check, bad in t["faults"].items():
            good = t["good"][check]
            flagged_bad = sum(check in by_rep.get(i, ()) for i in bad)
            flagged_good = sum(check in by_rep.get(i, ()) for i in good)
            c = checks.setdefault(check, {"bad": 0, "bad_flagged": 0, "good": 0,
                                          "good_flagged": 0})  # fmt: skip
            c["bad"] += len(bad)
            c["bad_flagged"] += flagged_bad
            c["good"] += len(good)
            c["good_flagged"] += flagged_good
            lines.append(
                f"| {check} | {stem} | {rate(flagged_bad, len(bad))} | "
                f"{rate(flagged_good, len(good))} |"
            )
    figures["checks"] = checks
    lines += ["", "| check | bad reps flagged | good reps flagged |", "|---|---|---|"]
    for check, c in sorted(checks.items()):
        lines.append(
            f"| {check} | {rate(c['bad_flagged'], c['bad'])} | "
            f"{rate(c['good_flagged'], c['good'])} |"
        )
    lines += [
        "",
        "Every check on every counted rep of the videos (labelled or not): reps flagged.",
        "",
        "| rule | check | reps flagged |",
        "|---|---|---|",
    ]
    flags: dict[tuple[str, str], list[int]] = {}
    for result in results.values():
        for check in rules[result.rule].checks:
            if check.when in ("bottom", "top", "rep"):
                f = flags.setdefault((result.rule, check.id), [0, 0])
                f[0] += sum(check.id in faults for faults in result.faults)
                f[1] += result.count
    for (rule_id, check_id), (flagged, total) in sorted(flags.items()):
        lines.append(f"| {rule_id} | {check_id} | {rate(flagged, total)} |")
    lines += [
        "",
        "## Holds",
        "",
        "| video | rule | labelled hold (s) | timed (s) | difference (s) |",
        "|---|---|---|---|---|",
    ]
    holds: dict[str, float | None] = {}
    for stem, t in videos.items():
        if t["hold_s"] is None:
            continue
        start, end = t["hold_s"]
        rule = rules.get(t["rule"] or "")
        if rule is None or rule.hold is None:
            lines.append(f"| {stem} | no rule | {end - start:.1f} | - | - |")
            holds[stem] = None
            continue
        timed = evaluate(stem, rule).hold_s or 0.0
        holds[stem] = timed - (end - start)
        lines.append(
            f"| {stem} | {rule.id} | {end - start:.1f} ({start:.1f}-{end:.1f}) | {timed:.1f} | "
            f"{timed - (end - start):+.1f} |"
        )
    figures["holds"] = holds
    lines += [
        "",
        "Each hold rule on every other video (a rep video, a negative, another pose's hold):",
        "seconds timed (holds), where any.",
        "",
    ]
    hold_rules = sorted(i for i, r in rules.items() if r.hold is not None)
    elsewhere: dict[str, dict[str, tuple[float, int]]] = {}
    for stem, t in videos.items():
        for rule_id in hold_rules:
            if t["hold_s"] is not None and t["rule"] == rule_id:
                continue
            held = evaluate(stem, rules[rule_id]).summary["holds"]
            if held["count"]:
                elsewhere.setdefault(stem, {})[rule_id] = (held["total_s"], held["count"])
    lines += ["| video | " + " | ".join(hold_rules) + " |", "|---|" + "---|" * len(hold_rules)]
    for stem, timed in elsewhere.items():
        cells = [f"{timed[i][0]:.1f} ({timed[i][1]})" if i in timed else "-" for i in hold_rules]
        lines.append(f"| {stem} | " + " | ".join(cells) + " |")
    quiet = len(videos) - len(elsewhere)
    lines += [
        "",
        f"No hold rule timed anything on the other {quiet} videos. Standing still is the pose of",
        "standing_posture, and the top of a push-up, held between reps, is a high plank.",
    ]
    figures["holds_elsewhere"] = elsewhere
    if no_rule:
        lines += ["", "Videos of an exercise with no rule: " + ", ".join(no_rule) + "."]
    return "\n".join(lines) + "\n", figures


TEMPLATES_SECTION = "## Pose templates"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "accuracy.md")
    parser.add_argument("--rules", type=Path, help="a folder of rules instead of the built-in")
    args = parser.parse_args(argv)
    rules = load_rules(args.rules or BUILTIN_RULES).rules
    text, figures = report(rules)
    # The pose templates' section (tools/template_accuracy.py) follows this report; keep it.
    old = args.out.read_text() if args.out.exists() else ""
    kept = old[old.index(TEMPLATES_SECTION) :] if TEMPLATES_SECTION in old else ""
    args.out.write_text(text.rstrip() + "\n\n" + kept if kept else text)
    print(
        f"ours: exact {figures['exact']}/{figures['videos']}, MAE {figures['mae']:.2f}; "
        f"naive: exact {figures['naive_exact']}/{figures['naive_videos']}, "
        f"MAE {figures['naive_mae']:.2f}; written {args.out}"
    )


if __name__ == "__main__":
    main()
