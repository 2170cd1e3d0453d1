"""Privacy: analysing a photo and a video opens no network connection, in Python or native code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.core.test_cli import PHOTO, VIDEO
from tests.core.test_hostile_media import encode

# Records every network operation Python's audit hooks see (the socket module, urllib, http),
# answers it with an error, then analyses the files given and prints what was recorded.
AUDITED = textwrap.dedent("""
    import json, sys
    events = []

    def hook(event, args):
        if event.split(".")[0] in ("socket", "urllib", "http", "ftplib", "smtplib"):
            events.append(event)
            raise OSError(f"network use in a privacy test: {event}")

    sys.addaudithook(hook)
    from coach.cli import main
    status = main(["analyze", "--no-progress", *sys.argv[1:]])
    print(json.dumps({"status": status, "events": events}))
""")


@pytest.fixture(scope="module")
def inputs(media: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A real photo and a one-second real video, with an output folder."""
    folder = tmp_path_factory.mktemp("privacy")
    clip = encode(media / VIDEO, folder / "clip.mp4", "-t", "1")
    return [str(media / PHOTO), str(clip), "--out", str(folder / "out")]


def test_no_network_use_seen_by_python(inputs: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", AUDITED, *inputs], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"status": 0, "events": []}


def _strace() -> str | None:
    strace = shutil.which("strace")
    if strace is None or subprocess.run([strace, "-o", "/dev/null", "true"]).returncode != 0:
        return None  # absent, or not allowed to trace here
    return strace


@pytest.mark.skipif(_strace() is None, reason="needs strace (and permission to trace)")
def test_no_network_system_call(inputs: list[str], tmp_path: Path) -> None:
    # Every network system call (socket, connect, bind, sendto, ...) of every thread and child
    # process: MediaPipe's and OpenCV's native code included, which audit hooks do not see.
    trace = tmp_path / "network.trace"
    result = subprocess.run(
        [str(_strace()), "-f", "-qq", "-e", "trace=%network", "-e", "signal=none",
         "-o", str(trace), sys.executable, "-m", "coach", "analyze", "--no-progress", *inputs],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "person found" in result.stdout
    assert trace.read_text() == ""
