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
