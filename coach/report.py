"""The training report: one self-contained HTML file for a date range of the training log.

It opens in any browser without a network: the plots are PNG images embedded as data: URIs
(matplotlib's Agg canvas, no window), the styles are inline. It has the period's totals beside
those of the previous period of the same length, per exercise the trends over the sessions and
a table of progress, the faults that recur with the message that fixes each, and the sessions.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from coach.coaching.rule_schema import Rule
from coach.history import History, SessionRecord
from coach.i18n import N_, catalog, language, localized
from coach.i18n import gettext as _
from coach.storage import write_bytes

DASH = "\u2013"  # an en dash: no value
# strftime formats, translated (message ids): a day, a moment, a session's start
DAY_FORMAT = N_("%d %b %Y")
MOMENT_FORMAT = N_("%d %b %Y %H:%M")
SESSION_FORMAT = N_("%a %d %b %Y %H:%M")
# (exercise id, check id) -> the rule's message for that check, for faults never said aloud
FixMessages = Mapping[tuple[str, str], str]


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # included

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.since - timedelta(days=self.days), self.since - timedelta(days=1))

    def label(self) -> str:
        day = _(DAY_FORMAT)
        return f"{self.since.strftime(day)} \u2013 {self.until.strftime(day)}"


@dataclass(frozen=True)
class Totals:
    """What a period's sessions add up to."""

    sessions: int
    days: int
    reps: int
    good_share: float | None
    minutes: float
    best_hold_s: float | None
    faults_per_10_reps: float | None

    @classmethod
    def of(cls, sessions: Sequence[SessionRecord]) -> Totals:
        reps = [r for s in sessions for r in s.reps]
        holds = [h for s in sessions if (h := s.best_hold_s) is not None]
        return cls(
            sessions=len(sessions),
            days=len({s.day for s in sessions}),
            reps=len(reps),
            good_share=sum(1 for r in reps if not r.faults) / len(reps) if reps else None,
            minutes=sum(s.duration_s for s in sessions) / 60.0,
            best_hold_s=max(holds) if holds else None,
            faults_per_10_reps=10.0 * sum(len(r.faults) for r in reps) / len(reps)
            if reps
            else None,
        )


def _fmt(value: float | None, pattern: str) -> str:
    return DASH if value is None else pattern.format(value)


def _change(now: float | None, before: float | None, pattern: str, better_up: bool = True) -> str:
    """The change from the previous period, coloured by whether it is progress."""
    if now is None or before is None:
        return f'<span class="same">{DASH}</span>'
    delta = now - before
    if pattern.format(abs(delta)) == pattern.format(0.0):  # no change that the figures show
        return '<span class="same">no change</span>'
    good = (delta > 0) == better_up
    text = ("+" if delta > 0 else "\u2212") + pattern.format(abs(delta))
    return f'<span class="{"up" if good else "down"}">{html.escape(text)}</span>'


def _png(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# The trends plotted per exercise: title, value of a session, y-axis label.
# (Titles and labels are message ids, translated when plotted.)
TRENDS: list[tuple[str, Callable[[SessionRecord], float | None], str]] = [
    (N_("Reps per session"), lambda s: float(len(s.reps)) if s.reps else None, N_("reps")),
    (N_("Good reps"), lambda s: None if s.good_share is None else 100 * s.good_share, "%"),
    (N_("Range of motion"), lambda s: s.mean_range_deg, N_("degrees (mean of the reps)")),
    (N_("Depth: lowest angle"), lambda s: s.mean_lowest_deg, N_("degrees (mean of the reps)")),
    (N_("Best hold"), lambda s: s.best_hold_s, N_("seconds")),
    (N_("Faults per 10 reps"), lambda s: s.faults_per_10_reps, N_("faults")),
]


# Fonts that draw Chinese (from the system's fonts), tried after matplotlib's own for a glyph
# it lacks.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")  # fmt: skip


def _plot_fonts() -> list[str]:
    """matplotlib's font, then the installed fonts that draw Chinese."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in CJK_FONTS if name in installed)]


def trend_plot(sessions: Sequence[SessionRecord]) -> str | None:
    """The exercise's trends over its sessions as a PNG data: URI; None if nothing to plot.
    Titled in the user's language, or in English where no installed font draws Chinese."""
    fonts = _plot_fonts()
    words = catalog("en" if language() == "zh_CN" and len(fonts) == 1 else None).gettext
    with rc_context({"font.family": fonts}):
        return _trend_plot(sessions, words)


def _trend_plot(sessions: Sequence[SessionRecord], words: Callable[[str], str]) -> str | None:
    series = []
    for name, value, unit in TRENDS:
        points = [(s.started_at, v) for s in sessions if (v := value(s)) is not None]
        if points:
            series.append((name, unit, points))
    if not series:
        return None
    columns = 2
    rows = (len(series) + 1) // columns
    figure = Figure(figsize=(10, 2.8 * rows))
    for i, (name, unit, points) in enumerate(series):
        axes = figure.add_subplot(rows, columns, i + 1)
        times = [t.replace(tzinfo=None) for t, _ in points]  # local wall-clock time
        axes.plot(times, [v for _, v in points], marker="o", color="#2a6f97")  # type: ignore[arg-type]
        axes.set_title(words(name), fontsize=11)
        axes.set_ylabel(words(unit), fontsize=9)
        axes.grid(alpha=0.3)
        # From zero: every trend is a count, a share or an angle, and a flat series of zeros
        # should read as zero rather than as noise magnified around it.
        top = max(v for _, v in points)
        axes.set_ylim(0, top * 1.15 if top > 0 else 1.0)
        locator = AutoDateLocator()  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    figure.tight_layout()
    return _png(figure)


def recurring_faults(
    sessions: Sequence[SessionRecord], fixes: FixMessages
) -> list[tuple[str, str, int, int, str]]:
    """Faults seen in two reps or more: (exercise, check, reps, sessions, the message that
    fixes it), most frequent first. The message is the one the coach gave for it, else the
    rule's."""
    reps: Counter[tuple[str, str]] = Counter()
    in_sessions: Counter[tuple[str, str]] = Counter()
    said: dict[tuple[str, str], str] = {}
    for s in sessions:
        exercise = s.exercise or ""
        seen = {(exercise, f) for r in s.reps for f in r.faults}
        reps.update((exercise, f) for r in s.reps for f in r.faults)
        in_sessions.update(seen)
        for cue in s.cues:
            said[(exercise, cue.check)] = cue.message
    out = []
    for key, count in reps.most_common():
        if count < 2:
            continue
        message = said.get(key) or fixes.get(key) or _("(no message recorded)")
        out.append((key[0], key[1], count, in_sessions[key], message))
    return out


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2em; } .note { color: #666; }
table { border-collapse: collapse; margin: 0.6em 0 1.6em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.when { white-space: nowrap; }
table.sessions { font-size: 0.9em; }
th { background: #f2f5f8; }
.up { color: #1b7f3b; } .down { color: #b3261e; } .same { color: #666; }
img { max-width: 100%; }
"""


def render_report(
    history: History,
    period: Period,
    names: Mapping[str, str] | None = None,
    fixes: FixMessages | None = None,
    generated: datetime | None = None,
) -> str:
    """The report for `period` as HTML. `names` maps exercise ids to names."""
    names = names or {}
    fixes = fixes or {}
    now = history.sessions(since=period.since, until=period.until)
    before = history.sessions(since=period.previous().since, until=period.previous().until)
    generated = generated or datetime.now().astimezone()
    e = html.escape

    def name(exercise: str | None) -> str:
        return e(names.get(exercise, exercise) if exercise else _("no exercise"))

    header = (_("This period"), _("Previous period"), _("Change"))
    columns = "".join(f"<th>{e(text)}</th>" for text in header)
    seconds = _("{:.1f} s")
    parts = [
        f"<!DOCTYPE html><html lang='{language().replace('_', '-')}'><head><meta charset='utf-8'>",
        f"<title>{e(_('Training report'))} {e(period.label())}</title><style>{_STYLE}</style>"
        "</head><body>",
        f"<h1>{e(_('Training report'))}</h1><p class='note'>"
        + e(
            _(
                "{period} ({days} days), compared with {previous}. Made on {made} from the "
                "training log on this computer; nothing was sent anywhere."
            ).format(
                period=period.label(),
                days=period.days,
                previous=period.previous().label(),
                made=generated.strftime(_(MOMENT_FORMAT)),
            )
        )
        + "</p>",
    ]
    if not now:
        parts.append(
            f"<p>{e(_('No sessions between {period}.').format(period=period.label()))}</p>"
        )
    t, p = Totals.of(now), Totals.of(before)
    parts += [
        f"<h2>{e(_('Progress'))}</h2><table><tr><th>{e(_('All exercises'))}</th>{columns}</tr>",
        _row(_("Sessions"), t.sessions, p.sessions, "{:.0f}"),
        _row(_("Training days"), t.days, p.days, "{:.0f}"),
        _row(_("Time training"), t.minutes, p.minutes, _("{:.0f} min")),
        _row(_("Reps"), t.reps, p.reps, "{:.0f}"),
        _row(_("Good reps"), _pct(t.good_share), _pct(p.good_share), "{:.0f} %"),
        _row(_("Faults per 10 reps"), t.faults_per_10_reps, p.faults_per_10_reps, "{:.1f}", False),
        _row(_("Best hold"), t.best_hold_s, p.best_hold_s, seconds),
        "</table>",
    ]
    exercises = sorted({s.exercise for s in now if s.exercise}, key=lambda x: names.get(x, x))
    for exercise in exercises:
        mine = [s for s in now if s.exercise == exercise]
        theirs = [s for s in before if s.exercise == exercise]
        a, b = Totals.of(mine), Totals.of(theirs)
        parts.append(f"<h2>{name(exercise)}</h2>")
        plot = trend_plot(mine)
        if plot is not None:
            alt = e(_("Trends of {exercise}").format(exercise=names.get(exercise, exercise)))
            parts.append(f"<img alt='{alt}' src='{plot}'>")
        ranges = [v for s in mine if (v := s.mean_range_deg) is not None]
        old_ranges = [v for s in theirs if (v := s.mean_range_deg) is not None]
        parts += [
            f"<table><tr><th></th>{columns}</tr>",
            _row(_("Sessions"), a.sessions, b.sessions, "{:.0f}"),
            _row(_("Reps"), a.reps or None, b.reps or None, "{:.0f}"),
            _row(_("Good reps"), _pct(a.good_share), _pct(b.good_share), "{:.0f} %"),
            _row(_("Range of motion"), _mean(ranges), _mean(old_ranges), "{:.0f}°"),
            _row(
                _("Faults per 10 reps"), a.faults_per_10_reps, b.faults_per_10_reps, "{:.1f}", False
            ),
            _row(_("Best hold"), a.best_hold_s, b.best_hold_s, seconds),
            "</table>",
        ]
    faults = recurring_faults(now, fixes)
    parts.append(f"<h2>{e(_('Faults that recur'))}</h2>")
    if faults:
        parts.append(
            f"<table><tr><th>{e(_('Exercise'))}</th><th class='text'>{e(_('Fault'))}</th>"
            f"<th>{e(_('Reps'))}</th><th>{e(_('Sessions'))}</th>"
            f"<th class='text'>{e(_('What fixes it'))}</th></tr>"
        )
        for exercise, check, reps, sessions, message in faults:
            parts.append(
                f"<tr><td>{name(exercise)}</td><td class='text'>{e(check.replace('_', ' '))}</td>"
                f"<td>{reps}</td><td>{sessions}</td><td class='text'>{e(message)}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append(f"<p>{e(_('No fault came back in more than one rep.'))}</p>")
    titles = [_("Date"), _("Exercise"), _("Source"), _("Duration"), _("Reps"), _("Good"),
              _("Faulty"), _("Range"), _("Best hold"), _("Cues"), _("Note")]  # fmt: skip
    parts.append(
        f"<h2>{e(_('Sessions'))}</h2><table class='sessions'><tr>"
        + "".join(
            f"<th class='text'>{e(t)}</th>" if i in (1, 2) else f"<th>{e(t)}</th>"
            for i, t in enumerate(titles)
        )
        + "</tr>"
    )
    for s in now:
        note = _("cut short") if not s.finished else (s.failure or "")
        parts.append(
            f"<tr><td class='when'>{e(s.started_at.strftime(_(SESSION_FORMAT)))}</td>"
            f"<td class='text'>{name(s.exercise)}</td><td class='text'>"
            f"{e(_source(s))}</td>"
            f"<td>{_minutes(s.duration_s)}</td><td>{len(s.reps)}</td>"
            f"<td>{len(s.reps) - s.faulty_reps}</td><td>{s.faulty_reps}</td>"
            f"<td>{_fmt(s.mean_range_deg, '{:.0f}°')}</td><td>{_fmt(s.best_hold_s, seconds)}"
            f"</td><td>{len(s.cues)}</td><td class='text'>{e(note)}</td></tr>"
        )
    parts.append("</table></body></html>\n")
    return "\n".join(parts)


def _source(session: SessionRecord) -> str:
    """A file's name, or the camera."""
    if session.source_kind == "camera":
        return _("camera {index}").format(index=session.source)
    return Path(session.source).name or session.source


def _pct(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _row(
    label: str, now: float | None, before: float | None, pattern: str, better_up: bool = True
) -> str:
    """A row of a progress table; none when neither period has the figure (reps of a hold)."""
    if now is None and before is None:
        return ""
    return (
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(_fmt(now, pattern))}</td>"
        f"<td>{html.escape(_fmt(before, pattern))}</td>"
        f"<td>{_change(now, before, pattern, better_up)}</td></tr>"
    )


def labels_from_rules(
    rules: Mapping[str, Rule],
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The exercises' names by id, and each check's message by (exercise, check)."""
    names = {rule_id: localized(rule.name) for rule_id, rule in rules.items()}
    fixes = {
        (rule_id, c.id): localized(c.message)
        for rule_id, rule in rules.items()
        for c in rule.checks
    }
    return names, fixes


def write_report(
    path: Path,
    history: History,
    period: Period,
    names: Mapping[str, str] | None = None,
    fixes: FixMessages | None = None,
) -> int:
    """Write the report atomically; how many sessions it covers."""
    text = render_report(history, period, names, fixes)
    write_bytes(path, text.encode("utf-8"))
    return len(history.sessions(since=period.since, until=period.until))
