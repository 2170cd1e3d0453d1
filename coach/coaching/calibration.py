"""Per-user calibration: each exercise's learned rest value, turn-around value and rep depth,
kept between sessions in the config folder, so that the next session counts with the person's
own range from its first rep ("the more you use it, the more accurate").

Only the rep counter uses it: it seeds the counter's median depth (coach.coaching.reps), which
decides how deep a swing must be to count. Form checks never read it, so a calibration cannot
loosen any check, an injury-risk (`danger`) one least of all.

The file is `<config folder>/calibration.json`:
`{"version": 1, "exercises": {"squat": {"measurement": "knee", "rest": 172.0, "turn": 85.0,
"depth": 87.0, "reps": 24}}}`. A damaged file is set aside and the calibration starts afresh.
"""

from __future__ import annotations

import json
import logging
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

from coach.coaching.reps import LEARN_AFTER, RepEvent
from coach.coaching.rule_schema import Rule
from coach.storage import config_dir, set_aside, write_json

log = logging.getLogger(__name__)

FILE_NAME = "calibration.json"
VERSION = 1
# Reps remembered: a new session's reps weigh against at most this many earlier ones, so the
# calibration follows a person who gets stronger or more mobile.
MEMORY_REPS = 50


@dataclass(frozen=True)
class ExerciseCalibration:
    """One exercise's learned values, in the unit of its rep measurement."""

    measurement: str  # the rule's rep measurement they were learned on
    rest: float  # the median value at rest before a rep
    turn: float  # the median value at the turn-around
    depth: float  # the median excursion of a rep
    reps: int  # how many reps they were learned from


def calibration_path() -> Path:
    return config_dir() / FILE_NAME


def load_calibration(path: Path | None = None) -> dict[str, ExerciseCalibration]:
    """The calibration of every exercise; empty when there is none. A damaged file is set aside
    (`calibration.json.broken-<time>`), with a warning, and an empty calibration returned."""
    path = path or calibration_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _damaged(path, str(exc))
    try:
        if data.get("version") != VERSION:
            raise ValueError(f"unknown version {data.get('version')!r}")
        out = {
            str(exercise): ExerciseCalibration(
                str(c["measurement"]),
                float(c["rest"]),
                float(c["turn"]),
                float(c["depth"]),
                int(c["reps"]),
            )
            for exercise, c in data["exercises"].items()
        }
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        return _damaged(path, str(exc))
    return {e: c for e, c in out.items() if c.depth > 0 and c.reps > 0}


def _damaged(path: Path, reason: str) -> dict[str, ExerciseCalibration]:
    try:
        aside = set_aside(path)
    except OSError:
        aside = path
    log.warning("%s: damaged calibration (%s), set aside as %s; starting afresh", path, reason,
                aside.name)  # fmt: skip
    return {}


def save_calibration(calibration: dict[str, ExerciseCalibration], path: Path | None = None) -> None:
    """Write the calibration atomically."""
    write_json(
        path or calibration_path(),
        {"version": VERSION, "exercises": {e: asdict(c) for e, c in sorted(calibration.items())}},
    )


def learned_depth(calibration: dict[str, ExerciseCalibration], rule: Rule) -> float | None:
    """The depth to seed the rule's rep counter with, if this user's calibration fits the rule
    (learned on the same measurement, from enough reps)."""
    c = calibration.get(rule.id)
    if c is None or rule.reps is None or c.measurement != rule.reps.measurement:
        return None
    return c.depth if c.reps >= LEARN_AFTER else None


def updated(
    calibration: dict[str, ExerciseCalibration], rule: Rule, events: list[RepEvent]
) -> dict[str, ExerciseCalibration]:
    """The calibration with a session's reps of `rule` added: the session's medians, weighed
    against the earlier ones by rep count (at most MEMORY_REPS earlier reps)."""
    if rule.reps is None:
        return calibration
    reps = [
        e
        for e in events
        if e.rest_value is not None and e.measurement in (None, rule.reps.measurement)
    ]
    if len(reps) < LEARN_AFTER:
        return calibration  # too few to learn from
    rest = statistics.median(e.rest_value for e in reps if e.rest_value is not None)
    turn = statistics.median(e.lowest_deg for e in reps)
    depth = statistics.median(e.depth for e in reps if e.depth is not None)
    old = calibration.get(rule.id)
    if old is not None and old.measurement == rule.reps.measurement:
        n_old, n_new = min(old.reps, MEMORY_REPS), len(reps)
        share = n_new / (n_old + n_new)
        rest = old.rest + share * (rest - old.rest)
        turn = old.turn + share * (turn - old.turn)
        depth = old.depth + share * (depth - old.depth)
        count = n_old + n_new
    else:
        count = len(reps)
    new = ExerciseCalibration(rule.reps.measurement, round(rest, 2), round(turn, 2),
                              round(depth, 2), count)  # fmt: skip
    return calibration | {rule.id: new}
