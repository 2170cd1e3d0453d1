"""Runs one coaching session (coach.session.Session) in a worker thread, on two channels.

Events (reps, messages, holds, the end) go out on `event_happened`, one emit each: Qt queues every
one of them for the GUI, so none is lost and they arrive in order. Frames go out on
`frame_ready`, newest wins: while the GUI has not yet taken the previous frame, newer ones are
skipped and counted (`display_dropped`), so a slow screen never builds a backlog of stale frames.
On one frame, its events are sent before the frame itself.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import QObject, QThread, Signal, Slot

from coach.events import SessionEvent
from coach.session import (
    EstimatorFactory,
    EventHandler,
    FrameResult,
    Session,
    SessionSettings,
    build_estimator,
)


class SessionWorker(QObject):
    """Move to a QThread and connect `thread.started` to `run`; `stop()` ends it early. The
    thread quits by itself when the session has finished."""

    frame_ready = Signal(int, object)  # session id, FrameResult: the newest frame to show
    event_happened = Signal(int, object)  # session id, SessionEvent: never dropped, in order

    def __init__(
        self,
        session_id: int,
        settings: SessionSettings,
        make_estimator: EstimatorFactory = build_estimator,
        recorder: EventHandler | None = None,
    ) -> None:
        """`recorder`, when given, gets every event first, in this thread (the training log
        writes each rep as it ends)."""
        super().__init__()
        self.session_id = session_id
        self.recorder = recorder
        self.session = Session(settings, make_estimator)
        self._stop = threading.Event()
        self._shown = threading.Event()  # set by the GUI when it has taken the last frame
        self._shown.set()
        self.display_dropped = 0
        self._unshown_pose_s: float | None = None  # a new pose on a frame the screen skipped

    def stop(self) -> None:
        """Ask the session to end after the current frame (thread-safe)."""
        self._stop.set()

    def mark_shown(self) -> None:
        """The GUI has taken the last frame; the next one may be sent (thread-safe)."""
        self._shown.set()

    def _hand_over(self, result: FrameResult) -> None:
        if not self._shown.is_set():
            self.display_dropped += 1  # the screen is behind: show the newest frame instead
            if result.fresh:
                self._unshown_pose_s = result.pose_s
            return
        if not result.fresh and result.pose_s == self._unshown_pose_s:
            result = replace(result, fresh=True)  # its pose has not reached the screen yet
        self._unshown_pose_s = None
        self._shown.clear()
        self.frame_ready.emit(self.session_id, result)

    def _tell(self, event: SessionEvent) -> None:
        if self.recorder is not None:
            self.recorder(event)
        self.event_happened.emit(self.session_id, event)

    @Slot()
    def run(self) -> None:
        """The whole session; it never raises (a failure is a SessionFailed event)."""
        try:
            self.session.run(self._hand_over, self._stop, self._tell)
        finally:
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()  # the thread ends on its own: nobody has to wait for it
