"""The photo check's side panel: the pose found, failed checks, angles, the 33 landmarks, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.analysis import PhotoAnalysis, write_photo_outputs
from coach.coaching.rule_schema import Rule
from coach.i18n import localized
from ui.body_names import landmark_name


class PhotoPanel(QWidget):
    """Shows one PhotoAnalysis; exports its annotated PNG and its JSON report."""

    exported = Signal(str)  # path of a file just written

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet("font-size: 14px;")
        columns = (self.tr("landmark"), "x", "y", "z", self.tr("visibility"))
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.png_button = QPushButton(self.tr("Export PNG\u2026"))
        self.json_button = QPushButton(self.tr("Export JSON\u2026"))
        self.png_button.clicked.connect(self._on_png_button_clicked)
        self.json_button.clicked.connect(self._on_json_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.json_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(buttons)
        self.setMinimumWidth(380)
        self.analysis: PhotoAnalysis | None = None
        self.show_analysis(None, {})

    def show_analysis(self, analysis: PhotoAnalysis | None, rules: dict[str, Rule]) -> None:
        self.analysis = analysis
        self.png_button.setEnabled(analysis is not None)
        self.json_button.setEnabled(analysis is not None)
        report = analysis.report if analysis is not None else None
        landmarks = report["landmarks"] if report is not None and report["detected"] else []
        self.table.setRowCount(len(landmarks))
        for row, lm in enumerate(landmarks):
            numbers = (f"{lm[key]:.3f}" for key in ("x", "y", "z"))
            cells = (landmark_name(lm["name"]), *numbers, f"{lm['visibility']:.2f}")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if report is None:
            self.summary.setText("")
        elif not report["detected"]:
            self.summary.setText(
                self.tr("<b>No person found</b><br>Try a photo with the whole body in view.")
            )
        else:
            self.summary.setText(self._describe(report, rules))

    def _describe(self, report: dict[str, object], rules: dict[str, Rule]) -> str:
        pose = report.get("pose") or {}
        assert isinstance(pose, dict)
        if pose.get("id") in rules:
            lines = [self.tr("<b>Pose:</b> {name}").format(name=localized(rules[pose["id"]].name))]
        else:
            lines = [self.tr("<b>Pose:</b> none of the known poses")]
        checks = report.get("checks") or []
        assert isinstance(checks, list)
        for check in checks:
            lines.append(f"\u2022 {localized(check['message'])}")
        angles = report["angles"]
        assert isinstance(angles, dict)
        shown = [f"{landmark_name(k)} {v:.0f}\u00b0" for k, v in angles.items() if v is not None]
        lines.append(self.tr("<b>Joint angles:</b> {angles}").format(angles=", ".join(shown)))
        return "<br>".join(lines)

    def export(self, path: Path) -> None:
        """Write the annotated PNG or the JSON report (by the extension), atomically."""
        if self.analysis is None:
            raise ValueError("no photo to export")
        if path.suffix.lower() == ".png":
            write_photo_outputs(self.analysis, None, path)
        else:
            write_photo_outputs(self.analysis, path, None)
        self.exported.emit(str(path))

    def _ask_and_export(self, title: str, name: str, pattern: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, title, name, pattern)
        if not path:
            return
        try:
            self.export(Path(path))
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.window().windowTitle(),
                self.tr("{path}: cannot write it ({reason})").format(
                    path=path, reason=exc.strerror or exc
                ),
            )

    @Slot()
    def _on_png_button_clicked(self) -> None:
        self._ask_and_export(
            self.tr("Export annotated photo"), "photo.annotated.png", "PNG (*.png)"
        )

    @Slot()
    def _on_json_button_clicked(self) -> None:
        self._ask_and_export(self.tr("Export landmarks and angles"), "photo.json", "JSON (*.json)")
