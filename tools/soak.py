"""Soak test: a long real-time session, sampled each minute for memory, drops and latency.

    python -m tools.soak [VIDEO] --minutes 30 [--sample-s 60]      (or: make soak MINUTES=30)

The video is looped (ffmpeg's `-stream_loop`, stream copied, so timestamps keep rising) into a
temporary file as long as the soak, then played in real time through `coach.session.Session`
with the squat rule, as the window's worker plays it: one session, one model, no restart. Each
sample gives resident memory, frames processed and dropped, capture-to-result latency and CPU
use; at the end, memory growth and the drift of latency per minute (least-squares slopes).
`tools.window_soak` does the same through the window.
"""

from __future__ import annotations

import argparse
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np

from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.session import FrameResult, Session, SessionSettings
from tools.procstats import CpuMeter, percentiles_ms, rss_mb

VIDEO = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "media"
    / "videos"
    / (
        "squat_front_20reps_oncounter.mp4"  # 1280 x 720 at 29.97 frames/s, 43 s
    )
)
# Targets of issue 7, printed beside the figures.
MAX_GROWTH_MB = 30.0
RSS_EVERY = 30  # frames between readings of resident memory for the last stretch (~50 us each)


@contextmanager
def looped_video(video: Path, seconds: float) -> Iterator[Path]:
    """`video` repeated for `seconds` into a temporary MP4 (deleted afterwards)."""
    import imageio_ffmpeg  # a development dependency, like this tool

    with TemporaryDirectory(prefix="fitness-coach-soak-") as folder:
        looped = Path(folder) / f"looped{video.suffix}"
        subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-stream_loop", "-1",
             "-i", str(video), "-t", f"{seconds:.3f}", "-an", "-c", "copy", str(looped)],
            check=True,
        )  # fmt: skip
        yield looped


@dataclass(frozen=True)
class Sample:
    """One stretch of the soak; frames, drops and latencies are of that stretch only."""

    elapsed_min: float
    rss_mb: float
    frames: int
    dropped: int
    latency_median_ms: float
    latency_p95_ms: float
    cpu_percent: float


class SoakRecorder:
    """Collects each result's latency and the drop count; `sample` closes a stretch."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        memory: Callable[[], float] = rss_mb,
    ) -> None:
        self._clock = clock  # monotonic seconds
        self._memory = memory  # resident MB
        self.started_s = clock()
        self.start_rss_mb = memory()
        # Resident memory while frames still come (read every RSS_EVERY frames), for the last
        # stretch: it closes after the session, once the model is already freed.
        self._running_rss_mb = self.start_rss_mb
        self.samples: list[Sample] = []
        self._latencies_ms: list[float] = []
        self._frames_total = self._frames_before = 0
        self._dropped_total = 0
        self._dropped_before = 0
        self._cpu = CpuMeter()

    def add(
        self, latency_ms: float | None, dropped_total: int, frames_total: int | None = None
    ) -> None:
        """A result `latency_ms` after capture (None: no latency to count); `dropped_total`
        frames dropped so far; `frames_total` frames processed so far (by default each result
        with a latency is one)."""
        self._dropped_total = dropped_total
        counted = latency_ms is not None
        self._frames_total = self._frames_total + counted if frames_total is None else frames_total
        if latency_ms is None:
            return
        self._latencies_ms.append(latency_ms)
        if len(self._latencies_ms) % RSS_EVERY == 1:
            self._running_rss_mb = self._memory()

    def sample(self, rss: float | None = None) -> Sample:
        """Close a stretch; its memory is `rss`, or else read now."""
        latency_median_ms, latency_p95_ms = percentiles_ms(self._latencies_ms)
        sample = Sample(
            elapsed_min=(self._clock() - self.started_s) / 60.0,
            rss_mb=self._memory() if rss is None else rss,
            frames=self._frames_total - self._frames_before,
            dropped=self._dropped_total - self._dropped_before,
            latency_median_ms=latency_median_ms,
            latency_p95_ms=latency_p95_ms,
            cpu_percent=self._cpu.read().percent,
        )
        self.samples.append(sample)
        self._latencies_ms = []
        self._frames_before = self._frames_total
        self._dropped_before = self._dropped_total
        self._cpu.restart()
        return sample

    def finish(self) -> None:
        """Close the last, partial stretch, if it has results, with the memory it ran with."""
        if self._latencies_ms or self._frames_total > self._frames_before:
            self.sample(self._running_rss_mb)

    def report(self) -> str:
        """The table of samples, then growth and drift (from the first sample, which follows
        the model's start-up, to the last)."""
        lines = [
            f"resident memory before the session: {self.start_rss_mb:.1f} MB",
            "minute   RSS MB  frames  dropped  latency median  latency p95  CPU %",
        ]
        for s in self.samples:
            lines.append(
                f"{s.elapsed_min:6.1f}  {s.rss_mb:7.1f}  {s.frames:6d}  {s.dropped:7d}  "
                f"{s.latency_median_ms:11.1f} ms  {s.latency_p95_ms:8.1f} ms  {s.cpu_percent:5.0f}"
            )
        frames = sum(s.frames for s in self.samples)
        dropped = sum(s.dropped for s in self.samples)
        dropped_percent = 100.0 * dropped / max(1, frames + dropped)
        lines.append(f"frames {frames}, dropped {dropped} ({dropped_percent:.2f} %)")
        if len(self.samples) >= 2:
            minutes = np.array([s.elapsed_min for s in self.samples])
            span_min = float(minutes[-1] - minutes[0])
            rss = np.array([s.rss_mb for s in self.samples])
            p95 = np.array([s.latency_p95_ms for s in self.samples])
            median = np.array([s.latency_median_ms for s in self.samples])
            rss_slope = float(np.polyfit(minutes, rss, 1)[0])
            lines += [
                f"memory growth, first to last sample ({span_min:.1f} min): "
                f"{rss[-1] - rss[0]:+.1f} MB (target: at most {MAX_GROWTH_MB:.0f} MB); "
                f"peak {rss.max():.1f} MB",
                f"memory trend (least squares): {rss_slope:+.3f} MB/min, "
                f"{rss_slope * span_min:+.1f} MB over the soak",
                f"latency trend (least squares): median {np.polyfit(minutes, median, 1)[0]:+.3f}"
                f" ms/min, p95 {np.polyfit(minutes, p95, 1)[0]:+.3f} ms/min",
            ]
        return "\n".join(lines)


def soak_pipeline(video: Path, minutes: float, sample_s: float, exercise: str) -> SoakRecorder:
    """Play `video` looped for `minutes` through a real-time Session; sample every `sample_s`."""
    rule = load_rules(BUILTIN_RULES).rules[exercise]
    recorder = SoakRecorder()
    with looped_video(video, minutes * 60.0) as looped:
        session = Session(SessionSettings(str(looped), rule, realtime=True))
        next_sample_s = time.monotonic() + sample_s

        def on_result(result: FrameResult) -> None:
            nonlocal next_sample_s
            # Each analysis's time once (a frame shown again with the latest pose has none);
            # the frames analysed and those never analysed, as the session counts them.
            latency_ms = result.inference_ms if result.fresh else None
            recorder.add(latency_ms, result.dropped, session.frames)
            if time.monotonic() >= next_sample_s:
                sample = recorder.sample()
                print(f"  {sample.elapsed_min:5.1f} min: {sample.rss_mb:.1f} MB", flush=True)
                next_sample_s += sample_s

        session.run(on_result, threading.Event())
    recorder.finish()
    return recorder


def parse_args(description: str | None, default_video: Path) -> argparse.Namespace:
    """The soak commands' arguments (this one and tools.window_soak's)."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("video", nargs="?", type=Path, default=default_video)
    parser.add_argument("--minutes", type=float, default=30.0, help="length (default 30)")
    parser.add_argument("--sample-s", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--exercise", default="squat")
    return parser.parse_args()


def main() -> int:
    args = parse_args(__doc__, VIDEO)
    print(f"soak: {args.video.name} looped for {args.minutes:g} min through the pipeline, "
          "in real time", flush=True)  # fmt: skip
    recorder = soak_pipeline(args.video, args.minutes, args.sample_s, args.exercise)
    print(recorder.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
