"""The desktop app's entry point: `fitness-coach` without a command opens the window."""

from __future__ import annotations

import argparse
import gc
import sys

from PySide6.QtWidgets import QApplication

from coach.settings import saved_language
from ui.language import use_language
from ui.main_window import APP_NAME, MainWindow


def settle() -> None:
    """Once the window is built: the objects made so far (Qt's wrappers, the rules, the
    libraries' modules, about 160 000) are kept out of the garbage collector's full passes, which
    otherwise scan them all and stop the GUI thread for 60-140 ms now and then in the middle of
    a workout (measured with make bench-window). They live as long as the app anyway."""
    gc.collect()
    gc.freeze()


def run(args: argparse.Namespace) -> int:
    """Start the app and return its exit status when the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    # Before the rules and the window are built; --lang, when given, wins over the setting.
    use_language(app, getattr(args, "lang", None) or saved_language())
    window = MainWindow()
    if args.window_exercise:
        try:
            window.select_exercise(args.window_exercise)
        except KeyError:
            known = ", ".join(sorted(window.rules))  # built-in and the user's
            message = QApplication.translate("app", "unknown exercise '{exercise}'; known: {known}")
            print(
                f"fitness-coach: {message.format(exercise=args.window_exercise, known=known)}",
                file=sys.stderr,
            )
            window.shutdown()
            return 2
    window.summary_path = args.summary_json
    window.exit_when_done = args.exit_when_done
    settle()
    try:
        window.show()
        if args.source:
            window.open_file(args.source)
        return int(app.exec())
    finally:
        window.shutdown()  # whatever happened, no thread outlives the window
