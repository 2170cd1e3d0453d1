"""The user's settings file: defaults, saving with a backup, and recovery from a damaged file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.settings import (
    SETTINGS_FILE,
    AppSettings,
    config_dir,
    load_settings,
    save_settings,
    saved_language,
)


def test_config_folder_follows_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(tmp_path / "portable"))
    assert config_dir() == tmp_path / "portable"
    monkeypatch.delenv("FITNESS_COACH_CONFIG")
    assert config_dir().name == "fitness-coach"


def test_first_run_gives_defaults_without_a_message(tmp_path: Path) -> None:
    settings, message = load_settings(tmp_path)
    assert settings == AppSettings() and message is None


def test_saved_settings_come_back_and_the_previous_file_is_kept(tmp_path: Path) -> None:
    first = AppSettings()
    first.coaching.cue_cooldown_s = 4.0
    save_settings(first, tmp_path)
    second = AppSettings(exercise="squat")
    second.camera.rotation_deg = 90
    save_settings(second, tmp_path)
    loaded, message = load_settings(tmp_path)
    assert message is None
    assert loaded.exercise == "squat" and loaded.camera.rotation_deg == 90
    backup = json.loads((tmp_path / (SETTINGS_FILE + ".bak")).read_text())
    assert backup["coaching"]["cue_cooldown_s"] == 4.0
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []


def test_a_file_from_before_the_language_setting_loads_and_follows_the_system(
    tmp_path: Path,
) -> None:
    (tmp_path / SETTINGS_FILE).write_text('{"exercise": "squat", "muted": true}')
    settings, message = load_settings(tmp_path)
    assert message is None
    assert settings.exercise == "squat" and settings.language == "system"
    assert saved_language(tmp_path) == "system"
    settings.language = "zh_CN"
    save_settings(settings, tmp_path)
    assert load_settings(tmp_path)[0].language == "zh_CN"
    assert saved_language(tmp_path) == "zh_CN"


@pytest.mark.parametrize("content", [b"[1, 2]", b'{"language": "fr"}', b"\xff garbage"])
def test_the_language_is_read_early_without_touching_a_damaged_file(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content)
    assert saved_language(tmp_path) == "system"
    assert (tmp_path / SETTINGS_FILE).read_bytes() == content  # load_settings reports it later


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"camera": {"device": 0', "Expecting"),  # cut short
        (b'{"camera": {"rotation_deg": 45}}', "validation error"),  # not a choice
        (b'{"volume": 0.5}', "validation error"),  # a key at the wrong level
        (b'{"language": "fr"}', "validation error"),  # not a language the app has
        (b"\xff\xfe\x00garbage", "utf-8"),
    ],
)
def test_a_damaged_file_is_set_aside_and_defaults_used(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content)
    settings, message = load_settings(tmp_path)
    assert settings == AppSettings()
    assert message is not None and reason in message and "defaults" in message
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(SETTINGS_FILE + ".broken-")]
    assert len(kept) == 1 and kept[0].read_bytes() == content  # nothing the user had is lost
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_saving_into_an_unwritable_folder_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        save_settings(AppSettings(), blocker / "config")
