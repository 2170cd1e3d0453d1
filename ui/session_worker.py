"""Runs a coaching session (coach.session.Session) in a worker thread.

One signal carries results to the GUI: `result_ready`, with the newest FrameResult. While the GUI
has not yet taken the previous one, newer results replace nothing in a queue: they are skipped
and counted (`display_dropped`), so a slow screen never builds up a backlog of stale frames.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from coach.session import FrameResult, Session, SessionSettings
from coach.vision.pose import PoseModelError
from coach.vision.sources import SourceError


class SessionWorker(QObject):
    """Move to a QThread, connect `thread.started` to `run`, call `stop()` to end early."""

    result_ready = Signal(object)  # FrameResult: the newest frame, its pose and the rule's verdict
    failed = Signal(str)  # a message for the user: the source and what went wrong
    finished = Signal(object)  # dict: the session summary (also after a failure or a stop)

    def __init__(self, settings: SessionSettings) -> None:
        super().__init__()
        self.session = Session(settings)
        self._stop = threading.Event()
        self._shown = threading.Event()  # set by the GUI when it has taken the last result
        self._shown.set()
        self.display_dropped = 0

    def stop(self) -> None:
        """Ask the session to end after the current frame (thread-safe)."""
        self._stop.set()

    def mark_shown(self) -> None:
        """The GUI has taken the last result; the next one may be sent (thread-safe)."""
        self._shown.set()

    def _hand_over(self, result: FrameResult) -> None:
        if not self._shown.is_set():
            self.display_dropped += 1  # the screen is behind: show the newest frame instead
            return
        self._shown.clear()
        self.result_ready.emit(result)

    @Slot()
    def run(self) -> None:
        try:
            self.session.run(self._hand_over, self._stop)
        except (SourceError, PoseModelError) as exc:
            self.failed.emit(str(exc))
        self.finished.emit(self.session.summary())
