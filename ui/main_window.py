"""The main window: a photo to check, or a live coaching session from a camera or a video."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, Qt, QThread, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coach.analysis import PhotoAnalysis
from coach.drawing import draw_pose
from coach.landmarks import PoseLandmarks
from coach.pipeline import FrameResult, SessionSettings
from coach.rule_loader import BUILTIN_RULES, load_rules
from coach.rule_schema import Rule
from coach.sources import (
    PHOTO_EXTENSIONS,
    VIDEO_EXTENSIONS,
    CameraSource,
    RGBImage,
    SourceError,
)
from coach.storage import write_csv, write_json
from ui.angle_plot import AnglePlot
from ui.coaching_panel import SEVERITY_ORDER, CoachingPanel
from ui.cues import Cues
from ui.photo_panel import PhotoPanel
from ui.photo_worker import PhotoWorker
from ui.session_worker import SessionWorker

APP_NAME = "Fitness Coach"
EMPTY_TEXT = "Open a photo or a video, or start the camera\n(File menu, or drop a file here)"


def window_settings() -> QSettings:
    """Where the window keeps its geometry and last choices: the user's config folder, or
    FITNESS_COACH_CONFIG (a folder) for tests and portable installs."""
    folder = os.environ.get("FITNESS_COACH_CONFIG")
    if folder:
        return QSettings(str(Path(folder) / "window.ini"), QSettings.Format.IniFormat)
    return QSettings("FitnessCoach", "Fitness Coach")


def list_cameras(most: int = 5) -> list[int]:
    """Indices of the cameras that open now (each opened and released at once)."""
    found = []
    for index in range(most):
        try:
            CameraSource(index).close()
        except SourceError:
            continue
        found.append(index)
    return found


def to_pixmap(rgb: RGBImage) -> QPixmap:
    """A QPixmap of an RGB array (copied: the array is not kept alive)."""
    image = QImage(
        rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888
    )
    return QPixmap.fromImage(image.copy())


class MainWindow(QMainWindow):
    """The image (photo or live frame) on the left; angles or the coaching panel on the right."""

    photo_requested = Signal(str)  # path of a photo for the photo worker to analyse
    photo_shown = Signal(object)  # the PhotoAnalysis now on screen (emitted in the GUI thread)
    frame_shown = Signal(object)  # the FrameResult now on screen (GUI thread)
    session_finished = Signal(object)  # dict: the summary of the session that just ended

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 760)
        self.setAcceptDrops(True)
        self._pixmap: QPixmap | None = None
        self.rules: dict[str, Rule] = load_rules(BUILTIN_RULES).rules
        self.summary_path: Path | None = None  # where a finished session's summary is written
        self.exit_when_done = False
        self.last_summary: dict[str, object] | None = None

        self.image_label = QLabel(EMPTY_TEXT)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setStyleSheet("font-size: 18px; color: #666;")
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
        left.addWidget(self.image_label, stretch=1)
        left.addWidget(self.plot)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addLayout(left, stretch=1)
        layout.addWidget(self.side)
        self.setCentralWidget(central)

        self.exercise_box = QComboBox()
        self.exercise_box.addItem("No exercise", None)
        for rule in sorted(self.rules.values(), key=lambda r: r.name):
            self.exercise_box.addItem(rule.name, rule.id)
        toolbar = self.addToolBar("Exercise")
        toolbar.addWidget(QLabel(" Exercise: "))
        toolbar.addWidget(self.exercise_box)
        self.cues = Cues()
        self._build_menu()
        self.statusBar().showMessage("Ready")
        self.settings = window_settings()
        self._restore_settings()

        self._photo_thread = QThread(self)
        self._photo_worker = PhotoWorker()
        self._photo_worker.moveToThread(self._photo_thread)
        self.photo_requested.connect(self._photo_worker.analyze)
        self._photo_worker.finished.connect(self._on_photo_worker_finished)
        self._photo_worker.failed.connect(self._on_photo_worker_failed)
        self._photo_thread.start()
        self._session_thread: QThread | None = None
        self._session_worker: SessionWorker | None = None
        self._session_rule: Rule | None = None
        self._shown_times: list[float] = []
        self._reconnect_source = ""

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        actions = (
            ("Open photo\u2026", QKeySequence.StandardKey.Open, self._on_open_photo_triggered),
            ("Open video\u2026", QKeySequence("Ctrl+Shift+O"), self._on_open_video_triggered),
            ("Start camera", QKeySequence("Ctrl+K"), self._on_camera_triggered),
            ("Pause or resume", QKeySequence("Space"), self.toggle_pause),
            ("Stop", QKeySequence("Ctrl+."), self.stop_session),
            ("Export session summary\u2026", QKeySequence("Ctrl+E"), self._on_export_triggered),
            ("Quit", QKeySequence.StandardKey.Quit, self.close),
        )
        for text, shortcut, slot in actions:
            action = QAction(text, self, shortcut=shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.camera_menu = file_menu.addMenu("Cameras")
        self.camera_menu.aboutToShow.connect(self._on_camera_menu_about_to_show)
        view_menu = self.menuBar().addMenu("&View")
        self.mirror_action = QAction("Mirror (selfie view)", self, shortcut=QKeySequence("Ctrl+M"))
        self.privacy_action = QAction("Skeleton only (hide the camera image)", self,
                                      shortcut=QKeySequence("Ctrl+P"))  # fmt: skip
        fullscreen = QAction("Full screen", self, shortcut=QKeySequence("F11"))
        fullscreen.triggered.connect(self._on_fullscreen_triggered)
        self.mute_action = QAction(
            "Mute voice and sounds", self, shortcut=QKeySequence("Ctrl+Shift+M")
        )
        self.mute_action.toggled.connect(self._on_mute_action_toggled)
        for action in (self.mirror_action, self.privacy_action, self.mute_action, fullscreen):
            action.setCheckable(True)
            view_menu.addAction(action)

    def selected_rule(self) -> Rule | None:
        rule_id = self.exercise_box.currentData()
        return self.rules.get(rule_id) if rule_id else None

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
        self.statusBar().showMessage(f"Analysing {Path(path).name}\u2026")
        self.photo_requested.emit(path)

    @Slot()
    def _on_open_photo_triggered(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(PHOTO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(self, "Open photo", "", f"Photos ({patterns})")
        if path:
            self.open_photo(path)

    @Slot(object)
    def _on_photo_worker_finished(self, analysis: PhotoAnalysis) -> None:
        self._pixmap = to_pixmap(analysis.annotated)
        self._show_pixmap()
        report = analysis.report
        self.photo_panel.show_analysis(analysis, self.rules)
        found = "person found" if report["detected"] else "no person found"
        self.statusBar().showMessage(f"{Path(report['source']).name}: {found}")
        self.photo_shown.emit(analysis)

    @Slot(str)
    def _on_photo_worker_failed(self, message: str) -> None:
        self.statusBar().showMessage("Could not open it")
        QMessageBox.warning(self, APP_NAME, message)

    @Slot(str)
    def _on_session_worker_failed(self, message: str) -> None:
        self.statusBar().showMessage("Could not open it")
        source = self._session_worker.session.settings.source if self._session_worker else ""
        if not source.isdigit():
            QMessageBox.warning(self, APP_NAME, message)
            return
        # A camera that failed or vanished: offer to reconnect once the session has ended.
        answer = QMessageBox.warning(
            self, APP_NAME, f"{message}\n\nCheck the cable, then try again.",
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Retry:
            self.session_finished.connect(self._reconnect, Qt.ConnectionType.SingleShotConnection)
            self._reconnect_source = source

    @Slot(object)
    def _reconnect(self, _summary: object) -> None:
        self.start_session(self._reconnect_source)

    # --- live session ---

    def start_session(self, source: str, realtime: bool = True) -> None:
        """Coach from a camera index ("0") or a video, with the exercise chosen in the toolbar."""
        self.stop_session()
        rule = self.selected_rule()
        self._session_rule = rule
        worker = SessionWorker(SessionSettings(source, rule, realtime=realtime))
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.result_ready.connect(self._on_session_worker_result_ready)
        worker.failed.connect(self._on_session_worker_failed)
        worker.finished.connect(self._on_session_worker_finished)
        self._session_worker, self._session_thread = worker, thread
        self.panel.start(rule)
        self.plot.start(rule)
        self.plot.setVisible(rule is not None)
        self.side.setCurrentWidget(self.panel)
        self.side.show()
        self.statusBar().showMessage(f"Starting {source}\u2026")
        thread.start()

    @Slot()
    def stop_session(self) -> None:
        """End the running session (if any) and wait for its thread."""
        if self._session_worker is not None:
            self._session_worker.stop()
        if self._session_thread is not None:
            self._session_thread.quit()
            self._session_thread.wait()
            self._session_thread = None

    @Slot()
    def _on_open_video_triggered(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(VIDEO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(self, "Open video", "", f"Videos ({patterns})")
        if path:
            self.start_session(path)

    @Slot()
    def _on_camera_triggered(self) -> None:
        self.start_session("0")

    @Slot()
    def _on_camera_menu_about_to_show(self) -> None:
        """List the cameras that open now (probing indices 0 to 4)."""
        self.camera_menu.clear()
        found = list_cameras()
        for index in found:
            action = self.camera_menu.addAction(f"Camera {index}")
            action.triggered.connect(lambda _checked=False, i=index: self.start_session(str(i)))
        if not found:
            self.camera_menu.addAction("No camera found: open a video or a photo").setEnabled(False)

    @Slot()
    def toggle_pause(self) -> None:
        """Pause or resume the running session (a video waits; a camera's frames are skipped)."""
        if self._session_worker is None or self._session_thread is None:
            return
        session = self._session_worker.session
        if session.paused:
            session.resume()
            self.statusBar().showMessage("Resumed")
        else:
            session.pause()
            self.statusBar().showMessage("Paused: press Space to resume")

    @Slot(object)
    def _on_session_worker_result_ready(self, result: FrameResult) -> None:
        worker = self._session_worker
        self._pixmap = to_pixmap(self._render(result))
        self._show_pixmap()
        self.panel.show_result(result, self._session_rule)
        self.plot.add(result)
        self._speak(result)
        self._show_status(result, worker)
        self.frame_shown.emit(result)
        if worker is not None:
            worker.mark_shown()

    def _speak(self, result: FrameResult) -> None:
        """Say the most important thing this frame brought: a fault, the view, then a rep."""
        evaluation = result.evaluation
        if evaluation is None:
            return
        faults = [f for f in evaluation.feedback if f.severity in ("danger", "warning")]
        if faults:
            self.cues.say(min(faults, key=lambda f: SEVERITY_ORDER[f.severity]).message)
        elif evaluation.view_prompt and any(f.check == "camera_view" for f in evaluation.feedback):
            self.cues.say(evaluation.view_prompt)
        elif evaluation.rep is not None:
            self.cues.say(str(evaluation.reps))

    @Slot(bool)
    def _on_mute_action_toggled(self, checked: bool) -> None:
        self.cues.muted = checked

    def _render(self, result: FrameResult) -> RGBImage:
        """The frame as shown: mirrored if asked, the camera image hidden in privacy mode."""
        rgb, pose = result.frame.rgb, result.pose
        if self.mirror_action.isChecked():
            rgb = np.ascontiguousarray(rgb[:, ::-1])
            if pose is not None:
                flipped = pose.normalized.copy()
                flipped[:, 0] = 1.0 - flipped[:, 0]
                pose = PoseLandmarks(flipped, pose.world, pose.width, pose.height)
        if self.privacy_action.isChecked():
            rgb = np.zeros_like(rgb)
        return draw_pose(rgb, pose, None) if pose is not None else rgb

    @Slot(bool)
    def _on_fullscreen_triggered(self, checked: bool) -> None:
        if checked:
            self.showFullScreen()
        else:
            self.showNormal()

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        exercise = self.settings.value("exercise")
        if isinstance(exercise, str) and self.exercise_box.findData(exercise) >= 0:
            self.select_exercise(exercise)
        self.mirror_action.setChecked(self.settings.value("mirror", False, type=bool))
        self.privacy_action.setChecked(self.settings.value("privacy", False, type=bool))
        self.mute_action.setChecked(self.settings.value("mute", False, type=bool))

    def _save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("exercise", self.exercise_box.currentData() or "")
        self.settings.setValue("mirror", self.mirror_action.isChecked())
        self.settings.setValue("privacy", self.privacy_action.isChecked())
        self.settings.setValue("mute", self.mute_action.isChecked())
        self.settings.sync()

    def _show_status(self, result: FrameResult, worker: SessionWorker | None) -> None:
        now = time.monotonic()
        self._shown_times = [t for t in self._shown_times if now - t < 1.0] + [now]
        latency_ms = (now - result.captured_s) * 1000.0
        dropped = result.dropped + (worker.display_dropped if worker is not None else 0)
        self.statusBar().showMessage(
            f"{len(self._shown_times)} fps   inference {result.inference_ms:.0f} ms   "
            f"latency {latency_ms:.0f} ms   dropped {dropped}"
        )

    @Slot(object)
    def _on_session_worker_finished(self, summary: dict[str, object]) -> None:
        self.last_summary = summary
        if self._session_thread is not None:
            self._session_thread.quit()
            self._session_thread.wait()
            self._session_thread = None
        if self.summary_path is not None:
            try:
                write_json(self.summary_path, summary)
            except OSError as exc:
                QMessageBox.warning(self, APP_NAME, f"{self.summary_path}: cannot write ({exc})")
        self.panel.show_summary(summary)
        self.statusBar().showMessage("Session ended")
        self.session_finished.emit(summary)
        if self.exit_when_done:
            self.close()

    def export_summary(self, path: Path) -> None:
        """The last session's summary as JSON, or its reps as CSV (by the file's extension)."""
        if self.last_summary is None or self._session_worker is None:
            raise ValueError("no session has ended yet")
        if path.suffix.lower() == ".csv":
            write_csv(path, self._session_worker.session.summary_rows())
        else:
            write_json(path, self.last_summary)

    @Slot()
    def _on_export_triggered(self) -> None:
        if self.last_summary is None:
            QMessageBox.information(
                self, APP_NAME, "Finish a session first: its summary is exported."
            )
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export session summary",
            "session.json",
            "JSON (*.json);;CSV, one row per rep (*.csv)",
        )
        if path:
            try:
                self.export_summary(Path(path))
            except OSError as exc:
                QMessageBox.warning(
                    self, APP_NAME, f"{path}: cannot write it ({exc.strerror or exc})"
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

    def _show_pixmap(self) -> None:
        if self._pixmap is not None:
            self.image_label.setPixmap(
                self._pixmap.scaled(
                    self.image_label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.FastTransformation
                    if self._session_thread is not None
                    else Qt.TransformationMode.SmoothTransformation,
                )
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_pixmap()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_settings()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the session and the photo worker's thread, wait for both, release the model.
        Safe to call more than once."""
        self.stop_session()
        self._photo_thread.quit()
        self._photo_thread.wait()
        self._photo_worker.close()  # safe now: the thread that used the model has ended
