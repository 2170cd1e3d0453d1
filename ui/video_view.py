"""The image area: a photo or the live frame, scaled to fit, with the skeleton drawn on it."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

from coach.session import FrameResult
from coach.vision.drawing import draw_ghost, draw_pose
from coach.vision.landmarks import PoseLandmarks
from coach.vision.sources import RGBImage
from ui.language import QT_TRANSLATE_NOOP

EMPTY_TEXT = QT_TRANSLATE_NOOP(
    "VideoView", "Open a photo or a video, or start the camera\n(File menu, or drop a file here)"
)


def to_pixmap(rgb: RGBImage) -> QPixmap:
    """A QPixmap of an RGB array (copied: the array is not kept alive)."""
    image = QImage(
        rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888
    )
    return QPixmap.fromImage(image.copy())


def render_frame(
    result: FrameResult, mirror: bool, privacy: bool, faults: Collection[int] = ()
) -> RGBImage:
    """The frame as shown: mirrored if asked, the camera image hidden in privacy mode, the
    skeleton drawn on top with the joints of a fault being told (`faults`) ringed."""
    rgb, pose = result.frame.rgb, result.pose
    if mirror:
        rgb = np.ascontiguousarray(rgb[:, ::-1])
        if pose is not None:
            flipped = pose.normalized.copy()
            flipped[:, 0] = 1.0 - flipped[:, 0]
            pose = PoseLandmarks(flipped, pose.world, pose.width, pose.height)
    if privacy:
        rgb = np.zeros_like(rgb)
    out = draw_pose(rgb, pose, None, faults=faults) if pose is not None else rgb
    ghost = result.evaluation.ghost if result.evaluation is not None else None
    if ghost is not None:  # a hold's target pose over the user, joints coloured by distance
        points = {n: (1.0 - x if mirror else x, y) for n, (x, y) in ghost.points.items()}
        out = draw_ghost(out, points, ghost.off)
    return out


class VideoView(QLabel):
    """Shows an RGB image scaled to the widget, keeping its aspect; a hint when empty."""

    def __init__(self) -> None:
        super().__init__(self.tr(EMPTY_TEXT))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setStyleSheet("font-size: 18px; color: #666;")
        self._pixmap: QPixmap | None = None
        self.live = False  # live frames scale fast; a still photo scales smoothly

    def show_rgb(self, rgb: RGBImage) -> None:
        self._pixmap = to_pixmap(rgb)
        self._show_pixmap()

    def _show_pixmap(self) -> None:
        if self._pixmap is not None:
            self.setPixmap(
                self._pixmap.scaled(
                    self.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.FastTransformation
                    if self.live
                    else Qt.TransformationMode.SmoothTransformation,
                )
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_pixmap()
