"""The soak command: its samples, its accounting of drops, and its growth and drift figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import coach.soak
from coach.soak import SoakRecorder


def test_recorder_samples_drops_and_trends(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 60.0, 120.0, 180.0])  # started, then a sample a minute
    memory = iter([100.0, 300.0, 302.0, 304.0])  # before, then 2 MB more each minute
    monkeypatch.setattr(coach.soak, "rss_mb", lambda: next(memory))
    recorder = SoakRecorder(clock=lambda: next(clock))
    for minute in range(3):
        for frame in range(10):
            recorder.add(10.0 + minute + frame / 10, dropped_total=minute * 2)
        recorder.sample()
    assert [s.frames for s in recorder.samples] == [10, 10, 10]
    assert [s.dropped for s in recorder.samples] == [0, 2, 2]
    assert [s.latency_median_ms for s in recorder.samples] == pytest.approx([10.45, 11.45, 12.45])
    report = recorder.report()
    assert "frames 30, dropped 4 (11.76 %)" in report
    assert "memory growth, first to last sample (2.0 min): +4.0 MB" in report
    assert "memory trend (least squares): +2.000 MB/min" in report
    assert "latency trend (least squares): median +1.000 ms/min, p95 +1.000 ms/min" in report


def test_soak_command_plays_the_looped_video(videos: Path) -> None:
    # 9 s of an 11 s video at 30 frames/s, sampled every 4 s (and at the end).
    result = subprocess.run(
        [sys.executable, "-m", "coach.soak", str(videos / "squat_side_1rep_slow.mp4"),
         "--minutes", "0.15", "--sample-s", "4"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = re.findall(r"^\s+[\d.]+\s+[\d.]+\s+(\d+)\s+(\d+)\s", result.stdout, re.MULTILINE)
    assert len(rows) >= 3, result.stdout  # at 4 s, 8 s (from the start, model load included), end
    played = sum(int(frames) + int(dropped) for frames, dropped in rows)
    assert played == 270  # every frame of the 9 s, processed or dropped to stay on time
    assert "memory growth, first to last sample" in result.stdout
