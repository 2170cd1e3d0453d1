"""Event streams of real sessions for the training log's tests: the built-in rules run over the
landmark tracks recorded from the development videos (tests/data/tracks), turned into the
events a live session sends (coach.events), in order."""

from __future__ import annotations

from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules
from coach.events import (
    CueGiven,
    HoldEnded,
    HoldStarted,
    RepEnded,
    SessionEvent,
    SessionFinished,
    SessionStarted,
)
from tests.rules.test_golden import TRUTH, poses


def track_events(stem: str, started_at: str, rule_id: str | None = None) -> list[SessionEvent]:
    """The session of `stem`'s video with its rule (or `rule_id`), started at `started_at`."""
    rule = load_rules(BUILTIN_RULES).rules[rule_id or TRUTH["videos"][stem]["rule"]]
    evaluator = Evaluator(rule)
    events: list[SessionEvent] = [
        SessionStarted(0.0, f"/videos/{stem}.mp4", "video", rule.id, started_at)
    ]
    said = 0
    holding, held_s = False, 0.0
    t_s = 0.0
    for pose, t_s in poses(stem):
        evaluation = evaluator.update(pose, t_s)
        if evaluation.rep is not None:
            events.append(RepEnded(t_s, evaluation.rep, evaluation.reps, evaluation.faulty_reps))
        for f in evaluator.feedback[said:]:  # form checks, and the faults judged at a rep's end
            spoken = f.severity != "info"
            events.append(CueGiven(f.time_s, f.check, f.severity, f.message, spoken))  # type: ignore[arg-type]
        said = len(evaluator.feedback)
        if evaluation.hold_s is not None:  # as coach.session does
            held_s = evaluation.hold_s[0]
            if evaluation.holding != holding:
                holding = evaluation.holding
                events.append(HoldStarted(t_s) if holding else HoldEnded(t_s, held_s))
    if holding:
        events.append(HoldEnded(t_s, held_s))
    summary = {"source": f"/videos/{stem}.mp4", "duration_s": round(t_s, 2)}
    events.append(SessionFinished(t_s, summary | evaluator.summary()))
    return events
