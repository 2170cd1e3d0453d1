"""The `fitness-coach` command: `analyze` photos and videos headless, or start the window.

Exit status: 0 on success, 2 for bad arguments or an input that cannot be read (one line on
stderr naming the file and the reason, never a traceback), 1 for an unexpected internal error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from coach import __version__
from coach.analysis import analyze_photo, analyze_video, write_photo_outputs
from coach.coaching.rule_loader import BUILTIN_RULES, RuleError, load_rule, load_rules
from coach.coaching.rule_schema import Rule
from coach.history_commands import (
    add_history_commands,
    analysis_recorder,
    run_history,
    run_report,
)
from coach.i18n import LANGUAGES, localized, ngettext, set_language, stdlib_messages
from coach.i18n import gettext as _
from coach.session import SessionSettings
from coach.settings import saved_language
from coach.storage import write_json
from coach.vision.pose import MediaPipeEstimator, PoseModelError
from coach.vision.smoothing import DEFAULT_SMOOTHING, SMOOTHING_METHODS
from coach.vision.sources import SourceError, VideoFileSource, media_files, media_kind

log = logging.getLogger(__name__)


class _StderrHandler(logging.StreamHandler[TextIO]):
    """A log handler that writes to whatever sys.stderr is when a message comes."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


# Warnings of the core (a truncated video, a skipped photo) reach stderr as one line each.
_STDERR_HANDLER = _StderrHandler()
_STDERR_HANDLER.setFormatter(logging.Formatter("fitness-coach: %(message)s"))

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2

# Files this command writes next to its inputs, skipped when a folder is analysed again.
ANNOTATED_SUFFIX = ".annotated"


class UsageError(Exception):
    """A bad argument or unreadable input: reported as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fitness-coach",
        description=_(
            "Fitness Coach: a webcam fitness coach that runs on your own computer. "
            "Without a command it opens the window."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("the language of messages and help (default: the system's)"),
    )
    parser.add_argument(
        "--source",
        metavar="CAMERA_OR_FILE",
        help=_("open this in the window at start: a camera index (0), a video or a photo"),
    )
    parser.add_argument(
        "--exercise",
        dest="window_exercise",
        metavar="ID",
        help=_("the exercise to coach in the window"),
    )
    parser.add_argument(
        "--summary-json",
        type=Path,
        metavar="FILE",
        help=_("write the session summary here when it ends"),
    )
    parser.add_argument(
        "--exit-when-done",
        action="store_true",
        help=_("close the window when the video has played"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    analyze = commands.add_parser(
        "analyze",
        help=_("find the pose in photos and videos; write JSON, CSV and annotated images"),
        description=_(
            "Photos give <stem>.json and <stem>.annotated.png; videos give <stem>.csv "
            "(one row per frame) and <stem>.json (a summary). Folders are processed file by file."
        ),
    )
    analyze.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help=_("photo, video or folder")
    )
    analyze.add_argument(
        "--out", type=Path, metavar="DIR", help=_("output folder (default: beside each input)")
    )
    analyze.add_argument(
        "--json", type=Path, metavar="FILE", help=_("the JSON file (one input only)")
    )
    analyze.add_argument(
        "--csv", type=Path, metavar="FILE", help=_("the per-frame CSV (one video only)")
    )
    analyze.add_argument(
        "--annotated",
        type=Path,
        metavar="FILE",
        help=_("the annotated PNG (photo) or MP4 (video; written only when asked), one input only"),
    )
    analyze.add_argument("--no-progress", action="store_true", help=_("no progress bar on stderr"))
    analyze.add_argument(
        "--model",
        type=Path,
        metavar="FILE.task",
        help=_("a MediaPipe pose landmarker .task model to use instead of the bundled full model"),
    )
    analyze.add_argument(
        "--smoothing",
        choices=SMOOTHING_METHODS,
        default=DEFAULT_SMOOTHING,
        help=_(
            "how video landmarks are smoothed over time (default: {default}; see docs/smoothing.md)"
        ).format(default=DEFAULT_SMOOTHING),
    )
    analyze.add_argument(
        "--exercise",
        metavar="ID",
        help=_(
            "judge the video against this exercise rule: reps or hold times, faults and "
            "feedback in the JSON; photos: which pose it is and the checks it fails (`auto`: "
            "the pose found); see `fitness-coach rules list`"
        ),
    )
    analyze.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help=_("a folder of your own rule files (add or override)"),
    )
    analyze.add_argument(
        "--record",
        action="store_true",
        help=_(
            "keep the video's reps and feedback in the training log (needs --exercise; see "
            "`fitness-coach history`)"
        ),
    )
    analyze.add_argument("-v", "--verbose", action="store_true", help=_("log details to stderr"))
    rules = commands.add_parser("rules", help=_("list or check exercise rule files"))
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = rules_commands.add_parser(
        "check", help=_("validate rule files (default: the built-in)")
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help=_("rule files or folders")
    )
    rules_commands.add_parser("list", help=_("the built-in rules: id and name"))
    add_history_commands(commands)
    poses = commands.add_parser("poses", help=_("pose templates: a hold rule from a photo"))
    poses_commands = poses.add_subparsers(dest="poses_command", metavar="ACTION", required=True)
    add = poses_commands.add_parser(
        "add",
        help=_("write a hold rule whose targets are the pose in a photo (docs/rules.md)"),
        description=_(
            "The photo must show one person with the trunk and at least three limbs in view. "
            "The rule matches the pose done on either side."
        ),
    )
    add.add_argument("photo", type=Path, metavar="PHOTO")
    add.add_argument("--id", required=True, help=_("the rule's id: lowercase letters, digits, _"))
    add.add_argument("--name", required=True, help=_("the name shown in the exercise picker"))
    add.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help=_("where to write it (default: your rules folder)"),
    )
    add.add_argument(
        "--arms",
        action="store_true",
        help=_(
            "the arms' angles are targets too (by default only the legs and trunk are: "
            "people hold most poses with their arms in different places)"
        ),
    )
    return parser


@dataclass(frozen=True)
class Job:
    """One input file and where its outputs go."""

    path: Path
    is_video: bool
    json_path: Path
    csv_path: Path | None
    annotated_path: Path | None


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Input files: files as given, folders replaced by the photos and videos inside them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [
                p
                for p in media_files(path)
                if not p.stem.endswith(ANNOTATED_SUFFIX)  # our own output from an earlier run
            ]
            if not found:
                raise UsageError(_("{path}: no photos or videos in this folder").format(path=path))
            files += found
        elif not path.exists():
            raise UsageError(_("{path}: no such file or folder").format(path=path))
        else:
            try:
                media_kind(path)
            except SourceError as exc:
                raise UsageError(str(exc)) from None
            files.append(path)
    return files


def plan_jobs(args: argparse.Namespace) -> list[Job]:
    """Decide every input's output files, or raise UsageError."""
    files = _expand(args.paths)
    single = len(files) == 1 and not args.paths[0].is_dir()
    if not single and (args.json or args.csv or args.annotated):
        raise UsageError(
            _("--json, --csv and --annotated name one file: give a single input, or use --out")
        )
    # Two inputs with one stem (a.jpg, a.mp4) would overwrite each other's outputs: keep the suffix.
    stems = Counter((args.out or f.parent, f.stem) for f in files)
    jobs = []
    for f in files:
        out_dir = args.out or f.parent
        stem = (
            f.stem if stems[(out_dir, f.stem)] == 1 else f"{f.stem}_{f.suffix.lstrip('.').lower()}"
        )
        is_video = media_kind(f) == "video"
        if args.csv and not is_video:
            raise UsageError(
                _("{path}: --csv is for videos; a photo's results are in its JSON").format(path=f)
            )
        if is_video:
            annotated = args.annotated
        else:
            annotated = args.annotated or out_dir / f"{stem}{ANNOTATED_SUFFIX}.png"
        jobs.append(
            Job(
                path=f,
                is_video=is_video,
                json_path=args.json or out_dir / f"{stem}.json",
                csv_path=(args.csv or out_dir / f"{stem}.csv") if is_video else None,
                annotated_path=annotated,
            )
        )
    return jobs


class _Progress:
    """A progress bar with ETA on stderr (tqdm), shown only when stderr is a terminal."""

    def __init__(self, label: str, enabled: bool) -> None:
        self._label = label
        self._enabled = enabled
        self._bar: Any = None

    def __call__(self, done: int, total: int | None) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, desc=self._label, unit="frame", leave=False, file=sys.stderr
            )
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _analyze_video_job(job: Job, args: argparse.Namespace, rule: Rule | None) -> str:
    progress = _Progress(job.path.name, enabled=not args.no_progress and sys.stderr.isatty())
    recorder = analysis_recorder(args.smoothing) if args.record and rule else None
    try:
        assert job.csv_path is not None
        # The video is opened first: no model is loaded for a file that cannot be read.
        with VideoFileSource(job.path) as source:
            settings = SessionSettings(
                str(job.path), rule, smoothing=args.smoothing, model_path=args.model
            )
            summary = analyze_video(
                source, settings, job.csv_path, job.annotated_path, progress,
                on_event=recorder.handle if recorder is not None else None,
            )  # fmt: skip
    finally:
        progress.close()
    summary["smoothing"] = args.smoothing
    write_json(job.json_path, summary)
    if recorder is not None and recorder.problem is not None:  # the results are written
        print(_("fitness-coach: {problem}").format(problem=recorder.problem), file=sys.stderr)
    outputs = [str(p) for p in (job.csv_path, job.json_path, job.annotated_path) if p is not None]
    if "stopped_early" in summary:  # the source failed: reported as a failure, results kept
        raise SourceError(
            _("{problem}; the {frames} frames before it are in {outputs}").format(
                problem=summary["stopped_early"],
                frames=summary["frames"],
                outputs=", ".join(outputs),
            )
        )
    name = localized(rule.name) if rule is not None else ""
    reps = ""
    if "reps" in summary:
        counted = summary["reps"]
        reps = ngettext(
            ", {total} {exercise} rep ({faulty} with faults)",
            ", {total} {exercise} reps ({faulty} with faults)",
            counted["total"],
        ).format(total=counted["total"], exercise=name, faulty=counted["faulty"])
    elif "holds" in summary:
        reps = _(", {exercise} held {seconds} s in all").format(
            exercise=name, seconds=summary["holds"]["total_s"]
        )
    return _(
        "{path}: {frames} frames, person found in {detected}{reps}, {fps} frames/s -> {outputs}"
    ).format(
        path=job.path,
        frames=summary["frames"],
        detected=summary["detected_frames"],
        reps=reps,
        fps=summary["processing_fps"],
        outputs=", ".join(outputs),
    )


def _analyze_photo_job(job: Job, estimator: MediaPipeEstimator, exercise: Exercise) -> str:
    analysis = analyze_photo(job.path, estimator, exercise.rule, exercise.hold_rules)
    write_photo_outputs(analysis, job.json_path, job.annotated_path)
    found = _("person found") if analysis.pose is not None else _("no person found")
    if "pose" in analysis.report and analysis.pose is not None:
        pose = analysis.report["pose"]
        rules = exercise.hold_rules or {}
        named = localized(rules[pose["id"]].name) if pose["id"] in rules else pose["id"]
        found += _(", pose: {pose} (score {score:.2f})").format(
            pose=named or _("none of the known"), score=pose["score"]
        )
    return f"{job.path}: {found} -> {job.json_path}, {job.annotated_path}"


@dataclass(frozen=True)
class Exercise:
    """What --exercise asked for: one rule, or `auto` (identify among the hold rules)."""

    rule: Rule | None
    hold_rules: dict[str, Rule] | None


def _exercise(args: argparse.Namespace) -> Exercise:
    """The rule named by --exercise (built-in, or from --rules), or UsageError listing the ids."""
    if args.exercise is None:
        if args.rules is not None:
            raise UsageError(_("--rules goes with --exercise"))
        return Exercise(None, None)
    folders = [BUILTIN_RULES] + ([args.rules] if args.rules is not None else [])
    if args.rules is not None and not args.rules.is_dir():
        raise UsageError(_("{path}: not a folder of rule files").format(path=args.rules))
    rule_set = load_rules(*folders)
    for problem in rule_set.problems:
        print(
            _("fitness-coach: skipped a rule file: {problem}").format(problem=problem),
            file=sys.stderr,
        )
    holds = {i: r for i, r in rule_set.rules.items() if r.hold is not None}
    if args.exercise == "auto":
        return Exercise(None, holds)
    if args.exercise not in rule_set.rules:
        known = ", ".join(["auto", *sorted(rule_set.rules)])
        raise UsageError(
            _("unknown exercise '{id}'; known: {known}").format(id=args.exercise, known=known)
        )
    rule = rule_set.rules[args.exercise]
    return Exercise(rule, holds if rule.hold is not None else None)


def run_analyze(args: argparse.Namespace) -> int:
    """Analyse every input; one line per input on stdout, one per failure on stderr."""
    exercise = _exercise(args)
    if args.record and exercise.rule is None:
        raise UsageError(_("--record goes with --exercise: the log keeps an exercise's reps"))
    jobs = plan_jobs(args)
    if exercise.rule is None and exercise.hold_rules is not None and any(j.is_video for j in jobs):
        raise UsageError(
            _("--exercise auto identifies poses in photos; name the exercise for videos")
        )
    photo_estimator: MediaPipeEstimator | None = None  # one image-mode model for all photos
    failures = 0
    try:
        for job in jobs:
            try:
                if job.is_video:
                    print(_analyze_video_job(job, args, exercise.rule))
                else:
                    if photo_estimator is None:
                        photo_estimator = MediaPipeEstimator("photo", model_path=args.model)
                    print(_analyze_photo_job(job, photo_estimator, exercise))
            except PoseModelError as exc:
                raise UsageError(str(exc)) from None
            except SourceError as exc:
                failures += 1
                print(f"fitness-coach: {exc}", file=sys.stderr)
            except OSError as exc:
                failures += 1
                target = exc.filename or job.path
                reason = exc.strerror or str(exc)
                print(
                    _("fitness-coach: {path}: cannot write the results ({reason})").format(
                        path=target, reason=reason
                    ),
                    file=sys.stderr,
                )
    finally:
        if photo_estimator is not None:
            photo_estimator.close()
    return EXIT_USAGE if failures else EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    """`rules list` and `rules check`: one line per rule file, problems with file:line."""
    if args.rules_command == "list":
        rule_set = load_rules(BUILTIN_RULES)
        for rule in sorted(rule_set.rules.values(), key=lambda r: r.id):
            print(f"{rule.id:<14} {localized(rule.name)}")
        return EXIT_OK
    paths = args.paths or [BUILTIN_RULES]
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.yaml"))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(_("{path}: no such file or folder").format(path=path))
    if not files:
        raise UsageError(
            _("{paths}: no rule files (*.yaml)").format(paths=", ".join(map(str, paths)))
        )
    failed = 0
    for path in files:
        try:
            rule = load_rule(path)
        except RuleError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        measurements, checks = len(rule.measurements), len(rule.checks)
        counts = _("{measurements}, {checks}").format(
            measurements=ngettext("{n} measurement", "{n} measurements", measurements).format(
                n=measurements
            ),
            checks=ngettext("{n} check", "{n} checks", checks).format(n=checks),
        )
        print(_("{path}: ok ({id}: {counts})").format(path=path, id=rule.id, counts=counts))
        for key, missing in rule.untranslated():
            print(
                _("{path}: warning: {key} has no {language} text").format(
                    path=path, key=key, language=missing
                ),
                file=sys.stderr,
            )
    return EXIT_USAGE if failed else EXIT_OK


def run_poses(args: argparse.Namespace) -> int:
    """`poses add`: a template from a photo, written as <id>.yaml in the rules folder."""
    from coach.coaching.pose_template import TemplateError
    from coach.coaching.rule_store import RuleStore
    from coach.templates import save_template, template_from_photo

    if args.photo.is_dir():
        raise UsageError(
            _(
                "{path}: a folder; give one photo (the window's Poses \u203a Import "
                "reference photos\u2026 makes a pose of each photo in a folder)"
            ).format(path=args.photo)
        )
    if not args.photo.is_file():
        raise UsageError(_("{path}: no such file").format(path=args.photo))
    if args.rules is not None and args.rules.exists() and not args.rules.is_dir():
        raise UsageError(_("{path}: not a folder").format(path=args.rules))
    try:
        with MediaPipeEstimator("photo") as estimator:
            data = template_from_photo(args.photo, estimator, args.id, args.name, args.arms)
        store = RuleStore(args.rules)
        existed = args.id in store.user
        rule = save_template(store, data)
    except (TemplateError, SourceError) as exc:
        raise UsageError(str(exc)) from None
    except RuleError as exc:
        raise UsageError("; ".join(exc.problems)) from None
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot write the rule ({reason})").format(
                path=store.folder, reason=exc.strerror or exc
            )
        ) from None
    assert rule.hold is not None
    path = store.folder / f"{rule.id}.yaml"
    replaced = _(" (replaced; the old one kept as {backup})").format(backup=f"{path.name}.bak")
    print(
        _("{path}: {name}, {targets} targets, either side{replaced}").format(
            path=path,
            name=localized(rule.name),
            targets=len(rule.hold.targets),
            replaced=replaced if existed else "",
        )
    )
    return EXIT_OK


def _display_missing() -> bool:
    """On Linux, no X or Wayland display to open a window on (and no Qt platform chosen)."""
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def _run_window(args: argparse.Namespace) -> int:
    if _display_missing():  # said before Qt would abort on it
        print(
            _(
                "fitness-coach: no display to open the window on (DISPLAY is not set); "
                "run it on a desktop, or under xvfb-run"
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    # The core never imports the GUI; the command line looks it up by name only when asked.
    try:
        app = importlib.import_module("ui.app")
    except ImportError as exc:
        print(
            _("fitness-coach: the window cannot start: {error}").format(error=exc), file=sys.stderr
        )
        return EXIT_USAGE
    return int(app.run(args))


def _language_option(argv: Sequence[str] | None) -> str | None:
    """The value of --lang, read before the parser is built: its help is in that language. A
    bad value is left for the parser to refuse."""
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--lang")
    try:
        known, _rest = pre.parse_known_args(argv)
    except argparse.ArgumentError:  # "--lang" without a value
        return None
    return known.lang if known.lang in LANGUAGES else None


def main(argv: Sequence[str] | None = None) -> int:
    # --lang, else the language chosen in the window's settings, else the system's.
    language = set_language(_language_option(argv) or saved_language())
    with stdlib_messages(language):  # argparse's own words ("usage:", "options", errors) too
        args = build_parser().parse_args(argv)
    core_log = logging.getLogger("coach")
    core_log.addHandler(_STDERR_HANDLER)  # adding it again on a second call is a no-op
    core_log.setLevel(logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING)
    core_log.propagate = False  # the command's own handler is the one place its messages go
    try:
        if args.command == "analyze":
            return run_analyze(args)
        if args.command == "rules":
            return run_rules(args)
        if args.command == "history":
            return run_history(args)
        if args.command == "report":
            return run_report(args)
        if args.command == "poses":
            return run_poses(args)
        return _run_window(args)
    except UsageError as exc:
        print(f"fitness-coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_("fitness-coach: interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line for the user, the traceback with --verbose
        log.debug("internal error", exc_info=True)
        print(
            _("fitness-coach: internal error: {error} (run with -v for details)").format(
                error=f"{type(exc).__name__}: {exc}"
            ),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
