"""Acceptance of the training log with the window: sessions played with `--exit-when-done`,
two windows at once, and a window killed part-way, each read back with `history --json`.

The window records through a SessionRecorder given to each session's worker (ui/main_window.py).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.history import History, HistoryError

pytestmark = pytest.mark.media


def window(video: Path, exercise: str) -> list[str]:
    return [sys.executable, "-m", "coach", "--source", str(video), "--exercise", exercise,
            "--exit-when-done"]  # fmt: skip


def history_json() -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "coach", "history", "--json"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)  # type: ignore[no-any-return]


ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_two_window_sessions_are_listed_with_their_true_counts(
    videos: Path, config_folder: Path
) -> None:
    for video, exercise in (("pushup_side_4reps", "push_up"), ("squat_side_1rep_slow", "squat")):
        done = subprocess.run(
            window(videos / f"{video}.mp4", exercise), capture_output=True, text=True,
            env=ENV | {"FITNESS_COACH_CONFIG": str(config_folder)}, timeout=180,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    sessions = history_json()
    assert [(s["exercise"], s["reps"]["total"]) for s in sessions] == [  # type: ignore[index]
        ("push_up", 4),
        ("squat", 1),
    ]
    assert all(s["finished"] for s in sessions)


def test_two_windows_at_once_do_not_corrupt_the_log(videos: Path, config_folder: Path) -> None:
    runs = [("pushup_side_4reps", "push_up", 4), ("squat_side_1rep_slow", "squat", 1)]
    env = ENV | {"FITNESS_COACH_CONFIG": str(config_folder)}
    processes = [
        subprocess.Popen(
            window(videos / f"{v}.mp4", e),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for v, e, _ in runs
    ]
    outputs = [p.communicate(timeout=240) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    db = sqlite3.connect(config_folder / "history.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    recorded = {s["exercise"]: s["reps"]["total"] for s in history_json()}  # type: ignore[index]
    for (_video, exercise, reps), (_out, err) in zip(runs, outputs, strict=True):
        # Each session is in the log with its true count, or its window said the log was busy.
        assert recorded.get(exercise) == reps or "training log is busy" in err, (recorded, err)
    assert recorded  # at least one of them was recorded


def test_a_window_killed_part_way_keeps_every_completed_rep(
    videos: Path, config_folder: Path
) -> None:
    env = ENV | {"FITNESS_COACH_CONFIG": str(config_folder)}
    command = window(videos / "pushup_side_4reps.mp4", "push_up")
    seen = 0
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as process:
        deadline = time.monotonic() + 120
        while seen < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            try:
                with History() as history:
                    sessions = history.sessions()
            except HistoryError:
                continue
            seen = len(sessions[0].reps) if sessions else 0
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert seen >= 2, "the window ended before recording two reps"
    (session,) = history_json()
    indexes = [r["index"] for r in session["rep_events"]]  # type: ignore[index]
    assert len(indexes) >= seen and indexes == list(range(1, len(indexes) + 1))
    assert session["finished"] is False
