"""The command line of the training log: `history`, `report`, and `analyze --record`'s writing.

`fitness-coach history [--exercise ID] [--since DATE] [--until DATE] [--json]` lists the
sessions, one line each (or JSON with their reps, holds and cues);
`fitness-coach report [--since DATE] [--until DATE] --out FILE.html` writes the training report.
Bad arguments exit with status 2 and one line on stderr, as the rest of the command does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.history import History, HistoryError
from coach.history_recorder import SessionRecorder
from coach.i18n import gettext as _
from coach.i18n import ngettext
from coach.report import Period, labels_from_rules, write_report
from coach.storage import user_rules_dir

EXIT_OK = 0
EXIT_USAGE = 2
REPORT_DAYS = 28  # the report's period when --since is not given


class HistoryUsageError(Exception):
    """A bad argument, or a log that cannot be read: one line, exit status 2."""


def _day(text: str) -> date:
    """An argparse type: a date as YYYY-MM-DD, `today`, or `-N` (N days ago)."""
    today = date.today()
    if text == "today":
        return today
    if text.startswith("-") and text[1:].isdigit():
        return today - timedelta(days=int(text[1:]))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _(
                "'{text}' is not a date: give YYYY-MM-DD (e.g. 2026-11-01), today, or -N for N "
                "days ago"
            ).format(text=text)
        ) from None


def add_history_commands(commands: Any) -> None:
    """Add `history` and `report` to the command's subparsers."""
    history = commands.add_parser(
        "history",
        help=_("list the sessions in the training log"),
        description=_(
            "Sessions recorded by the window (and by analyze --record), oldest first. "
            "The log is kept in the config folder and never leaves this computer."
        ),
    )
    history.add_argument("--exercise", metavar="ID", help=_("only this exercise (a rule id)"))
    history.add_argument("--since", type=_day, metavar="DATE", help=_("from this day (YYYY-MM-DD)"))
    history.add_argument("--until", type=_day, metavar="DATE", help=_("up to this day, included"))
    history.add_argument(
        "--json",
        action="store_true",
        help=_("JSON on stdout: each session with its reps and cues"),
    )
    report = commands.add_parser(
        "report",
        help=_("write a training report (HTML) for a date range"),
        description=_(
            "An HTML file that opens in any browser: plots, progress against the "
            "previous period of the same length, recurring faults and what fixes them, sessions."
        ),
    )
    report.add_argument(
        "--since",
        type=_day,
        metavar="DATE",
        help=_("first day (default: {days} days back)").format(days=REPORT_DAYS),
    )
    report.add_argument("--until", type=_day, metavar="DATE", help=_("last day (default: today)"))
    report.add_argument(
        "--out", type=Path, required=True, metavar="FILE.html", help=_("the report")
    )


def _open_log() -> History:
    try:
        return History()
    except HistoryError as exc:
        raise HistoryUsageError(str(exc)) from None


def _rules_labels() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Names and check messages of the built-in and the user's rules (problems are ignored:
    the log is readable without them)."""
    return labels_from_rules(load_rules(BUILTIN_RULES, user_rules_dir()).rules)


def session_line(session: Any, names: Mapping[str, str]) -> str:
    """One line for a session: when, what, how many reps (or the best hold), how long."""
    what = names.get(session.exercise, session.exercise) if session.exercise else _("no exercise")
    if session.reps:
        result = ngettext(
            "{reps} rep ({faulty} with faults)",
            "{reps} reps ({faulty} with faults)",
            len(session.reps),
        ).format(reps=len(session.reps), faulty=session.faulty_reps)
    elif session.best_hold_s is not None:
        result = _("best hold {seconds:.1f} s").format(seconds=session.best_hold_s)
    else:
        result = _("no reps")
    minutes, seconds = divmod(int(session.duration_s), 60)
    note = "" if session.finished else _("  [cut short]")
    source = Path(session.source).name or session.source
    return (
        f"#{session.id:<5} {session.started_at:%Y-%m-%d %H:%M}  {what:<18} {result:<26} "
        f"{minutes}:{seconds:02d}  {session.source_kind} {source}{note}"
    )


def run_history(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        print(_after(args.since, args.until), file=sys.stderr)
        return EXIT_USAGE
    try:
        with _open_log() as history:
            sessions = history.sessions(args.exercise, args.since, args.until)
    except (HistoryUsageError, HistoryError) as exc:
        print(f"fitness-coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        json.dump([s.to_json() for s in sessions], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return EXIT_OK
    names, _fixes = _rules_labels()
    for session in sessions:
        print(session_line(session, names))
    if not sessions:
        print(
            _("No sessions recorded for these choices.")
            if _filtered(args)
            else _("No sessions recorded yet.")
        )
    return EXIT_OK


def _after(since: date, until: date) -> str:
    return _("fitness-coach: --since {since} is after --until {until}").format(
        since=since, until=until
    )


def _filtered(args: argparse.Namespace) -> bool:
    return bool(args.exercise or args.since or args.until)


def run_report(args: argparse.Namespace) -> int:
    until = args.until or date.today()
    since = args.since or until - timedelta(days=REPORT_DAYS - 1)
    if since > until:
        print(_after(since, until), file=sys.stderr)
        return EXIT_USAGE
    if args.out.suffix.lower() not in (".html", ".htm"):
        print(
            _("fitness-coach: {path}: the report is HTML: name it *.html").format(path=args.out),
            file=sys.stderr,
        )
        return EXIT_USAGE
    names, fixes = _rules_labels()
    try:
        with _open_log() as history:
            count = write_report(args.out, history, Period(since, until), names, fixes)
    except (HistoryUsageError, HistoryError) as exc:
        print(f"fitness-coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(
            _("fitness-coach: {path}: cannot write it ({reason})").format(
                path=args.out, reason=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(
        ngettext(
            "{path}: {count} session from {since} to {until}",
            "{path}: {count} sessions from {since} to {until}",
            count,
        ).format(path=args.out, count=count, since=since, until=until)
    )
    return EXIT_OK


def analysis_recorder(smoothing: str) -> SessionRecorder:
    """The recorder that keeps a video analysis (`analyze --record`) in the training log as it
    runs; its `problem`, if any, says why it could not."""
    return SessionRecorder(settings={"smoothing": smoothing, "by": "analyze"})
