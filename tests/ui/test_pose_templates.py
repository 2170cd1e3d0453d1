"""Pose templates in the window: from a photo, from a folder, captured live; the ghost and score.

Photos go through the real MediaPipe model in the photo worker's thread; sessions replay the
landmark tracks recorded from the development videos (tests/replay.py).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coach.session import FrameResult
from ui.main_window import MainWindow
from ui.video_view import render_frame

YOGA = "yoga/manoj_yoga_poses"
WARRIOR = f"{YOGA}/warrior2_virabhadrasana/warrior2_virabhadrasana_000.jpeg"
GROUP = f"{YOGA}/tree_vrksasana/tree_vrksasana_006.jpg"  # two people, apart
VIDEO = "squat_side_1rep_slow.mp4"


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    return shown


@pytest.mark.media
def test_a_pose_from_a_photo_is_in_the_picker_and_shows_its_ghost_and_score_live(
    replay_window: MainWindow, qtbot: QtBot, media: Path, videos: Path
) -> None:
    window = replay_window
    with qtbot.waitSignal(window.templates.added, timeout=60_000) as added:
        window.templates.from_photos([media / WARRIOR], "My warrior")
    assert added.args == [["my_warrior"]]
    assert window.exercise_box.findText("My warrior") >= 0
    window.select_exercise("my_warrior")
    frames: list[FrameResult] = []
    window.frame_shown.connect(frames.append)
    with qtbot.waitSignal(window.session_finished, timeout=60_000):
        window.start_session(str(videos / VIDEO), realtime=False)
    with_ghost = [f for f in frames if f.evaluation is not None and f.evaluation.ghost is not None]
    assert len(with_ghost) > 0.8 * len([f for f in frames if f.pose is not None])
    result = with_ghost[len(with_ghost) // 2]
    assert result.evaluation is not None and result.evaluation.fit is not None
    shown = render_frame(result, mirror=False, privacy=False)
    plain = render_frame(
        replace(result, evaluation=replace(result.evaluation, ghost=None)), False, False
    )
    assert (shown != plain).any()  # the ghost is drawn over the user
    # Squatting is not warrior II: the panel shows a low match score.
    score = round(100 * with_ghost[-1].evaluation.fit.score)  # type: ignore[union-attr]
    assert window.panel.match.text().startswith("Match ") and score < 85


def test_capture_my_pose_from_the_video_playing(
    replay_window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window = replay_window
    window.start_session(str(videos / VIDEO), realtime=False)
    window.templates.capture("Standing tall")
    with qtbot.waitSignal(window.templates.added, timeout=60_000) as added:
        pass
    assert added.args == [["standing_tall"]]
    rule = window.rules["standing_tall"]
    assert rule.hold is not None and rule.hold.mirror and rule.hold.reference
    assert rule.sources[0].endswith(f"frames of {VIDEO}")
    assert window.exercise_box.findData("standing_tall") >= 0
    with qtbot.waitSignal(window.session_finished, timeout=60_000):
        window.stop_session()


@pytest.mark.media
def test_refused_photos_give_messages(
    window: MainWindow, qtbot: QtBot, media: Path, tmp_path: Path, warnings_shown: list[str]
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    Image.fromarray(np.full((480, 640, 3), 200, np.uint8)).save(folder / "empty_room.png")
    shutil.copy(media / GROUP, folder / "two_people.jpg")
    shutil.copy(media / WARRIOR, folder / "warrior.jpeg")
    with qtbot.waitSignal(window.templates.refused, timeout=60_000) as refused:
        window.templates.import_folder(folder)
    messages = refused.args[0]
    assert len(messages) == 2
    assert any("empty_room.png: nobody found" in m for m in messages)
    assert any("two_people.jpg: more than one person" in m for m in messages)
    assert warnings_shown and "nobody found" in warnings_shown[0]
    assert window.exercise_box.findData("warrior") >= 0  # the good photo still made its pose


def test_a_template_edited_in_the_rule_editor_keeps_its_mirror_and_pose(
    window: MainWindow, qtbot: QtBot, config_folder: Path
) -> None:
    from coach.coaching.pose_template import template_rule
    from coach.coaching.rule_loader import load_rule
    from tools.template_accuracy import load_photos

    pose = next(p.pose for p in load_photos() if p.pose_label == "plank" and p.pose is not None)
    assert pose is not None
    window.store.save(template_rule([pose], "my_plank", "My plank"))
    window.fill_exercises()
    before = load_rule(config_folder / "rules" / "my_plank.yaml")
    editor = window.preferences.open_rule_editor()
    editor.select("my_plank")
    hold = editor.form.editors["hold"].form  # type: ignore[attr-defined]
    assert "drawn over you" in hold.editors["reference"].label.text()
    hold.editors["enter_s"].set_value(2.0)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    after = load_rule(config_folder / "rules" / "my_plank.yaml")
    assert after.hold is not None and before.hold is not None
    assert after.hold.enter_s == 2.0 and after.hold.mirror
    assert after.hold.reference == before.hold.reference
