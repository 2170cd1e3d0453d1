"""Live coaching as the user gets it: what the window shows and says, when, on replayed tracks.

The real window, controller, worker thread, session and engine play the real development videos;
the landmarks come from tracks recorded from those videos (tests/replay.py), so these tests are
fast and give the same poses every run.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.events import CueGiven, RepEnded, SessionEvent, SessionFailed, SessionFinished
from coach.session import FrameResult
from coach.vision.drawing import FAULT_RGB
from coach.vision.landmarks import INDEX
from tests.replay import replaying
from ui.main_window import MainWindow
from ui.video_view import render_frame

CURL = "curl_side_dumbbell_3bad_then_1good"


class Recorder:
    """What reached the user: every event shown, with what the panel and voice held then."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.events: list[SessionEvent] = []
        self.banner_at: list[tuple[float, str]] = []  # (wall time, banner text) when raised
        self.frames: list[FrameResult] = []
        window.event_shown.connect(self.on_event)
        window.frame_shown.connect(self.frames.append)

    def on_event(self, event: SessionEvent) -> None:
        self.events.append(event)
        banner = self.window.panel.banner
        if banner.isVisible() and not self.banner_at:
            self.banner_at.append((time.monotonic(), banner.text()))

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        return [e for e in self.events if isinstance(e, kind)]


def test_the_curls_swinging_arm_is_shown_and_spoken_on_each_bad_rep_only(
    replay_window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window = replay_window
    seen = Recorder(window)
    message_on_screen: list[bool] = []  # the panel lists the fault right after it is told
    window.event_shown.connect(
        lambda e: (
            message_on_screen.append("upper arm" in window.panel.messages.text().lower())
            if isinstance(e, CueGiven) and e.check == "upper_arm_swing"
            else None
        )
    )
    window.select_exercise("bicep_curl")
    with qtbot.waitSignal(window.session_finished, timeout=60_000):
        window.start_session(str(videos / f"{CURL}.mp4"), realtime=False)
    reps = seen.of(RepEnded)
    swings = [c for c in seen.of(CueGiven) if c.check == "upper_arm_swing"]
    assert [r.reps for r in reps] == [1, 2, 3, 4]
    assert [r.rep.faults for r in reps] == [("upper_arm_swing",)] * 3 + [()]
    # Told by the end of each bad rep (at the same moment), never during the good one.
    assert [round(c.time_s, 3) for c in swings] == [round(r.rep.end_s, 3) for r in reps[:3]]
    assert all(message_on_screen) and len(message_on_screen) == 3
    swing_message = swings[0].message
    assert window.cues.spoken.count(swing_message) == sum(c.spoken for c in swings) >= 2
    assert all(c.spoken for c in swings[:1])
    assert window.cues.spoken[-1] == "4"  # the good rep is counted, and nothing else is said
    assert window.panel.counter.text() == "4"


def test_a_danger_at_the_bottom_raises_the_banner_within_half_a_second(
    replay_window: MainWindow, qtbot: QtBot, videos: Path, config_folder: Path
) -> None:
    # The squat's depth check made an injury risk that every rep fails (as a physiotherapist
    # might set it for a patient): a danger told at the bottom of each rep.
    window = replay_window
    text = (BUILTIN_RULES / "squat.yaml").read_text()
    danger = 'max_deg: 30\n    severity: danger\n    source: "a physiotherapist, for one patient"'
    text = text.replace("max_deg: 100\n    severity: warning", danger)
    (config_folder / "rules").mkdir(parents=True)
    (config_folder / "rules" / "squat.yaml").write_text(text)
    window.store.reload()
    window.fill_exercises()
    window.select_exercise("squat")
    assert window.selected_rule().checks[0].severity == "danger"
    seen = Recorder(window)
    with qtbot.waitSignal(window.session_finished, timeout=60_000):
        window.start_session(str(videos / "squat_side_3reps_home.mp4"), realtime=True)
    first = seen.of(RepEnded)[0].rep
    # When the frame of the rep's bottom was on screen (real time: its capture time), and when
    # the banner went up.
    at_bottom = min(seen.frames, key=lambda r: abs(r.frame.timestamp_s - first.bottom_s))
    bottom_wall_s = at_bottom.captured_s + (first.bottom_s - at_bottom.frame.timestamp_s)
    raised_s, banner_text = seen.banner_at[0]
    assert banner_text.startswith("Squat deeper")
    # The turn-around is taken as real once the knee has come back 5 degrees; a rep that dips a
    # second time at the bottom has its deepest point a little after that.
    assert abs(raised_s - bottom_wall_s) <= 0.5
    danger = next(c for c in seen.of(CueGiven) if c.severity == "danger")
    assert danger.spoken and first.start_s < danger.time_s < first.end_s  # during the rep


def test_switching_twice_within_a_second_leaves_one_session_and_never_blocks(
    replay_window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window = replay_window
    window.select_exercise("squat")
    summaries: list[dict[str, object]] = []
    window.session_finished.connect(summaries.append)
    blocked_ms = []
    for name in ("squat_front_20reps_oncounter", "pushup_side_4reps", "squat_side_1rep_slow"):
        started = time.perf_counter()
        window.start_session(str(videos / f"{name}.mp4"), realtime=True)
        blocked_ms.append((time.perf_counter() - started) * 1000)
        qtbot.wait(300)
    # The first start draws the exercise's plot; the two switches must not block.
    assert max(blocked_ms[1:]) < 50, blocked_ms
    qtbot.waitUntil(lambda: window.controller.thread_count() == 1, timeout=10_000)
    assert window.controller.running
    with qtbot.waitSignal(window.session_finished, timeout=60_000):
        pass
    # Only the last session's summary reached the window; it is the slow squat's, with its rep.
    assert len(summaries) == 1
    assert summaries[0]["source"].endswith("squat_side_1rep_slow.mp4")
    assert summaries[0]["reps"]["total"] == 1


def test_an_edited_rule_with_a_new_rep_measurement_keeps_counting(
    replay_window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window = replay_window
    window.select_exercise("push_up")
    seen = Recorder(window)
    window.start_session(str(videos / "pushup_side_4reps.mp4"), realtime=True)
    qtbot.waitUntil(lambda: len(seen.of(RepEnded)) >= 1, timeout=30_000)
    rule = window.selected_rule()
    elbow = rule.measurements[rule.reps.measurement]
    edited = rule.model_copy(
        update={
            "measurements": {**rule.measurements, "elbow_again": elbow},
            "reps": rule.reps.model_copy(update={"measurement": "elbow_again"}),
        }
    )
    window.use_rule(edited)
    with qtbot.waitSignal(window.session_finished, timeout=60_000) as finished:
        pass
    assert not seen.of(SessionFailed)
    assert finished.args[0]["reps"]["total"] == 4
    assert window.panel.counter.text() == "4"


def test_an_exception_in_the_worker_is_a_message_and_a_summary(qtbot: QtBot, videos: Path) -> None:
    window = MainWindow(make_estimator=replaying(fail_at=150))
    qtbot.addWidget(window)
    window.show()
    try:
        window.select_exercise("squat")
        seen = Recorder(window)
        with qtbot.waitSignal(window.session_finished, timeout=60_000) as finished:
            window.start_session(str(videos / "squat_side_3reps_home.mp4"), realtime=False)
        failure = seen.of(SessionFailed)[0]
        assert "failing on frame 150" in failure.message and "Traceback" in failure.details
        box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
        assert box.text() == failure.message and "Traceback" in box.detailedText()
        summary = finished.args[0]
        assert summary["frames"] == 150 and summary["reps"]["total"] == 1  # kept
        assert "Reps: 1" in window.panel.messages.text()
        assert isinstance(seen.events[-1], SessionFinished)
    finally:
        window.close()


def test_frames_dropped_on_purpose_lose_no_rep_and_no_cue(
    replay_window: MainWindow, qtbot: QtBot, videos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = replay_window
    controller = window.controller
    marks = {"n": 0}
    original = controller.mark_shown

    def mark_one_in_ten() -> None:  # a screen far too slow: nine frames of ten are skipped
        marks["n"] += 1
        if marks["n"] % 10 == 0:
            original()

    monkeypatch.setattr(controller, "mark_shown", mark_one_in_ten)
    window.select_exercise("bicep_curl")
    seen = Recorder(window)
    worker_ref = []
    with qtbot.waitSignal(window.session_finished, timeout=60_000) as finished:
        window.start_session(str(videos / f"{CURL}.mp4"), realtime=False)
        worker_ref.append(controller.worker)
    summary = finished.args[0]
    assert worker_ref[0].display_dropped > summary["frames"] / 2  # most frames were skipped
    assert [e.reps for e in seen.of(RepEnded)] == [1, 2, 3, 4]
    shown = [c.record() for c in seen.of(CueGiven)]
    assert shown == summary["cues"] and len(shown) >= 7  # 4 counts and 3 swings at least
    assert window.panel.counter.text() == "4"


def test_the_summary_lists_what_the_coach_said(
    replay_window: MainWindow, qtbot: QtBot, videos: Path, tmp_path: Path
) -> None:
    window = replay_window
    window.select_exercise("bicep_curl")
    with qtbot.waitSignal(window.session_finished, timeout=60_000) as finished:
        window.start_session(str(videos / f"{CURL}.mp4"), realtime=False)
    cues = finished.args[0]["cues"]
    assert {"time_s", "check", "severity", "message", "spoken"} == set(cues[0])
    swing = next(c for c in cues if c["check"] == "upper_arm_swing")
    assert "What the coach told you" in window.panel.messages.text()
    assert swing["message"].split(":")[0] in window.panel.messages.text()
    window.export_summary(tmp_path / "s.json")
    assert '"cues"' in (tmp_path / "s.json").read_text()
    assert load_rules(BUILTIN_RULES).rules["bicep_curl"].checks[0].id == "upper_arm_swing"


def test_the_joints_of_a_fault_are_ringed_on_the_skeleton(
    replay_window: MainWindow, qtbot: QtBot, videos: Path
) -> None:
    window = replay_window
    ringed: list[set[int]] = []
    window.event_shown.connect(
        lambda e: (
            ringed.append(set(window._fault_joints))
            if isinstance(e, CueGiven) and e.check == "upper_arm_swing"
            else None
        )
    )
    drawn: list[FrameResult] = []
    window.frame_shown.connect(lambda r: drawn.append(r) if window._fault_joints else None)
    window.select_exercise("bicep_curl")
    with qtbot.waitSignal(window.session_finished, timeout=60_000):
        window.start_session(str(videos / f"{CURL}.mp4"), realtime=False)
    upper_arm = {INDEX[f"{s}_{p}"] for s in ("left", "right") for p in ("shoulder", "elbow")}
    assert ringed and all(upper_arm <= joints for joints in ringed)
    frame = next(r for r in drawn if r.pose is not None)
    plain = render_frame(frame, mirror=False, privacy=True)
    marked = render_frame(frame, mirror=False, privacy=True, faults=upper_arm)
    red = np.all(marked == FAULT_RGB, axis=2) & ~np.all(plain == FAULT_RGB, axis=2)
    assert red.sum() > 100  # rings drawn around the joints


def test_a_model_slower_than_the_video_keeps_the_picture_moving_and_the_coaching_whole(
    qtbot: QtBot, videos: Path
) -> None:
    # A model taking two frame intervals (67 ms) for each pose, the curl played in real time:
    # every frame is still shown, the skeleton is the latest pose, and every rep, fault and
    # cue still reaches the screen and the voice; the plot gets each pose once.
    window = MainWindow(make_estimator=replaying(delay_s=2 / 30))
    qtbot.addWidget(window)
    window.show()
    try:
        window.select_exercise("bicep_curl")
        seen = Recorder(window)
        with qtbot.waitSignal(window.session_finished, timeout=60_000) as finished:
            window.start_session(str(videos / f"{CURL}.mp4"), realtime=True)
        summary = finished.args[0]
        frames = 444
        assert len(seen.frames) >= 0.9 * frames  # shown: at most a few lost to this VM's stalls
        assert 0.25 * frames <= summary["frames"] <= 0.55 * frames  # analysed: about one in two
        fresh = [r for r in seen.frames if r.fresh]
        assert len(fresh) >= 0.8 * summary["frames"]  # nearly every pose reached the screen
        assert sum(r.pose is not None for r in seen.frames) >= 0.9 * len(seen.frames)
        assert max(r.pose_age_s for r in seen.frames) <= 0.25  # a few frames behind at most
        reps = seen.of(RepEnded)
        assert [r.reps for r in reps] == [1, 2, 3, 4]
        assert [r.rep.faults for r in reps] == [("upper_arm_swing",)] * 3 + [()]
        swings = [c for c in seen.of(CueGiven) if c.check == "upper_arm_swing"]
        # Told at the end of each bad rep, on the clock of the frame analysed (the model may be
        # on a later frame by then).
        assert [round(c.time_s, 3) for c in swings] == [round(r.rep.end_s, 3) for r in reps[:3]]
        assert [round(r.time_s, 3) for r in reps] == [round(r.rep.end_s, 3) for r in reps]
        assert window.panel.counter.text() == "4"
        assert window.cues.spoken[-1] == "4"
        assert any("upper arm" in s.lower() for s in window.cues.spoken)
        name = next(iter(window.rules["bicep_curl"].measurements))
        assert 0 < window.plot.points(name) <= len(fresh)
    finally:
        window.close()


def test_a_new_pose_on_a_frame_the_screen_skipped_comes_with_the_next_frame() -> None:
    from dataclasses import replace

    from coach.session import SessionSettings
    from coach.vision.sources import Frame
    from ui.session_worker import SessionWorker

    worker = SessionWorker(1, SessionSettings("0"))
    handed: list[FrameResult] = []
    worker.frame_ready.connect(lambda _id, result: handed.append(result))

    def result(index: int) -> FrameResult:
        return FrameResult(Frame(np.zeros((2, 2, 3), np.uint8), index, index / 30), None, None,
                           0.0, 1.0, 0)  # fmt: skip

    worker._hand_over(result(0))
    new_pose = result(1)
    worker._hand_over(new_pose)  # the screen has not taken frame 0 yet: frame 1 is skipped
    worker.mark_shown()
    worker._hand_over(replace(new_pose, frame=result(2).frame, fresh=False, pose_age_s=1 / 30))
    worker._hand_over(result(3))  # not yet shown: skipped; no pose waits any more
    assert [(r.frame.index, r.fresh, r.pose_s) for r in handed] == [
        (0, True, 0.0),
        (2, True, 1 / 30),  # frame 2 brings frame 1's pose: the plot takes it once
    ]
