"""The exercise's angles over the last 10 s, with the rule's thresholds and target bands.

Curves are created once per session and refreshed from a 10 Hz timer with `setData`; results
only append to ring buffers, so a burst of frames costs no extra drawing.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot

from coach.coaching.rule_schema import Rule
from coach.session import FrameResult
from ui.body_names import measurement_name

WINDOW_S = 10.0
DASHED = Qt.PenStyle.DashLine
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


class AnglePlot(pg.PlotWidget):  # type: ignore[misc]
    """One curve per angle measurement of the rule; a dashed line per rep threshold."""

    def __init__(self) -> None:
        super().__init__(background="w")
        # pyqtgraph's units get SI prefixes ("ks"); the unit is written into the label instead.
        self.setLabel("left", QCoreApplication.translate("AnglePlot", "angle (\u00b0)"))
        self.setLabel("bottom", QCoreApplication.translate("AnglePlot", "time (s)"))
        # Fixed ranges: re-fitting the axes on every update re-lays out their ticks, which
        # under software rendering cost the GUI thread 20 ms and more per redraw.
        self.setYRange(0, 180, padding=0)
        self.setXRange(-WINDOW_S, 0, padding=0)
        self.disableAutoRange()
        self.setMenuEnabled(False)  # pyqtgraph's menu speaks only English; the view is fixed
        # No grid: it doubled the time a redraw takes (4 ms against 2 with the window at rest);
        # the dashed thresholds and the axis ticks are the references that matter.
        self.addLegend(offset=(5, 5), labelTextColor="#333")
        self._times: deque[float] = deque()
        self._series: dict[str, deque[float]] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._rule: Rule | None = None  # the rule drawn
        self._timer = QTimer(self)
        # 10 Hz: with fixed axes a redraw blocks the GUI thread for at most ~15 ms under
        # software rendering; at 20-30 Hz the longest block grew to 19-23 ms (ui/bench.py).
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def start(self, rule: Rule | None) -> None:
        """A new session: one curve per angle of the rule, its thresholds and bands drawn. The
        same rule again only empties the curves (building them takes the GUI thread 15-60 ms)."""
        self._times.clear()
        if rule == self._rule and rule is not None:
            for name, curve in self._curves.items():
                self._series[name].clear()
                curve.setData([], [])
            return
        self._rule = rule
        self.clear()
        self._series, self._curves = {}, {}
        if rule is None:
            return
        for i, (name, m) in enumerate(rule.measurements.items()):
            if m.unit != "deg":
                continue
            self._series[name] = deque()
            pen = pg.mkPen(COLOURS[i % len(COLOURS)], width=2)
            self._curves[name] = self.plot([], [], pen=pen, name=measurement_name(name))
        if rule.reps is not None:
            # Only older rule files have fixed thresholds; reps by range of motion have none.
            levels = (rule.reps.start_above_deg, rule.reps.bottom_below_deg)
            for level in (v for v in levels if v is not None):
                self.addItem(
                    pg.InfiniteLine(pos=level, angle=0, pen=pg.mkPen("#888", style=DASHED))
                )
        if rule.hold is not None:
            for target in rule.hold.targets:
                if target.unit == "deg" and target.measurement in self._series:
                    band = (target.low or 0.0, target.high or 180.0)
                    self.addItem(pg.LinearRegionItem(band, orientation="horizontal", movable=False,
                                                     brush=(120, 200, 120, 40)))  # fmt: skip

    def add(self, result: FrameResult) -> None:
        """Remember one frame's values; drawn on the next timer tick."""
        if result.evaluation is None or not self._series:
            return
        t = result.pose_s  # the time of the frame its values were measured on
        self._times.append(t)
        for name, series in self._series.items():
            value = result.evaluation.values.get(name)
            series.append(np.nan if value is None else value)
        while self._times and t - self._times[0] > WINDOW_S:
            self._times.popleft()
            for series in self._series.values():
                series.popleft()

    def points(self, name: str) -> int:
        """How many values the curve of `name` holds (for tests)."""
        return len(self._series.get(name, ()))

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self._times:
            return
        t = np.fromiter(self._times, float) - self._times[-1]  # seconds before now
        for name, curve in self._curves.items():
            curve.setData(t, np.fromiter(self._series[name], float), connect="finite")
