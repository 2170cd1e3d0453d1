"""The History window: recorded sessions of the development videos with their counts and
trends, their reps and cues, deleting, forgetting, the report, and a damaged log."""

from __future__ import annotations

import base64
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coach.history import History
from coach.history_recorder import SessionRecorder
from coach.i18n import localized
from coach.report import Period
from coach.settings import CoachingSettings
from tests.session_events import track_events
from ui.history_window import TRAINED, HistoryWindow
from ui.main_window import MainWindow
from ui.settings_dialogs import CoachingDialog

SQUAT_20 = "squat_front_20reps_oncounter"
SQUAT_3 = "squat_side_3reps_home"
CURL = "curl_side_dumbbell_3bad_then_1good"


def record(stem: str, started_at: str) -> None:
    recorder = SessionRecorder()
    for event in track_events(stem, started_at):
        recorder.handle(event)
    assert recorder.problem is None


def day(offset: int) -> date:
    """A day relative to today."""
    return date.today() + timedelta(days=offset)


def column(window: HistoryWindow, index: int) -> list[str]:
    return [window.table.item(row, index).text() for row in range(window.table.rowCount())]


@pytest.fixture
def history(window: MainWindow, qtbot: QtBot) -> HistoryWindow:
    """Two squat sessions and a curl session in the log, the History window opened (Ctrl+H)."""
    record(SQUAT_20, f"{day(-3)}T07:30:00+01:00")
    record(CURL, f"{day(-2)}T18:00:00+01:00")
    record(SQUAT_3, f"{day(-1)}T07:30:00+01:00")
    window.history_action.trigger()
    assert window.history_window is not None
    qtbot.waitExposed(window.history_window)
    return window.history_window


def test_sessions_appear_with_their_counts_and_trends(history: HistoryWindow) -> None:
    assert history.table.rowCount() == 3
    # Newest first, with their true rep counts and the curl's three swinging reps.
    assert column(history, 1) == ["Squat", "Biceps curl", "Squat"]
    assert column(history, 2) == ["3", "4", "20"]
    assert column(history, 4) == ["0", "3", "0"]
    assert history.exercise_box.currentText() == "Squat"  # the exercise trained last
    assert history.trend("Reps per session") == [20.0, 3.0]
    assert history.trend("Good reps") == [100.0, 100.0]
    assert len(history.trend("Range of motion")) == 2
    assert history.trend("Best hold") == []
    history.exercise_box.setCurrentIndex(history.exercise_box.findData("bicep_curl"))
    assert history.trend("Reps per session") == [4.0]
    assert history.trend("Good reps") == [25.0]
    assert history.trend("Faults per 10 reps") == [7.5]
    for offset in (-3, -2, -1):
        fmt = history.calendar.dateTextFormat(QDate(day(offset)))
        assert fmt.background().color() == TRAINED
    assert history.calendar.dateTextFormat(QDate(day(-4))).background().color() != TRAINED
    assert history.calendar.dateTextFormat(QDate(day(0))).background().color() != TRAINED
    assert "Streak: 3 days" in history.streak_label.text()  # up to yesterday: not yet broken


def test_a_session_shows_its_reps_and_cues(history: HistoryWindow) -> None:
    history.table.selectRow(1)  # the curl
    assert history.reps_table.rowCount() == 4
    faults = [history.reps_table.item(r, 5).text() for r in range(4)]
    swing = localized(history.fixes[("bicep_curl", "upper_arm_swing")])  # as the coach told it
    assert faults == [swing] * 3 + ["good"] and "upper arm" in swing
    assert history.cues_table.rowCount() >= 3
    assert "upper arm" in history.cues_table.item(0, 2).text().lower()
    assert history.delete_button.isEnabled()


def test_delete_removes_one_session(
    history: HistoryWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    history.table.selectRow(1)
    history.delete_button.click()  # "No": kept
    assert history.table.rowCount() == 3
    history.delete_button.click()
    assert "Biceps curl" in asked[1] and "4 reps" in asked[1]
    assert column(history, 1) == ["Squat", "Squat"]
    with History() as log:
        assert [s.exercise for s in log.sessions()] == ["squat", "squat"]
    assert history.exercise_box.findData("bicep_curl") < 0


def test_forget_all_asks_first(history: HistoryWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answer[0])
    history.forget_button.click()
    assert history.table.rowCount() == 3
    answer[0] = QMessageBox.StandardButton.Yes
    history.forget_button.click()
    assert history.table.rowCount() == 0
    assert history.trend("Reps per session") == []
    assert "Streak: 0 days" in history.streak_label.text()
    with History() as log:
        assert log.sessions() == []


def test_a_session_recorded_meanwhile_appears(
    window: MainWindow, history: HistoryWindow, qtbot: QtBot
) -> None:
    window.activateWindow()  # a session in the main window: the History waits in the back
    qtbot.waitUntil(lambda: not history.isActiveWindow())
    record(SQUAT_3, f"{date.today()}T06:00:00+01:00")
    qtbot.waitUntil(lambda: history._stale, timeout=10_000)  # seen, not yet read
    assert history.table.rowCount() == 3
    with qtbot.waitSignal(history.refreshed, timeout=10_000):
        history.activateWindow()
    assert history.table.rowCount() == 4
    assert history.trend("Reps per session")[-1] == 3.0
    assert "Streak: 4 days" in history.streak_label.text()


def test_save_report(history: HistoryWindow, tmp_path: Path) -> None:
    target = tmp_path / "report"  # the extension is added
    assert history.save_report(target, Period(day(-6), day(0)))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    images = re.findall(r"src='data:image/png;base64,([^']+)'", page)
    assert len(images) == 2 and base64.b64decode(images[0]).startswith(b"\x89PNG")
    assert "Report saved" in history.statusBar().currentMessage()


def test_a_report_that_cannot_be_written_says_so(
    history: HistoryWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    (tmp_path / "file").write_text("")
    period = Period(day(-6), day(0))
    assert not history.save_report(tmp_path / "file" / "r.html", period)
    assert len(shown) == 1 and "cannot write the report" in shown[0]


def test_a_damaged_log_is_set_aside_with_a_message_and_the_app_starts(
    qtbot: QtBot, config_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_folder.mkdir(parents=True)
    (config_folder / "history.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.show()
    main_window.history_action.trigger()
    history = main_window.history_window
    assert history is not None
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "training log was damaged" in shown[0] and "broken-" in shown[0]
    assert len(list(config_folder.glob("history.sqlite3.broken-*"))) == 1
    assert history.table.rowCount() == 0 and history.isVisible()
    record(CURL, "2026-11-28T18:00:00+01:00")  # the new log records
    history.refresh()
    assert column(history, 2) == ["4"]
    main_window.close()
    assert not history.isVisible()  # closed with the main window


def test_the_window_without_a_usable_log(
    qtbot: QtBot, config_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log from a newer version: said, not changed, and the window still opens."""
    History().close()
    db = sqlite3.connect(config_folder / "history.sqlite3")
    db.execute("PRAGMA user_version = 7")
    db.close()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window = HistoryWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "newer Fitness Coach" in shown[0]
    assert "cannot be read" in window.streak_label.text()
    assert window.history is None and window.table.rowCount() == 0
    window.close()


def test_recording_is_a_coaching_setting_on_by_default(qtbot: QtBot) -> None:
    dialog = CoachingDialog(CoachingSettings())
    qtbot.addWidget(dialog)
    assert dialog.record.isChecked() and dialog.settings().record_history
    dialog.record.setChecked(False)
    assert dialog.settings().record_history is False
