"""Hides MediaPipe's known start-up log lines, which its C++ code writes straight to fd 2.

No environment variable silences them (GLOG_minloglevel and TF_CPP_MIN_LOG_LEVEL are read too
late), so while a model starts, file descriptor 2 is pointed at a temporary file; then every
captured line that is not a known harmless start-up message is written back to the real stderr.
Real errors therefore still reach the user, only a few milliseconds later. Each capture spans
one native call, never longer, so nothing else is held back for long.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

# Lines MediaPipe 0.10.21 prints on every start, none of which the user can act on.
_HARMLESS = re.compile(
    rb"^(?:"
    rb"INFO: Created TensorFlow Lite XNNPACK delegate for CPU\."
    rb"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    rb"|[IW]\d{4} [\d:. ]+\d+ (?:"
    rb"inference_feedback_manager\.cc:\d+\] Feedback manager requires a model with a single"
    rb"|landmark_projection_calculator\.cc:\d+\] Using NORM_RECT without IMAGE_DIMENSIONS"
    rb"|gl_context(?:_egl)?\.cc:\d+\]"
    rb"|task_runner\.cc:\d+\] GPU suport is not available"
    rb")"
    rb")"
)


# C's stdio: MediaPipe's logging buffers some lines in the C `stderr` stream, which would
# otherwise be flushed at exit, after fd 2 is restored; they are flushed inside the capture.
# `CDLL(None)` (the running program's own C library) exists on Linux and macOS only; on Windows
# the C runtime is msvcrt, whose fflush serves the same purpose.
# Without either, C-buffered lines may reach the real stderr later, which is harmless.
def _c_library() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None) if os.name == "posix" else ctypes.CDLL("msvcrt")
    except OSError:
        return None


_libc = _c_library()


def is_harmless(line: bytes) -> bool:
    """True for a MediaPipe start-up line that is hidden from the user."""
    return _HARMLESS.match(line.strip()) is not None


def filter_lines(data: bytes) -> bytes:
    """`data` without its harmless start-up lines; everything else kept byte for byte."""
    return b"".join(line for line in data.splitlines(keepends=True) if not is_harmless(line))


class _Capture:
    """fd 2 pointed at a temporary file while at least one capture is in progress."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.saved_fd = -1
        self.file: IO[bytes] | None = None


_capture = _Capture()


def _begin() -> None:
    with _capture.lock:
        if _capture.depth == 0:
            sys.stderr.flush()
            _capture.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _end)
            _capture.saved_fd = os.dup(2)
            os.dup2(_capture.file.fileno(), 2)
        _capture.depth += 1


def _end() -> bytes:
    """End one capture; the last one restores fd 2 and returns what was written meanwhile."""
    with _capture.lock:
        if _capture.depth == 0:
            return b""
        _capture.depth -= 1
        if _capture.depth > 0 or _capture.file is None:
            return b""  # an enclosing capture is still open and will hand the lines on
        sys.stderr.flush()
        if _libc is not None:
            _libc.fflush(None)  # every C stdio stream
        os.dup2(_capture.saved_fd, 2)
        os.close(_capture.saved_fd)
        _capture.file.seek(0)
        data = _capture.file.read()
        _capture.file.close()
        _capture.file = None
        return data


@contextmanager
def quiet_native_startup() -> Iterator[None]:
    """Capture fd 2 for the duration, then replay every line that is not a harmless one."""
    _begin()
    try:
        yield
    finally:
        kept = filter_lines(_end())
        if kept:
            os.write(2, kept)


class NativeOutput:
    """What native code wrote to fd 2 inside `captured_native_stderr()` (text, once it ended)."""

    text = ""


@contextmanager
def captured_native_stderr() -> Iterator[NativeOutput]:
    """Collect what native code (OpenCV, FFmpeg) writes to fd 2, for the caller to judge.

    Used around opening a camera or video, whose failure the caller reports in its own words.
    Inside another capture, the lines stay with the enclosing one and `text` is empty.
    """
    output = NativeOutput()
    _begin()
    try:
        yield output
    finally:
        output.text = _end().decode("utf-8", "replace")
