"""The camera and coaching settings dialogs: forms over coach.settings' models.

Each dialog edits a copy; OK hands the new settings back (the window saves and applies them),
Cancel leaves everything as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QWidget,
)

from coach.coaching.rule_schema import Severity
from coach.settings import CameraSettings, CoachingSettings
from coach.vision.smoothing import SMOOTHING_METHODS
from ui.language import QT_TRANSLATE_NOOP

RESOLUTIONS = ((640, 480), (960, 540), (1280, 720), (1920, 1080))
SMOOTHING_NAMES = {
    "kalman": QT_TRANSLATE_NOOP("CoachingDialog", "Kalman filter (recommended)"),
    "kalman-adaptive": QT_TRANSLATE_NOOP("CoachingDialog", "Kalman, adaptive to sudden moves"),
    "kalman-ca": QT_TRANSLATE_NOOP("CoachingDialog", "Kalman, constant acceleration"),
    "kalman-rts": QT_TRANSLATE_NOOP("CoachingDialog", "Kalman, one frame late (steadier)"),
    "mediapipe-kalman": QT_TRANSLATE_NOOP("CoachingDialog", "MediaPipe's own, then Kalman"),
    "one-euro": QT_TRANSLATE_NOOP("CoachingDialog", "One Euro filter"),
    "mediapipe": QT_TRANSLATE_NOOP("CoachingDialog", "MediaPipe's own"),
    "none": QT_TRANSLATE_NOOP("CoachingDialog", "None (raw landmarks)"),
}


def _with_buttons(dialog: QDialog, form: QFormLayout) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class CameraDialog(QDialog):
    """Device, resolution, frame rate, mirror and rotation of the camera."""

    def __init__(self, settings: CameraSettings, cameras: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Camera settings"))
        form = QFormLayout(self)
        self.device = QComboBox()
        for index in sorted(set(cameras) | {settings.device}):
            name = (
                self.tr("Camera {index}")
                if index in cameras
                else self.tr("Camera {index} (not found now)")
            )
            self.device.addItem(name.format(index=index), index)
        self.device.setCurrentIndex(self.device.findData(settings.device))
        self.resolution = QComboBox()
        sizes = list(RESOLUTIONS)
        if (settings.width_px, settings.height_px) not in sizes:
            sizes.append((settings.width_px, settings.height_px))
        for width, height in sizes:  # data as text: Qt cannot compare Python tuples
            self.resolution.addItem(f"{width} \u00d7 {height}", f"{width}x{height}")
        self.resolution.setCurrentIndex(
            self.resolution.findData(f"{settings.width_px}x{settings.height_px}")
        )
        self.fps = QSpinBox()
        self.fps.setRange(5, 120)
        self.fps.setSuffix(self.tr(" frames/s"))
        self.fps.setValue(settings.fps)
        self.mirror = QCheckBox(self.tr("Show the image as in a mirror (selfie view)"))
        self.mirror.setChecked(settings.mirror)
        self.rotation = QComboBox()
        for degrees in (0, 90, 180, 270):
            name = self.tr("{degrees}\u00b0 clockwise").format(degrees=degrees)
            self.rotation.addItem(self.tr("None") if degrees == 0 else name, degrees)
        self.rotation.setCurrentIndex(self.rotation.findData(settings.rotation_deg))
        form.addRow(self.tr("Camera"), self.device)
        form.addRow(self.tr("Resolution"), self.resolution)
        form.addRow(self.tr("Frame rate"), self.fps)
        form.addRow("", self.mirror)
        form.addRow(self.tr("Rotate the image"), self.rotation)
        note = QLabel(
            self.tr(
                "A camera that cannot give the resolution or frame rate asked for uses its "
                "nearest mode. Changes apply when the camera next starts."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        _with_buttons(self, form)

    def settings(self) -> CameraSettings:
        width, height = (int(n) for n in self.resolution.currentData().split("x"))
        return CameraSettings(
            device=self.device.currentData(),
            width_px=width,
            height_px=height,
            fps=self.fps.value(),
            mirror=self.mirror.isChecked(),
            rotation_deg=self.rotation.currentData(),
        )


class CoachingDialog(QDialog):
    """Smoothing, voice and sound, volume, which messages are spoken, cue spacing."""

    def __init__(self, settings: CoachingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coaching preferences"))
        form = QFormLayout(self)
        self.smoothing = QComboBox()
        for method in SMOOTHING_METHODS:
            name = QCoreApplication.translate("CoachingDialog", SMOOTHING_NAMES[method])
            self.smoothing.addItem(name, method)
        self.smoothing.setCurrentIndex(self.smoothing.findData(settings.smoothing))
        self.strength = QDoubleSpinBox()
        self.strength.setRange(0.25, 4.0)
        self.strength.setSingleStep(0.25)
        self.strength.setSuffix(" \u00d7")
        self.strength.setValue(settings.smoothing_strength)
        self.strength.setToolTip(
            self.tr("1 is the measured default; higher is steadier but lags more")
        )
        self.smoothing.currentIndexChanged.connect(self._on_smoothing_current_index_changed)
        self._on_smoothing_current_index_changed()
        self.voice = QCheckBox(self.tr("Speak messages and rep counts"))
        self.voice.setChecked(settings.voice)
        self.sound = QCheckBox(self.tr("Play a tone when no voice is available"))
        self.sound.setChecked(settings.sound)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(round(settings.volume * 100))
        labels: tuple[tuple[Severity, str], ...] = (
            ("danger", self.tr("Injury risks")), ("warning", self.tr("Form faults")),
            ("info", self.tr("Tips")),
        )  # fmt: skip
        self.severities = {severity: QCheckBox(label) for severity, label in labels}
        speak = QWidget()
        row = QHBoxLayout(speak)
        row.setContentsMargins(0, 0, 0, 0)
        for severity, box in self.severities.items():
            box.setChecked(severity in settings.speak_severities)
            row.addWidget(box)
        self.count_reps = QCheckBox(self.tr("Count reps aloud"))
        self.count_reps.setChecked(settings.count_reps_aloud)
        self.cooldown = QDoubleSpinBox()
        self.cooldown.setRange(0.5, 30.0)
        self.cooldown.setSingleStep(0.5)
        self.cooldown.setSuffix(self.tr(" s"))
        self.cooldown.setValue(settings.cue_cooldown_s)
        self.record = QCheckBox(
            self.tr("Keep each session in the training log (View \u203a History)")
        )
        self.record.setChecked(settings.record_history)
        form.addRow(self.tr("Smoothing"), self.smoothing)
        form.addRow(self.tr("Smoothing strength"), self.strength)
        form.addRow("", self.voice)
        form.addRow("", self.sound)
        form.addRow(self.tr("Volume"), self.volume)
        form.addRow(self.tr("Say"), speak)
        form.addRow("", self.count_reps)
        form.addRow(self.tr("Least time between cues"), self.cooldown)
        form.addRow("", self.record)
        _with_buttons(self, form)

    def _on_smoothing_current_index_changed(self) -> None:
        # MediaPipe's own filter and none have no strength to set.
        self.strength.setEnabled(self.smoothing.currentData() not in ("mediapipe", "none"))

    def settings(self) -> CoachingSettings:
        return CoachingSettings(
            smoothing=self.smoothing.currentData(),
            smoothing_strength=self.strength.value(),
            voice=self.voice.isChecked(),
            sound=self.sound.isChecked(),
            volume=self.volume.value() / 100.0,
            speak_severities=[s for s, box in self.severities.items() if box.isChecked()],
            count_reps_aloud=self.count_reps.isChecked(),
            cue_cooldown_s=self.cooldown.value(),
            record_history=self.record.isChecked(),
        )
