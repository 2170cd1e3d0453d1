"""The coaching panel: rep counter or hold timer readable from 3 m, messages, danger banner.

Reps and messages come from the session's events (every one, as it happens); the hold timer and
the camera-view prompt follow the frames shown.
"""

from __future__ import annotations

import html
import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coach.coaching.engine import VIEW_CHECK_ID
from coach.coaching.rule_schema import Rule
from coach.events import COUNT_CHECK, CueGiven, HoldEnded, HoldStarted, RepEnded
from coach.i18n import localized
from coach.session import FrameResult

# How long a message stays on screen after it was said, in seconds.
MESSAGE_SHOWN_S = 6.0
SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}
SUMMARY_CUES = 12  # messages listed in the summary; the export has them all
SEVERITY_COLOUR = {"danger": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}


class CoachingPanel(QWidget):
    """Shows the state of the current exercise; `show_result` once per displayed frame."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel(self.tr("Choose an exercise"))
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.counter = QLabel("-")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter.setStyleSheet("font-size: 96px; font-weight: bold;")
        self.detail = QLabel("")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setStyleSheet("font-size: 18px;")
        self.match = QLabel("")  # a hold: how well the pose fits, 0-100
        self.match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.match.setStyleSheet("font-size: 28px; font-weight: bold;")
        self.prompt = QLabel("")
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 20px; color: #ef6c00; font-weight: bold;")
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "font-size: 22px; font-weight: bold; color: white; background: #c62828; padding: 10px;"
        )
        self.banner.hide()
        self.messages = QLabel("")
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.RichText)
        self.messages.setStyleSheet("font-size: 16px;")
        layout = QVBoxLayout(self)
        for widget in (
            self.title,
            self.counter,
            self.detail,
            self.match,
            self.prompt,
            self.banner,
            self.messages,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setMinimumWidth(320)
        self._recent: list[tuple[float, CueGiven]] = []  # (shown at, cue)
        self._rule: Rule | None = None  # the session's rule (names its checks in the summary)

    def start(self, rule: Rule | None) -> None:
        """A new session: the exercise's name and an empty counter."""
        self._rule = rule
        self.title.setText(
            localized(rule.name) if rule is not None else self.tr("Watching (no exercise chosen)")
        )
        self.counter.setText("0" if rule is not None and rule.reps is not None else "-")
        self.detail.setText("")
        self.match.setText("")
        self.prompt.setText("")
        self.banner.hide()
        self.messages.setText("")
        self._recent = []

    def show_result(self, result: FrameResult, rule: Rule | None) -> None:
        """The hold timer and the view prompt of the frame shown; old messages fade out."""
        evaluation = result.evaluation
        if evaluation is None or rule is None:
            return
        self.prompt.setText(evaluation.view_prompt or "")
        if rule.reps is None and evaluation.hold_s is not None:
            current_s, best_s, total_s = evaluation.hold_s
            self.counter.setText(self.tr("{seconds} s").format(seconds=f"{current_s:.0f}"))
            self.detail.setText(
                self.tr("best {best} s   total {total} s").format(
                    best=f"{best_s:.1f}", total=f"{total_s:.1f}"
                )
            )
        if evaluation.fit is not None:
            score = round(100 * evaluation.fit.score)
            self.match.setText(self.tr("Match {score} / 100").format(score=score))
        self._show_messages()

    def show_rep(self, event: RepEnded) -> None:
        """A rep has ended: the count, and how many were good."""
        self.counter.setText(str(event.reps))
        good = event.reps - event.faulty_reps
        self.detail.setText(
            self.tr("good {good}   faulty {faulty}").format(good=good, faulty=event.faulty_reps)
        )

    def show_hold(self, event: HoldStarted | HoldEnded) -> None:
        if isinstance(event, HoldEnded):
            self.counter.setText(self.tr("{seconds} s").format(seconds=f"{event.held_s:.0f}"))

    def show_cue(self, cue: CueGiven) -> None:
        """A message told now: listed by severity for MESSAGE_SHOWN_S, a danger in the banner.
        Counts are on the counter and the camera view has its own line."""
        if cue.check in (COUNT_CHECK, VIEW_CHECK_ID):
            return
        self._recent.append((time.monotonic(), cue))
        self._show_messages()

    def show_summary(self, summary: dict[str, Any]) -> None:
        """The session's end: what was done, what went wrong, what the coach said."""
        duration = f"{summary['duration_s']:.0f}"
        lines = [self.tr("<b>Session summary</b> ({seconds} s)").format(seconds=duration)]
        if "reps" in summary:
            reps = summary["reps"]
            lines.append(
                self.tr("Reps: {total} ({good} good, {faulty} faulty)").format(
                    total=reps["total"], good=reps["good"], faulty=reps["faulty"]
                )
            )
            checks = {c.id: localized(c.message) for c in self._rule.checks} if self._rule else {}
            for check, count in summary.get("faults_by_type", {}).items():
                name = html.escape(checks.get(check, check.replace("_", " ")))
                lines.append(f"&nbsp;&nbsp;{count} \u00d7 {name}")
        if "holds" in summary:
            best = f"{summary['holds']['best_s']:.1f}"
            lines.append(self.tr("Longest hold: {seconds} s").format(seconds=best))
        said = [c for c in summary.get("cues", []) if c["check"] != COUNT_CHECK]
        if said:
            lines.append(self.tr("<b>What the coach told you</b>"))
            for cue in said[:SUMMARY_CUES]:
                colour = SEVERITY_COLOUR[cue["severity"]]
                line = (
                    self.tr("{seconds} s: {message}")
                    if cue["spoken"]
                    else self.tr("{seconds} s: {message} (shown)")
                )
                text = line.format(
                    seconds=f"{cue['time_s']:.1f}", message=html.escape(localized(cue["message"]))
                )
                lines.append(f"<span style='color:{colour}'>{text}</span>")
            if len(said) > SUMMARY_CUES:
                more = len(said) - SUMMARY_CUES
                lines.append(self.tr("\u2026 and %n more (File \u203a Export)", "", more))
        self.prompt.setText("")
        self.banner.hide()
        self.messages.setText("<br>".join(lines))

    def _show_messages(self) -> None:
        now = time.monotonic()
        self._recent = [(t, c) for t, c in self._recent if now - t < MESSAGE_SHOWN_S]
        ordered = sorted(self._recent, key=lambda tc: (SEVERITY_ORDER[tc[1].severity], -tc[0]))
        danger = [c for _, c in ordered if c.severity == "danger"]
        self.banner.setVisible(bool(danger))
        self.banner.setText(localized(danger[0].message) if danger else "")
        lines, seen = [], set()
        for _, cue in ordered:
            if cue.check in seen:
                continue
            seen.add(cue.check)
            colour = SEVERITY_COLOUR[cue.severity]
            lines.append(f"<p style='color:{colour}'>{html.escape(localized(cue.message))}</p>")
        self.messages.setText("".join(lines[:4]))
