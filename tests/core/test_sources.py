"""Frame sources: EXIF and video rotation, timestamps, folders, cameras and unreadable files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from coach.vision.sources import (
    MAX_WORKING_SIDE_PX,
    ImageFolderSource,
    SourceError,
    VideoFileSource,
    load_photo,
    open_source,
)

EXIF_ORIENTATION = 0x0112


def marked_image(width: int = 200, height: int = 100) -> Image.Image:
    """Grey, with a red square in the top-left corner to tell the orientation by."""
    pixels = np.full((height, width, 3), 128, np.uint8)
    pixels[:20, :20] = (255, 0, 0)
    return Image.fromarray(pixels)


def save_with_orientation(image: Image.Image, path: Path, orientation: int) -> None:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    image.save(path, exif=exif.tobytes(), quality=95)


def red_corner(rgb: np.ndarray) -> str:
    h, w = rgb.shape[:2]
    corners = {
        "top-left": rgb[5, 5],
        "top-right": rgb[5, w - 6],
        "bottom-left": rgb[h - 6, 5],
        "bottom-right": rgb[h - 6, w - 6],
    }
    return next(name for name, px in corners.items() if px[0] > 200 and px[1] < 60)


@pytest.mark.parametrize(
    ("orientation", "corner"),
    [(1, "top-left"), (3, "bottom-right"), (6, "top-right"), (8, "bottom-left")],
)
def test_photo_is_turned_upright_by_exif(tmp_path: Path, orientation: int, corner: str) -> None:
    # EXIF 6 means "rotate 90 degrees clockwise to display": the top-left mark ends top-right.
    path = tmp_path / "photo.jpg"
    save_with_orientation(marked_image(), path, orientation)
    photo = load_photo(path)
    turned = orientation in (6, 8)
    assert (photo.width, photo.height) == ((100, 200) if turned else (200, 100))
    assert photo.rgb.shape[:2] == (photo.height, photo.width)
    assert red_corner(photo.rgb) == corner


def test_huge_jpeg_is_decoded_reduced(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    Image.new("RGB", (12000, 8000), (90, 120, 150)).save(path, quality=80)
    photo = load_photo(path)
    assert (photo.width, photo.height) == (12000, 8000)  # coordinates refer to the full photo
    assert max(photo.rgb.shape[:2]) <= MAX_WORKING_SIDE_PX
    assert photo.rgb.shape[1] / photo.rgb.shape[0] == pytest.approx(1.5, abs=0.01)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "not an image"), (b"this is a text file\n", "not an image"), (None, "no such file")],
)
def test_unreadable_photo(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "bad.jpg"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError, match=reason) as error:
        load_photo(path)
    assert str(path) in str(error.value)


def test_truncated_jpeg(tmp_path: Path, keypoints: Path) -> None:
    data = (keypoints / "coco" / "000000000785.jpg").read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(SourceError, match="cannot decode"):
        load_photo(path)


def test_video_frames_are_rgb_with_media_timestamps(videos: Path) -> None:
    path = videos / "squat_side_1rep_slow.mp4"
    capture = cv2.VideoCapture(str(path))
    ok, first_bgr = capture.read()
    capture.release()
    assert ok
    with VideoFileSource(path) as source:
        assert source.fps == pytest.approx(30.0)
        frames = list(source)
    assert len(frames) == source.frame_count == 341
    assert np.array_equal(frames[0].rgb, first_bgr[:, :, ::-1])
    times = np.array([f.timestamp_s for f in frames])
    assert times[0] == 0.0
    assert np.all(np.diff(times) > 0)
    assert np.allclose(np.diff(times), 1 / 30, atol=1e-3)


def ffmpeg() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def test_video_rotation_metadata_is_applied(tmp_path: Path, videos: Path) -> None:
    # Tag a real clip "display rotated", then compare our frames with ffmpeg's own upright decode.
    rotated = tmp_path / "rotated.mp4"
    subprocess.run(
        [
            ffmpeg(),
            "-loglevel",
            "error",
            "-display_rotation",
            "90",
            "-i",
            str(videos / "squat_side_1rep_slow.mp4"),
            "-c",
            "copy",
            "-t",
            "1",
            str(rotated),
        ],
        check=True,
    )
    with VideoFileSource(rotated) as source:
        first = next(iter(source))
    assert (first.width, first.height) == (422, 324)  # the stored clip is 324 x 422
    raw = subprocess.run(
        [
            ffmpeg(),
            "-loglevel",
            "error",
            "-i",
            str(rotated),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    reference = np.frombuffer(raw, np.uint8).reshape(324, 422, 3)
    assert np.abs(first.rgb.astype(int) - reference).mean() < 3  # same picture, same way up


def test_unreadable_videos(tmp_path: Path, videos: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        VideoFileSource(empty)
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    with pytest.raises(SourceError, match="not a video"):
        VideoFileSource(text)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes((videos / "pushup_side_4reps.mp4").read_bytes()[:5000])
    with pytest.raises(SourceError, match=r"cut\.mp4"):
        list(VideoFileSource(cut))


def test_folder_source(tmp_path: Path) -> None:
    for name in ("b.png", "a.jpg"):
        marked_image().save(tmp_path / name)
    (tmp_path / "c.jpg").write_bytes(b"broken")
    (tmp_path / "notes.txt").write_text("ignored")
    source = open_source(tmp_path)
    assert isinstance(source, ImageFolderSource)
    frames = list(source)
    assert [f.index for f in frames] == [0, 1]  # a.jpg, b.png; the broken c.jpg is skipped
    with pytest.raises(SourceError, match="no photos"):
        ImageFolderSource(tmp_path / "empty" if (tmp_path / "empty").mkdir() is None else tmp_path)


def test_open_source_dispatch(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="camera 0"):
        open_source("0")  # "0" means camera 0; this machine has none
    with pytest.raises(SourceError, match=r"unsupported file type .\.gif."):
        (tmp_path / "a.gif").write_bytes(b"GIF89a")
        open_source(tmp_path / "a.gif")
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "missing.mp4")
