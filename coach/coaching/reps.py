"""Rep counting by range of motion: an excursion away from the rest position and back.

The counter works on one measurement, in the rule's `direction`: for `flexion` the measurement
drops during a rep (a squat's knee angle), for `extension` it rises (a press's elbow angle, a
jumping jack's arm). Below, "down" means away from rest, "depth" the distance travelled from the
rest position (the top) to the turn-around point (the bottom).

Everything is relative to the excursion the person actually makes, inside the rule's absolute
guards, so that the same rule counts a tall and a short person, near and far from the camera,
from the side and foreshortened from the front:

- the gate: a swing is a rep only when its depth reaches `gate` = max(the rule's minimum
  excursion, REP_SHARE x the median depth of this person's last reps); the median is learned from
  the first LEARN_AFTER reps (or a calibration from earlier sessions) and follows them as they
  tire;
- the turn-around is confirmed once the value has come back TURN_SHARE of the gate from the
  extreme (hysteresis: noise smaller than that near the bottom never turns the rep);
- the rep is counted when the value has come back at least half of its depth and at least the
  gate (RETURN_SHARE): a push-up that does not lock out still counts (the lockout check judges
  it), noise around the bottom does not;
- the rep's duration must lie within the rule's `min_duration_s` (glitches, tracking jumps) and
  `max_duration_s` (sitting down to rest, tying a shoe).

Phases: `waiting` (nothing seen yet), `top` (at rest), `going_down`, `bottom` (deep enough to be
a rep), `going_up` (the turn-around is confirmed). A missing measurement (hidden landmarks)
freezes the state rather than guessing.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from coach.coaching.rule_schema import Reps

Phase = Literal["waiting", "top", "going_down", "bottom", "going_up"]

# A rep reaches at least half the depth of this person's usual rep: a half-depth rep (tired, or
# a partial) still counts and is left to the depth checks, a fidget or a weight shift does not.
REP_SHARE = 0.5
# Reps remembered for the median depth (about one set), and how many are needed before the
# median is trusted over the rule's absolute minimum alone.
LEARN_REPS = 5
LEARN_AFTER = 2
# The turn-around is confirmed once the value has come back this share of the gate (a fifth:
# 6 degrees for a 30-degree gate, larger than the jitter of smoothed landmarks, 1-2 degrees, and
# reached within a few frames, so that a fault at the bottom is told as the person turns).
TURN_SHARE = 0.2
# Rest is left once the value has moved this share of the gate from the highest point at rest.
LEAVE_SHARE = 0.25
# A rep is counted when the value has come back this share of the rep's own depth (and at least
# the gate): half-way up is past the turn-around beyond doubt, and a set cut by the end of a
# recording on the way up still counts its last rep.
RETURN_SHARE = 0.5
# Values filtered by a running median over this many frames (see update).
GLITCH_FRAMES = 3


@dataclass(frozen=True)
class RepEvent:
    """One counted rep. `bottom_s` is when the measurement was furthest from rest (for a curl,
    the top); `lowest_deg` is its value there (for an extension rule, the highest value; the
    name is kept for existing readers); `rest_value`, the value at rest before the rep."""

    index: int
    start_s: float
    bottom_s: float
    end_s: float
    lowest_deg: float
    faults: tuple[str, ...] = ()
    highest_deg: float | None = None  # at the top before the rep (set by the evaluator)
    rest_value: float | None = None
    measurement: str | None = None  # the measurement counted (set by the evaluator)

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def down_s(self) -> float:
        return self.bottom_s - self.start_s

    @property
    def up_s(self) -> float:
        return self.end_s - self.bottom_s

    @property
    def depth(self) -> float | None:
        """The rep's excursion: how far the measurement went from rest (always positive)."""
        return None if self.rest_value is None else abs(self.rest_value - self.lowest_deg)


@dataclass
class RepCounter:
    """Counts the reps of one rule from one measurement, frame by frame.

    `learned_depth` seeds the median depth (a calibration from earlier sessions); the counter's
    own reps replace it as they come.
    """

    spec: Reps
    learned_depth: float | None = None
    phase: Phase = "waiting"
    count: int = 0
    # (value, time) of the current rep's turn-around point so far (the lowest, for a squat)
    extreme: tuple[float, float] = field(default=(0.0, 0.0))
    depths: deque[float] = field(default_factory=lambda: deque(maxlen=LEARN_REPS))
    _start_s: float = 0.0
    # The rest position, in "down is away from rest" coordinates: the highest value since the
    # last rep ended, and the last time the value was near it (the rep's start).
    _top: float = 0.0
    _top_s: float = 0.0
    _low: float = 0.0  # the extreme, in the same coordinates
    _in_position: bool = True  # whether the body was in position at the extreme
    _recent: deque[float] = field(default_factory=lambda: deque(maxlen=GLITCH_FRAMES))

    def _signed(self, value: float) -> float:
        """The value in coordinates where a rep goes down and back up."""
        return value if self.spec.direction == "flexion" else -value

    @property
    def gate(self) -> float:
        """The depth a swing needs to be a rep, in the measurement's unit."""
        gate = self.spec.min_excursion
        depths = list(self.depths)
        if len(depths) >= LEARN_AFTER:
            gate = max(gate, REP_SHARE * statistics.median(depths))
        elif self.learned_depth is not None:
            gate = max(gate, REP_SHARE * self.learned_depth)
        return gate

    @property
    def typical_depth(self) -> float | None:
        """The median depth of the last reps (None before any), for calibration."""
        return statistics.median(self.depths) if self.depths else None

    def restart(self) -> None:
        """Forget the rep under way and the learned depths (the measurement changed, e.g. with
        the camera view); the count stays."""
        self.phase, self.learned_depth = "waiting", None
        self.depths.clear()
        self._recent.clear()

    def update(self, value: float | None, t_s: float, in_position: bool = True) -> RepEvent | None:
        """Feed one frame's measurement (None when not visible); a RepEvent when a rep ends.
        `in_position`: whether the body is in the exercise's position on this frame (the rule's
        `reps.position`); a rep whose turn-around is out of position is not counted."""
        if value is None:
            return None  # hidden: keep the state as it is
        # The median of the last GLITCH_FRAMES values: a one-frame tracking glitch (a limb
        # flipping for a frame) never turns a rep, at the cost of one frame's delay.
        self._recent.append(value)
        value = statistics.median(self._recent)
        x = self._signed(value)
        if self.phase == "waiting":
            self.phase, self._top, self._top_s = "top", x, t_s
            return None
        gate = self.gate
        if self.phase != "top" and t_s - self._start_s > self.spec.max_duration_s:
            # Too long to be a rep (resting low, tying a shoe): start again from here.
            self.phase, self._top, self._top_s = "top", x, t_s
            return None
        near_top = x >= self._top - LEAVE_SHARE * gate
        if self.phase == "top":
            if near_top:
                self._top = max(self._top, x)
                self._top_s = t_s
                return None
            self.phase, self._start_s = "going_down", self._top_s
            self._low, self.extreme, self._in_position = x, (value, t_s), in_position
            return None
        if x < self._low:
            self._low, self.extreme, self._in_position = x, (value, t_s), in_position
            if self.phase == "going_up":
                self.phase = "bottom"  # went down again before coming back: the same rep
        depth = self._top - self._low
        if self.phase == "going_down" and depth >= gate:
            self.phase = "bottom"
        back = x - self._low
        if self.phase == "going_down":
            if near_top:  # came back before going deep enough: not a rep, still at rest
                self.phase, self._top, self._top_s = "top", max(self._top, x), t_s
            return None
        if self.phase == "bottom":
            if back >= TURN_SHARE * gate:
                self.phase = "going_up"
            else:
                return None
        # going_up: counted once back half of the rep's depth and at least the gate
        if back < max(RETURN_SHARE * depth, gate):
            return None
        self.phase, self._top, self._top_s = "top", x, t_s
        if t_s - self._start_s < self.spec.min_duration_s or not self._in_position:
            # a swing faster than any real rep (jitter, a tracking jump), or out of position
            return None
        self.count += 1
        self.depths.append(depth)
        rest = self._top_value(depth)
        return RepEvent(
            self.count, self._start_s, self.extreme[1], t_s, self.extreme[0], rest_value=rest
        )

    def _top_value(self, depth: float) -> float:
        """The rest value before the rep that just ended, in the measurement's own sign."""
        top = self._low + depth
        return top if self.spec.direction == "flexion" else -top
