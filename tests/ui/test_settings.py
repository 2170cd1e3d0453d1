"""The settings dialogs: a rule edited through its widgets reaches the disk and the running
session, invalid values block saving, broken files are refused or recovered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coach.coaching.rule_loader import load_rule
from coach.settings import SETTINGS_FILE, CoachingSettings
from tests.read_only import read_only_folder
from ui.main_window import MainWindow
from ui.rule_editor import RuleEditorDialog
from ui.rule_fields import LocalizedTextEditor, SpinEditor
from ui.rule_form import ListEditor, ModelForm

__all__ = ["read_only_folder"]  # a fixture


def _depth_spin(editor: RuleEditorDialog) -> SpinEditor:
    """The squat's first check (depth): its max_deg spin box."""
    assert editor.form is not None
    checks = editor.form.editors["checks"]
    assert isinstance(checks, ListEditor)
    depth = checks.items[0][1]
    assert isinstance(depth, ModelForm) and depth.editors["id"].value() == "depth"
    spin = depth.editors["max_deg"]
    assert isinstance(spin, SpinEditor)
    return spin


def test_a_threshold_edited_in_the_dialog_is_saved_and_used_on_the_next_frame(
    window: MainWindow, qtbot: QtBot, videos: Path, config_folder: Path
) -> None:
    window.select_exercise("squat")
    window.start_session(str(videos / "squat_side_3reps_home.mp4"), realtime=False)
    qtbot.waitUntil(lambda: window.controller.session is not None and window.frames_shown > 0)
    window.toggle_pause()  # hold the video while the coach edits the rule
    editor = window.preferences.open_rule_editor()
    assert editor.rule_id == "squat" and not editor.form.widget.isEnabled()  # built-in: read-only
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    assert editor.form.widget.isEnabled() and not editor.save_button.isEnabled()  # no change yet
    spin = _depth_spin(editor).spin
    spin.selectAll()
    qtbot.keyClicks(spin, "30")  # deeper than any squat reaches: every rep from now is "depth"
    assert spin.value() == 30 and editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    on_disk = load_rule(config_folder / "rules" / "squat.yaml")  # valid, as the loader reads it
    assert on_disk.checks[0].max_deg == 30
    session = window.controller.session
    with qtbot.waitSignal(window.frame_shown, timeout=10_000):
        window.toggle_pause()
    assert session.settings.rule is not None and session.settings.rule.checks[0].max_deg == 30
    with qtbot.waitSignal(window.session_finished, timeout=120_000) as finished:
        pass
    summary = finished.args[0]
    assert summary["reps"]["total"] == 3
    assert summary["faults_by_type"].get("depth") == 3


def test_an_invalid_value_shows_its_error_and_disables_save(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.preferences.open_rule_editor()
    editor.select("squat")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    reps = editor.form.editors["reps"].form
    shortest = reps.editors["min_duration_s"]
    shortest.set_value(20)  # above max_duration_s (10): no rep could ever be counted
    assert not editor.save_button.isEnabled()
    reps_error = editor.form.errors["reps"]  # beside the reps group it concerns
    assert "min_duration_s must be below max_duration_s" in reps_error.text()
    assert not reps_error.isHidden()
    shortest.set_value(0.4)
    assert editor.save_button.isEnabled()
    assert reps_error.isHidden() and editor.problems.text() == ""
    # a field-level error sits under its own field
    depth = _depth_spin(editor)
    depth.set_value(None)  # depth with no limit at all
    checks_error = editor.form.errors["checks"]
    assert "give min_deg, max_deg or both" in checks_error.text()
    assert not editor.save_button.isEnabled()


def test_import_of_a_broken_rule_is_refused_with_the_validators_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_folder: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    broken = tmp_path / "wall_sit.yaml"
    broken.write_text(
        "id: wall_sit\nname: Wall sit\nmeasurements:\n  knee:\n    angle: [hip, knee, ankle]\n"
        "hold:\n  targets:\n    - measurement: knee\n      min_deg: 100\n      max_deg: 80\n"
    )
    editor = window.preferences.open_rule_editor()
    assert editor.import_file(broken) is None
    assert len(shown) == 1
    assert f"{broken}:8 hold.targets[0]: the minimum 100 must be below the maximum 80" in shown[0]
    assert "wall_sit" not in window.rules
    assert not (config_folder / "rules" / "wall_sit.yaml").exists()


def test_a_new_hold_pose_made_in_the_dialog_appears_in_the_picker(
    window: MainWindow, qtbot: QtBot, config_folder: Path
) -> None:
    """The README's walk-through: a knee plank from the plank."""
    editor = window.preferences.open_rule_editor()
    editor.select("plank")
    new_id = editor.duplicate("Knee plank")
    assert new_id == "knee_plank" and editor.form.widget.isEnabled()
    body_line = editor.form.editors["measurements"].items[0][1]
    assert body_line.value()[0] == "body_line"
    body_line.forms["Angle at a joint"].editors["angle"].pickers[2].set_value("knee")
    knee_target = editor.form.editors["hold"].form.editors["targets"].items[1][1]
    knee_target.editors["min_deg"].set_value(70)
    knee_target.editors["max_deg"].set_value(110)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = load_rule(config_folder / "rules" / "knee_plank.yaml")
    assert saved.name == "Knee plank" and saved.hold is not None
    assert saved.measurements["body_line"].angle == ("shoulder", "hip", "knee")
    assert (saved.hold.targets[1].min_deg, saved.hold.targets[1].max_deg) == (70, 110)
    window.select_exercise("knee_plank")  # offered in the exercise picker at once


def test_names_and_messages_are_edited_in_english_and_chinese(
    window: MainWindow, qtbot: QtBot, config_folder: Path
) -> None:
    editor = window.preferences.open_rule_editor()
    editor.select("squat")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    assert editor.form is not None
    name = editor.form.editors["name"]
    assert isinstance(name, LocalizedTextEditor)
    assert (name.lines["en"].text(), name.lines["zh_CN"].text()) == ("Squat", "深蹲")
    name.lines["zh_CN"].setText("深蹲（自重）")  # (QTest types Latin keys only)
    checks = editor.form.editors["checks"]
    assert isinstance(checks, ListEditor)
    depth = checks.items[0][1]
    assert isinstance(depth, ModelForm)
    message = depth.editors["message"]
    assert isinstance(message, LocalizedTextEditor)
    message.lines["zh_CN"].clear()  # English only: named, whatever the rule's language
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = load_rule(config_folder / "rules" / "squat.yaml")
    assert saved.name == {"en": "Squat", "zh_CN": "深蹲（自重）"}
    assert saved.checks[0].message == {
        "en": "Squat deeper: lower your hips until your thighs are parallel to the floor"
    }
    assert saved.checks[1].message == {"en": "Keep your chest up: your upper body leans too "
                                       "far forward", "zh_CN": "挺胸：上身前倾太多了"}  # fmt: skip
    message.lines["en"].clear()
    message.lines["zh_CN"].setText("再蹲深一点")  # Chinese only: its language is named
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert load_rule(config_folder / "rules" / "squat.yaml").checks[0].message == {
        "zh_CN": "再蹲深一点"
    }


def test_damaged_settings_and_rule_files_are_recovered_with_a_message(
    qtbot: QtBot, config_folder: Path
) -> None:
    (config_folder / "rules").mkdir(parents=True)
    (config_folder / SETTINGS_FILE).write_text('{"coaching": {"volume": "loud"}}')
    (config_folder / "rules" / "squat.yaml").write_text("id: squat\nname: Squat\n")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)))
    box = window.findChildren(QMessageBox)[0]
    assert "settings were damaged" in box.text() and "defaults" in box.text()
    assert "squat.yaml:1 measurements: required key is missing" in box.text()
    assert window.rules["squat"].checks  # the built-in squat, not the broken copy
    assert window.preferences.app_settings.coaching.volume == CoachingSettings().volume
    assert list(config_folder.glob(SETTINGS_FILE + ".broken-*"))
    window.close()
    assert (config_folder / SETTINGS_FILE).is_file()  # the defaults, saved on the way out


def test_coaching_preferences_reach_the_running_session(
    window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window.start_session(str(videos / "squat_side_1rep_slow.mp4"), realtime=True)
    qtbot.waitUntil(lambda: window.frames_shown > 2, timeout=30_000)
    # Not the default (kalman), so that the session must change to it.
    window.preferences.apply_coaching(
        CoachingSettings(smoothing="one-euro", smoothing_strength=2.0)
    )
    session = window.controller.session
    qtbot.waitUntil(lambda: session.settings.smoothing == "one-euro", timeout=10_000)
    assert session.settings.smoothing_strength == 2.0
    qtbot.waitUntil(
        lambda: session.settings.voice.min_gap_s == CoachingSettings().cue_cooldown_s,
        timeout=10_000,
    )
    window.stop_session()
    assert session.summary()["smoothing"] == "one-euro"


def test_unsaved_edits_are_not_lost_without_asking(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, config_folder: Path
) -> None:
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(_parent: object, _title: str, text: str, *_buttons: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    editor = window.preferences.open_rule_editor()
    editor.select("squat")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    _depth_spin(editor).set_value(95)
    editor.reject()  # Close, answered Cancel: still open, the edit still there
    assert len(asked) == 1 and editor.isVisible() and _depth_spin(editor).value() == 95
    answer = QMessageBox.StandardButton.Save
    editor.select("plank")  # leaving the rule, answered Save
    assert len(asked) == 2 and editor.rule_id == "plank"
    assert load_rule(config_folder / "rules" / "squat.yaml").checks[0].max_deg == 95


def test_a_read_only_config_folder_leaves_a_usable_app(
    qtbot: QtBot, read_only_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(read_only_folder))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.select_exercise("plank")
    window.preferences.save()  # as on closing, or after a settings dialog
    assert "Settings could not be saved" in window.statusBar().currentMessage()
    editor = window.preferences.open_rule_editor()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    editor.select("squat")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "Could not save the copy" in shown[0]
    assert window.rules["squat"] == window.store.builtin["squat"]  # nothing half-saved
    window.close()  # saving again on the way out is no crash either


def test_a_plain_text_is_kept_as_written_until_it_is_edited(qtbot: QtBot) -> None:
    """A user's rule in one language keeps its plain texts; an edited text names its language
    (a plain text would be read in the rule's language, which the field cannot see)."""
    text = LocalizedTextEditor()
    qtbot.addWidget(text.widget)
    text.set_value("Go deeper")
    assert text.value() == "Go deeper"
    text.lines["en"].setText("Go lower")
    assert text.value() == {"en": "Go lower"}
    text.set_value("再蹲深一点")
    assert (text.lines["en"].text(), text.lines["zh_CN"].text()) == ("", "再蹲深一点")
    assert text.value() == "再蹲深一点"
    text.lines["zh_CN"].clear()
    assert text.value() == ""  # nothing: the rule's own check asks for a text
