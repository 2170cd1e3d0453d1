"""The main window: a photo to check, or a live coaching session from a camera or a video.

Sessions run through a SessionController: frames arrive on `frame_ready` (newest wins) and are
drawn; events arrive on `event_happened` (every one, in order) and drive the counter, the
messages, the danger banner, the joints ringed on the skeleton, and the voice.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.analysis import PhotoAnalysis
from coach.coaching.engine import is_edit_of
from coach.coaching.measure import landmarks_of
from coach.coaching.rule_schema import Rule
from coach.coaching.rule_store import RuleStore
from coach.coaching.voice import VoicePolicy
from coach.events import (
    CueGiven,
    HoldEnded,
    HoldStarted,
    RepEnded,
    SessionEvent,
    SessionFailed,
    SessionFinished,
)
from coach.history_recorder import SessionRecorder
from coach.i18n import localized
from coach.session import (
    EstimatorFactory,
    FrameResult,
    SessionSettings,
    build_estimator,
    summary_rows,
    voice_policy,
)
from coach.storage import write_csv, write_json
from coach.vision.landmarks import INDEX
from coach.vision.sources import PHOTO_EXTENSIONS, VIDEO_EXTENSIONS, list_cameras
from ui.angle_plot import AnglePlot
from ui.coaching_panel import CoachingPanel
from ui.cues import Cues
from ui.history_window import HistoryWindow
from ui.language import LANGUAGE_NAMES
from ui.photo_panel import PhotoPanel
from ui.photo_worker import PhotoWorker
from ui.pose_templates import PoseTemplates
from ui.session_controller import SessionController
from ui.video_view import VideoView, render_frame
from ui.window_settings import WindowPreferences

APP_NAME = "Fitness Coach"  # the application's name for the system; the title is translated
# How long the joints of a fault stay ringed on the skeleton after it was told, in seconds.
FAULT_SHOWN_S = 3.0


class MainWindow(QMainWindow):
    """The image (photo or live frame) on the left; angles or the coaching panel on the right."""

    photo_requested = Signal(str, object)  # photo path, rules by id (to name its pose)
    photo_shown = Signal(object)  # the PhotoAnalysis now on screen (emitted in the GUI thread)
    frame_shown = Signal(object)  # the FrameResult now on screen (GUI thread)
    event_shown = Signal(object)  # a SessionEvent of the current session, once shown and said
    session_finished = Signal(object)  # dict: the summary of the session that just ended
    history_problem = Signal(str)  # the training log could not be written (any thread)

    def __init__(self, make_estimator: EstimatorFactory = build_estimator) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Fitness Coach"))
        self.resize(1280, 760)
        self.setAcceptDrops(True)
        self.store = RuleStore()
        self.controller = SessionController(self, make_estimator)
        self.controller.frame_ready.connect(self._on_controller_frame_ready)
        self.controller.event_happened.connect(self._on_controller_event_happened)
        self.history_problem.connect(self._on_history_problem)
        self.session_rule: Rule | None = None  # the rule of the session on screen
        self.summary_path: Path | None = None  # where a finished session's summary is written
        self.exit_when_done = False
        self.last_summary: dict[str, object] | None = None
        self._fault_joints: dict[int, float] = {}  # landmark index -> ringed until (monotonic s)

        self.video = VideoView()
        self.photo_panel = PhotoPanel()
        self.panel = CoachingPanel()
        self.side = QStackedWidget()
        self.side.addWidget(self.photo_panel)
        self.side.addWidget(self.panel)
        self.side.hide()  # until there is a photo or a session to describe
        self.plot = AnglePlot()
        self.plot.setMaximumHeight(220)
        self.plot.hide()
        left = QVBoxLayout()
        left.addWidget(self.video, stretch=1)
        left.addWidget(self.plot)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addLayout(left, stretch=1)
        layout.addWidget(self.side)
        self.setCentralWidget(central)

        self.exercise_box = QComboBox()
        self.fill_exercises()
        self.exercise_box.currentIndexChanged.connect(self._on_exercise_box_current_index_changed)
        toolbar = self.addToolBar(self.tr("Exercise"))
        toolbar.addWidget(QLabel(self.tr(" Exercise: ")))
        toolbar.addWidget(self.exercise_box)
        self.preferences = WindowPreferences(self)
        self.preferences.notices += self.store.problems
        self.cues = Cues()
        self.cues.configure(self.preferences.app_settings.coaching)
        self.templates = PoseTemplates(self)
        self._build_menu()
        self.statusBar().showMessage(self.tr("Ready"))
        self.preferences.restore()
        if self.preferences.notices:
            QTimer.singleShot(0, self.preferences.show_notices)

        self._photo_thread = QThread(self)
        self._photo_worker = PhotoWorker()
        self._photo_worker.moveToThread(self._photo_thread)
        self.photo_requested.connect(self._photo_worker.analyze)
        self._photo_worker.finished.connect(self._on_photo_worker_finished)
        self._photo_worker.failed.connect(self._on_photo_worker_failed)
        self.templates.requested.connect(self._photo_worker.make_templates)
        self._photo_worker.templates_made.connect(self.templates._on_worker_templates_made)
        self._photo_thread.start()
        self._shown_times: list[float] = []
        self.frames_shown = 0  # frames of the current session drawn so far
        self._reconnect_source = ""

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        actions = (
            (self.tr("Open photo\u2026"), QKeySequence.StandardKey.Open,
             self._on_open_photo_triggered),
            (self.tr("Open video\u2026"), QKeySequence("Ctrl+Shift+O"),
             self._on_open_video_triggered),
            (self.tr("Start camera"), QKeySequence("Ctrl+K"), self._on_camera_triggered),
            (self.tr("Pause or resume"), QKeySequence("Space"), self.toggle_pause),
            (self.tr("Stop"), QKeySequence("Ctrl+."), self.stop_session),
            (self.tr("Export session summary\u2026"), QKeySequence("Ctrl+E"),
             self._on_export_triggered),
            (self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close),
        )  # fmt: skip
        for text, shortcut, slot in actions:
            action = QAction(text, self, shortcut=QKeySequence(shortcut))
            action.triggered.connect(slot)
            file_menu.addAction(action)
        poses_menu = self.menuBar().addMenu(self.tr("&Poses"))
        for text, slot in (
            (self.tr("New pose from photo\u2026"), self.templates._on_new_pose_triggered),
            (self.tr("Capture my pose"), self.templates._on_capture_triggered),
            (self.tr("Import reference photos\u2026"), self.templates._on_import_library_triggered),
        ):
            poses_menu.addAction(text).triggered.connect(slot)
        self.camera_menu = file_menu.addMenu(self.tr("Cameras"))
        self.camera_menu.aboutToShow.connect(self._on_camera_menu_about_to_show)
        self.loop_action = QAction(self.tr("Loop videos"), self, checkable=True)
        self.loop_action.setChecked(self.preferences.app_settings.loop_video)
        file_menu.insertAction(file_menu.actions()[3], self.loop_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.mirror_action = QAction(self.tr("Mirror (selfie view)"), self,
                                     shortcut=QKeySequence("Ctrl+M"))  # fmt: skip
        self.privacy_action = QAction(self.tr("Skeleton only (hide the camera image)"), self,
                                      shortcut=QKeySequence("Ctrl+P"))  # fmt: skip
        fullscreen = QAction(self.tr("Full screen"), self, shortcut=QKeySequence("F11"))
        fullscreen.triggered.connect(self._on_fullscreen_triggered)
        self.mute_action = QAction(
            self.tr("Mute voice and sounds"), self, shortcut=QKeySequence("Ctrl+Shift+M")
        )
        self.mute_action.toggled.connect(self._on_mute_action_toggled)
        for action in (self.mirror_action, self.privacy_action, self.mute_action, fullscreen):
            action.setCheckable(True)
            view_menu.addAction(action)
        self.history_action = QAction(
            self.tr("History\u2026"), self, shortcut=QKeySequence("Ctrl+H")
        )
        self.history_action.triggered.connect(self.show_history)
        view_menu.addAction(self.history_action)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        for text, shortcut, slot in (
            (self.tr("Exercise rules\u2026"), QKeySequence("Ctrl+R"),
             self.preferences._on_rules_triggered),
            (self.tr("Camera\u2026"), QKeySequence(),
             self.preferences._on_camera_settings_triggered),
            (self.tr("Coaching\u2026"), QKeySequence("Ctrl+,"),
             self.preferences._on_coaching_settings_triggered),
        ):  # fmt: skip
            action = QAction(text, self, shortcut=shortcut)
            action.triggered.connect(slot)
            settings_menu.addAction(action)
        # The language, each named in its own; it changes when the app next starts.
        self.language_menu = settings_menu.addMenu(self.tr("Language"))
        languages = QActionGroup(self)
        choices = {"system": self.tr("Follow the system"), **LANGUAGE_NAMES}
        for code, name in choices.items():
            action = QAction(name, languages, checkable=True)
            action.setData(code)
            action.setChecked(code == self.preferences.app_settings.language)
            self.language_menu.addAction(action)
        languages.triggered.connect(self.preferences._on_languages_triggered)

    @property
    def rules(self) -> dict[str, Rule]:
        return self.store.rules

    def fill_exercises(self) -> None:
        """The exercise picker: built-in and user rules by name, the choice kept if it still
        exists."""
        current = self.exercise_box.currentData()
        self.exercise_box.blockSignals(True)
        self.exercise_box.clear()
        self.exercise_box.addItem(self.tr("No exercise"), None)
        names = {rule_id: localized(rule.name) for rule_id, rule in self.rules.items()}
        for rule_id in sorted(names, key=lambda i: names[i].lower()):
            self.exercise_box.addItem(names[rule_id], rule_id)
        self.exercise_box.setCurrentIndex(max(0, self.exercise_box.findData(current)))
        self.exercise_box.blockSignals(False)

    def selected_rule(self) -> Rule | None:
        rule_id = self.exercise_box.currentData()
        return self.rules.get(rule_id) if rule_id else None

    @Slot()
    def _on_exercise_box_current_index_changed(self) -> None:
        """A new exercise chosen during a session: judged from the next frame on."""
        self.use_rule(self.selected_rule())

    def select_exercise(self, rule_id: str) -> None:
        index = self.exercise_box.findData(rule_id)
        if index < 0:
            raise KeyError(rule_id)
        self.exercise_box.setCurrentIndex(index)

    # --- photo ---

    def open_photo(self, path: str) -> None:
        """Analyse the photo at `path` in the worker; the result arrives by signal."""
        self.stop_session()
        self.side.setCurrentWidget(self.photo_panel)
        self.side.show()
        self.plot.hide()
        self.statusBar().showMessage(self.tr("Analysing {file}\u2026").format(file=Path(path).name))
        self.photo_requested.emit(path, self.store.rules)

    @Slot()
    def _on_open_photo_triggered(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(PHOTO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open photo"),
            "",
            self.tr("Photos ({patterns})").format(patterns=patterns),
        )
        if path:
            self.open_photo(path)

    @Slot(object)
    def _on_photo_worker_finished(self, analysis: PhotoAnalysis) -> None:
        self.video.live = False
        self.video.show_rgb(analysis.annotated)
        report = analysis.report
        self.photo_panel.show_analysis(analysis, self.rules)
        name = Path(report["source"]).name
        found = (
            self.tr("{file}: person found")
            if report["detected"]
            else self.tr("{file}: no person found")
        )
        self.statusBar().showMessage(found.format(file=name))
        self.photo_shown.emit(analysis)

    @Slot(str)
    def _on_photo_worker_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Could not open it"))
        QMessageBox.warning(self, self.windowTitle(), message)

    # --- live session ---

    def voice_policy(self) -> VoicePolicy:
        """What the voice may say now: the coaching preferences and the mute switch."""
        return voice_policy(self.preferences.app_settings.coaching, self.mute_action.isChecked())

    def start_session(self, source: str, realtime: bool = True) -> None:
        """Coach from a camera index ("0") or a video, with the exercise chosen in the toolbar.
        A session already running is asked to stop; this never waits for it."""
        rule = self.selected_rule()
        settings = self.preferences.app_settings
        coaching = settings.coaching
        recorder = None
        if coaching.record_history:  # the training log, written from the session's thread
            recorder = SessionRecorder(
                settings={"smoothing": coaching.smoothing, "realtime": realtime},
                on_problem=self.history_problem.emit,
                on_notice=self.history_problem.emit,
            ).handle
        self.controller.start(
            SessionSettings(
                source,
                rule,
                smoothing=coaching.smoothing,
                smoothing_strength=coaching.smoothing_strength,
                realtime=realtime,
                loop=self.loop_action.isChecked(),
                camera=settings.camera,
                voice=self.voice_policy(),
                calibrate=True,
            ),
            recorder,
        )
        self.session_rule = rule
        self._fault_joints = {}
        self.panel.start(rule)
        self.plot.start(rule)
        self.plot.setVisible(rule is not None)
        self.side.setCurrentWidget(self.panel)
        self.side.show()
        self.video.live = True
        self.frames_shown = 0
        self.statusBar().showMessage(self.tr("Starting {source}\u2026").format(source=source))

    @Slot()
    def stop_session(self) -> None:
        """Ask the running session (if any) to end; its summary follows as an event."""
        self.controller.stop()

    def use_rule(self, rule: Rule | None) -> None:
        """The running session judges with `rule` from its next frame; an edited version of
        its rule keeps its counts."""
        if not self.controller.running:
            return
        self.controller.use_rule(rule)
        previous = self.session_rule
        if rule is None or previous is None or not is_edit_of(rule, previous):
            self.panel.start(rule)  # another exercise: its counts start afresh
        self.session_rule = rule
        self.plot.start(rule)
        self.plot.setVisible(rule is not None)

    @Slot()
    def _on_open_video_triggered(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(VIDEO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open video"),
            "",
            self.tr("Videos ({patterns})").format(patterns=patterns),
        )
        if path:
            self.start_session(path)

    @Slot()
    def _on_camera_triggered(self) -> None:
        self.start_session(str(self.preferences.app_settings.camera.device))

    @Slot()
    def _on_camera_menu_about_to_show(self) -> None:
        """List the cameras that open now (probing indices 0 to 4)."""
        self.camera_menu.clear()
        found = list_cameras()
        for index in found:
            action = self.camera_menu.addAction(self.tr("Camera {index}").format(index=index))
            action.triggered.connect(lambda _checked=False, i=index: self.start_session(str(i)))
        if not found:
            none = self.camera_menu.addAction(self.tr("No camera found: open a video or a photo"))
            none.setEnabled(False)

    @Slot()
    def toggle_pause(self) -> None:
        """Pause or resume the running session (a video waits; a camera's frames are skipped)."""
        paused = self.controller.toggle_pause()
        if paused is not None:
            self.statusBar().showMessage(
                self.tr("Paused: press Space to resume") if paused else self.tr("Resumed")
            )

    @Slot(object)
    def _on_controller_frame_ready(self, result: FrameResult) -> None:
        now = time.monotonic()
        self._fault_joints = {i: until for i, until in self._fault_joints.items() if until > now}
        self.video.show_rgb(
            render_frame(
                result,
                self.mirror_action.isChecked(),
                self.privacy_action.isChecked(),
                faults=self._fault_joints.keys(),
            )
        )
        self.frames_shown += 1
        if result.fresh:  # a pose already shown on an earlier frame adds no new values
            self.templates.add_frame(result)
            self.plot.add(result)
        self.panel.show_result(result, self.session_rule)
        self._show_status(result)
        self.frame_shown.emit(result)
        self.controller.mark_shown()

    @Slot(object)
    def _on_controller_event_happened(self, event: SessionEvent) -> None:
        """Every event of the current session: shown, spoken, or ends the session."""
        if isinstance(event, RepEnded):
            self.panel.show_rep(event)
        elif isinstance(event, CueGiven):
            self.panel.show_cue(event)
            self._ring_fault_joints(event)
            if event.spoken:
                self.cues.say(event.message, urgent=event.severity == "danger")
        elif isinstance(event, HoldStarted | HoldEnded):
            self.panel.show_hold(event)
        elif isinstance(event, SessionFailed):
            self._show_failure(event)
        elif isinstance(event, SessionFinished):
            self._finish(event.summary)
        self.event_shown.emit(event)

    def _ring_fault_joints(self, cue: CueGiven) -> None:
        rule = self.session_rule
        check = next((c for c in rule.checks if c.id == cue.check), None) if rule else None
        if rule is None or check is None or cue.severity == "info":
            return
        until = time.monotonic() + FAULT_SHOWN_S
        for name in landmarks_of(rule.measurements[check.measurement]):
            self._fault_joints[INDEX[name]] = until

    def _show_failure(self, failure: SessionFailed) -> None:
        self.statusBar().showMessage(self.tr("The session stopped"))
        session = self.controller.session
        source = session.settings.source if session is not None else ""
        if failure.details:  # an internal error: the message, and the details for a report
            box = QMessageBox(
                QMessageBox.Icon.Critical, self.windowTitle(), failure.message, parent=self
            )
            box.setInformativeText(self.tr("The session was ended; its summary is kept."))
            box.setDetailedText(failure.details)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return
        if not source.isdigit():
            QMessageBox.warning(self, self.windowTitle(), failure.message)
            return
        # A camera that failed or vanished: offer to reconnect once the session has ended.
        question = self.tr("{message}\n\nCheck the cable, then try again.")
        answer = QMessageBox.warning(
            self,
            self.windowTitle(),
            question.format(message=failure.message),
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
        )
        if answer != QMessageBox.StandardButton.Retry:
            return
        self._reconnect_source = source
        if self.controller.running:  # reconnect once the failed session has finished
            self.session_finished.connect(self._reconnect, Qt.ConnectionType.SingleShotConnection)
        else:  # it finished while the message was open
            self._reconnect(None)

    @Slot(str)
    def _on_history_problem(self, message: str) -> None:
        """A box that does not block: the session goes on (and `--exit-when-done` runs must
        not wait for a click)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(object)
    def _reconnect(self, _summary: object) -> None:
        self.start_session(self._reconnect_source)

    @Slot(bool)
    def _on_mute_action_toggled(self, checked: bool) -> None:
        self.cues.muted = checked
        self.controller.use_voice(self.voice_policy())

    @Slot(bool)
    def _on_fullscreen_triggered(self, checked: bool) -> None:
        if checked:
            self.showFullScreen()
        else:
            self.showNormal()

    def _show_status(self, result: FrameResult) -> None:
        now = time.monotonic()
        self._shown_times = [t for t in self._shown_times if now - t < 1.0] + [now]
        latency_ms = (now - result.captured_s) * 1000.0
        dropped = result.dropped + self.controller.display_dropped
        status = self.tr(
            "{fps} fps   inference {inference} ms   latency {latency} ms   dropped {dropped}"
        )
        self.statusBar().showMessage(
            status.format(
                fps=len(self._shown_times),
                inference=f"{result.inference_ms:.0f}",
                latency=f"{latency_ms:.0f}",
                dropped=dropped,
            )
        )

    def _finish(self, summary: dict[str, object]) -> None:
        """The current session has ended: its summary kept, written if asked, and shown."""
        self.last_summary = summary
        if self.summary_path is not None:
            try:
                write_json(self.summary_path, summary)
            except OSError as exc:
                QMessageBox.warning(
                    self, self.windowTitle(),
                    self.tr("{path}: cannot write it ({reason})").format(
                        path=self.summary_path, reason=exc.strerror or exc
                    ),
                )  # fmt: skip
        self.panel.show_summary(summary)
        if self.statusBar().currentMessage() != self.tr("The session stopped"):
            self.statusBar().showMessage(self.tr("Session ended"))
        self.session_finished.emit(summary)
        if self.exit_when_done:
            self.close()

    def export_summary(self, path: Path) -> None:
        """The last finished session's summary as JSON, or its reps as CSV (by extension)."""
        if self.last_summary is None:
            raise ValueError("no session has ended yet")
        if path.suffix.lower() == ".csv":
            write_csv(path, summary_rows(self.last_summary))
        else:
            write_json(path, self.last_summary)

    @Slot()
    def _on_export_triggered(self) -> None:
        if self.last_summary is None:
            QMessageBox.information(
                self,
                self.windowTitle(),
                self.tr("Finish a session first: its summary is exported."),
            )
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export session summary"),
            "session.json",
            self.tr("JSON (*.json);;CSV, one row per rep (*.csv)"),
        )
        if path:
            try:
                self.export_summary(Path(path))
            except OSError as exc:
                QMessageBox.warning(
                    self,
                    self.windowTitle(),
                    self.tr("{path}: cannot write it ({reason})").format(
                        path=path, reason=exc.strerror or exc
                    ),
                )

    # --- files dropped on the window ---

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            self.open_file(urls[0].toLocalFile())

    def open_file(self, path: str) -> None:
        """A photo opens for the photo check; anything else plays as a video session."""
        if Path(path).suffix.lower() in PHOTO_EXTENSIONS:
            self.open_photo(path)
        else:
            self.start_session(path)

    # --- window ---

    history_window: HistoryWindow | None = None

    @Slot()
    def show_history(self) -> None:
        """The History window (View, History): opened, or brought to the front."""
        if self.history_window is None or not self.history_window.isVisible():
            self.history_window = HistoryWindow(self.rules, self)
        self.history_window.show()
        self.history_window.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.history_window is not None:
            self.history_window.close()
        self.preferences.save()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the sessions and the photo worker's thread, wait for them, release the model.
        Safe to call more than once (never called from a worker's signal)."""
        self.controller.shutdown()
        self._photo_thread.quit()
        self._photo_thread.wait()
        self._photo_worker.close()  # safe now: the thread that used the model has ended
