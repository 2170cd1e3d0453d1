"""What `make accuracy` rests on: the recorded tracks replay to what `analyze` gives on the video
itself, and `analyze` of a file gives the same result whatever else the machine is doing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from tools.accuracy import evaluate, naive_count

pytestmark = pytest.mark.media

STEM = "squat_quarter_shallow_4reps_barbell_portrait"  # 154 frames, 4 fast shallow reps


def analyze(videos: Path, out: Path) -> tuple[dict[str, object], str]:
    """`analyze --exercise squat` of the video: its JSON without processing_fps (a speed, not a
    result) and output paths, and its CSV."""
    status = main(["analyze", "--no-progress", "--exercise", "squat", "--out", str(out),
                   str(videos / f"{STEM}.mp4")])  # fmt: skip
    assert status == 0
    summary = json.loads((out / f"{STEM}.json").read_text())
    for key in ("processing_fps", "csv", "annotated"):
        summary.pop(key)
    return summary, (out / f"{STEM}.csv").read_text()


def test_replay_of_the_recorded_track_equals_analyze(videos: Path, tmp_path: Path) -> None:
    summary, _ = analyze(videos, tmp_path)
    replay = evaluate(STEM, load_rules(BUILTIN_RULES).rules["squat"]).summary
    live_reps = summary["rep_events"]
    assert isinstance(live_reps, list)
    assert summary["reps"] == replay["reps"]
    assert len(live_reps) == len(replay["rep_events"]) >= 3
    for live, replayed in zip(live_reps, replay["rep_events"], strict=True):
        assert live["faults"] == replayed["faults"]
        for key in ("start_s", "bottom_s", "end_s"):
            assert live[key] == replayed[key]
        assert abs(live["lowest_deg"] - replayed["lowest_deg"]) <= 0.1


def test_analyze_is_the_same_beside_a_cpu_burner(videos: Path, tmp_path: Path) -> None:
    """A file's analysis never depends on the machine's load: every frame is processed in
    order, with media timestamps, whatever the speed."""
    idle = analyze(videos, tmp_path / "idle")
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        busy = analyze(videos, tmp_path / "busy")
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert busy[0] == idle[0]
    assert busy[1] == idle[1]


def test_naive_counter() -> None:
    values: list[float | None] = [170, 100, 170, None, 100, 170, 130, 170]
    assert naive_count(values, 160, 120, extension=False) == 2
    assert naive_count([-v for v in values if v is not None], -120, -160, extension=True) == 2
