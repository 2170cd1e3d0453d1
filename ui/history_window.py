"""The History window: training days and streak, trends per exercise, each session's reps and cues.

It reads the training log (coach.history) in the GUI thread: reads are short and, the log being
in WAL mode, never wait for a session that is writing. A 2 s timer asks SQLite whether another
connection wrote (`PRAGMA data_version`, no file read); the window reads the log again then if
it is the active window, or else when it is next activated, so a live session in the main
window never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, Qt, QTime, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.coaching.rule_schema import Rule
from coach.history import History, HistoryError, SessionRecord, streak
from coach.i18n import localized
from coach.report import TRENDS, Period, labels_from_rules, write_report
from ui.language import QT_TRANSLATE_NOOP

POLL_MS = 2000
# The trends' titles and units (coach.report.TRENDS, which also titles the HTML report), for
# pyside6-lupdate; a test checks that every one is translated.
TREND_TEXTS = (
    QT_TRANSLATE_NOOP("HistoryWindow", "Reps per session"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Good reps"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Range of motion"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Depth: lowest angle"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Best hold"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Faults per 10 reps"),
    QT_TRANSLATE_NOOP("HistoryWindow", "reps"),
    QT_TRANSLATE_NOOP("HistoryWindow", "%"),
    QT_TRANSLATE_NOOP("HistoryWindow", "degrees (mean of the reps)"),
    QT_TRANSLATE_NOOP("HistoryWindow", "seconds"),
    QT_TRANSLATE_NOOP("HistoryWindow", "faults"),
)
SEVERITY_NAMES = {
    "info": QT_TRANSLATE_NOOP("HistoryWindow", "tip"),
    "warning": QT_TRANSLATE_NOOP("HistoryWindow", "form fault"),
    "danger": QT_TRANSLATE_NOOP("HistoryWindow", "injury risk"),
}
TRAINED = QColor("#c8e6c9")  # the calendar's training days


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _when(moment: datetime, pattern: str) -> str:
    """A time in the user's language (QLocale's day names: "Mon" or "周一")."""
    shown = QDateTime(_qdate(moment.date()), QTime(moment.hour, moment.minute))  # as recorded
    return QLocale().toString(shown, pattern)


class DateAxis(pg.DateAxisItem):  # type: ignore[misc]
    """The trends' time axis in the user's language: pyqtgraph names months and days with the C
    library's locale (strftime), which need not be the app's."""

    # (least tick spacing in seconds, QLocale pattern), widest first
    PATTERNS = ((365 * 86400, "yyyy"), (28 * 86400, "MMM"), (86400, "ddd d"), (60, "HH:mm"),
                (0, "HH:mm:ss"))  # fmt: skip

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        pattern = next(p for least, p in self.PATTERNS if spacing >= least)
        locale = QLocale()
        return [locale.toString(QDateTime.fromSecsSinceEpoch(int(v)), pattern) for v in values]


class ReportDialog(QDialog):
    """Asks for the report's first and last day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save training report"))
        today = date.today()
        self.since = QDateEdit(_qdate(today - timedelta(days=27)))
        self.until = QDateEdit(_qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        form.addRow(self.tr("From"), self.since)
        form.addRow(self.tr("To (included)"), self.until)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def period(self) -> Period:
        since, until = self.since.date().toPython(), self.until.date().toPython()
        assert isinstance(since, date) and isinstance(until, date)
        return Period(min(since, until), max(since, until))


class HistoryWindow(QMainWindow):
    """Calendar and streak on the left; the exercise's trends and the sessions on the right."""

    refreshed = Signal()  # the window shows the log as it is now

    def __init__(self, rules: Mapping[str, Rule] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("History \u2013 Fitness Coach"))
        self.resize(1150, 800)
        self.names, self.fixes = labels_from_rules(rules or {})
        self.sessions: list[SessionRecord] = []
        self.history: History | None = None
        self.problem: str | None = None  # the log cannot be used (shown in the window)
        self._stale = False  # the log changed while the window was in the background
        self.notice: str | None = None  # the log was damaged and set aside (shown once)
        self._open_log()

        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.streak_label = QLabel()
        self.streak_label.setWordWrap(True)
        self.streak_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left = QVBoxLayout()
        left.addWidget(self.calendar)
        left.addWidget(self.streak_label)
        left.addStretch(1)
        self.report_button = QPushButton(self.tr("Save report\u2026"))
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.forget_button = QPushButton(self.tr("Forget all history\u2026"))
        self.forget_button.clicked.connect(self._on_forget_button_clicked)
        left.addWidget(self.report_button)
        left.addWidget(self.forget_button)

        self.exercise_box = QComboBox()
        self.exercise_box.currentIndexChanged.connect(self._on_exercise_box_changed)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._plot_items: dict[str, pg.PlotItem] = {}
        for i, (title, _value, unit) in enumerate(TRENDS):
            axis = DateAxis(orientation="bottom")
            plot = self.plots.addPlot(
                row=i // 3, col=i % 3, title=self.tr(title), axisItems={"bottom": axis}
            )
            plot.setLabel("left", self.tr(unit))
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.setMenuEnabled(False)  # pyqtgraph's menu speaks only English
            if self._plot_items:  # one time axis for all: a session is at the same x in each
                plot.setXLink(next(iter(self._plot_items.values())))
            self._plot_items[title] = plot
            self.curves[title] = plot.plot(
                [], [], pen=pg.mkPen("#2a6f97", width=2), symbol="o", symbolSize=6,
                symbolBrush="#2a6f97",
            )  # fmt: skip

        columns = (
            self.tr("Date"),
            self.tr("Exercise"),
            self.tr("Reps"),
            self.tr("Good"),
            self.tr("Faulty"),
            self.tr("Best hold"),
            self.tr("Duration"),
            self.tr("Note"),
        )
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.delete_button = QPushButton(self.tr("Delete session\u2026"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.reps_table = QTableWidget(0, 6)
        self.reps_table.setHorizontalHeaderLabels(
            [
                self.tr("Rep"),
                self.tr("Tempo down/up (s)"),
                self.tr("Lowest"),
                self.tr("Highest"),
                self.tr("Range"),
                self.tr("Faults"),
            ]
        )
        self.reps_table.verticalHeader().hide()
        self.reps_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reps_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.reps_table.horizontalHeader().setStretchLastSection(True)
        self.cues_table = QTableWidget(0, 3)
        self.cues_table.setHorizontalHeaderLabels(
            [self.tr("Time (s)"), self.tr("Severity"), self.tr("Cue")]
        )
        self.cues_table.verticalHeader().hide()
        self.cues_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cues_table.horizontalHeader().setStretchLastSection(True)

        sessions_box = QWidget()
        sessions_layout = QVBoxLayout(sessions_box)
        sessions_layout.setContentsMargins(0, 0, 0, 0)
        sessions_layout.addWidget(QLabel(self.tr("Sessions")))
        sessions_layout.addWidget(self.table)
        sessions_layout.addWidget(self.delete_button)
        detail = QSplitter(Qt.Orientation.Vertical)
        detail.addWidget(self.reps_table)
        detail.addWidget(self.cues_table)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(sessions_box)
        lower.addWidget(detail)
        lower.setSizes([620, 420])
        trends = QWidget()
        trends_layout = QVBoxLayout(trends)
        trends_layout.setContentsMargins(0, 0, 0, 0)
        picker = QHBoxLayout()
        picker.addWidget(QLabel(self.tr("Trends of")))
        picker.addWidget(self.exercise_box, stretch=1)
        trends_layout.addLayout(picker)
        trends_layout.addWidget(self.plots)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(trends)
        right.addWidget(lower)
        right.setSizes([380, 420])
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addLayout(left)
        layout.addWidget(right, stretch=1)
        self.setCentralWidget(central)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.refresh()
        if self.notice or self.problem:
            QTimer.singleShot(0, self._show_problem)

    # --- the log ---

    def _open_log(self) -> None:
        try:
            self.history = History()
        except HistoryError as exc:
            self.problem = str(exc)
            return
        self.notice = self.history.notice
        self.history.changed()  # the version seen now

    @Slot()
    def _show_problem(self) -> None:
        QMessageBox.warning(self, self.windowTitle(), self.problem or self.notice or "")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()

    def closeEvent(self, event: object) -> None:
        self._timer.stop()
        if self.history is not None:
            self.history.close()
            self.history = None
        super().closeEvent(event)  # type: ignore[arg-type]

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self.isVisible():
            self._timer.stop()
            return
        try:
            changed = self.history is not None and self.history.changed()
        except HistoryError:
            return  # busy for a moment: asked again at the next tick
        if changed:
            # Only the window in use reads the log again: reading a long log takes the GUI
            # thread 0.1 s and more, which a live session in the main window should not pay
            # at each rep. A window in the background catches up when it is activated.
            if self.isActiveWindow():
                self.refresh()
            else:
                self._stale = True

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the log again and show it, keeping the exercise and session chosen."""
        self._stale = False
        if self.history is not None:
            try:
                self.sessions = self.history.sessions()
                days = self.history.training_days()
            except HistoryError as exc:
                self.statusBar().showMessage(str(exc))
                return
        else:
            self.sessions, days = [], set()
        self._mark_days(days)
        self._show_streak(days)
        self._fill_exercises()
        self._fill_table()
        self._plot()
        self.refreshed.emit()

    def _mark_days(self, days: set[date]) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear the old marks
        trained = QTextCharFormat()
        trained.setBackground(QBrush(TRAINED))
        trained.setFontWeight(QFont.Weight.Bold)
        for day in days:
            self.calendar.setDateTextFormat(_qdate(day), trained)
        self.trained_days = days

    def _show_streak(self, days: set[date]) -> None:
        if self.problem is not None:
            self.streak_label.setText(
                self.tr("<b>The training log cannot be read.</b><br>{problem}").format(
                    problem=self.problem
                )
            )
            return
        today = date.today()
        run = streak(days, today)
        month = sum(1 for d in days if (d.year, d.month) == (today.year, today.month))
        lines = (
            self.tr("<b>Streak: %n day(s)</b>", "", run),
            self.tr("%n training day(s) this month", "", month),
            self.tr("%n training day(s) in all", "", len(days)),
            "<span style='color:#666'>{}</span>".format(
                self.tr("Training days are green. Kept on this computer only.")
            ),
        )
        self.streak_label.setText("<br>".join(lines))

    def _fill_exercises(self) -> None:
        current = self.exercise_box.currentData()
        found = {s.exercise for s in self.sessions if s.exercise is not None}
        exercises = sorted(found, key=lambda x: self._name(x).lower())
        self.exercise_box.blockSignals(True)
        self.exercise_box.clear()
        for exercise in exercises:
            self.exercise_box.addItem(self._name(exercise), exercise)
        if not exercises:
            self.exercise_box.addItem(self.tr("No sessions recorded yet"), None)
        index = self.exercise_box.findData(current)
        if index < 0 and self.sessions:  # the exercise trained last
            latest = next((s.exercise for s in reversed(self.sessions) if s.exercise), None)
            index = self.exercise_box.findData(latest)
        self.exercise_box.setCurrentIndex(max(0, index))
        self.exercise_box.blockSignals(False)

    def _name(self, exercise: str | None) -> str:
        if exercise is None:
            return self.tr("No exercise")
        return localized(self.names.get(exercise, exercise))

    def _fault(self, exercise: str | None, check: str) -> str:
        """A fault by its check's message (the rule's), else by its id in words."""
        message = self.fixes.get((exercise or "", check))
        return localized(message) if message else check.replace("_", " ")

    def _fill_table(self) -> None:
        selected = self.selected_session()
        self.table.setRowCount(0)
        newest_first = list(reversed(self.sessions))
        for row, s in enumerate(newest_first):
            self.table.insertRow(row)
            minutes, seconds = divmod(int(s.duration_s), 60)
            hold = ""
            if s.best_hold_s is not None:
                hold = self.tr("{seconds} s").format(seconds=f"{s.best_hold_s:.1f}")
            note = self.tr("cut short") if not s.finished else (s.failure or "")
            cells = [
                _item(_when(s.started_at, "ddd yyyy-MM-dd HH:mm")),
                _item(self._name(s.exercise)),
                _item(str(len(s.reps)), True),
                _item(str(len(s.reps) - s.faulty_reps), True),
                _item(str(s.faulty_reps), True),
                _item(hold, True),
                _item(f"{minutes}:{seconds:02d}", True),
                _item(note),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, s.id)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        if selected is not None:
            self.select_session(selected.id)
        self._on_table_selection_changed()

    def _plot(self) -> None:
        exercise = self.exercise_box.currentData()
        mine = [s for s in self.sessions if s.exercise == exercise and exercise is not None]
        for title, value, _unit in TRENDS:
            points = [(s.started_at.timestamp(), v) for s in mine if (v := value(s)) is not None]
            self.curves[title].setData([p[0] for p in points], [p[1] for p in points])
            # From zero (every trend is a count, a share or an angle): a flat series of zeros
            # shows as zero, not as noise magnified around it.
            top = max((p[1] for p in points), default=1.0)
            self._plot_items[title].setYRange(0, top * 1.15 if top > 0 else 1.0, padding=0)

    def trend(self, title: str) -> list[float]:
        """The values plotted in the trend `title` (what the user sees), oldest first."""
        _x, y = self.curves[title].getData()
        return [] if y is None else [float(v) for v in y]

    # --- sessions ---

    def selected_session(self) -> SessionRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        session_id = self._session_id(rows[0].row())
        return next((s for s in self.sessions if s.id == session_id), None)

    def _session_id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def select_session(self, session_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self._session_id(row) == session_id:
                self.table.selectRow(row)
                return

    @Slot()
    def _on_table_selection_changed(self) -> None:
        session = self.selected_session()
        self.delete_button.setEnabled(session is not None and self.history is not None)
        self.reps_table.setRowCount(0)
        self.cues_table.setRowCount(0)
        if session is None:
            return
        for row, r in enumerate(session.reps):
            self.reps_table.insertRow(row)
            ranged = f"{r.range_deg:.0f}\u00b0" if r.range_deg is not None else ""
            highest = f"{r.highest_deg:.0f}\u00b0" if r.highest_deg is not None else ""
            cells = [
                _item(str(r.index), True),
                _item(f"{r.bottom_s - r.start_s:.1f} / {r.end_s - r.bottom_s:.1f}", True),
                _item(f"{r.lowest_deg:.0f}\u00b0", True),
                _item(highest, True),
                _item(ranged, True),
                _item(
                    ", ".join(self._fault(session.exercise, f) for f in r.faults) or self.tr("good")
                ),
            ]
            for column, cell in enumerate(cells):
                self.reps_table.setItem(row, column, cell)
        for row, c in enumerate(session.cues):
            self.cues_table.insertRow(row)
            severity = self.tr(SEVERITY_NAMES.get(c.severity, c.severity))
            for column, text in enumerate((f"{c.time_s:.1f}", severity, localized(c.message))):
                self.cues_table.setItem(row, column, _item(text, column == 0))

    @Slot(QDate)
    def _on_calendar_clicked(self, day: QDate) -> None:
        """Select the day's first session."""
        picked = day.toPython()
        for s in self.sessions:
            if s.day == picked:
                self.select_session(s.id)
                return

    @Slot()
    def _on_exercise_box_changed(self) -> None:
        self._plot()

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        session = self.selected_session()
        if session is None or self.history is None:
            return
        question = self.tr(
            "Delete the {exercise} session of {time} (%n reps)? This cannot be undone.",
            "",
            len(session.reps),
        )
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            question.format(
                exercise=self._name(session.exercise),
                time=_when(session.started_at, "dddd yyyy-MM-dd HH:mm"),
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_session(session.id)

    def delete_session(self, session_id: int) -> None:
        assert self.history is not None
        try:
            self.history.delete_session(session_id)
        except HistoryError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.refresh()
        self.statusBar().showMessage(self.tr("Session deleted"))

    @Slot()
    def _on_forget_button_clicked(self) -> None:
        if self.history is None:
            return
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr(
                "Forget all %n sessions of your training history? Their reps, holds and cues "
                "are erased from this computer. This cannot be undone.",
                "",
                len(self.sessions),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            count = self.history.forget_all()
        except HistoryError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.refresh()
        self.statusBar().showMessage(self.tr("%n sessions forgotten", "", count))

    @Slot()
    def _on_report_button_clicked(self) -> None:
        dialog = ReportDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        period = dialog.period()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save training report"),
            f"training-report-{period.since}-{period.until}.html",
            self.tr("Web page (*.html)"),
        )
        if path:
            self.save_report(Path(path), period)

    def save_report(self, path: Path, period: Period) -> bool:
        """Write the report; a message (not an exception) when it cannot be."""
        if self.history is None:
            problem = self.problem or self.tr("The training log cannot be read.")
            QMessageBox.warning(self, self.windowTitle(), problem)
            return False
        if path.suffix.lower() not in (".html", ".htm"):
            path = path.with_name(path.name + ".html")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # plots take 1-3 s
        try:
            count = write_report(path, self.history, period, self.names, self.fixes)
        except (HistoryError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            reason = getattr(exc, "strerror", None) or str(exc)
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("{path}: cannot write the report ({reason})").format(
                    path=path, reason=reason
                ),
            )
            return False
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(
            self.tr("Report saved: {path} (%n sessions)", "", count).format(path=path)
        )
        self.last_report = path
        return True
