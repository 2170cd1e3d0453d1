"""The training log: the recorder keeps every rep as it ends, survives a kill, shares the log
with another writer, and a damaged or foreign file is set aside with a message."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from coach import history as history_module
from coach.coaching.reps import RepEvent
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.events import (
    CueGiven,
    HoldEnded,
    HoldStarted,
    RepEnded,
    SessionFailed,
    SessionFinished,
    SessionStarted,
)
from coach.history import History, HistoryBusy, HistoryError, streak
from coach.history_recorder import SessionRecorder
from coach.session import Session, SessionSettings
from tests.conftest import REPO
from tests.replay import replaying
from tests.rules.test_golden import TRUTH
from tests.session_events import track_events

CURL = "curl_side_dumbbell_3bad_then_1good"
SQUAT = "squat_front_20reps_oncounter"


@pytest.fixture
def log_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(tmp_path / "config"))
    return tmp_path / "config" / "history.sqlite3"


def record(events: list, **kwargs: object) -> SessionRecorder:
    recorder = SessionRecorder(**kwargs)  # type: ignore[arg-type]
    for event in events:
        recorder.handle(event)
    return recorder


def test_a_real_session_is_kept_with_its_reps_faults_and_cues(log_path: Path) -> None:
    events = track_events(CURL, "2026-11-28T18:30:05+01:00")
    recorder = record(events, settings={"smoothing": "mediapipe"})
    assert recorder.problem is None
    with History() as history:
        (session,) = history.sessions()
    assert session.exercise == "bicep_curl" and session.finished and session.source_kind == "video"
    assert session.day == date(2026, 11, 28)
    assert session.settings == {"smoothing": "mediapipe"}
    assert [r.index for r in session.reps] == [1, 2, 3, 4]
    # The truth: the first three curls swing the upper arm, the last one is clean.
    faulty = [r.index for r in session.reps if r.faults]
    assert faulty == TRUTH["videos"][CURL]["faulty_reps"]
    assert session.good_share == pytest.approx(0.25)
    rep_events = [e.rep for e in events if isinstance(e, RepEnded)]
    assert session.reps[0].lowest_deg == pytest.approx(rep_events[0].lowest_deg)
    assert session.reps[0].range_deg == pytest.approx(
        rep_events[0].highest_deg - rep_events[0].lowest_deg
    )
    cues = [e for e in events if isinstance(e, CueGiven)]
    assert [c.message for c in session.cues] == [c.message for c in cues]
    assert session.duration_s == pytest.approx(events[-1].summary["duration_s"])
    assert "rep_events" not in session.summary  # kept once, in the reps table


def test_each_rep_is_committed_when_it_ends(log_path: Path) -> None:
    """Read by another connection after each event: the rep is there before the next comes."""
    recorder = SessionRecorder()
    seen = []
    for event in track_events(SQUAT, "2026-11-29T07:00:00+01:00"):
        recorder.handle(event)
        if isinstance(event, RepEnded):
            with History() as reader:
                (session,) = reader.sessions()
                seen.append(len(session.reps))
                assert not session.finished
    assert seen == list(range(1, 21))


CHILD = """
import sys, time
from coach.events import RepEnded
from coach.history_recorder import SessionRecorder
from tests.session_events import track_events
recorder = SessionRecorder()
for event in track_events("squat_front_20reps_oncounter", "2026-11-29T07:00:00+01:00"):
    recorder.handle(event)
    if isinstance(event, RepEnded):
        print(event.rep.index, flush=True)
    time.sleep(0.01)
"""


def test_a_killed_session_keeps_every_rep_completed_before_the_kill(log_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    ) as child:
        assert child.stdout is not None
        reported = [int(child.stdout.readline()) for _ in range(7)]
        child.send_signal(signal.SIGKILL)  # mid-stream: more reps and frames were on their way
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert reported == list(range(1, 8))
    with History() as history:
        (session,) = history.sessions()
    kept = [r.index for r in session.reps]
    assert kept[:7] == reported  # every rep reported done is there...
    assert kept == list(range(1, len(kept) + 1)) and len(kept) < 20  # ...none torn or invented
    assert not session.finished
    assert session.duration_s >= session.reps[6].end_s  # how long it went on, so far


def test_two_writers_at_once_share_the_log(log_path: Path) -> None:
    History().close()  # created once, as the first window would
    recorders = [SessionRecorder(), SessionRecorder()]
    streams = [
        track_events(SQUAT, "2026-11-29T07:00:00+01:00"),
        track_events(CURL, "2026-11-29T07:00:01+01:00"),
    ]
    threads = [
        threading.Thread(target=lambda r=r, s=s: [r.handle(e) for e in s])
        for r, s in zip(recorders, streams, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.problem for r in recorders] == [None, None]
    with History() as history:
        counts = sorted(len(s.reps) for s in history.sessions())
    assert counts == [4, 20]
    db = sqlite3.connect(log_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_log_held_too_long_by_another_writer_is_busy_and_the_session_goes_on(
    log_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "BUSY_TIMEOUT_S", 0.2)
    History().close()
    other = sqlite3.connect(log_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window in the middle of a long write
    problems: list[str] = []
    recorder = record(track_events(CURL, "2026-11-29T08:00:00+01:00"), on_problem=problems.append)
    other.execute("ROLLBACK")
    other.close()
    assert len(problems) == 1 and "the training log is busy" in problems[0]
    assert recorder.problem == problems[0]
    with pytest.raises(HistoryBusy):  # what the history window would be told
        other = sqlite3.connect(log_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            History().delete_session(1)
        finally:
            other.execute("ROLLBACK")
            other.close()


@pytest.mark.parametrize(
    "damage",
    [
        b"this is not a database, it is a shopping list\n" * 40,
        b"",  # filled with nothing by a crash of the file system (an empty file is a new log)
        "page",  # one page of the tables overwritten
    ],
)
def test_a_damaged_log_is_set_aside_with_a_message_and_a_new_one_started(
    log_path: Path, damage: bytes | str
) -> None:
    record(track_events(CURL, "2026-11-28T18:30:05+01:00"))
    if damage == "page":
        assert not list(log_path.parent.glob("history.sqlite3-*"))  # all in the file once closed
        data = bytearray(log_path.read_bytes())
        data[4096:8192] = b"\xff" * 4096
        log_path.write_bytes(data)
        original = bytes(data)
    else:
        assert isinstance(damage, bytes)
        log_path.write_bytes(damage)
        original = damage
    with History() as history:
        if damage == b"":
            assert history.notice is None and history.sessions() == []
            return
        assert history.notice is not None and "damaged" in history.notice
        assert history.sessions() == []
        record(track_events(CURL, "2026-11-29T18:30:05+01:00"))
        assert len(history.sessions()) == 1  # the new log works
    (aside,) = log_path.parent.glob("history.sqlite3.broken-*[0-9]")
    assert aside.read_bytes() == original  # nothing the user had is lost
    assert aside.name in history.notice


def test_the_recorder_tells_of_a_damaged_log_once_and_records(log_path: Path) -> None:
    log_path.parent.mkdir(parents=True)
    log_path.write_text("garbage " * 100)
    notices: list[str] = []
    recorder = record(track_events(CURL, "2026-11-28T18:30:05+01:00"), on_notice=notices.append)
    assert recorder.problem is None
    assert recorder.notice is not None and "broken-" in recorder.notice
    assert notices == [recorder.notice]
    with History() as history:
        assert len(history.sessions()[0].reps) == 4


def test_a_foreign_sqlite_file_is_set_aside(log_path: Path) -> None:
    log_path.parent.mkdir(parents=True)
    db = sqlite3.connect(log_path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    with History() as history:
        assert history.notice is not None and "something else" in history.notice


def test_a_log_from_a_newer_version_is_left_alone(log_path: Path) -> None:
    History().close()
    db = sqlite3.connect(log_path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = log_path.read_bytes()
    with pytest.raises(HistoryError, match="newer Fitness Coach"):
        History()
    problems: list[str] = []
    record(track_events(CURL, "2026-11-28T18:30:05+01:00"), on_problem=problems.append)
    assert len(problems) == 1 and "newer" in problems[0]
    assert log_path.read_bytes() == before


def test_an_older_log_is_migrated_keeping_its_sessions(
    log_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(track_events(CURL, "2026-11-28T18:30:05+01:00"))
    step = "ALTER TABLE sessions ADD COLUMN mood TEXT; UPDATE sessions SET mood = 'tired'"
    monkeypatch.setattr(history_module, "MIGRATIONS", [*history_module.MIGRATIONS, step])
    monkeypatch.setattr(history_module, "SCHEMA_VERSION", 2)
    with History() as history:
        assert len(history.sessions()[0].reps) == 4
    db = sqlite3.connect(log_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert db.execute("SELECT mood FROM sessions").fetchall() == [("tired",)]
    db.close()


def test_holds_failures_and_a_second_start(log_path: Path) -> None:
    started = "2026-11-30T09:00:00+01:00"
    record(
        [
            SessionStarted(0.0, "0", "camera", "plank", started),
            HoldStarted(2.0),
            HoldEnded(14.5, 12.5),
            HoldStarted(20.0),
            HoldEnded(41.0, 21.0),
            SessionFailed(45.0, "Camera 0 stopped sending frames", ""),
            SessionStarted(0.0, "0", "camera", "squat", started),  # a new rule: a new session
            RepEnded(3.0, RepEvent(1, 1.0, 2.0, 3.0, 80.0, ("knees_in",), 170.0), 1, 1),
            # The rule edited mid-session into another one: its count starts at 1 again.
            RepEnded(4.5, RepEvent(1, 3.5, 4.0, 4.5, 85.0, (), 168.0), 1, 0),
            SessionFinished(5.0, {"duration_s": 5.2}),
        ]
    )
    with History() as history:
        plank, squat = history.sessions()
    assert [(h.start_s, h.held_s) for h in plank.holds] == [(2.0, 12.5), (20.0, 21.0)]
    assert plank.best_hold_s == 21.0 and plank.failure == "Camera 0 stopped sending frames"
    assert plank.finished and plank.duration_s == 41.0
    assert [r.index for r in squat.reps] == [1, 2]  # both kept, in order
    assert squat.reps[0].faults == ("knees_in",) and squat.faults_per_10_reps == 5.0
    assert squat.duration_s == 5.2


def test_delete_and_forget_all(log_path: Path) -> None:
    record(track_events(CURL, "2026-11-28T18:30:05+01:00"))
    record(track_events(SQUAT, "2026-11-29T18:30:05+01:00"))
    with History() as history:
        first, second = history.sessions()
        assert history.delete_session(first.id)
        assert not history.delete_session(first.id)
        assert [s.id for s in history.sessions()] == [second.id]
        assert history.forget_all() == 1
        assert history.sessions() == []
    db = sqlite3.connect(log_path)
    assert db.execute("SELECT count(*) FROM reps").fetchone()[0] == 0  # nothing left behind
    assert db.execute("SELECT count(*) FROM cues").fetchone()[0] == 0
    db.close()
    assert b"Keep the upper arm" not in log_path.read_bytes()  # not even in free pages


def test_filters_by_exercise_and_day(log_path: Path) -> None:
    record(track_events(CURL, "2026-11-27T18:30:05+01:00"))
    record(track_events(SQUAT, "2026-11-28T07:00:00+01:00"))
    record(track_events(SQUAT, "2026-11-30T07:00:00+01:00"))
    with History() as history:
        assert len(history.sessions(exercise="squat")) == 2
        assert len(history.sessions(since=date(2026, 11, 28))) == 2
        assert len(history.sessions(until=date(2026, 11, 28))) == 2
        assert len(history.sessions("squat", date(2026, 11, 29), date(2026, 11, 30))) == 1
        assert history.training_days() == {date(2026, 11, d) for d in (27, 28, 30)}


def test_streak() -> None:
    days = {date(2026, 11, d) for d in (20, 22, 23, 24)}
    assert streak(days, date(2026, 11, 24)) == 3
    assert streak(days, date(2026, 11, 25)) == 3  # not trained yet today: still on
    assert streak(days, date(2026, 11, 26)) == 0
    assert streak(set(), date(2026, 11, 26)) == 0


def test_a_config_folder_that_cannot_be_made_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config").write_text("a file where the folder should be")
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(tmp_path / "config" / "inner"))
    with pytest.raises(HistoryError, match="cannot use the training log"):
        History()
    problems: list[str] = []
    record(track_events(CURL, "2026-11-28T18:30:05+01:00"), on_problem=problems.append)
    assert len(problems) == 1 and "not recorded" in problems[0]


def test_a_start_time_that_is_not_a_date_stops_recording_not_the_session(log_path: Path) -> None:
    problems: list[str] = []
    recorder = SessionRecorder(on_problem=problems.append)
    recorder.handle(SessionStarted(0.0, "0", "camera", "squat", "yesterday at noon"))
    recorder.handle(SessionFinished(1.0, {}))
    assert len(problems) == 1 and "yesterday at noon" in problems[0]


@pytest.mark.media
def test_a_hold_kept_to_the_end_of_a_session_is_in_the_log(log_path: Path, videos: Path) -> None:
    """The plank is held until the clip ends: the history shows the hold, as long as timed."""
    rule = load_rules(BUILTIN_RULES).rules["plank"]
    video = videos / "plank_side_hold_10s_moving_camera.mp4"
    recorder = SessionRecorder()
    session = Session(SessionSettings(str(video), rule, realtime=False), replaying())
    session.run(lambda _result: None, threading.Event(), recorder.handle)
    assert recorder.problem is None
    with History() as history:
        (recorded,) = history.sessions()
    (hold,) = recorded.holds
    assert hold.held_s == pytest.approx(session.evaluator.hold.best_s)  # type: ignore[union-attr]
    assert hold.held_s > 9  # labelled 10.6 s
