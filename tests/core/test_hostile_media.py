"""Hostile photos and videos for `fitness-coach analyze`: fuzzed files, odd frame rates and
timestamps, rotation metadata, damaged frames in the middle, a source that fails mid-run."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import coach.cli
import coach.session
import coach.vision.sources
from coach.cli import main
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.session import FrameResult, Session, SessionSettings, summary_rows
from coach.vision.sources import Frame, SourceError, VideoFileSource
from tests.core.test_cli import assert_one_line_error, decoded_frames
from tests.core.test_sources import ffmpeg

SLOW_SQUAT = "squat_side_1rep_slow.mp4"  # 341 frames at 30 frames/s, 324 x 422
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def analyze(*args: str | Path) -> tuple[int, str]:
    """`fitness-coach analyze` in this process: exit status and what it wrote to stderr."""
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = main(["analyze", "--no-progress", *map(str, args)])
    return status, err.getvalue()


def assert_clean_outcome(status: int, err: str, path: Path, outputs: list[Path]) -> None:
    """Analysed (outputs written), or refused in one line naming the file; never a traceback."""
    assert "Traceback" not in err
    if status == 0:
        assert all(p.is_file() for p in outputs), err
    else:
        assert status == 2, err
        assert_one_line_error(err, path.name)


def encode(clip: Path, out: Path, *options: str) -> Path:
    """`clip` re-encoded by ffmpeg with `options` (output options) into `out`."""
    subprocess.run([ffmpeg(), "-v", "error", "-i", str(clip), *options, "-an", str(out)],
                   check=True)  # fmt: skip
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


# --- fuzzed files ---------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".jpg", ".png", ".webp", ".mp4"]))
def test_random_bytes_are_refused_in_one_line(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(data)
        status, err = analyze(path)
        assert status == 2
        assert_one_line_error(err, path.name)


def _small_image(fmt: str) -> bytes:
    ramp = np.linspace(0, 255, 96 * 64 * 3).astype(np.uint8).reshape(64, 96, 3)
    out = io.BytesIO()
    Image.fromarray(ramp).save(out, format=fmt)
    return out.getvalue()


IMAGES = {".jpg": _small_image("JPEG"), ".png": _small_image("PNG")}


def mutated(data: bytes, draw: st.DrawFn) -> bytes:
    """`data` cut short, or with a few runs of bytes overwritten or inserted."""
    buffer = bytearray(data)
    if draw(st.booleans()):
        return bytes(buffer[: draw(st.integers(0, len(buffer) - 1))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(buffer) - 1))
        patch = draw(st.binary(min_size=1, max_size=64))
        if draw(st.booleans()):
            buffer[at : at + len(patch)] = patch
        else:
            buffer[at:at] = patch
    return bytes(buffer)


@st.composite
def damaged_images(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(IMAGES)))
    return suffix, mutated(IMAGES[suffix], draw)


@FUZZ
@given(case=damaged_images())
def test_damaged_photos_are_analysed_or_refused_cleanly(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"photo{suffix}"
        path.write_bytes(data)
        status, err = analyze(path)
        outputs = [path.with_suffix(".json"), path.with_name("photo.annotated.png")]
        assert_clean_outcome(status, err, path, outputs)


@pytest.fixture(scope="module")
def small_clip(videos: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Half a second of a real squat, 120 px wide, index first: a small video worth mutating."""
    out = tmp_path_factory.mktemp("clip") / "small.mp4"
    encode(videos / SLOW_SQUAT, out, "-t", "0.5", "-vf", "scale=120:-2", "-movflags", "+faststart")
    return out.read_bytes()


@settings(FUZZ, max_examples=25)
@given(draw=st.data())
def test_damaged_videos_are_analysed_or_refused_cleanly(small_clip: bytes, draw: Any) -> None:
    data = mutated(small_clip, draw.draw)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.mp4"
        path.write_bytes(data)
        status, err = analyze(path)
        if status == 0:
            assert "Traceback" not in err and len(err.splitlines()) <= 2, err  # warnings only
            assert path.with_suffix(".csv").is_file() and path.with_suffix(".json").is_file()
        else:
            assert_clean_outcome(status, err, path, [])


# --- frame rates, timestamps, rotation --------------------------------------------------------


def test_variable_frame_rate_keeps_the_media_timestamps(videos: Path, tmp_path: Path) -> None:
    # One second at 30 frames/s, then at 15: the CSV keeps each frame's own time.
    vfr = encode(videos / SLOW_SQUAT, tmp_path / "vfr.mp4", "-t", "3", "-fps_mode", "vfr",
                 "-vf", "setpts='if(lt(N,30), N, 2*N-30)/30/TB'")  # fmt: skip
    status, err = analyze(vfr)
    assert status == 0, err
    times = np.array([float(r["time_s"]) for r in csv_rows(tmp_path / "vfr.csv")])
    steps = np.diff(times)
    assert np.all(steps > 0)
    assert np.allclose(steps[:25], 1 / 30, atol=2e-3)
    assert np.allclose(steps[-10:], 2 / 30, atol=2e-3)
    summary = json.loads((tmp_path / "vfr.json").read_text())
    assert summary["duration_s"] == pytest.approx(times[-1] + 1 / summary["fps"], abs=1e-3)


def zero_timestamps(clip: Path) -> Path:
    """`clip` with every frame's duration set to 0 in the MP4 index (stts), in place."""
    data = bytearray(clip.read_bytes())
    at = data.find(b"stts")
    entries = int.from_bytes(data[at + 8 : at + 12], "big")
    for entry in range(entries):
        delta = at + 12 + 8 * entry + 4
        data[delta : delta + 4] = bytes(4)
    clip.write_bytes(data)
    return clip


def test_video_without_frame_durations(videos: Path, tmp_path: Path) -> None:
    # All timestamps 0 (a frame rate of zero): FFmpeg decodes what it can; times stay increasing.
    clip = zero_timestamps(encode(videos / SLOW_SQUAT, tmp_path / "still.mp4", "-t", "2"))
    status, err = analyze(clip)
    assert status == 0, err
    assert "Traceback" not in err and len(err.splitlines()) <= 1, err
    times = np.array([float(r["time_s"]) for r in csv_rows(tmp_path / "still.csv")])
    assert len(times) > 0 and times[0] >= 0 and np.all(np.diff(times) > 0)


class _NoFrameRate:
    """A VideoCapture whose container declares no frame rate (CAP_PROP_FPS 0)."""

    def __init__(self, capture: cv2.VideoCapture) -> None:
        self._capture = capture

    def get(self, prop: int) -> float:
        return 0.0 if prop == cv2.CAP_PROP_FPS else float(self._capture.get(prop))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._capture, name)


def test_video_declaring_zero_frames_per_second(
    videos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = coach.vision.sources._open_capture
    monkeypatch.setattr(
        coach.vision.sources, "_open_capture", lambda *a: _NoFrameRate(original(*a))
    )
    clip = encode(videos / SLOW_SQUAT, tmp_path / "nofps.mp4", "-t", "1")
    status, err = analyze(clip)
    assert status == 0, err
    summary = json.loads((tmp_path / "nofps.json").read_text())
    assert summary["fps"] is None and summary["frames"] == 30
    assert summary["duration_s"] == pytest.approx(29 / 30, abs=1e-3)  # media time of the last


@pytest.mark.parametrize(
    ("degrees", "turn"), [(90, "transpose=1"), (180, "hflip,vflip"), (270, "transpose=2")]
)
def test_rotated_video_is_analysed_upright(
    videos: Path, tmp_path: Path, degrees: int, turn: str
) -> None:
    # As a phone records: pixels stored turned, and the turn back in the rotation metadata.
    stored = encode(videos / SLOW_SQUAT, tmp_path / "stored.mp4", "-t", "1", "-vf", turn)
    rotated = tmp_path / "rotated.mp4"
    subprocess.run([ffmpeg(), "-v", "error", "-display_rotation", str(degrees),
                    "-i", str(stored), "-c", "copy", str(rotated)], check=True)  # fmt: skip
    status, err = analyze(rotated)
    assert status == 0, err
    summary = json.loads((tmp_path / "rotated.json").read_text())
    assert (summary["width"], summary["height"]) == (324, 422)  # the clip's upright size
    # Upright frames: the person is found in (nearly) all of them, his hips above his ankles.
    rows = [r for r in csv_rows(tmp_path / "rotated.csv") if r["detected"] == "1"]
    assert len(rows) >= 0.9 * summary["frames"]
    assert all(float(r["left_hip_y_px"]) < float(r["left_ankle_y_px"]) for r in rows)


# --- damaged frames in the middle, a source that fails mid-run -------------------------------


def test_damaged_frames_in_the_middle_are_skipped(
    videos: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    clip = encode(videos / SLOW_SQUAT, tmp_path / "damaged.mp4", "-t", "4", "-c:v", "libx264",
                  "-g", "15", "-threads", "1", "-preset", "ultrafast")  # fmt: skip
    data = bytearray(clip.read_bytes())
    rng = np.random.default_rng(1)
    for fraction in (0.4, 0.6):  # inside the frame data (the index is at the end)
        at = int(len(data) * fraction)
        data[at : at + 2000] = rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()
    clip.write_bytes(data)
    naive = decoded_frames(clip)  # what a loop ending at the first failed read gets
    capfd.readouterr()
    assert naive < 100  # the damage stops a naive loop in the middle of the 120 frames
    status, err = analyze(clip)
    native = capfd.readouterr().err  # FFmpeg writes to file descriptor 2 directly
    assert status == 0, err
    assert_one_line_error(
        err, "damaged.mp4", "damaged frames could not be decoded and were skipped"
    )
    assert native == ""  # no FFmpeg complaint per damaged packet
    rows = csv_rows(tmp_path / "damaged.csv")
    assert naive < len(rows) < 120  # the frames after the damage are analysed too
    assert float(rows[-1]["time_s"]) == pytest.approx(119 / 30, abs=1e-3)


class FailingVideo(VideoFileSource):
    """A video whose reading fails after `FAIL_AFTER` frames (a disk or network drive gone)."""

    FAIL_AFTER = 40

    def __iter__(self) -> Iterator[Frame]:
        for frame in super().__iter__():
            if frame.index == self.FAIL_AFTER:
                raise SourceError(f"{self.path}: the drive was disconnected")
            yield frame


def test_source_failing_mid_run_keeps_the_frames_before(
    videos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coach.cli, "VideoFileSource", FailingVideo)
    status, err = analyze(videos / SLOW_SQUAT, "--out", tmp_path, "--exercise", "squat")
    assert status == 2
    assert_one_line_error(err, "the drive was disconnected", "the 40 frames before it are in")
    assert len(csv_rows(tmp_path / "squat_side_1rep_slow.csv")) == 40
    summary = json.loads((tmp_path / "squat_side_1rep_slow.json").read_text())
    assert summary["frames"] == 40 and "disconnected" in summary["stopped_early"]
    assert summary["exercise"] == "squat"
    assert not list(tmp_path.glob(".*.tmp*"))  # no temporary file left


def test_session_failing_mid_run_keeps_its_reps(
    videos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FailingVideo, "FAIL_AFTER", 300)  # about 4 of the 20 squats
    monkeypatch.setattr(coach.session, "open_source", lambda spec: FailingVideo(Path(spec)))
    rule = load_rules(BUILTIN_RULES).rules["squat"]
    session = Session(
        SessionSettings(str(videos / "squat_front_20reps_oncounter.mp4"), rule, realtime=False)
    )
    results: list[FrameResult] = []
    session.run(results.append, threading.Event())
    assert isinstance(session.error, SourceError) and "disconnected" in str(session.error)
    summary = session.summary()
    assert summary["frames"] == len(results) == 300
    last = results[-1].evaluation
    assert last is not None and summary["reps"]["total"] == last.reps >= 3
    assert len(summary_rows(session.summary())) == last.reps
