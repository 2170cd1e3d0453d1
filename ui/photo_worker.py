"""Analyses photos in a worker thread with one image-mode model, created on first use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from coach.analysis import analyze_photo
from coach.coaching.pose_template import TemplateError
from coach.coaching.rule_schema import Rule
from coach.templates import template_from_photo
from coach.vision.pose import MediaPipeEstimator
from coach.vision.sources import SourceError


class PhotoWorker(QObject):
    """Lives in its own QThread; `analyze` runs there, results come back by signal."""

    finished = Signal(object)  # PhotoAnalysis of the requested photo
    failed = Signal(str)  # a message for the user: file and reason
    templates_made = Signal(object, object)  # list of template rule mappings, list of refusals

    def __init__(self) -> None:
        super().__init__()
        self._estimator: MediaPipeEstimator | None = None

    @Slot(str, object)
    def analyze(self, path: str, rules: dict[str, Rule]) -> None:
        """Analyse the photo; `rules` (the built-in and the user's) name the pose it shows."""
        holds = {i: r for i, r in rules.items() if r.hold is not None}
        try:
            if self._estimator is None:
                self._estimator = MediaPipeEstimator("photo")
            self.finished.emit(analyze_photo(Path(path), self._estimator, None, holds))
        except SourceError as exc:
            self.failed.emit(str(exc))

    @Slot(object)
    def make_templates(self, requests: list[tuple[str, str, str]]) -> None:
        """A pose template from each (photo path, rule id, name); the refused photos' messages
        come in the second list."""
        made, refused = [], []
        for path, rule_id, name in requests:
            try:
                if self._estimator is None:
                    self._estimator = MediaPipeEstimator("photo")
                made.append(template_from_photo(Path(path), self._estimator, rule_id, name))
            except (TemplateError, SourceError) as exc:
                refused.append(str(exc))
        self.templates_made.emit(made, refused)

    def close(self) -> None:
        """Release the model; call only once the worker's thread has finished."""
        if self._estimator is not None:
            self._estimator.close()
            self._estimator = None
