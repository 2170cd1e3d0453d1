"""Analyses photos in a worker thread with one image-mode model, created on first use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from coach.analysis import analyze_photo
from coach.coaching.rule_schema import Rule
from coach.vision.pose import MediaPipeEstimator
from coach.vision.sources import SourceError


class PhotoWorker(QObject):
    """Lives in its own QThread; `analyze` runs there, results come back by signal."""

    finished = Signal(object)  # PhotoAnalysis of the requested photo
    failed = Signal(str)  # a message for the user: file and reason

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

    def close(self) -> None:
        """Release the model; call only once the worker's thread has finished."""
        if self._estimator is not None:
            self._estimator.close()
            self._estimator = None
