"""Evaluates one exercise rule frame by frame: measurements, reps, form checks and feedback."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from coach.coaching.camera_view import CameraView, ViewTracker
from coach.coaching.holds import HoldTimer
from coach.coaching.measure import Sided, measure_rule, side_visibility
from coach.coaching.pose_match import (
    Ghost,
    PoseFit,
    correction,
    fit_values,
    mirrored,
    place_ghost,
)
from coach.coaching.reps import Phase, RepCounter, RepEvent
from coach.coaching.rule_schema import Bounds, Check, Hold, Rule, Severity, Target
from coach.i18n import N_, localized
from coach.i18n import gettext as _
from coach.vision.landmarks import PoseLandmarks

# Switch a measurement to the other side only when that side is clearly better seen (summed
# visibility of the measurement's points), so the value does not flip between limbs each frame.
SIDE_SWITCH_MARGIN = 0.3


@dataclass(frozen=True)
class Feedback:
    """One message for the user, at a moment of the session, in the user's language."""

    time_s: float
    check: str
    severity: Severity
    message: str
    value: float | None = None


@dataclass(frozen=True)
class FrameEvaluation:
    """What the rule says about one frame."""

    values: dict[str, float | None]
    phase: Phase
    reps: int
    rep: RepEvent | None  # the rep that ended on this frame, if any
    feedback: tuple[Feedback, ...]
    view: CameraView | None  # side or front, None until known
    # A tip while the camera's view keeps some of the rule's checks from being judged (reps are
    # counted in every view): "Turn sideways to the camera to have your form checked"
    view_prompt: str | None
    faulty_reps: int = 0  # of `reps`, those that failed a check
    hold_s: tuple[float, float, float] | None = None  # hold rules: (current, best, total) seconds
    holding: bool = False  # hold rules: the pose is being held
    fit: PoseFit | None = None  # hold rules: how well the pose fits the targets (live score)
    ghost: Ghost | None = None  # a hold with a reference pose: where the user should be


# What to say when the rule's checks need another view than the camera has, after it has lasted
# VIEW_DEBOUNCE_S, and again at most every VIEW_COOLDOWN_S. Reps are counted meanwhile.
# (Message ids: said in the user's language.)
VIEW_PROMPTS = {
    "side": N_("Turn sideways to the camera to have your form checked"),
    "front": N_("Face the camera to have your form checked"),
}
VIEW_CHECK_ID = "camera_view"
VIEW_DEBOUNCE_S = 1.0
VIEW_COOLDOWN_S = 8.0
# A pose template's correction (the target furthest off, "Raise your left arm"): told while the
# user is near the pose (score at least CORRECTION_MIN_SCORE) but not in it, once the same
# correction has stood for its debounce, and at most every cooldown.
CORRECTION_CHECK_ID = "pose_correction"
CORRECTION_MIN_SCORE = 0.5
CORRECTION_DEBOUNCE_S = 1.0
CORRECTION_COOLDOWN_S = 5.0


def violates(bounds: Bounds, value: float) -> bool:
    """True when `value` is outside the range of a check or target."""
    return (bounds.low is not None and value < bounds.low) or (
        bounds.high is not None and value > bounds.high
    )


def worst_violation(check: Check, values: list[float]) -> float | None:
    """Of a rep's values, the one furthest outside the check's range (either bound), or a value
    inside it when none is outside; None without values."""
    if not values:
        return None
    low, high = min(values), max(values)
    if (check.low is not None and low < check.low) and (
        check.high is None or check.low - low >= high - check.high
    ):
        return low
    if check.high is not None and high > check.high:
        return high
    return low if check.low is not None else high


def judged_in(rule: Rule, check: Check, view: CameraView | None) -> bool:
    """Whether `check` is judged in this camera view: a check's own view, else the rule's.
    Before the view is known, only checks for any view are judged."""
    wanted = check.view if check.view != "any" else rule.view
    return wanted == "any" or wanted == view


@dataclass
class _Gate:
    """Debounce and cooldown of a message: say it only after the fault has lasted
    `debounce_s`, and not again within `cooldown_s`."""

    debounce_s: float
    cooldown_s: float
    since_s: float | None = None
    last_spoken_s: float = float("-inf")

    def update(self, violated: bool, t_s: float) -> bool:
        if not violated:
            self.since_s = None
            return False
        if self.since_s is None:
            self.since_s = t_s
        if t_s - self.since_s >= self.debounce_s and t_s - self.last_spoken_s >= self.cooldown_s:
            self.last_spoken_s = t_s
            return True
        return False


def is_edit_of(new: Rule, old: Rule) -> bool:
    """Whether `new` is `old` edited, so that a session may carry on counting: the same id,
    still counting reps or still timing a hold."""
    return new.id == old.id and (new.reps is None) == (old.reps is None)


@dataclass
class Evaluator:
    """Runs one rule over a stream of poses."""

    rule: Rule
    reps: RepCounter | None = field(init=False)
    hold: HoldTimer | None = field(init=False)
    rep_events: list[RepEvent] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    _sides: dict[str, str] = field(default_factory=dict)
    _rep_frames: list[tuple[float, dict[str, float | None]]] = field(default_factory=list)
    # The frame at the top with the highest rep measurement: of the top going on, and of the
    # top before the current rep (for `top` checks and the rep's highest angle).
    _top: tuple[float, dict[str, float | None]] | None = None
    _rep_top: tuple[float, dict[str, float | None]] | None = None
    _gates: dict[str, _Gate] = field(init=False)
    _views: ViewTracker = field(default_factory=ViewTracker)
    _faulty: int = 0
    # The median rep depth of earlier sessions (coach.coaching.calibration), or None.
    learned_depth: float | None = None
    _counted: str | None = None  # the measurement the reps are counted on (it may follow the view)
    _rep_faults: list[str] = field(default_factory=list)  # checks the rep under way failed
    _bottom_judged: bool = False  # the rep under way has had its `bottom` checks
    _mirror_rule: Rule | None = None  # a mirror-aware hold: the rule with left and right swapped
    _correction: str | None = None  # the pose correction standing now

    def __post_init__(self) -> None:
        self.reps = (
            RepCounter(self.rule.reps, self.learned_depth) if self.rule.reps is not None else None
        )
        self.hold = HoldTimer(self.rule.hold) if self.rule.hold is not None else None
        self._gates = {c.id: _Gate(c.debounce_s, c.cooldown_s) for c in self.rule.checks}
        self._gates[VIEW_CHECK_ID] = _Gate(VIEW_DEBOUNCE_S, VIEW_COOLDOWN_S)
        self._gates[CORRECTION_CHECK_ID] = _Gate(CORRECTION_DEBOUNCE_S, CORRECTION_COOLDOWN_S)
        self._mirror_rule = self._mirror_of(self.rule)

    @staticmethod
    def _mirror_of(rule: Rule) -> Rule | None:
        return mirrored(rule) if rule.hold is not None and rule.hold.mirror else None

    def use_rule(self, rule: Rule) -> None:
        """Carry on with an edited version of the rule (see `is_edit_of`): the counts, holds and
        faults so far are kept; the new thresholds apply from the next frame."""
        if not is_edit_of(rule, self.rule):
            raise ValueError(f"'{rule.id}' is not an edited version of '{self.rule.id}'")
        old_spec, self.rule = self.rule.reps, rule
        if self.reps is not None and rule.reps is not None:
            self.reps.spec = rule.reps
            if old_spec is None or old_spec.measurement != rule.reps.measurement:
                self.reps.restart()  # depths learned on another measurement do not apply
                self._counted = None
        if self.hold is not None and rule.hold is not None:
            self.hold.spec = rule.hold
        self._mirror_rule = self._mirror_of(rule)
        kept = (VIEW_CHECK_ID, CORRECTION_CHECK_ID)
        old_gates, self._gates = self._gates, {k: self._gates[k] for k in kept}
        for check in rule.checks:  # new delays; a message under way or just said stays so
            gate = self._gates[check.id] = _Gate(check.debounce_s, check.cooldown_s)
            if check.id in old_gates:
                gate.since_s, gate.last_spoken_s = (old_gates[check.id].since_s,
                                                    old_gates[check.id].last_spoken_s)  # fmt: skip
        self._sides = {k: v for k, v in self._sides.items() if k in rule.measurements}

    def _side(self, name: str, measurement: Sided, pose: PoseLandmarks) -> str:
        """The side to measure for `visible`: the better seen one, sticky (SIDE_SWITCH_MARGIN),
        so that the value does not flip between limbs from frame to frame."""
        seen = side_visibility(measurement, pose)
        current = self._sides.get(name)
        other = "right" if current == "left" else "left"
        if current is None or seen[other] > seen[current] + SIDE_SWITCH_MARGIN:
            current = max(seen, key=lambda s: seen[s])
            self._sides[name] = current
        return current

    def measure(self, pose: PoseLandmarks | None) -> dict[str, float | None]:
        """Every measurement of the rule on this pose (None where not visible)."""
        return measure_rule(self.rule, pose, self._side)

    def update(self, pose: PoseLandmarks | None, t_s: float) -> FrameEvaluation:
        values = self.measure(pose)
        view = self._views.update(pose, t_s)
        said: list[Feedback] = []
        # Reps count in every view; checks judged from the wrong side would mislead, so they wait
        # for their view (judged_in) and the user gets a tip to turn.
        wrong_view = self.rule.view != "any" and view is not None and view != self.rule.view
        prompt = _(VIEW_PROMPTS[self.rule.view]) if wrong_view and self.rule.checks else None
        if self._gates[VIEW_CHECK_ID].update(prompt is not None, t_s):
            said.append(Feedback(t_s, VIEW_CHECK_ID, "info", prompt or "", None))
        event, told = self._count(values, t_s, view)
        said += told
        holding = self.hold is not None and self.hold.holding
        in_danger = False  # a danger check fails: the hold's clock stops (coach.coaching.holds)
        for check in self.rule.checks:
            if check.when not in ("always", "hold"):
                continue
            value = values[check.measurement]
            violated = value is not None and violates(check, value)
            violated = violated and judged_in(self.rule, check, view)
            if check.when == "hold":
                violated = violated and holding
                in_danger |= violated and check.severity == "danger"
            if self._gates[check.id].update(violated, t_s):
                said.append(
                    Feedback(t_s, check.id, check.severity, localized(check.message), value)
                )
        fit, ghost = None, None
        if self.hold is not None and self.rule.hold is not None:
            fit, in_pose = self._fit(pose, values)
            ghost = self._ghost(fit, pose)
            self.hold.update(in_pose, not in_danger, t_s)
            said += self._correct(fit, t_s, holding or wrong_view)
        self.feedback += said
        phase: Phase = self.reps.phase if self.reps is not None else "waiting"
        count = self.reps.count if self.reps is not None else 0
        hold_s = None
        if self.hold is not None:
            hold_s = (self.hold.current_s, self.hold.best_s, self.hold.total_s)
        return FrameEvaluation(
            values, phase, count, event, tuple(said), view, prompt, self._faulty, hold_s,
            self.hold is not None and self.hold.holding, fit, ghost,
        )  # fmt: skip

    def _ghost(self, fit: PoseFit, pose: PoseLandmarks | None) -> Ghost | None:
        """The reference pose placed on the user, on the side the user does the pose."""
        rule = self._mirror_rule if fit.mirrored else self.rule
        if pose is None or rule is None or rule.hold is None or rule.hold.reference is None:
            return None
        return place_ghost(rule.hold.reference, pose)

    def _fit(
        self, pose: PoseLandmarks | None, values: dict[str, float | None]
    ) -> tuple[PoseFit, bool | None]:
        """The pose's fit to the hold and whether it is in the pose (None: not measurable); a
        mirror-aware hold takes the better of the pose as it is and on the other side."""
        assert self.rule.hold is not None
        fit = fit_values(self.rule, values)
        in_pose = in_hold(self.rule.hold, values)
        other = self._mirror_rule
        if other is not None and other.hold is not None:
            swapped_values = measure_rule(other, pose, self._side)
            swapped = fit_values(other, swapped_values, is_mirrored=True)
            fit = swapped if swapped.score > fit.score else fit
            either = (in_pose, in_hold(other.hold, swapped_values))
            in_pose = True if True in either else (False if False in either else None)
        return fit, in_pose

    def _correct(self, fit: PoseFit, t_s: float, quiet: bool) -> list[Feedback]:
        """A pose template's correction, when one is due (see CORRECTION_CHECK_ID)."""
        rule = self._mirror_rule if fit.mirrored else self.rule
        if rule is None or rule.hold is None or rule.hold.reference is None:
            return []
        message = None
        if not quiet and fit.score >= CORRECTION_MIN_SCORE:
            worst = min(range(len(fit.target_scores)), key=lambda i: fit.target_scores[i])
            miss = fit.misses[worst]
            if miss:
                target = rule.hold.targets[worst]
                message = correction(rule.measurements[target.measurement], miss)
        gate = self._gates[CORRECTION_CHECK_ID]
        if message != self._correction:  # a new correction waits its own debounce
            gate.since_s = None
            self._correction = message
        if gate.update(message is not None, t_s) and message is not None:
            return [Feedback(t_s, CORRECTION_CHECK_ID, "info", message, None)]
        return []

    def _count(
        self, values: dict[str, float | None], t_s: float, view: CameraView | None
    ) -> tuple[RepEvent | None, list[Feedback]]:
        """Advance the rep counter and judge the rep's checks when a trainer would speak:
        `top` checks as a rep starts (the top before it), `bottom` checks at the turn-around,
        `rep` checks as it ends. The rep that ends on this frame, with every fault it had, and
        the faults told on this frame."""
        if self.reps is None or self.rule.reps is None:
            return None, []
        spec = self.rule.reps
        name = spec.front_measurement if view == "front" and spec.front_measurement else None
        name = name or spec.measurement
        if name != self._counted:
            if self._counted is not None:  # another measurement: its own scale and rest
                self.reps.restart()
                self._top = None
            self._counted = name
        phase_before = self.reps.phase
        value = values[name]
        event = self.reps.update(value, t_s, in_position(spec.position, values))
        told: list[Feedback] = []
        if self.reps.phase == "top" and value is not None:
            best = self._top[1].get(name) if self._top else None  # None: a new one
            # the top is the rest position: the highest value, or the lowest for an extension
            sign = 1.0 if spec.direction == "flexion" else -1.0
            if best is None or sign * value > sign * best:
                self._top = (t_s, values)
        if phase_before in ("top", "waiting") and self.reps.phase == "going_down":
            self._rep_frames, self._rep_faults, self._bottom_judged = [], [], False
            self._rep_top, self._top = self._top, None
            told += self._judge("top", self._rep_top[1] if self._rep_top else {}, t_s, view)
        if self.reps.phase in ("going_down", "bottom", "going_up") or event is not None:
            self._rep_frames.append((t_s, values))
        if not self._bottom_judged and self._turned(value, event):
            self._bottom_judged = True
            bottom_s = event.bottom_s if event is not None else self.reps.extreme[1]
            at_bottom = min(self._rep_frames, key=lambda f: abs(f[0] - bottom_s))[1]
            told += self._judge("bottom", at_bottom, t_s, view)
        if event is None:
            return None, told
        told += self._judge("rep", {}, t_s, view)
        faults = tuple(dict.fromkeys(self._rep_faults))  # each check once, in the order told
        self._rep_faults, self._bottom_judged = [], False
        top_value = self._rep_top[1].get(name) if self._rep_top else None
        event = RepEvent(
            event.index, event.start_s, event.bottom_s, event.end_s, event.lowest_deg,
            faults, top_value, event.rest_value, name,
        )  # fmt: skip
        self.rep_events.append(event)
        self._faulty += bool(event.faults)
        return event, told

    def _turned(self, value: float | None, event: RepEvent | None) -> bool:
        """Whether the rep has turned around: the counter has confirmed it (its phase `going_up`,
        the value back from the extreme by its hysteresis, coach.coaching.reps), or the rep has
        ended already."""
        if event is not None:
            return True
        return self.reps is not None and value is not None and self.reps.phase == "going_up"

    def _judge(
        self,
        when: str,
        at: dict[str, float | None],
        t_s: float,
        view: CameraView | None,
    ) -> list[Feedback]:
        """The feedback of the rule's `when` checks that fail, judged in their view on the values
        `at` one frame (for `rep` checks, the worst of the rep's frames); each failed check is
        also kept as a fault of the rep under way."""
        told = []
        for check in self.rule.checks:
            if check.when != when or not judged_in(self.rule, check, view):
                continue
            if when == "rep":
                seen = [
                    v for _, f in self._rep_frames if (v := f.get(check.measurement)) is not None
                ]
                value = worst_violation(check, seen)
            else:
                value = at.get(check.measurement)  # None: not seen, or added by an edit
            if value is not None and violates(check, value):
                self._rep_faults.append(check.id)
                told.append(
                    Feedback(t_s, check.id, check.severity, localized(check.message), value)
                )
        return told

    def summary(self) -> dict[str, Any]:
        """The session in the JSON shape of `analyze --exercise`."""
        out: dict[str, Any] = {"exercise": self.rule.id}
        if self.reps is not None:
            total = len(self.rep_events)
            out["reps"] = {"total": total, "good": total - self._faulty, "faulty": self._faulty}
            out["faults_by_type"] = dict(Counter(c for e in self.rep_events for c in e.faults))
            out["rep_events"] = [
                {
                    "index": e.index,
                    "start_s": round(e.start_s, 3),
                    "bottom_s": round(e.bottom_s, 3),
                    "end_s": round(e.end_s, 3),
                    "faults": list(e.faults),
                    "duration_s": round(e.duration_s, 3),
                    "down_s": round(e.down_s, 3),
                    "up_s": round(e.up_s, 3),
                    "lowest_deg": round(e.lowest_deg, 1),
                    "highest_deg": round(e.highest_deg, 1) if e.highest_deg is not None else None,
                }
                for e in self.rep_events
            ]
        if self.hold is not None:
            out["holds"] = {
                "count": self.hold.holds,
                "best_s": round(self.hold.best_s, 2),
                "total_s": round(self.hold.total_s, 2),
            }
        out["feedback"] = [
            {
                "time_s": round(f.time_s, 3),
                "check": f.check,
                "severity": f.severity,
                "message": f.message,
            }
            for f in self.feedback
        ]
        return out


def in_position(targets: list[Target], values: dict[str, float | None]) -> bool:
    """Whether no target of a rep's position is out of range (one not seen does not object)."""
    return not any((v := values.get(t.measurement)) is not None and violates(t, v) for t in targets)


def in_hold(hold: Hold, values: dict[str, float | None]) -> bool | None:
    """Whether every target of the hold is in range; None when one cannot be measured."""
    measured = [values[t.measurement] for t in hold.targets]
    if any(v is None for v in measured):
        return None
    return not any(
        violates(t, v) for t, v in zip(hold.targets, measured, strict=True) if v is not None
    )
