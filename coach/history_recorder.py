"""Recording a session in the training log (coach.history) as it happens.

`SessionRecorder` follows a session's events (`coach.events`) and writes each rep, hold and cue
the moment it happens, in its own transaction: a crash, a kill or a power cut loses at most the
rep under way. The window gives one to its session worker; `analyze --record` to its analysis.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.coaching.reps import RepEvent
from coach.events import (
    CueGiven,
    HoldEnded,
    HoldStarted,
    RepEnded,
    SessionEvent,
    SessionFailed,
    SessionFinished,
    SessionStarted,
)
from coach.history import History, HistoryError
from coach.i18n import gettext as _

log = logging.getLogger(__name__)


@dataclass
class _Open:
    """The session being recorded."""

    id: int
    start_s: float
    reps: int = 0
    cues: int = 0
    holds: int = 0
    hold_started_s: float | None = None


@dataclass
class SessionRecorder:
    """Writes a session's events to the log as they come: create it in any thread, call
    `handle` from the session's thread (the connection is opened there, at the first event).

    It never raises: when the log cannot be written (busy beyond the timeout, a full disk, a
    newer log) it stops recording this session, logs it, sets `problem` and calls
    `on_problem` (in the session's thread) once; the session itself goes on.
    """

    path: Path | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)  # kept with the session (JSON)
    on_problem: Callable[[str], None] | None = None
    on_notice: Callable[[str], None] | None = None  # the log was set aside (session's thread)
    problem: str | None = None
    notice: str | None = None  # the log was damaged and set aside: say so once
    session_ids: list[int] = field(default_factory=list)  # every session it recorded
    _history: History | None = None
    _open: _Open | None = None
    _thread: int | None = None

    def handle(self, event: SessionEvent) -> None:
        if self.problem is not None:
            return
        try:
            self._handle(event)
        except HistoryError as exc:
            self._give_up(str(exc))
        except (sqlite3.Error, OSError, ValueError) as exc:  # ValueError: a bad start time
            self._give_up(_("the training log could not be written ({reason})").format(reason=exc))
        if isinstance(event, SessionFinished):
            self.close()

    def _give_up(self, message: str) -> None:
        self.problem = _("{problem}; this session is not recorded from here on").format(
            problem=message
        )
        log.warning("%s", self.problem)
        self.close()
        if self.on_problem is not None:
            self.on_problem(self.problem)

    def close(self) -> None:
        """Close the connection (in the thread that used it)."""
        if self._history is not None and self._thread == threading.get_ident():
            self._history.close()
        self._history = None

    def _log(self) -> History:
        if self._history is None:
            self._history = History(self.path)
            self._thread = threading.get_ident()
            if self._history.notice is not None and self.notice is None:
                self.notice = self._history.notice
                if self.on_notice is not None:
                    self.on_notice(self.notice)
        return self._history

    def _handle(self, event: SessionEvent) -> None:
        if isinstance(event, SessionStarted):
            self._start(event)
            return
        current = self._open
        if current is None:
            return  # a session started before recording was asked for: nothing to attach to
        history = self._log()
        duration = ("UPDATE sessions SET duration_s = ? WHERE id = ?",
                    (max(0.0, event.time_s - current.start_s), current.id))  # fmt: skip
        if isinstance(event, RepEnded):
            # Numbered by the log, in order: a rule changed mid-session counts from 1 again.
            rep: RepEvent = event.rep
            current.reps += 1
            history.write_many([
                ("INSERT INTO reps VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (current.id, current.reps, rep.start_s, rep.bottom_s, rep.end_s,
                  rep.lowest_deg, rep.highest_deg, json.dumps(list(rep.faults)))),
                duration,
            ])  # fmt: skip
        elif isinstance(event, CueGiven):
            current.cues += 1
            history.write_many([
                ("INSERT INTO cues VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (current.id, current.cues, event.time_s, event.check, event.severity,
                  event.message, int(event.spoken))),
                duration,
            ])  # fmt: skip
        elif isinstance(event, HoldStarted):
            current.hold_started_s = event.time_s
        elif isinstance(event, HoldEnded):
            current.holds += 1
            start_s = current.hold_started_s
            start_s = event.time_s - event.held_s if start_s is None else start_s
            current.hold_started_s = None
            history.write_many([
                ("INSERT INTO holds VALUES (?, ?, ?, ?, ?)",
                 (current.id, current.holds, start_s, event.time_s, event.held_s)),
                duration,
            ])  # fmt: skip
        elif isinstance(event, SessionFailed):
            history.write(
                "UPDATE sessions SET failure = ? WHERE id = ?", (event.message, current.id)
            )
        elif isinstance(event, SessionFinished):
            self._finish(history, current, event)

    def _start(self, event: SessionStarted) -> None:
        history = self._log()
        if self._open is not None:  # a new session without the end of the last: close it
            history.write("UPDATE sessions SET finished = 1 WHERE id = ?", (self._open.id,))
        started = datetime.fromisoformat(event.started_at)
        cursor = history.write(
            "INSERT INTO sessions (started_at, day, exercise, source, source_kind, settings, "
            "start_s, duration_s, finished) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
            (event.started_at, started.date().isoformat(), event.exercise, event.source,
             event.source_kind, json.dumps(dict(self.settings), default=str), event.time_s),
        )  # fmt: skip
        assert cursor.lastrowid is not None
        self._open = _Open(cursor.lastrowid, event.time_s)
        self.session_ids.append(cursor.lastrowid)

    def _finish(self, history: History, current: _Open, event: SessionFinished) -> None:
        summary = {
            k: v for k, v in event.summary.items() if k not in ("rep_events", "feedback", "cues")
        }
        duration_s = summary.get("duration_s")
        if not isinstance(duration_s, int | float):
            duration_s = max(0.0, event.time_s - current.start_s)
        history.write(
            "UPDATE sessions SET finished = 1, duration_s = ?, summary = ? WHERE id = ?",
            (float(duration_s), json.dumps(summary, default=str), current.id),
        )
        self._open = None
