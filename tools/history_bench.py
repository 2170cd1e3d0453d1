"""Benchmark of the training log: the cost of recording in the session's thread, and of reading.

    python -m tools.history_bench [--sessions N] [--reps N]      (or: make bench-history)

In a temporary config folder: records N sessions (a rep every 2 s, a cue every other rep, the
settings of a window session), timing every `SessionRecorder.handle` call, which the session
makes in its worker thread between two frames (each rep is committed with an fsync: the figure
that matters is the slowest call against a frame's ~33 ms). Then times reading the whole log
(`History.sessions`), the History window's query, and rendering a 30-day HTML report.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from coach.coaching.reps import RepEvent
from coach.events import CueGiven, RepEnded, SessionFinished, SessionStarted
from coach.history import History
from coach.history_recorder import SessionRecorder
from coach.report import Period, render_report


def record(sessions: int, reps: int, seed: int = 1) -> dict[str, list[float]]:
    rng = random.Random(seed)
    times: dict[str, list[float]] = {"start": [], "rep": [], "cue": [], "finish": []}
    first = datetime.now().astimezone() - timedelta(days=sessions // 2)
    for n in range(sessions):
        started = (first + timedelta(hours=12 * n)).isoformat(timespec="seconds")
        recorder = SessionRecorder(settings={"smoothing": "mediapipe", "camera": {"fps": 30}})
        events: list[tuple[str, object]] = [
            ("start", SessionStarted(0.0, "0", "camera", "squat", started))
        ]
        faulty = 0
        for i in range(1, reps + 1):
            faults = ("knees_in",) if rng.random() < 0.2 else ()
            faulty += bool(faults)
            rep = RepEvent(i, 2.0 * i, 2.0 * i + 1, 2.0 * i + 2, rng.uniform(60, 100), faults, 170)
            events.append(("rep", RepEnded(2.0 * i + 2, rep, i, faulty)))
            if i % 2 == 0:
                events.append(("cue", CueGiven(2.0 * i + 2, "depth", "warning", "Go lower", True)))
        events.append(("finish", SessionFinished(2.0 * reps + 3, {"duration_s": 2.0 * reps + 3})))
        for kind, event in events:
            t0 = time.perf_counter()
            recorder.handle(event)  # type: ignore[arg-type]
            times[kind].append((time.perf_counter() - t0) * 1000.0)
        assert recorder.problem is None, recorder.problem
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FITNESS_COACH_CONFIG"] = folder
        times = record(args.sessions, args.reps)
        print(f"recorded {args.sessions} sessions of {args.reps} reps (ms per handle() call):")
        for kind, values in times.items():
            values.sort()
            p95 = values[int(0.95 * (len(values) - 1))]
            print(
                f"  {kind:<7} n={len(values):<5} median {statistics.median(values):6.2f}  "
                f"p95 {p95:6.2f}  max {values[-1]:6.2f}"
            )
        size_kb = (Path(folder) / "history.sqlite3").stat().st_size / 1024
        print(f"log size: {size_kb:.0f} KB")
        with History() as history:
            t0 = time.perf_counter()
            everything = history.sessions()
            read_ms = (time.perf_counter() - t0) * 1000
            print(f"read all {len(everything)} sessions with their reps and cues: {read_ms:.0f} ms")
            until = everything[-1].day
            t0 = time.perf_counter()
            page = render_report(history, Period(until - timedelta(days=29), until))
            report_ms = (time.perf_counter() - t0) * 1000
            print(f"30-day report: {report_ms:.0f} ms, {len(page) / 1024:.0f} KB of HTML")


if __name__ == "__main__":
    main()
