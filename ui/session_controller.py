"""Starts, stops and switches coaching sessions for the window, never blocking the GUI thread.

Each session gets an id and its own worker thread. Starting a session asks the previous one to
stop and moves on at once: nothing waits for a thread here, except `shutdown` when the window
closes. Frames and events of a session that is no longer the current one are ignored, so a
switch never mixes two sessions on screen, in the voice or in a summary. A finished thread is
let go once Qt reports it finished; `shutdown` waits for those still running.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from coach.coaching.rule_schema import Rule
from coach.coaching.voice import VoicePolicy
from coach.events import SessionEvent, SessionFinished
from coach.session import (
    EstimatorFactory,
    EventHandler,
    FrameResult,
    Session,
    SessionSettings,
    build_estimator,
)
from coach.vision.smoothing import SmoothingMethod
from ui.session_worker import SessionWorker


class SessionController(QObject):
    """The window's one way to run sessions. `current` is the session on screen, if any."""

    frame_ready = Signal(object)  # FrameResult of the current session (newest wins)
    event_happened = Signal(object)  # SessionEvent of the current session (all, in order)

    def __init__(
        self, parent: QObject | None = None, make_estimator: EstimatorFactory = build_estimator
    ) -> None:
        super().__init__(parent)
        self.make_estimator = make_estimator
        self.current_id = 0  # 0: none started yet
        self._workers: dict[int, tuple[QThread, SessionWorker]] = {}  # threads not yet let go
        self._finished: set[int] = set()  # sessions whose SessionFinished has arrived

    @property
    def worker(self) -> SessionWorker | None:
        """The current session's worker (until the next session starts)."""
        entry = self._workers.get(self.current_id)
        return entry[1] if entry is not None else None

    @property
    def session(self) -> Session | None:
        worker = self.worker
        return worker.session if worker is not None else None

    @property
    def running(self) -> bool:
        """A current session that has not finished."""
        return self.current_id in self._workers and self.current_id not in self._finished

    def start(self, settings: SessionSettings, recorder: EventHandler | None = None) -> int:
        """Stop the current session (without waiting) and start one with `settings`, its
        events also given to `recorder` in its thread; its id."""
        self.stop()
        self.current_id += 1
        session_id = self.current_id
        worker = SessionWorker(session_id, settings, self.make_estimator, recorder)
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.frame_ready.connect(self._on_worker_frame_ready)
        worker.event_happened.connect(self._on_worker_event_happened)
        thread.finished.connect(self._on_thread_finished)
        self._workers[session_id] = (thread, worker)
        thread.start()
        self._let_go()
        return session_id

    def stop(self) -> None:
        """Ask the current session to end after its current frame; its summary follows."""
        worker = self.worker
        if worker is not None:
            worker.stop()

    def toggle_pause(self) -> bool | None:
        """Pause or resume the current session; True when now paused, None without one."""
        session = self.session
        if session is None or not self.running:
            return None
        if session.paused:
            session.resume()
        else:
            session.pause()
        return session.paused

    def use_rule(self, rule: Rule | None) -> None:
        if (session := self.session) is not None:
            session.use_rule(rule)

    def use_smoothing(self, method: SmoothingMethod, strength: float) -> None:
        if (session := self.session) is not None:
            session.use_smoothing(method, strength)

    def use_voice(self, policy: VoicePolicy) -> None:
        if (session := self.session) is not None:
            session.use_voice(policy)

    def mark_shown(self) -> None:
        """The window has drawn the last frame: the current session may send the next."""
        if (worker := self.worker) is not None:
            worker.mark_shown()

    @property
    def display_dropped(self) -> int:
        worker = self.worker
        return worker.display_dropped if worker is not None else 0

    @Slot(int, object)
    def _on_worker_frame_ready(self, session_id: int, result: FrameResult) -> None:
        if session_id == self.current_id:
            self.frame_ready.emit(result)

    @Slot(int, object)
    def _on_worker_event_happened(self, session_id: int, event: SessionEvent) -> None:
        if isinstance(event, SessionFinished):
            self._finished.add(session_id)
        if session_id == self.current_id:
            self.event_happened.emit(event)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._let_go()

    def _let_go(self) -> None:
        """Drop the threads of past sessions that have fully finished; look again shortly
        while one is still winding down (checked from the GUI's loop, never by waiting)."""
        winding_down = False
        for session_id, (thread, _worker) in list(self._workers.items()):
            if session_id == self.current_id:
                continue  # kept for its summary and its counts until the next session
            if thread.isFinished():
                del self._workers[session_id]
                self._finished.discard(session_id)
            else:
                winding_down = True
        if winding_down:
            QTimer.singleShot(50, self._let_go)

    def thread_count(self) -> int:
        """Threads not yet let go (the current one included)."""
        return len(self._workers)

    def idle(self) -> bool:
        """No session thread is running."""
        return all(thread.isFinished() for thread, _worker in self._workers.values())

    def shutdown(self) -> None:
        """Stop every session and wait for their threads (the window is closing; this is
        never called from a worker's signal)."""
        for thread, worker in self._workers.values():
            worker.stop()
            thread.quit()
        for thread, _worker in self._workers.values():
            thread.wait()
        self._workers.clear()
