"""The window under hostile conditions: a video that fails mid-session, exports that cannot be
written. Each gives a message, keeps what the session found, and leaves the window usable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import coach.session
from tests.core.test_hostile_media import FailingVideo
from tests.read_only import PREVIOUS, read_only_folder
from ui.main_window import MainWindow

__all__ = ["read_only_folder"]  # a fixture


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every warning box the window shows (instead of showing it)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    return messages


def save_as(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next save dialogs answer `path`."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(path), ""))


def test_a_video_failing_mid_session_keeps_the_reps_and_exports(
    window: MainWindow,
    qtbot: QtBot,
    videos: Path,
    tmp_path: Path,
    read_only_folder: Path,
    warnings_shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(FailingVideo, "FAIL_AFTER", 300)  # after the three swinging curls
    monkeypatch.setattr(coach.session, "open_source", lambda spec: FailingVideo(Path(spec)))
    window.select_exercise("bicep_curl")
    with qtbot.waitSignal(window.session_finished, timeout=120_000) as finished:
        window.start_session(str(videos / "curl_side_dumbbell_3bad_then_1good.mp4"), False)
    summary = finished.args[0]
    assert warnings_shown == [f"{videos / 'curl_side_dumbbell_3bad_then_1good.mp4'}: the drive was "
                        "disconnected"]  # fmt: skip
    assert summary["frames"] == 300 and summary["reps"]["total"] == 3
    assert "Reps: 3" in window.panel.messages.text()  # the summary is shown
    qtbot.waitUntil(window.controller.idle, timeout=10_000)
    # Exporting into a read-only folder: a message; the previous file there stays as it was.
    target = read_only_folder / "summary.json"
    save_as(target, monkeypatch)
    window._on_export_triggered()
    assert len(warnings_shown) == 2 and warnings_shown[1].startswith(f"{target}: cannot write it")
    assert target.read_text() == PREVIOUS
    # Then elsewhere: the reps found before the failure are all there.
    elsewhere = tmp_path / "session.json"
    save_as(elsewhere, monkeypatch)
    window._on_export_triggered()
    assert len(warnings_shown) == 2
    assert json.loads(elsewhere.read_text())["reps"]["total"] == 3


def test_photo_export_into_a_read_only_folder(
    window: MainWindow,
    qtbot: QtBot,
    media: Path,
    tmp_path: Path,
    read_only_folder: Path,
    warnings_shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with qtbot.waitSignal(window.photo_shown, timeout=60_000):
        window.open_photo(str(media / "keypoints/mmpose_testdata/mpii/004645041.jpg"))
    target = read_only_folder / "photo.json"
    save_as(target, monkeypatch)
    window.photo_panel.json_button.click()
    assert len(warnings_shown) == 1 and warnings_shown[0].startswith(f"{target}: cannot write it")
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["summary.json"]
    elsewhere = tmp_path / "photo.json"
    save_as(elsewhere, monkeypatch)
    window.photo_panel.json_button.click()
    assert json.loads(elsewhere.read_text())["detected"] is True
