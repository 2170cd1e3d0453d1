"""The first window: it opens, analyses a real photo in its worker thread and closes cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.video_view import EMPTY_TEXT

PHOTO = Path("keypoints/mmpose_testdata/mpii/004645041.jpg")


def test_title_and_empty_state(window: MainWindow) -> None:
    assert window.windowTitle() == "Fitness Coach"
    assert window.video.text() == EMPTY_TEXT
    assert not window.side.isVisible()  # no empty table before there is anything to show


def test_open_photo_shows_the_annotated_pose(window: MainWindow, qtbot: QtBot, media: Path) -> None:
    # Waiting on the window's own signal: the worker's is emitted in its thread, and pytest-qt's
    # waitSignal would then stop its timer from that thread.
    with qtbot.waitSignal(window.photo_shown, timeout=30_000) as result:
        window.open_photo(str(media / PHOTO))
    analysis = result.args[0]
    assert analysis.report["detected"] is True
    assert not window.video.pixmap().isNull()
    assert "Joint angles" in window.photo_panel.summary.text()
    assert "left elbow" in window.photo_panel.summary.text()
    assert window.photo_panel.table.rowCount() == 33
    assert window.photo_panel.table.item(0, 0).text() == "nose"
    assert "person found" in window.statusBar().currentMessage()


def test_bad_photo_gives_a_message_not_a_crash(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    bad = tmp_path / "broken.jpg"
    bad.write_text("not a photo")
    window.open_photo(str(bad))
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30_000)
    assert len(shown) == 1 and "broken.jpg" in shown[0]
    assert window.video.text() == EMPTY_TEXT  # the window is still usable
    assert not window.photo_panel.png_button.isEnabled()


def test_close_stops_the_worker_thread(qtbot: QtBot) -> None:
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    assert main_window._photo_thread.isRunning()
    main_window.close()
    assert not main_window._photo_thread.isRunning()


def test_window_command_without_a_display_says_so(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "coach"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_app_starts_and_quits_through_the_command(tmp_path: Path) -> None:
    # The real entry point on the offscreen platform, closed by a timer: a clean exit, no output.
    probe = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "QTimer.singleShot(300, app.closeAllWindows)\n"
        "from coach.cli import main\n"
        "sys.exit(main([]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_photo_export_png_and_json(
    window: MainWindow, qtbot: QtBot, media: Path, tmp_path: Path
) -> None:
    with qtbot.waitSignal(window.photo_shown, timeout=30_000):
        window.open_photo(str(media / PHOTO))
    window.photo_panel.export(tmp_path / "out.png")
    window.photo_panel.export(tmp_path / "out.json")
    report = json.loads((tmp_path / "out.json").read_text())
    assert len(report["landmarks"]) == 33 and "pose" in report
    assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
