"""Frame sources: a camera, a video file, a photo or a folder of photos, as RGB frames.

Every source yields `Frame`s in RGB (H, W, 3) uint8 with a monotonic timestamp in seconds:
media time for files (so filters see the recording's real spacing), `time.monotonic()` for
cameras. Videos are turned upright from their rotation metadata and photos from their EXIF
orientation. Anything unreadable raises `SourceError` naming the file and the reason.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, Self

# FFmpeg (inside OpenCV) prints a line for every damaged packet of a video ("error while decoding
# MB 14 11"), dozens for one bad frame. Read once, before the first video is opened: quiet (-8).
# VideoFileSource reports damaged frames itself, in one line. Set it to 16 to see FFmpeg's errors.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

import cv2  # after the variable above
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from coach.i18n import gettext as _
from coach.vision.native_log import captured_native_stderr

log = logging.getLogger(__name__)

RGBImage = npt.NDArray[np.uint8]

# A damaged frame fails one read and the frames after it still decode; reading goes on past at
# most this many failures in a row (a second of video), and only while frames remain announced.
MAX_DAMAGED_IN_A_ROW = 30

PHOTO_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp"})
VIDEO_EXTENSIONS = frozenset({".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm"})

# Photos larger than this on their longer side are decoded at a reduced size. MediaPipe looks at
# a 256 x 256 crop of the person anyway, so detail above ~4K only costs memory (a 12000 x 8000
# RGB image is 288 MB); landmark coordinates still refer to the full-size photo.
MAX_WORKING_SIDE_PX = 4096
# Refuse anything above this many pixels: no real photo is that large, a decompression bomb is.
MAX_PHOTO_PIXELS = 250_000_000
# Pillow's own bomb check warns, then raises, at a lower limit; ours (above) is explicit.
Image.MAX_IMAGE_PIXELS = None


class SourceError(Exception):
    """A source that cannot be opened or read; the message names the source and the reason."""


@dataclass(frozen=True, eq=False)
class Frame:
    """One RGB frame. `index` counts from 0 in the source; `timestamp_s` is monotonic seconds."""

    rgb: RGBImage
    index: int
    timestamp_s: float

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])


class FrameSource(Protocol):
    """Anything that yields frames: iterate once, then close (or use as a context manager)."""

    name: str
    fps: float | None  # nominal frames per second, None when unknown or not a stream
    frame_count: int | None  # frames announced by the container, None when unknown

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Photo:
    """A photo decoded upright. `rgb` may be smaller than the photo (see MAX_WORKING_SIDE_PX);
    `width` and `height` are the full, EXIF-upright size that coordinates refer to."""

    rgb: RGBImage
    width: int
    height: int


def load_photo(path: Path, max_side_px: int = MAX_WORKING_SIDE_PX) -> Photo:
    """Decode a photo upright (EXIF orientation applied), reduced to at most max_side_px."""
    try:
        with Image.open(path) as img:
            width, height = img.size
            if width * height > MAX_PHOTO_PIXELS:
                raise SourceError(
                    _(
                        "{path}: image is {width} x {height} pixels, more than the {limit} "
                        "megapixels Fitness Coach accepts"
                    ).format(
                        path=path, width=width, height=height, limit=MAX_PHOTO_PIXELS // 1_000_000
                    )
                )
            # JPEG can decode at 1/2, 1/4 or 1/8 scale directly, without the full-size buffer;
            # draft() picks the strongest reduction that stays at least as large as asked.
            fit = min(1.0, max_side_px / max(width, height))
            img.draft("RGB", (round(width * fit), round(height * fit)))
            orientation = img.getexif().get(0x0112, 1)
            # Reduce first, then turn, in place: each full-size copy of a huge photo costs memory.
            img.thumbnail((max_side_px, max_side_px), Image.Resampling.LANCZOS)
            ImageOps.exif_transpose(img, in_place=True)
            rgb = np.array(img if img.mode == "RGB" else img.convert("RGB"), dtype=np.uint8)
    except SourceError:
        raise
    except FileNotFoundError:
        raise SourceError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise SourceError(_("{path}: is a folder, not a photo").format(path=path)) from None
    except UnidentifiedImageError:
        raise SourceError(
            _("{path}: not an image Fitness Coach can read").format(path=path)
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        # Pillow reports truncated and corrupt data as OSError/ValueError/SyntaxError.
        raise SourceError(
            _("{path}: cannot decode the image ({reason})").format(path=path, reason=exc)
        ) from None
    # EXIF orientations 5 to 8 turn the photo by 90 degrees, swapping width and height.
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return Photo(rgb=rgb, width=width, height=height)


class ImageSource:
    """A single photo as a one-frame source."""

    fps: float | None = None
    frame_count: int | None = 1

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.photo = load_photo(path)

    def __iter__(self) -> Iterator[Frame]:
        yield Frame(self.photo.rgb, 0, time.monotonic())

    def close(self) -> None:
        pass


def media_kind(path: Path) -> Literal["photo", "video"]:
    """'photo' or 'video' by the file's extension; SourceError naming what is supported."""
    suffix = path.suffix.lower()
    if suffix in PHOTO_EXTENSIONS:
        return "photo"
    if suffix in VIDEO_EXTENSIONS:
        return "video"
    raise SourceError(
        _("{path}: unsupported file type '{suffix}' (photos: {photos}; videos: {videos})").format(
            path=path,
            suffix=suffix or _("(none)"),
            photos=", ".join(sorted(PHOTO_EXTENSIONS)),
            videos=", ".join(sorted(VIDEO_EXTENSIONS)),
        )
    )


def media_files(folder: Path) -> list[Path]:
    """Photos and videos directly inside `folder`, sorted by name."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise SourceError(
            _("{path}: cannot list the folder ({reason})").format(path=folder, reason=exc.strerror)
        ) from None
    return [
        p
        for p in entries
        if p.is_file() and p.suffix.lower() in PHOTO_EXTENSIONS | VIDEO_EXTENSIONS
    ]


class ImageFolderSource:
    """The photos of a folder, in name order, one frame each; unreadable photos are skipped."""

    fps: float | None = None
    frame_count: int | None

    def __init__(self, folder: Path) -> None:
        self.name = str(folder)
        self.paths = [p for p in media_files(folder) if p.suffix.lower() in PHOTO_EXTENSIONS]
        if not self.paths:
            raise SourceError(_("{path}: no photos in this folder").format(path=folder))
        self.frame_count = len(self.paths)

    def __iter__(self) -> Iterator[Frame]:
        for index, path in enumerate(self.paths):
            try:
                photo = load_photo(path)
            except SourceError as exc:
                log.warning("skipping %s", exc)
                continue
            yield Frame(photo.rgb, index, time.monotonic())

    def close(self) -> None:
        pass


def _open_capture(target: str | int, backend: int) -> cv2.VideoCapture | None:
    """An opened VideoCapture, or None. OpenCV's and FFmpeg's own complaints about a failed open
    ("moov atom not found", "can't open camera by index") are kept for --verbose: the caller
    says what went wrong in the user's terms."""
    with captured_native_stderr() as native:
        capture = cv2.VideoCapture(target, backend)
        opened = capture.isOpened()
    if not opened:
        log.debug("opening %s failed; OpenCV said: %s", target, native.text.strip())
        return None
    if native.text:
        sys.stderr.write(native.text)
    return capture


class _CaptureSource:
    """Frames from an OpenCV VideoCapture (shared by the camera and video file sources)."""

    def __init__(self, capture: cv2.VideoCapture, name: str) -> None:
        self._capture = capture
        self.name = name
        fps = float(capture.get(cv2.CAP_PROP_FPS))
        self.fps = fps if 0.0 < fps < 1000.0 else None
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        self.frame_count: int | None = count if count > 0 else None

    def _read(self) -> RGBImage | None:
        ok, bgr = self._capture.read()
        if not ok or bgr is None:
            return None
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)  # type: ignore[return-value]

    def close(self) -> None:
        self._capture.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class VideoFileSource(_CaptureSource):
    """A video file, upright (rotation metadata applied), with its media timestamps."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SourceError(_("{path}: no such file").format(path=path))
        if path.stat().st_size == 0:
            raise SourceError(_("{path}: the file is empty").format(path=path))
        capture = _open_capture(str(path), cv2.CAP_FFMPEG)
        if capture is None:
            raise SourceError(
                _("{path}: cannot read this video (damaged, incomplete or not a video)").format(
                    path=path
                )
            )
        # OpenCV 4.11 reads the rotation but does not apply it unless asked.
        capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        super().__init__(capture, str(path))
        self.path = path
        self.damaged_frames = 0  # frames skipped because they could not be decoded

    def _frames(self) -> Iterator[RGBImage]:
        """Decoded frames, past damaged ones (counted in `damaged_frames`)."""
        decoded = failures = 0
        while True:
            rgb = self._read()
            if rgb is not None:
                self.damaged_frames += failures  # failed reads followed by a good frame
                decoded += 1
                failures = 0
                yield rgb
                continue
            failures += 1
            announced = self.frame_count or 0
            if failures > MAX_DAMAGED_IN_A_ROW or decoded + self.damaged_frames >= announced:
                return

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        last_s = -1.0
        for rgb in self._frames():
            # Media time of this frame; containers without timestamps fall back to index / fps.
            t_s = float(self._capture.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
            # Before the first frame (edit lists) or not after the last: no usable timestamp.
            if t_s <= last_s or t_s < 0.0 or not np.isfinite(t_s):
                # Keep timestamps increasing, a frame interval apart, and from 0.
                step_s = 1.0 / (self.fps or 30.0)
                t_s = max(index * step_s, last_s + step_s) if index else 0.0
            last_s = t_s
            yield Frame(rgb, index, t_s)
            index += 1
        if index == 0:
            raise SourceError(
                _("{path}: the video has no frames that can be decoded").format(path=self.path)
            )
        if self.damaged_frames:
            log.warning(
                "%s: %d damaged frames could not be decoded and were skipped",
                self.path,
                self.damaged_frames,
            )
        if self.frame_count and index < self.frame_count * 0.9:
            log.warning(
                "%s: decoding stopped after %d of %d frames; the file may be truncated",
                self.path,
                index,
                self.frame_count,
            )


# cv2.rotate's codes for clockwise turns of 0, 90, 180 and 270 degrees.
ROTATIONS: dict[int, int | None] = {
    0: None,
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


class CameraSource(_CaptureSource):
    """A live camera by index ("0" is the first camera); timestamps are time.monotonic()."""

    def __init__(
        self,
        index: int,
        size_px: tuple[int, int] | None = None,
        fps: float | None = None,
        rotation_deg: int = 0,
    ) -> None:
        """`size_px` (width, height) and `fps` are requests; the camera picks its nearest mode.
        `rotation_deg` (0, 90, 180, 270, clockwise) turns a camera mounted on its side upright."""
        capture = _open_capture(index, cv2.CAP_ANY)
        if capture is None:
            raise SourceError(
                _("camera {index}: cannot open it (not connected, or in use)").format(index=index)
            )
        if size_px is not None:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, size_px[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, size_px[1])
        if fps is not None:
            capture.set(cv2.CAP_PROP_FPS, fps)
        super().__init__(capture, f"camera {index}")
        self.camera_index = index
        self.frame_count = None
        self._rotate = ROTATIONS[rotation_deg]

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        while (rgb := self._read()) is not None:
            if self._rotate is not None:
                rgb = cv2.rotate(rgb, self._rotate)  # type: ignore[assignment]
            yield Frame(rgb, index, time.monotonic())
            index += 1
        raise SourceError(
            _("camera {index}: stopped delivering frames (disconnected?)").format(
                index=self.camera_index
            )
        )


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


def open_source(spec: str | Path) -> FrameSource:
    """Open what the user named: a camera index ("0"), a video, a photo or a folder of photos."""
    text = str(spec)
    if text.isdigit():
        return CameraSource(int(text))
    path = Path(text)
    if path.is_dir():
        return ImageFolderSource(path)
    if not path.exists():
        raise SourceError(_("{path}: no such file or folder").format(path=path))
    if media_kind(path) == "photo":
        return ImageSource(path)
    return VideoFileSource(path)


# How long closing waits for a read under way (a camera frame takes 1/30 s; a stuck driver may
# never return).
CLOSE_WAIT_S = 2.0


class ReadAhead:
    """The frames of `source`, read and decoded in a thread of their own while the caller works
    on the previous one: decoding a video frame (a few ms) overlaps the pose model instead of
    adding to it.

    A file's frames all come, in order, at most `depth` ahead. A camera's (`newest_only`) come
    newest-first: a frame the caller has not taken when the next one is read is replaced by it
    (counted in `skipped`), so a slow machine sees the present rather than a backlog. An error
    of the source is raised by the iteration, as without read-ahead. Iterate once, then
    `close()` (it waits for the reading thread); close the source itself afterwards.
    """

    _END = object()

    def __init__(self, source: FrameSource, depth: int = 2, newest_only: bool = False) -> None:
        self.source = source
        self.newest_only = newest_only
        self.skipped = 0
        self._queue: queue.Queue[object] = queue.Queue(maxsize=1 if self.newest_only else depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="read-ahead", daemon=True)

    def _put(self, item: object) -> None:
        if self.newest_only and isinstance(item, Frame):
            try:
                self._queue.get_nowait()  # not taken yet: the new frame replaces it
                self.skipped += 1
            except queue.Empty:
                pass
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def _read(self) -> None:
        end: object = self._END
        try:
            for frame in self.source:
                self._put(frame)
                if self._stop.is_set():
                    return
        except BaseException as error:  # handed to the caller's thread, raised there
            end = error
        self._put(end)

    def __iter__(self) -> Iterator[Frame]:
        self._thread.start()
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, Frame)
            yield item

    def close(self) -> bool:
        """Stop reading and wait for the reading thread: at most one frame's read, or
        CLOSE_WAIT_S for a camera stuck in a read. False if it is still reading then: the
        source must not be closed under it (it is left to end on its own, said in the log)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(CLOSE_WAIT_S)
            if self._thread.is_alive():
                log.warning("%s: still reading after %.0f s; left to finish", self.source.name,
                            CLOSE_WAIT_S)  # fmt: skip
                return False
        return True
