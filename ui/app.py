"""The desktop app's entry point and its first window: open a photo, see the pose found in it.

The coaching window (live camera, reps, plots) replaces the central view later; this window
already follows the threading rules: the model runs in a worker thread, one signal carries each
result back, and closing waits for the thread to finish.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from coach.analysis import PhotoAnalysis, analyze_photo
from coach.pose import MediaPipeEstimator
from coach.sources import PHOTO_EXTENSIONS, SourceError

APP_NAME = "Fitness Coach"
EMPTY_TEXT = "Open a photo to check a pose\n(File \u203a Open photo\u2026, or Ctrl+O)"


class PhotoWorker(QObject):
    """Analyses photos in its own thread with one image-mode model, created on first use."""

    finished = Signal(object)  # PhotoAnalysis of the requested photo
    failed = Signal(str)  # a message for the user: file and reason

    def __init__(self) -> None:
        super().__init__()
        self._estimator: MediaPipeEstimator | None = None

    @Slot(str)
    def analyze(self, path: str) -> None:
        try:
            if self._estimator is None:
                self._estimator = MediaPipeEstimator("photo")
            self.finished.emit(analyze_photo(Path(path), self._estimator))
        except SourceError as exc:
            self.failed.emit(str(exc))

    def close(self) -> None:
        """Release the model; call only once the worker's thread has finished."""
        if self._estimator is not None:
            self._estimator.close()
            self._estimator = None


class MainWindow(QMainWindow):
    """The main window: a menu to open a photo, the annotated photo and its angles."""

    photo_requested = Signal(str)  # path of a photo for the worker to analyse
    photo_shown = Signal(object)  # the PhotoAnalysis now on screen (emitted in the GUI thread)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self._pixmap: QPixmap | None = None

        self.image_label = QLabel(EMPTY_TEXT)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setStyleSheet("font-size: 18px; color: #666;")
        self.angles_label = QLabel()
        self.angles_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.angles_label.setMinimumWidth(220)
        self.angles_label.setStyleSheet("font-size: 14px; padding: 8px;")
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.image_label, stretch=1)
        layout.addWidget(self.angles_label)
        self.setCentralWidget(central)

        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("Open photo\u2026", self, shortcut=QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        file_menu.addAction(self.open_action)
        quit_action = QAction("Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.statusBar().showMessage("Ready")

        self._thread = QThread(self)
        self._worker = PhotoWorker()
        self._worker.moveToThread(self._thread)
        self.photo_requested.connect(self._worker.analyze)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._thread.start()

    def open_photo(self, path: str) -> None:
        """Analyse the photo at `path` in the worker; the result arrives by signal."""
        self.statusBar().showMessage(f"Analysing {Path(path).name}\u2026")
        self.photo_requested.emit(path)

    @Slot()
    def _on_open_action_triggered(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(PHOTO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(self, "Open photo", "", f"Photos ({patterns})")
        if path:
            self.open_photo(path)

    @Slot(object)
    def _on_worker_finished(self, analysis: PhotoAnalysis) -> None:
        rgb = analysis.annotated
        image = QImage(
            rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888
        )
        self._pixmap = QPixmap.fromImage(image.copy())  # copy: the array is not kept alive
        self._show_pixmap()
        report = analysis.report
        if report["detected"]:
            rows = [
                f"{name.replace('_', ' ')}: {value:.0f}\u00b0"
                for name, value in report["angles"].items()
                if value is not None
            ]
            self.angles_label.setText("<b>Joint angles</b><br>" + "<br>".join(rows))
            self.statusBar().showMessage(f"{Path(report['source']).name}: person found")
        else:
            self.angles_label.setText(
                "<b>No person found</b><br>Try a photo with the whole body in view."
            )
            self.statusBar().showMessage(f"{Path(report['source']).name}: no person found")
        self.photo_shown.emit(analysis)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.statusBar().showMessage("Could not open the photo")
        QMessageBox.warning(self, APP_NAME, message)

    def _show_pixmap(self) -> None:
        if self._pixmap is not None:
            self.image_label.setPixmap(
                self._pixmap.scaled(
                    self.image_label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._show_pixmap()

    def closeEvent(self, event: object) -> None:
        self.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]

    def shutdown(self) -> None:
        """Stop the worker's thread, wait for it, then release the model it used."""
        self._thread.quit()
        self._thread.wait()
        self._worker.close()  # safe now: the thread that used the model has ended


def _display_missing() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def run(args: argparse.Namespace) -> int:
    """Start the app and return its exit status when the window closes."""
    if _display_missing():
        print(
            "fitness-coach: no display to open the window on (DISPLAY is not set); "
            "run it on a desktop, or under xvfb-run",
            file=sys.stderr,
        )
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    window = MainWindow()
    window.show()
    if args.source:
        window.open_photo(args.source)
    return int(app.exec())
