"""Benchmark of the real window: a 30 fps video played in real time, coached and displayed.

    xvfb-run -a .venv/bin/python -m tools.window_bench [VIDEO] [--exercise ID]  (make bench-window)

Prints the time from the process's launch to the first frame displayed, the displayed frames
per second, capture-to-display latency (median, p95), frames dropped, the longest time the GUI
thread was blocked (measured by a 5 ms timer: the largest gap between its ticks, less 5 ms),
the same for a bare sleep loop run as long after the window closed (the machine's own stalls),
how many new poses reached the screen a second, and how often the skeleton was drawn on its own
frame (the others, shown while the model was busy, carry the latest pose: how much older),
the process's peak resident memory, and how long after a rep's bottom its fault reached the
screen (median and worst): for that, the exercise's first `bottom` check is made one that every
rep fails (in memory only), so that each rep has a fault to time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coach.coaching.rule_schema import Rule
from coach.events import COUNT_CHECK, CueGiven, RepEnded, SessionEvent
from coach.session import FrameResult, build_estimator
from tests.replay import replaying
from tools.procstats import peak_rss_mb, process_age_s
from ui.app import settle
from ui.main_window import MainWindow

VIDEO = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "media"
    / "videos"
    / "squat_side_3reps_home.mp4"
)
TICK_MS = 5


def machine_stall_ms(seconds: float) -> float:
    """The longest a plain 5 ms sleep loop overslept in `seconds`, with nothing else running:
    how long this machine itself stops a thread (a shared VM does, now and then)."""
    ticks = [time.monotonic()]
    while ticks[-1] - ticks[0] < seconds:
        time.sleep(TICK_MS / 1000)
        ticks.append(time.monotonic())
    return float((np.diff(ticks) * 1000 - TICK_MS).max())


def failing_every_rep(rule: Rule) -> Rule:
    """`rule` with its first `bottom` check made one that every rep fails (a limit no body
    reaches), so that each rep brings a fault to time."""
    checks = list(rule.checks)
    for i, check in enumerate(checks):
        if check.when == "bottom":
            if check.high is not None:
                bound = {"max_deg": -1.0} if check.max_deg is not None else {"max_ratio": -1.0}
            else:
                bound = {"min_deg": 1e9} if check.min_deg is not None else {"min_ratio": 1e9}
            checks[i] = check.model_copy(update=bound)
            break
    return rule.model_copy(update={"checks": checks})


def bottom_to_cue_ms(
    events: list[tuple[float, SessionEvent]], media: list[tuple[float, float]]
) -> list[float]:
    """For each rep: from the moment its bottom was captured (real time) to the moment the
    first fault told during the rep was on screen."""
    lags = []
    for _shown, event in events:
        if not isinstance(event, RepEnded) or not media:
            continue
        rep = event.rep
        told = [
            shown for shown, e in events
            if isinstance(e, CueGiven) and e.severity != "info" and e.check != COUNT_CHECK
            and rep.start_s <= e.time_s <= rep.end_s
        ]  # fmt: skip
        if not told:
            continue
        ts, captured = min(media, key=lambda m: abs(m[0] - rep.bottom_s))
        lags.append((min(told) - (captured + rep.bottom_s - ts)) * 1000)
    return lags


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("video", nargs="?", type=Path, default=VIDEO)
    parser.add_argument("--exercise", default="squat")
    parser.add_argument(
        "--replay",
        action="store_true",
        help="replay the video's recorded landmarks (tests/data/tracks) instead of running the "
        "model: what the window itself costs, apart from MediaPipe",
    )
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    window = MainWindow(make_estimator=replaying() if args.replay else build_estimator)
    timed = failing_every_rep(window.rules[args.exercise])
    window.store.user[timed.id] = timed  # in memory: the user's files are not touched
    window.select_exercise(args.exercise)
    settle()  # as the app does once its window is built
    window.show()
    events: list[tuple[float, SessionEvent]] = []  # (shown at, event)
    window.event_shown.connect(lambda event: events.append((time.monotonic(), event)))
    shown: list[tuple[float, float]] = []  # (shown at, captured at)
    ages: list[float] = []  # per frame shown: how much older the frame of its skeleton is
    fresh: list[float] = []  # shown at, of the frames that first showed an analysis
    ticks: list[float] = []
    first_shown_s: list[float] = []  # the process's age when the first frame was displayed

    def on_frame_shown(result: FrameResult) -> None:
        if not first_shown_s:
            first_shown_s.append(process_age_s())
        shown.append((time.monotonic(), result.captured_s))
        ages.append(result.pose_age_s)
        if result.fresh:
            fresh.append(shown[-1][0])

    window.frame_shown.connect(on_frame_shown)
    media: list[tuple[float, float]] = []  # (media time, captured at) of the frames shown
    window.frame_shown.connect(lambda r: media.append((r.frame.timestamp_s, r.captured_s)))
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    summaries: list[dict[str, object]] = []
    window.session_finished.connect(summaries.append)
    window.session_finished.connect(app.quit)
    timer.start()
    window.start_session(str(args.video), realtime=True)
    app.exec()
    timer.stop()
    window.close()
    played_s = shown[-1][0] - shown[0][0] if shown else 10.0
    machine_ms = machine_stall_ms(played_s)  # after the run: launch time stays the app's own
    times = np.array([s for s, _ in shown])
    latency_ms = np.array([(s - c) * 1000 for s, c in shown])
    steady = times[times > times[0] + 1.0]  # after the first second (model start-up)
    fps = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    # The GUI thread while coaching: from a second after the first frame to the last frame shown.
    tick_times = np.array(ticks)
    steady_ticks = tick_times[(tick_times > times[0] + 1.0) & (tick_times <= times[-1])]
    gaps_ms = np.diff(steady_ticks) * 1000 - TICK_MS
    blocked_ms = float(gaps_ms.max()) if len(gaps_ms) else float("nan")
    blocked_p99_ms = float(np.percentile(gaps_ms, 99)) if len(gaps_ms) else float("nan")
    summary = summaries[0] if summaries else {}
    model = "recorded landmarks (--replay)" if args.replay else "MediaPipe"
    print(f"{args.video.name}, exercise {args.exercise}, played in real time through the window, "
          f"poses from {model}")  # fmt: skip
    print(f"  launch to first frame {first_shown_s[0] if first_shown_s else float('nan'):6.2f} s")
    print(f"  displayed frames/s    {fps:6.1f}   (target: at least 29)")
    fresh_s = np.array(fresh)
    fresh_s = fresh_s[(fresh_s > times[0] + 1.0)]
    analyses_fps = len(fresh_s) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    ages_ms = np.array(ages) * 1000
    print(f"  poses shown/s         {analyses_fps:6.1f}   (new analyses reaching the screen)")
    older_ms = ages_ms[ages_ms > 0] if np.any(ages_ms > 0) else np.zeros(1)
    own = 100 * np.mean(ages_ms == 0)
    print(f"  skeleton's own frame  {own:6.1f} %  (else the latest pose: "
          f"{np.median(older_ms):.0f} ms older median, {older_ms.max():.0f} ms worst)")  # fmt: skip
    print(f"  latency median        {np.median(latency_ms):6.1f} ms")
    print(f"  latency p95           {np.percentile(latency_ms, 95):6.1f} ms   (target: at most 50)")
    print(f"  GUI blocked, longest  {blocked_ms:6.1f} ms   (target: at most 16)")
    print(f"  GUI blocked, p99      {blocked_p99_ms:6.1f} ms")
    print(f"  machine alone, longest{machine_ms:6.1f} ms   (a bare 5 ms sleep loop as long, after)")
    print(f"  peak RSS (VmHWM)      {peak_rss_mb():6.1f} MB   (target: at most 600)")
    print(f"  frames shown {len(shown)}, dropped by the session {summary.get('dropped_frames')}")
    lags_ms = bottom_to_cue_ms(events, media)
    if lags_ms:
        print(f"  rep bottom to its cue  median {np.median(lags_ms):.0f} ms, worst "
              f"{max(lags_ms):.0f} ms ({len(lags_ms)} reps)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
