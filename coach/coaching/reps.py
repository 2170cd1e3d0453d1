"""Rep counting: a state machine with two thresholds on one measurement (hysteresis).

Phases: `top` (at rest, above `start_above_deg`), `going_down`, `bottom` (below
`bottom_below_deg`), `going_up`. A rep counts when the measurement comes back above
`start_above_deg` after having been below `bottom_below_deg`, within the rule's duration limits.
Jitter near one threshold never counts: it takes a full swing between the two. Nothing happens
before the person has first been seen at the top, and a missing measurement (hidden landmarks)
freezes the state rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from coach.coaching.rule_schema import Reps

Phase = Literal["waiting", "top", "going_down", "bottom", "going_up"]


@dataclass(frozen=True)
class RepEvent:
    """One counted rep. `bottom_s` is when the measurement was lowest (for a curl, the top)."""

    index: int
    start_s: float
    bottom_s: float
    end_s: float
    lowest_deg: float
    faults: tuple[str, ...] = ()
    highest_deg: float | None = None  # at the top before the rep (set by the evaluator)

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def down_s(self) -> float:
        return self.bottom_s - self.start_s

    @property
    def up_s(self) -> float:
        return self.end_s - self.bottom_s


@dataclass
class RepCounter:
    """Counts the reps of one rule from one measurement, frame by frame."""

    spec: Reps
    phase: Phase = "waiting"
    count: int = 0
    rejected: int = 0  # swings too fast or too slow to be reps
    _start_s: float = 0.0
    # (value, time) of the current rep's turn-around point so far (the lowest, for a squat)
    extreme: tuple[float, float] = field(default=(0.0, 0.0))

    def update(self, value: float | None, t_s: float) -> RepEvent | None:
        """Feed one frame's measurement (None when not visible); a RepEvent when a rep ends."""
        if value is None:
            return None  # hidden: keep the state as it is
        spec = self.spec
        if (
            self.phase != "waiting"
            and self.phase != "top"
            and t_s - self._start_s > spec.max_duration_s
        ):
            self.rejected += 1
            self.phase = "waiting"  # too long to be a rep: wait for the top again
        if self.phase == "waiting":
            if value > spec.start_above_deg:
                self.phase = "top"
            return None
        if self.phase == "top":
            if value <= spec.start_above_deg:
                self.phase, self._start_s, self.extreme = "going_down", t_s, (value, t_s)
            return None
        if value < self.extreme[0]:
            self.extreme = (value, t_s)
        if self.phase == "going_down":
            if value > spec.start_above_deg:
                self.phase = "top"  # came back up without reaching the bottom: no rep
            elif value < spec.bottom_below_deg:
                self.phase = "bottom"
            return None
        if self.phase == "bottom":
            if value >= spec.bottom_below_deg:
                self.phase = "going_up"
            return None
        # going_up
        if value < spec.bottom_below_deg:
            self.phase = "bottom"
            return None
        if value <= spec.start_above_deg:
            return None
        self.phase = "top"
        if t_s - self._start_s < spec.min_duration_s:
            self.rejected += 1  # a swing faster than any real rep: jitter or a tracking jump
            return None
        self.count += 1
        return RepEvent(self.count, self._start_s, self.extreme[1], t_s, self.extreme[0])
