"""Frames read ahead in a thread of their own (coach.vision.sources.ReadAhead)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from coach.vision.sources import Frame, ReadAhead, SourceError

PIXELS = np.zeros((2, 2, 3), np.uint8)


class Numbered:
    """A source of `count` frames, each read taking `read_s`, that fails after them if asked."""

    name = "numbered"
    fps = 30.0
    frame_count = None

    def __init__(self, count: int, read_s: float = 0.0, fail: bool = False) -> None:
        self.count, self.read_s, self.fail = count, read_s, fail
        self.read = 0

    def __iter__(self) -> Iterator[Frame]:
        for index in range(self.count):
            time.sleep(self.read_s)
            self.read += 1
            yield Frame(PIXELS, index, index / 30)
        if self.fail:
            raise SourceError("camera 0: stopped delivering frames (disconnected?)")

    def close(self) -> None:
        pass


def test_a_files_frames_all_come_in_order() -> None:
    frames = ReadAhead(Numbered(50))
    assert [frame.index for frame in frames] == list(range(50))
    frames.close()
    assert frames.skipped == 0


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Poll `condition` until it holds (a thread's progress); fail after `timeout_s`."""
    end = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < end, "the reading thread did not get there"
        time.sleep(0.002)


def test_the_next_frame_is_read_while_the_caller_works() -> None:
    source = Numbered(3)
    frames = ReadAhead(source)
    taken = iter(frames)
    assert next(taken).index == 0
    wait_until(lambda: source.read >= 2)  # frame 1 decoded while the caller still has frame 0
    assert [frame.index for frame in taken] == [1, 2]
    frames.close()


def test_the_sources_error_is_raised_in_the_callers_thread() -> None:
    frames = ReadAhead(Numbered(3, fail=True))
    seen = []
    with pytest.raises(SourceError, match="stopped delivering"):
        for frame in frames:
            seen.append(frame.index)
    frames.close()
    assert seen == [0, 1, 2]


def test_closing_early_stops_the_thread_and_reads_little_ahead() -> None:
    source = Numbered(1000)
    frames = ReadAhead(source, depth=2)
    for frame in frames:
        if frame.index == 4:
            break
    frames.close()
    assert not any(t.name == "read-ahead" for t in threading.enumerate())
    assert source.read <= 5 + 2 + 1  # taken, queued, and one in the reader's hand


def test_a_camera_gives_its_newest_frame_and_counts_the_rest() -> None:
    """A caller busy while the camera delivers sees the present, not a backlog."""
    source = Numbered(30)
    frames = ReadAhead(source, newest_only=True)
    seen = []
    for frame in frames:
        seen.append(frame.index)
        wait_until(lambda: source.read == 30)  # the camera went on while the caller was busy
    frames.close()
    assert seen[-1] == 29 and len(seen) <= 2
    assert frames.skipped + len(seen) == 30
