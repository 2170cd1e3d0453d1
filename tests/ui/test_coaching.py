"""Live coaching in the window: the real worker thread and model on real videos."""

from __future__ import annotations

import csv
import html
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coach.i18n import localized
from ui.main_window import MainWindow
from ui.video_view import render_frame


def test_rep_counter_reaches_the_true_count(window: MainWindow, qtbot: QtBot, videos: Path) -> None:
    shown = []
    window.frame_shown.connect(shown.append)
    window.select_exercise("push_up")
    with qtbot.waitSignal(window.session_finished, timeout=120_000) as finished:
        window.start_session(str(videos / "pushup_side_4reps.mp4"), realtime=False)
    assert finished.args[0]["reps"]["total"] == 4
    assert window.panel.counter.text() == "4"
    assert "good 4" in window.panel.detail.text()
    assert len(shown) > 50  # frames reached the screen (the rest were skipped, newest first)
    assert not window.video.pixmap().isNull()


def test_a_bad_video_gives_a_message_and_no_crash(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    bad = tmp_path / "broken.mp4"
    bad.write_text("not a video")
    with qtbot.waitSignal(window.session_finished, timeout=30_000):
        window.start_session(str(bad), realtime=False)
    assert len(messages) == 1 and "broken.mp4" in messages[0]


def test_stopping_a_session_ends_its_thread(window: MainWindow, qtbot: QtBot, videos: Path) -> None:
    window.start_session(str(videos / "squat_front_20reps_oncounter.mp4"), realtime=True)
    qtbot.waitUntil(lambda: window.panel.title.text() != "", timeout=10_000)
    with qtbot.waitSignal(window.session_finished, timeout=10_000):
        window.stop_session()  # returns at once; the summary follows
    qtbot.waitUntil(window.controller.idle, timeout=10_000)


def test_command_line_session_plays_and_writes_the_summary(videos: Path, tmp_path: Path) -> None:
    summary = tmp_path / "session.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--source", str(videos / "squat_side_1rep_slow.mp4"),
         "--exercise", "squat", "--summary-json", str(summary), "--exit-when-done"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(summary.read_text())
    assert data["exercise"] == "squat" and data["reps"]["total"] == 1
    assert 10 <= data["duration_s"] <= 14  # the 11.4 s video plays in real time


def test_plot_receives_the_angles(window: MainWindow, qtbot: QtBot, videos: Path) -> None:
    window.select_exercise("squat")
    with qtbot.waitSignal(window.session_finished, timeout=120_000):
        window.start_session(str(videos / "squat_side_1rep_slow.mp4"), realtime=False)
    assert window.plot.isVisible()
    assert window.plot.points("knee") > 50  # the last 10 s of knee angles shown
    assert window.plot.points("knee_past_toes") == 0  # ratios have no curve on a degree axis


def test_privacy_and_mirror(window: MainWindow, qtbot: QtBot, videos: Path) -> None:
    shown = []
    window.frame_shown.connect(shown.append)
    window.privacy_action.setChecked(True)
    window.mirror_action.setChecked(True)
    with qtbot.waitSignal(window.session_finished, timeout=120_000):
        window.start_session(str(videos / "squat_side_1rep_slow.mp4"), realtime=False)
    result = next(r for r in shown if r.pose is not None)
    image = render_frame(result, mirror=True, privacy=True)
    drawn = image.sum(axis=2) > 0
    assert 0 < drawn.mean() < 0.2  # only the skeleton: the camera image is hidden
    hip_x = result.pose.pixels[23, 0] * image.shape[1] / result.frame.width
    columns = np.flatnonzero(drawn.any(axis=0))
    mirrored_x = image.shape[1] - hip_x
    assert abs(np.median(columns) - mirrored_x) < abs(np.median(columns) - hip_x)


def test_choices_persist_between_runs(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.select_exercise("plank")
    first.mirror_action.setChecked(True)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.selected_rule() is not None and second.selected_rule().id == "plank"
    assert second.mirror_action.isChecked()
    second.close()


def test_reps_are_counted_aloud_unless_muted(
    window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window.select_exercise("push_up")
    with qtbot.waitSignal(window.session_finished, timeout=120_000):
        window.start_session(str(videos / "pushup_side_4reps.mp4"), realtime=False)
    assert window.cues.spoken[-4:] == ["1", "2", "3", "4"] or set(window.cues.spoken) <= {
        "1",
        "2",
        "3",
        "4",
    }
    assert "4" in window.cues.spoken
    window.mute_action.setChecked(True)
    before = list(window.cues.spoken)
    with qtbot.waitSignal(window.session_finished, timeout=120_000):
        window.start_session(str(videos / "pushup_side_4reps.mp4"), realtime=False)
    assert window.cues.spoken == before  # muted: nothing said


def test_session_summary_is_shown_and_exported(
    window: MainWindow, qtbot: QtBot, videos: Path, tmp_path: Path
) -> None:
    window.select_exercise("bicep_curl")
    with qtbot.waitSignal(window.session_finished, timeout=120_000):
        window.start_session(str(videos / "curl_side_dumbbell_3bad_then_1good.mp4"), realtime=False)
    text = window.panel.messages.text()
    assert "Session summary" in text and "Reps: 4 (1 good, 3 faulty)" in text
    swing = next(c for c in window.rules["bicep_curl"].checks if c.id == "upper_arm_swing")
    assert f"3 \u00d7 {html.escape(localized(swing.message))}" in text  # the fault, as told
    window.export_summary(tmp_path / "s.json")
    window.export_summary(tmp_path / "s.csv")
    assert json.loads((tmp_path / "s.json").read_text())["faults_by_type"] == {"upper_arm_swing": 3}
    with (tmp_path / "s.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4 and rows[0]["rep"] == "1"
    assert [r["faults"] for r in rows] == ["upper_arm_swing"] * 3 + [""]
    assert "upper arm swings" in rows[0]["cues"] and rows[3]["cues"] == ""


def test_no_camera_is_a_message_with_a_retry(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.vision.sources import list_cameras

    assert list_cameras() == []  # this machine has none
    answers = [QMessageBox.StandardButton.Retry, QMessageBox.StandardButton.Close]
    asked: list[str] = []

    def warning(_parent: object, _title: str, text: str, *_buttons: object) -> object:
        asked.append(text)
        return answers[len(asked) - 1]

    monkeypatch.setattr(QMessageBox, "warning", warning)
    window.start_session("0")
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=30_000)  # failed, retried, failed again
    qtbot.waitUntil(window.controller.idle, timeout=30_000)
    assert all("camera 0" in text for text in asked)


def test_a_bad_photo_after_a_camera_is_no_camera_retry(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, tuple[object, ...]]] = []

    def warning(_parent: object, _title: str, text: str, *buttons: object) -> object:
        asked.append((text, buttons))
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(QMessageBox, "warning", warning)
    window.start_session("0")  # no camera here: fails, offers Retry, closed
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=30_000)
    bad = tmp_path / "broken.jpg"
    bad.write_text("not a photo")
    window.open_photo(str(bad))
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=30_000)
    text, buttons = asked[1]
    assert "broken.jpg" in text and buttons == ()  # a plain message, no camera retry


def test_space_pauses_and_resumes(window: MainWindow, qtbot: QtBot, videos: Path) -> None:
    window.start_session(str(videos / "squat_front_20reps_oncounter.mp4"), realtime=True)
    qtbot.waitUntil(
        lambda: window.controller.session is not None and window.controller.session.frames > 5
    )
    window.toggle_pause()
    session = window.controller.session
    assert session.paused
    frames = session.frames
    qtbot.wait(500)
    assert session.frames <= frames + 2  # at most the model's frame and the one waiting
    window.toggle_pause()
    qtbot.waitUntil(lambda: session.frames > frames + 5, timeout=10_000)
    window.stop_session()
