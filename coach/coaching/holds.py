"""Hold timing: a pose is held once in range for `enter_s` and timed from the moment it came
into range; it ends once out of range for `exit_s`, and a shorter wobble neither ends the hold nor
stops the clock. Only time while a danger check fails is not counted."""

from __future__ import annotations

from dataclasses import dataclass

from coach.coaching.rule_schema import Hold


@dataclass
class HoldTimer:
    """Times one hold rule frame by frame.

    A coach's stopwatch: it starts when the person gets into the pose (the enter delay only
    confirms that the pose is held, so its time is credited), runs while form warnings are told,
    keeps running through a wobble shorter than `exit_s`, and stops when the person leaves the
    pose (the time since the last frame in it is not counted) or while an injury-risk (danger)
    check fails.
    """

    spec: Hold
    holding: bool = False
    current_s: float = 0.0  # the hold going on now
    best_s: float = 0.0
    total_s: float = 0.0
    holds: int = 0  # times the pose was entered
    _since_s: float | None = None  # when the in/out state started to differ from `holding`
    # The time since `_since_s` that counts if the change is confirmed (entering the pose) or
    # undone (a wobble, back in the pose within `exit_s`).
    _pending_s: float = 0.0
    _last_s: float | None = None

    def update(self, in_pose: bool | None, safe: bool, t_s: float) -> None:
        """`in_pose` None: nobody measurable this frame (treated as out of the pose); `safe`:
        no danger check fails on this frame."""
        dt = 0.0 if self._last_s is None else t_s - self._last_s
        self._last_s = t_s
        dt = dt if safe else 0.0  # time in a position that risks injury does not count
        wants = bool(in_pose)
        if wants == self.holding:
            if self.holding:  # in the pose; after a wobble, its time counts too
                self._count(self._pending_s + dt)
            self._since_s, self._pending_s = None, 0.0
            return
        if self._since_s is None:
            # The change starts on this frame. Entering: the pose began now. Leaving: the time
            # since the last frame in the pose counts only if the pose comes back.
            self._since_s, self._pending_s = t_s, dt if self.holding else 0.0
        else:
            self._pending_s += dt
        delay = self.spec.enter_s if wants else self.spec.exit_s
        if t_s - self._since_s < delay:
            return
        self.holding, self._since_s = wants, None
        if wants:  # held long enough: a new hold, timed from when the pose began
            self.holds += 1
            self.current_s = 0.0
            self._count(self._pending_s)
        self._pending_s = 0.0

    def _count(self, seconds: float) -> None:
        self.current_s += seconds
        self.total_s += seconds
        self.best_s = max(self.best_s, self.current_s)
