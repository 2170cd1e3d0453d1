"""The soak command: its samples, its accounting of drops, and its growth and drift figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.soak import SoakRecorder


def test_recorder_samples_drops_and_trends() -> None:
    clock = iter([0.0, 60.0, 120.0, 180.0, 190.0])  # started, a sample a minute, then the end
    memory = [100.0]  # MB: before, then 2 MB more each minute; 50 once the session has ended
    recorder = SoakRecorder(clock=lambda: next(clock), memory=lambda: memory[0])
    for minute in range(3):
        memory[0] = 300.0 + 2 * minute
        for frame in range(10):
            recorder.add(10.0 + minute + frame / 10, dropped_total=minute * 2)
        recorder.sample()
    memory[0] = 306.0
    recorder.add(20.0, dropped_total=5)
    memory[0] = 50.0
    recorder.finish()  # the last stretch: the memory it ran with, not what is left after
    assert [s.frames for s in recorder.samples] == [10, 10, 10, 1]
    assert [s.dropped for s in recorder.samples] == [0, 2, 2, 1]
    assert [s.rss_mb for s in recorder.samples] == [300.0, 302.0, 304.0, 306.0]
    assert [s.latency_median_ms for s in recorder.samples[:3]] == pytest.approx(
        [10.45, 11.45, 12.45]
    )
    report = recorder.report()
    assert "frames 31, dropped 5 (13.89 %)" in report
    assert "memory growth, first to last sample (2.2 min): +6.0 MB" in report
    assert "memory trend (least squares): +2.483 MB/min" in report


def test_soak_command_plays_the_looped_video(videos: Path) -> None:
    # 9 s of an 11 s video at 30 frames/s, sampled every 4 s (and at the end).
    result = subprocess.run(
        [sys.executable, "-m", "tools.soak", str(videos / "squat_side_1rep_slow.mp4"),
         "--minutes", "0.15", "--sample-s", "4"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = re.findall(r"^\s+[\d.]+\s+[\d.]+\s+(\d+)\s+(\d+)\s", result.stdout, re.MULTILINE)
    assert len(rows) >= 3, result.stdout  # at 4 s, 8 s (from the start, model load included), end
    played = sum(int(frames) + int(dropped) for frames, dropped in rows)
    # Every frame of the 9 s, processed or dropped to stay on time; the stop is by the clock, so
    # a frame due at the very end may or may not be reached.
    assert 269 <= played <= 270
    assert "memory growth, first to last sample" in result.stdout
