"""The user's rule files: saving keeps comments and a backup, broken files are refused or set
aside, delete brings the built-in rule back."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from coach.coaching.rule_loader import BUILTIN_RULES, RuleError, load_rule
from coach.coaching.rule_store import RuleStore


@pytest.fixture
def store(tmp_path: Path) -> RuleStore:
    return RuleStore(tmp_path / "rules")


def _stricter_squat(store: RuleStore) -> dict[str, object]:
    data = store.rules["squat"].model_dump(mode="json", exclude_defaults=True)
    data["checks"][0]["max_deg"] = 95.0  # depth: a stricter limit for a patient
    return data


def test_a_first_save_changes_one_line_of_the_builtin_file(store: RuleStore) -> None:
    rule = store.save(_stricter_squat(store))
    assert rule.checks[0].max_deg == 95
    saved = store.folder / "squat.yaml"
    assert load_rule(saved).checks[0].max_deg == 95  # valid on disk, as the loader reads it
    builtin = (BUILTIN_RULES / "squat.yaml").read_text().splitlines()
    diff = [
        line
        for line in difflib.unified_diff(builtin, saved.read_text().splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert diff == ["-    max_deg: 100", "+    max_deg: 95"]  # comments and order kept
    assert store.rules["squat"].checks[0].max_deg == 95  # the user's copy replaces the built-in


def test_saving_again_keeps_the_previous_version(store: RuleStore) -> None:
    data = _stricter_squat(store)
    store.save(data)
    data["checks"][0]["max_deg"] = 90.0
    store.save(data)
    assert load_rule(store.folder / "squat.yaml").checks[0].max_deg == 90
    assert "max_deg: 95" in (store.folder / "squat.yaml.bak").read_text()


def test_an_invalid_rule_is_not_saved(store: RuleStore) -> None:
    data = _stricter_squat(store)
    data["reps"]["min_excursion_deg"] = -5.0  # an excursion is positive
    with pytest.raises(RuleError, match=r"reps.min_excursion_deg: Input should be greater than 0"):
        store.save(data)
    assert not (store.folder / "squat.yaml").exists()


def test_delete_brings_back_the_builtin(store: RuleStore) -> None:
    store.save(_stricter_squat(store))
    store.delete("squat")
    assert store.rules["squat"].checks[0].max_deg == 100
    assert not (store.folder / "squat.yaml").exists()
    assert (store.folder / "squat.yaml.bak").exists()


def test_import_refuses_a_broken_file_with_the_validators_message(
    store: RuleStore, tmp_path: Path
) -> None:
    broken = tmp_path / "mine.yaml"
    broken.write_text("id: mine\nname: Mine\nmeasurements:\n  knee:\n    angle: [hip, knee]\n")
    with pytest.raises(RuleError) as error:
        store.import_file(broken)
    assert f"{broken}:5 measurements.knee.angle" in str(error.value)
    assert not store.folder.exists() or list(store.folder.iterdir()) == []


def test_import_and_export_round_trip(store: RuleStore, tmp_path: Path) -> None:
    exported = tmp_path / "out" / "plank.yaml"
    store.export_file("plank", exported)
    assert exported.read_bytes() == (BUILTIN_RULES / "plank.yaml").read_bytes()
    text = exported.read_text().replace("id: plank", "id: my_plank")
    renamed = tmp_path / "anything.yaml"
    renamed.write_text(text)
    rule = store.import_file(renamed)
    assert rule.id == "my_plank" and (store.folder / "my_plank.yaml").is_file()
    assert "my_plank" in RuleStore(store.folder).rules


def test_a_broken_user_file_is_set_aside_and_the_rest_load(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "squat.yaml").write_text("id: squat\nname: [unclosed\n")
    store = RuleStore(folder)
    assert store.rules["squat"].checks[0].max_deg == 100  # the built-in one
    assert len(store.problems) == 1 and "squat.yaml:3" in store.problems[0]
    assert "kept as squat.yaml.broken-" in store.problems[0]
    assert not (folder / "squat.yaml").exists()
    assert RuleStore(folder).problems == []  # not reported again at the next start


@pytest.mark.parametrize("path", sorted(BUILTIN_RULES.glob("*.yaml")), ids=lambda p: p.stem)
def test_saving_a_builtin_rule_unchanged_writes_the_same_file(store: RuleStore, path: Path) -> None:
    """The built-in files are laid out as the editor writes them, so an edit shows as a
    one-line change."""
    rule = store.rules[path.stem]
    store.save(rule.model_dump(mode="json"))
    assert (store.folder / path.name).read_text() == path.read_text()


@pytest.mark.parametrize("name", ["Off", "No", "yes", "1.5", "null"])
def test_a_name_yaml_1_1_would_read_as_another_type_survives_a_restart(
    store: RuleStore, name: str
) -> None:
    data = store.rules["plank"].model_dump(mode="json", exclude_defaults=True)
    data |= {"id": "my_plank", "name": name}
    store.save(data)
    assert RuleStore(store.folder).rules["my_plank"].name == name  # read back as written


def test_both_languages_survive_a_save(store: RuleStore) -> None:
    data = store.rules["squat"].model_dump(mode="json", exclude_defaults=True)
    data["name"] = {"en": "Deep squat", "zh_CN": "深蹲到底"}
    data["checks"][0]["message"] = {"en": "All the way down", "zh_CN": "蹲到最低"}
    data["checks"][1]["message"] = "Chest up"  # one language: a plain text stays plain
    store.save(data)
    text = (store.folder / "squat.yaml").read_text(encoding="utf-8")
    assert "name:\n  en: Deep squat\n  zh_CN: 深蹲到底\n" in text
    assert "    message: Chest up\n" in text
    rule = load_rule(store.folder / "squat.yaml")
    assert rule.name == {"en": "Deep squat", "zh_CN": "深蹲到底"}
    assert rule.checks[0].message == {"en": "All the way down", "zh_CN": "蹲到最低"}
    assert rule.checks[1].message == "Chest up"
    assert rule.checks[2].message == store.builtin["squat"].checks[2].message


def test_a_rule_in_chinese_only_saves_its_language(store: RuleStore) -> None:
    data = store.rules["plank"].model_dump(mode="json", exclude_defaults=True)
    data |= {"id": "knee_plank", "name": "跪姿平板支撑", "language": "zh_CN"}
    data["checks"][0]["message"] = "臀部别塌"
    store.save(data)
    text = (store.folder / "knee_plank.yaml").read_text(encoding="utf-8")
    assert "name: 跪姿平板支撑\n" in text and "language: zh_CN\n" in text
    rule = load_rule(store.folder / "knee_plank.yaml")
    assert (rule.name, rule.language, rule.checks[0].message) == (
        "跪姿平板支撑",
        "zh_CN",
        "臀部别塌",
    )
