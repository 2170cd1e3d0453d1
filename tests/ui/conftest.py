"""GUI test fixtures: offscreen Qt in English, and a failure for any test that leaves a QThread
running."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.replay import replaying
from ui.language import use_language
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def english_window(english: None, qapp: QApplication) -> Iterator[None]:
    """The window in English, as the app shows it with language "en" (its plural forms come
    from a translator), whatever the machine's locale; and again after a test that changed the
    language, whether it passed or not."""
    use_language(qapp, "en")
    yield
    use_language(qapp, "en")


@pytest.fixture(autouse=True)
def no_thread_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Record every QThread a test starts; fail the test if one still runs at its end."""
    started: list[weakref.ref[QThread]] = []
    original_start = QThread.start

    def recording_start(self: QThread, *args: object) -> None:
        started.append(weakref.ref(self))
        original_start(self, *args)

    monkeypatch.setattr(QThread, "start", recording_start)
    yield
    running = [t for ref in started if (t := ref()) is not None and t.isRunning()]
    for thread in running:  # stop them so that later tests are not affected, then fail
        thread.quit()
        thread.wait(5000)
    assert not running, f"{len(running)} QThread(s) left running by this test"


@pytest.fixture(autouse=True)
def config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's window settings in a folder of its own, never the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(folder))
    return folder


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window, shown; closed at the end (which stops its threads)."""
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close()


@pytest.fixture
def replay_window(qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window, shown, its sessions replaying the landmarks recorded from the video they
    play (tests/replay.py): the real window, worker and engine, fast and the same every run."""
    window = MainWindow(make_estimator=replaying())
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
