"""Soak test of the window: a looped video coached and displayed in real time for a long time.

    xvfb-run -a .venv/bin/python -m tools.window_soak [VIDEO] --minutes 10  (make soak-window)

The same samples as `tools.soak` (memory, frames shown, drops, capture-to-display latency, CPU
of the whole app) taken each minute by a timer in the GUI thread, and the same growth and drift
at the end. Frames the display skipped because it was behind show as fewer frames shown; frames
the model did not analyse to stay on time (shown with the latest pose, or skipped) are counted as
dropped.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coach.session import FrameResult
from tools.soak import SoakRecorder, looped_video, parse_args
from tools.window_bench import VIDEO
from ui.main_window import MainWindow


def main() -> int:
    args = parse_args(__doc__, VIDEO)
    app = QApplication(sys.argv[:1])
    print(f"soak: {args.video.name} looped for {args.minutes:g} min through the window, "
          "in real time", flush=True)  # fmt: skip
    with looped_video(args.video, args.minutes * 60.0) as looped:
        window = MainWindow()
        window.select_exercise(args.exercise)
        window.show()
        recorder = SoakRecorder()

        def on_frame_shown(result: FrameResult) -> None:
            recorder.add((time.monotonic() - result.captured_s) * 1000.0, result.dropped)

        def on_sample() -> None:
            sample = recorder.sample()
            print(f"  {sample.elapsed_min:5.1f} min: {sample.rss_mb:.1f} MB", flush=True)

        window.frame_shown.connect(on_frame_shown)
        window.session_finished.connect(app.quit)
        timer = QTimer()
        timer.setInterval(round(args.sample_s * 1000))
        timer.timeout.connect(on_sample)
        timer.start()
        window.start_session(str(looped), realtime=True)
        app.exec()
        timer.stop()
        window.close()
    recorder.finish()
    print(recorder.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
