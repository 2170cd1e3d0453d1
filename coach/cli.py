"""The `fitness-coach` command: `analyze` photos and videos headless, or start the window.

Exit status: 0 on success, 2 for bad arguments or an input that cannot be read (one line on
stderr naming the file and the reason, never a traceback), 1 for an unexpected internal error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
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
from coach.session import SessionSettings
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
        description="Fitness Coach: a webcam fitness coach that runs on your own computer. "
        "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--source",
        metavar="CAMERA_OR_FILE",
        help="open this in the window at start: a camera index (0), a video or a photo",
    )
    parser.add_argument(
        "--exercise",
        dest="window_exercise",
        metavar="ID",
        help="the exercise to coach in the window",
    )
    parser.add_argument(
        "--summary-json",
        type=Path,
        metavar="FILE",
        help="write the session summary here when it ends",
    )
    parser.add_argument(
        "--exit-when-done", action="store_true", help="close the window when the video has played"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    analyze = commands.add_parser(
        "analyze",
        help="find the pose in photos and videos; write JSON, CSV and annotated images",
        description="Photos give <stem>.json and <stem>.annotated.png; videos give <stem>.csv "
        "(one row per frame) and <stem>.json (a summary). Folders are processed file by file.",
    )
    analyze.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="photo, video or folder"
    )
    analyze.add_argument(
        "--out", type=Path, metavar="DIR", help="output folder (default: beside each input)"
    )
    analyze.add_argument("--json", type=Path, metavar="FILE", help="the JSON file (one input only)")
    analyze.add_argument(
        "--csv", type=Path, metavar="FILE", help="the per-frame CSV (one video only)"
    )
    analyze.add_argument(
        "--annotated",
        type=Path,
        metavar="FILE",
        help="the annotated PNG (photo) or MP4 (video; written only when asked), one input only",
    )
    analyze.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    analyze.add_argument(
        "--model",
        type=Path,
        metavar="FILE.task",
        help="a MediaPipe pose landmarker .task model to use instead of the bundled full model",
    )
    analyze.add_argument(
        "--smoothing",
        choices=SMOOTHING_METHODS,
        default=DEFAULT_SMOOTHING,
        help=f"how video landmarks are smoothed over time (default: {DEFAULT_SMOOTHING}; "
        "see docs/smoothing.md)",
    )
    analyze.add_argument(
        "--exercise",
        metavar="ID",
        help="judge the video against this exercise rule: reps or hold times, faults and feedback "
        "in the JSON; photos: which pose it is and the checks it fails (`auto`: the pose found); "
        "see `fitness-coach rules list`",
    )
    analyze.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help="a folder of your own rule files (add or override)",
    )
    analyze.add_argument(
        "--record",
        action="store_true",
        help="keep the video's reps and feedback in the training log (needs --exercise; see "
        "`fitness-coach history`)",
    )
    analyze.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    rules = commands.add_parser("rules", help="list or check exercise rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = rules_commands.add_parser("check", help="validate rule files (default: the built-in)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="rule files or folders")
    rules_commands.add_parser("list", help="the built-in rules: id and name")
    add_history_commands(commands)
    poses = commands.add_parser("poses", help="pose templates: a hold rule from a photo")
    poses_commands = poses.add_subparsers(dest="poses_command", metavar="ACTION", required=True)
    add = poses_commands.add_parser(
        "add",
        help="write a hold rule whose targets are the pose in a photo (docs/rules.md)",
        description="The photo must show one person with the trunk and at least three limbs in "
        "view. The rule matches the pose done on either side.",
    )
    add.add_argument("photo", type=Path, metavar="PHOTO")
    add.add_argument("--id", required=True, help="the rule's id: lowercase letters, digits, _")
    add.add_argument("--name", required=True, help="the name shown in the exercise picker")
    add.add_argument(
        "--rules", type=Path, metavar="DIR", help="where to write it (default: your rules folder)"
    )
    add.add_argument(
        "--arms",
        action="store_true",
        help="the arms' angles are targets too (by default only the legs and trunk are: "
        "people hold most poses with their arms in different places)",
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
                raise UsageError(f"{path}: no photos or videos in this folder")
            files += found
        elif not path.exists():
            raise UsageError(f"{path}: no such file or folder")
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
            "--json, --csv and --annotated name one file: give a single input, or use --out"
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
            raise UsageError(f"{f}: --csv is for videos; a photo's results are in its JSON")
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
    if recorder is not None and recorder.problem is not None:
        raise OSError(0, recorder.problem, str(recorder.path or "the training log"))
    outputs = [str(p) for p in (job.csv_path, job.json_path, job.annotated_path) if p is not None]
    if "stopped_early" in summary:  # the source failed: reported as a failure, results kept
        raise SourceError(
            f"{summary['stopped_early']}; the {summary['frames']} frames before it are in "
            f"{', '.join(outputs)}"
        )
    reps = ""
    if "reps" in summary:
        counted = summary["reps"]
        reps = f", {counted['total']} {summary['exercise']} reps ({counted['faulty']} with faults)"
    elif "holds" in summary:
        reps = f", {summary['exercise']} held {summary['holds']['total_s']} s in all"
    return (
        f"{job.path}: {summary['frames']} frames, person found in {summary['detected_frames']}"
        f"{reps}, {summary['processing_fps']} frames/s -> {', '.join(outputs)}"
    )


def _analyze_photo_job(job: Job, estimator: MediaPipeEstimator, exercise: Exercise) -> str:
    analysis = analyze_photo(job.path, estimator, exercise.rule, exercise.hold_rules)
    write_photo_outputs(analysis, job.json_path, job.annotated_path)
    found = "person found" if analysis.pose is not None else "no person found"
    if "pose" in analysis.report and analysis.pose is not None:
        pose = analysis.report["pose"]
        found += f", pose: {pose['id'] or 'none of the known'} (score {pose['score']:.2f})"
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
            raise UsageError("--rules goes with --exercise")
        return Exercise(None, None)
    folders = [BUILTIN_RULES] + ([args.rules] if args.rules is not None else [])
    if args.rules is not None and not args.rules.is_dir():
        raise UsageError(f"{args.rules}: not a folder of rule files")
    rule_set = load_rules(*folders)
    for problem in rule_set.problems:
        print(f"fitness-coach: skipped a rule file: {problem}", file=sys.stderr)
    holds = {i: r for i, r in rule_set.rules.items() if r.hold is not None}
    if args.exercise == "auto":
        return Exercise(None, holds)
    if args.exercise not in rule_set.rules:
        known = ", ".join(["auto", *sorted(rule_set.rules)])
        raise UsageError(f"unknown exercise '{args.exercise}'; known: {known}")
    rule = rule_set.rules[args.exercise]
    return Exercise(rule, holds if rule.hold is not None else None)


def run_analyze(args: argparse.Namespace) -> int:
    """Analyse every input; one line per input on stdout, one per failure on stderr."""
    exercise = _exercise(args)
    if args.record and exercise.rule is None:
        raise UsageError("--record goes with --exercise: the log keeps an exercise's reps")
    jobs = plan_jobs(args)
    if exercise.rule is None and exercise.hold_rules is not None and any(j.is_video for j in jobs):
        raise UsageError("--exercise auto identifies poses in photos; name the exercise for videos")
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
                    f"fitness-coach: {target}: cannot write the results ({reason})", file=sys.stderr
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
            print(f"{rule.id:<14} {rule.name}")
        return EXIT_OK
    paths = args.paths or [BUILTIN_RULES]
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.yaml"))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not files:
        raise UsageError(f"{', '.join(map(str, paths))}: no rule files (*.yaml)")
    failed = 0
    for path in files:
        try:
            rule = load_rule(path)
        except RuleError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        counts = f"{len(rule.measurements)} measurements, {len(rule.checks)} checks"
        print(f"{path}: ok ({rule.id}: {counts})")
    return EXIT_USAGE if failed else EXIT_OK


def run_poses(args: argparse.Namespace) -> int:
    """`poses add`: a template from a photo, written as <id>.yaml in the rules folder."""
    from coach.coaching.pose_template import TemplateError
    from coach.coaching.rule_store import RuleStore
    from coach.templates import save_template, template_from_photo

    if args.photo.is_dir():
        raise UsageError(
            f"{args.photo}: a folder; give one photo (the window's Poses \u203a Import "
            "reference photos\u2026 makes a pose of each photo in a folder)"
        )
    if not args.photo.is_file():
        raise UsageError(f"{args.photo}: no such file")
    if args.rules is not None and args.rules.exists() and not args.rules.is_dir():
        raise UsageError(f"{args.rules}: not a folder")
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
        raise UsageError(f"{store.folder}: cannot write the rule ({exc.strerror or exc})") from None
    assert rule.hold is not None
    path = store.folder / f"{rule.id}.yaml"
    replaced = f" (replaced; the old one kept as {path.name}.bak)" if existed else ""
    print(f"{path}: {rule.name}, {len(rule.hold.targets)} targets, either side{replaced}")
    return EXIT_OK


def _run_window(args: argparse.Namespace) -> int:
    # The core never imports the GUI; the command line looks it up by name only when asked.
    try:
        app = importlib.import_module("ui.app")
    except ImportError as exc:
        print(f"fitness-coach: the window cannot start: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return int(app.run(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
        print("fitness-coach: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line for the user, the traceback with --verbose
        log.debug("internal error", exc_info=True)
        print(
            f"fitness-coach: internal error: {type(exc).__name__}: {exc} (run with -v for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
