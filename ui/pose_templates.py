"""The window's pose templates: a new pose from a photo, a library from a folder, capture my pose.

Photos are read in the photo worker's thread (the model lives there); the templates come back by
signal and are saved here, in the GUI thread, into the user's rules, and the exercise picker is
refilled. "Capture my pose" collects the poses of the frames shown over CAPTURE_S of the session's
time (camera or video) and makes a template of their median, its bands widened by their spread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from coach.coaching.pose_template import TemplateError, template_rule
from coach.coaching.rule_loader import RuleError
from coach.i18n import localized
from coach.session import FrameResult
from coach.templates import save_template, template_id
from coach.vision.landmarks import PoseLandmarks
from coach.vision.sources import PHOTO_EXTENSIONS, SourceError, media_files

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# How much of the session a capture takes: about a second of frames, the median pose.
CAPTURE_S = 1.0


class PoseTemplates(QObject):
    """Makes templates for `window` and puts them in its exercise picker."""

    requested = Signal(object)  # list of (photo path, rule id, name) for the photo worker
    added = Signal(object)  # list of the rule ids just saved
    refused = Signal(object)  # list of messages: the photos or captures that made no template

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._capture: tuple[str, list[PoseLandmarks], float | None] | None = None

    # --- photos ---

    def from_photos(self, paths: list[Path], name: str | None = None) -> None:
        """Templates from photos (named `name`, or after each file), made in the worker."""
        requests = [
            (str(p), self._id_for(name or p.stem), name or p.stem.replace("_", " ")) for p in paths
        ]
        self.window.statusBar().showMessage(
            self.tr("Making %n pose template(s)\u2026", "", len(requests))
        )
        self.requested.emit(requests)

    @Slot()
    def _on_new_pose_triggered(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(PHOTO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("New pose from photo"),
            "",
            self.tr("Photos ({patterns})").format(patterns=patterns),
        )
        if not path:
            return
        name = self._ask_name(Path(path).stem.replace("_", " "))
        if name:
            self.from_photos([Path(path)], name)

    @Slot()
    def _on_import_library_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Import reference photos"))
        if folder:
            self.import_folder(Path(folder))

    def import_folder(self, folder: Path) -> None:
        """A template from every photo in `folder`, each named after its file."""
        try:
            photos = [p for p in media_files(folder) if p.suffix.lower() in PHOTO_EXTENSIONS]
        except SourceError as exc:
            QMessageBox.warning(self.window, self.window.windowTitle(), str(exc))
            return
        if not photos:
            QMessageBox.warning(
                self.window,
                self.window.windowTitle(),
                self.tr("{folder}: no photos in this folder").format(folder=folder),
            )
            return
        self.from_photos(photos)

    @Slot(object, object)
    def _on_worker_templates_made(self, made: list[dict[str, Any]], refused: list[str]) -> None:
        self._save(made, refused)

    # --- capture ---

    @Slot()
    def _on_capture_triggered(self) -> None:
        if not self.window.controller.running:
            QMessageBox.information(
                self.window,
                self.window.windowTitle(),
                self.tr("Start the camera or a video first, then hold the pose."),
            )
            return
        name = self._ask_name(self.tr("My pose"))
        if name:
            self.capture(name)

    def capture(self, name: str) -> None:
        """Take the poses of the next CAPTURE_S of frames shown, then make a template."""
        self._capture = (name, [], None)
        self.window.statusBar().showMessage(self.tr("Capturing your pose: hold still\u2026"))

    @property
    def capturing(self) -> bool:
        return self._capture is not None

    def add_frame(self, result: FrameResult) -> None:
        """A frame shown: taken into a capture under way."""
        if self._capture is None:
            return
        name, poses, started_s = self._capture
        t_s = result.pose_s
        started_s = t_s if started_s is None else started_s
        if result.pose is not None:
            poses.append(result.pose)
        self._capture = (name, poses, started_s)
        if t_s - started_s < CAPTURE_S:
            return
        self._capture = None
        try:
            data = template_rule(poses, self._id_for(name), name)
        except TemplateError as exc:
            self._save([], [self.tr("Capture: {reason}").format(reason=exc)])
            return
        session = self.window.controller.session
        source = session.settings.source if session is not None else ""
        source = (
            self.tr("camera {index}").format(index=source)
            if source.isdigit()
            else Path(source).name
        )
        made = self.tr("A pose template captured from %n frames of {source}", "", len(poses))
        data["sources"] = [made.format(source=source)]
        self._save([data], [])

    # --- both ---

    def _id_for(self, name: str) -> str:
        """The rule id of a new pose named `name`; never a built-in rule's id."""
        rule_id = template_id(name)
        return f"{rule_id}_mine" if self.window.store.is_builtin(rule_id) else rule_id

    def _ask_name(self, suggestion: str) -> str:
        name, ok = QInputDialog.getText(self.window, self.tr("New pose"),
                                        self.tr("Name of the pose:"), text=suggestion)  # fmt: skip
        return name.strip() if ok else ""

    def _save(self, made: list[dict[str, Any]], refused: list[str]) -> None:
        saved: list[str] = []
        refused = list(refused)
        for data in made:
            try:
                saved.append(save_template(self.window.store, data).id)
            except TemplateError as exc:
                refused.append(str(exc))
            except RuleError as exc:
                refused.append("; ".join(exc.problems))
            except OSError as exc:
                refused.append(
                    self.tr("{rule}: cannot write the rule ({reason})").format(
                        rule=data["id"], reason=exc.strerror or exc
                    )
                )
        if saved:
            self.window.fill_exercises()
            names = ", ".join(localized(self.window.rules[i].name) for i in saved)
            message = self.tr("New pose: {names} (in the exercise picker)").format(names=names)
            self.window.statusBar().showMessage(message)
            self.added.emit(saved)
        if refused:
            if not saved:
                self.window.statusBar().showMessage(self.tr("No pose template made"))
            self.refused.emit(refused)
            QMessageBox.warning(self.window, self.window.windowTitle(), "\n\n".join(refused))
