"""MediaPipe's start-up chatter is hidden; real errors written meanwhile still reach stderr."""

from __future__ import annotations

import subprocess
import sys

from coach.vision.native_log import filter_lines, is_harmless

STARTUP_LINES = [
    b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n",
    b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n",
    b"W0000 00:00:1795238563.423927    1864 inference_feedback_manager.cc:114] "
    b"Feedback manager requires a model with a single signature inference. "
    b"Disabling support for feedback tensors.\n",
    b"W0000 00:00:1795238563.525654    1863 landmark_projection_calculator.cc:186] Using NORM_RECT "
    b"without IMAGE_DIMENSIONS is only supported for the square ROI.\n",
]


def test_known_startup_lines_are_harmless() -> None:
    assert all(is_harmless(line) for line in STARTUP_LINES)


def test_other_lines_pass_through_unchanged() -> None:
    real = b"E0000 00:00:1.0 12 calculator_graph.cc:887] INTERNAL: packet timestamp mismatch\n"
    partial = b"progress 40%\r"
    assert filter_lines(b"".join([*STARTUP_LINES, real, partial])) == real + partial


def test_a_real_model_starts_quietly_but_errors_get_through() -> None:
    probe = (
        "import os\n"
        "import numpy as np\n"
        "from coach.vision.pose import MediaPipeEstimator\n"
        "from coach.vision.sources import Frame\n"
        "estimator = MediaPipeEstimator('stream')\n"
        "os.write(2, b'E1234 a real error during start-up\\n')\n"
        "frame = Frame(np.zeros((240, 320, 3), np.uint8), 0, 0.0)\n"
        "estimator.estimate(frame)\n"
        "estimator.estimate(Frame(frame.rgb, 1, 0.033))\n"
        "estimator.close()\n"
        "os.write(2, b'after\\n')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert result.stderr == b"E1234 a real error during start-up\nafter\n"


def test_works_where_the_c_library_cannot_be_opened() -> None:
    # Windows has no CDLL(None); without the C library the capture still works (no fflush).
    probe = (
        "import ctypes, os\n"
        "def no_library(*a, **k): raise OSError('no such library')\n"
        "ctypes.CDLL = no_library\n"
        "from coach.vision import native_log\n"
        "assert native_log._libc is None\n"
        "with native_log.quiet_native_startup():\n"
        "    os.write(2, b'INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\\n')\n"
        "    os.write(2, b'a real error\\n')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "a real error\n"
