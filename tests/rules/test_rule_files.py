"""Rule files: the built-in ones validate, and each kind of mistake gets its exact message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coach.coaching.rule_loader import BUILTIN_RULES, RuleError, load_rule, load_rules, parse_rule
from coach.coaching.rule_schema import Point
from coach.vision.landmarks import INDEX

GOOD = """\
id: squat
name: Squat
measurements:
  knee:
    angle: [hip, knee, ankle]
  lean:
    segment: [hip, shoulder]
reps:
  measurement: knee
  start_above_deg: 160
  bottom_below_deg: 120
checks:
  - id: depth
    when: bottom
    measurement: knee
    max_deg: 100
    message: Squat deeper
"""


def problems(text: str) -> list[str]:
    with pytest.raises(RuleError) as error:
        parse_rule(text, "rules/squat.yaml")
    return error.value.problems


def test_every_builtin_rule_validates() -> None:
    rule_set = load_rules(BUILTIN_RULES)
    assert rule_set.problems == []
    assert {"squat", "push_up", "lunge", "bicep_curl"} <= set(rule_set.rules)


def test_the_good_example_parses() -> None:
    rule = parse_rule(GOOD, "rules/squat.yaml")
    assert rule.reps.start_above_deg == 160
    assert rule.checks[0].severity == "warning"


def test_point_names_are_the_sided_landmarks() -> None:
    sided = {name.removeprefix("left_") for name in INDEX if name.startswith("left_")}
    assert set(Point.__args__) == sided


POINTS = (
    "'ankle', 'ear', 'elbow', 'eye', 'eye_inner', 'eye_outer', 'foot_index', 'heel', 'hip', "
    "'index', 'knee', 'pinky', 'shoulder', 'thumb' or 'wrist'"
)
MISTAKES = [
    ("    max_deg: 100", "    max_dge: 100", "16 checks[0].max_dge: unknown key (a typo?)"),
    (
        "[hip, knee, ankle]",
        "[hip, kne, ankle]",
        f"5 measurements.knee.angle[1]: Input should be {POINTS}",
    ),
    (
        "    segment: [hip, shoulder]",
        "    segmnt: [hip, shoulder]",
        "7 measurements.lean: a measurement needs one of 'angle: [a, b, c]', 'segment: [a, b]', "
        "'tilt: point', 'width: point', 'ahead: [a, b]' or 'medial: [a, b, c]'",
    ),
    (
        "  bottom_below_deg: 120",
        "  bottom_below_deg: 170",
        "9 reps: bottom_below_deg 170 must be below start_above_deg 160",
    ),
    (
        "    max_deg: 100",
        "    max_deg: deep",
        "16 checks[0].max_deg: Input should be a valid number, unable to parse string as a number",
    ),
    (
        "    max_deg: 100",
        "    severity: danger\n    max_deg: 100",
        "13 checks[0]: a danger check needs a source for its threshold",
    ),
    (
        "  measurement: knee\n  start",
        "  measurement: ankle\n  start",
        "9 reps.measurement: 'ankle' is not one of ['knee', 'lean']",
    ),
    ("    message: Squat deeper\n", "", "13 checks[0].message: required key is missing"),
    (
        "    measurement: knee\n    max_deg",
        "    measurement: hip\n    max_deg",
        "15 checks[0].measurement: 'hip' is not one of ['knee', 'lean']",
    ),
    (
        "    max_deg: 100",
        "    max_ratio: 1.1",
        "13 checks[0]: 'knee' is measured in deg: use min_deg / max_deg",
    ),
    (
        "    max_deg: 100",
        "    max_deg: 100\n    min_ratio: 0.5",
        "13 checks[0]: give the range in degrees or as a ratio, not both",
    ),
    (
        "    when: bottom",
        "    when: sometimes",
        "14 checks[0].when: Input should be 'always', 'hold', 'bottom', 'top' or 'rep'",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), MISTAKES)
def test_mistakes_give_exact_messages(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    assert problems(GOOD.replace(old, new, 1)) == [f"rules/squat.yaml:{expected}"]


def test_invalid_yaml_names_the_line() -> None:
    assert problems("id: squat\nname: [unclosed\n") == [
        "rules/squat.yaml:3: not valid YAML (expected ',' or ']', but got '<stream end>')"
    ]


def test_not_a_mapping() -> None:
    assert problems("- just\n- a list\n") == [
        "rules/squat.yaml:1: a rule file is a mapping of keys (id, name, measurements, ...)"
    ]


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = tmp_path / "deep_squat.yaml"
    path.write_text(GOOD)
    with pytest.raises(RuleError, match=r"deep_squat.yaml:1 id: 'squat' should match"):
        load_rule(path)


def test_yaml_tags_are_refused() -> None:
    # safe_load only: no object construction from a rule file
    text = GOOD.replace("name: Squat", "name: !!python/object/apply:os.system ['true']")
    assert "not valid YAML" in problems(text)[0]


def test_user_folder_overrides_builtin(tmp_path: Path) -> None:
    stricter = textwrap.dedent(GOOD).replace("max_deg: 100", "max_deg: 90")
    (tmp_path / "squat.yaml").write_text(stricter)
    (tmp_path / "broken.yaml").write_text("id: broken\n")
    rule_set = load_rules(BUILTIN_RULES, tmp_path)
    assert rule_set.rules["squat"].checks[0].max_deg == 90
    assert any(p.startswith(f"{tmp_path / 'broken.yaml'}:1") for p in rule_set.problems)


NEW = """\
id: jack
name: Jack
measurements:
  arms:
    angle: [hip, shoulder, elbow]
  feet:
    width: ankle
    per_width: shoulder
reps:
  measurement: arms
  direction: extension
  min_excursion_deg: 60
  position:
    - measurement: arms
      max_deg: 190
"""
REP_KEY_MISTAKES = [
    (
        "  direction: extension",
        "  direction: outwards",
        "11 reps.direction: Input should be 'flexion' or 'extension'",
    ),
    (
        "  min_excursion_deg: 60",
        "  min_excursion_deg: 0",
        "12 reps.min_excursion_deg: Input should be greater than 0",
    ),
    (
        "  min_excursion_deg: 60",
        "  min_excursion_deg: 60\n  min_excursion_ratio: 0.5",
        "10 reps: give the minimum excursion in degrees or as a ratio, not both "
        "(min_excursion_deg or min_excursion_ratio)",
    ),
    (
        "  min_excursion_deg: 60\n",
        "",
        "10 reps: give min_excursion_deg (min_excursion_ratio for a ratio measurement): the least "
        "a rep moves away from rest and back",
    ),
    (
        "  direction: extension\n  min_excursion_deg: 60\n",
        "  start_above_deg: 160\n",
        "10 reps: bottom_below_deg is missing: give start_above_deg and bottom_below_deg "
        "together, or min_excursion_deg instead",
    ),
    (
        "  min_excursion_deg: 60\n",
        "  start_above_deg: 160\n  bottom_below_deg: 120\n",
        "10 reps: start_above_deg and bottom_below_deg describe a flexion; for direction "
        "'extension' give min_excursion_deg",
    ),
    (
        "  measurement: arms\n  direction",
        "  measurement: feet\n  direction",
        "10 reps: 'feet' is measured in ratio: give its minimum excursion as min_excursion_ratio",
    ),
    (
        "  direction: extension",
        "  direction: extension\n  front_measurement: legs",
        "12 reps.front_measurement: 'legs' is not one of ['arms', 'feet']",
    ),
    (
        "    - measurement: arms\n      max_deg",
        "    - measurement: feet\n      max_deg",
        "14 reps.position[0]: 'feet' is measured in ratio: use min_ratio / max_ratio",
    ),
    (
        "    - measurement: arms\n      max_deg",
        "    - measurement: legs\n      max_deg",
        "14 reps.position[0].measurement: 'legs' is not one of ['arms', 'feet']",
    ),
    (
        "    angle: [hip, shoulder, elbow]",
        "    medial: [hip, knee]",
        "5 measurements.arms.medial[2]: required key is missing",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), REP_KEY_MISTAKES)
def test_each_new_rep_key_has_its_message(old: str, new: str, expected: str) -> None:
    assert old in NEW
    assert parse_rule(NEW, "rules/jack.yaml").reps is not None  # the good one parses
    with pytest.raises(RuleError) as error:
        parse_rule(NEW.replace(old, new, 1), "rules/jack.yaml")
    assert error.value.problems == [f"rules/jack.yaml:{expected}"]


OLD_PUSH_UP = """\
# Push-up, seen from the side, as the built-in file was before reps by range of motion.
id: push_up
name: Push-up
view: side
measurements:
  elbow:
    angle: [shoulder, elbow, wrist]
reps:
  measurement: elbow
  start_above_deg: 150
  bottom_below_deg: 110
  min_duration_s: 0.4
  max_duration_s: 10
"""


def test_old_rule_files_load_unchanged_and_count() -> None:
    """An old file's two thresholds still load; their gap is the minimum excursion, and the
    push-ups of the development video seen from the front now count (they did not before)."""
    from coach.coaching.engine import Evaluator
    from tests.data.golden import poses

    rule = parse_rule(OLD_PUSH_UP, "push_up.yaml")
    assert rule.reps is not None and rule.reps.min_excursion == 40
    assert rule.reps.direction == "flexion"
    evaluator = Evaluator(rule)
    for pose, t_s in poses("pushup_front_portrait_10reps_home"):
        evaluator.update(pose, t_s)
    assert len(evaluator.rep_events) == 10
