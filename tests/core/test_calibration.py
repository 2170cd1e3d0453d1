"""Per-user calibration: learned from a session's reps, kept in the config folder between
sessions, seeding the next session's counter; it never changes how a check judges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.coaching.calibration import (
    ExerciseCalibration,
    calibration_path,
    learned_depth,
    load_calibration,
    save_calibration,
    updated,
)
from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from tests.data.golden import poses

RULES = load_rules(BUILTIN_RULES).rules


def session(stem: str, rule_id: str, depth: float | None = None) -> Evaluator:
    evaluator = Evaluator(RULES[rule_id], learned_depth=depth)
    for pose, t_s in poses(stem):
        evaluator.update(pose, t_s)
    return evaluator


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(tmp_path))
    return tmp_path


def test_calibration_persists_between_sessions(config: Path) -> None:
    first = session("squat_front_20reps_oncounter", "squat")
    calibration = updated(load_calibration(), RULES["squat"], first.rep_events)
    save_calibration(calibration)
    assert calibration_path() == config / "calibration.json"
    saved = load_calibration()["squat"]
    assert saved.measurement == "knee" and saved.reps == 20
    assert 160 < saved.rest < 180 and 70 < saved.turn < 95  # standing, bottom of a deep squat
    assert saved.depth == pytest.approx(saved.rest - saved.turn, abs=5)
    # The next session starts with this person's depth: its gate is set from the first rep.
    depth = learned_depth(load_calibration(), RULES["squat"])
    assert depth == saved.depth
    fresh = Evaluator(RULES["squat"], learned_depth=depth).reps
    assert fresh is not None and fresh.gate == pytest.approx(depth / 2)  # before any rep
    second = session("squat_front_20reps_oncounter", "squat", depth)
    assert len(second.rep_events) == 20
    again = updated(load_calibration(), RULES["squat"], second.rep_events)["squat"]
    assert again.reps == 40  # the more you use it, the more reps it rests on


def test_calibration_never_changes_a_check(config: Path) -> None:
    """Even an absurd calibration (a depth far beyond any rep) only changes which swings count:
    the checks of the reps counted are judged exactly as without it, danger checks included."""
    stem, rule = "squat_front_20reps_oncounter", "squat"
    plain = session(stem, rule)
    for depth in (10.0, 60.0):
        calibrated = session(stem, rule, depth)
        assert [(e.index, e.faults) for e in calibrated.rep_events] == [
            (e.index, e.faults) for e in plain.rep_events
        ]
    assert any(c.severity == "danger" for c in RULES[rule].checks)
    huge = session(stem, rule, 500.0)  # no swing is deep enough until its own reps take over
    assert huge.rep_events == []


def test_a_calibration_for_another_measurement_is_ignored() -> None:
    other = {"squat": ExerciseCalibration("hip", 170, 80, 90, 30)}
    assert learned_depth(other, RULES["squat"]) is None
    few = {"squat": ExerciseCalibration("knee", 170, 80, 90, 1)}
    assert learned_depth(few, RULES["squat"]) is None


@pytest.mark.parametrize(
    "text", ["{not json", '{"version": 9, "exercises": {}}', '{"version": 1, "exercises": 3}', "[]"]
)
def test_a_damaged_calibration_is_set_aside(
    config: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    (config / "calibration.json").write_text(text)
    assert load_calibration() == {}
    assert not (config / "calibration.json").exists()
    assert len(list(config.glob("calibration.json.broken-*"))) == 1
    assert "damaged calibration" in caplog.text
    save_calibration({"squat": ExerciseCalibration("knee", 170, 80, 90, 30)})
    assert json.loads((config / "calibration.json").read_text())["version"] == 1
