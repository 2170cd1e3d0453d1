"""Hold timing: in the pose after `enter_s` in range, out after `exit_s` out of it; the timer
runs only while the pose is held in form (no warning or danger check failing)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.coaching.rule_schema import Hold


@dataclass
class HoldTimer:
    """Times one hold rule frame by frame."""

    spec: Hold
    holding: bool = False
    current_s: float = 0.0  # the hold going on now, in form
    best_s: float = 0.0
    total_s: float = 0.0
    holds: int = 0  # times the pose was entered
    _since_s: float | None = None  # when the in/out state started to differ from `holding`
    _last_s: float | None = None

    def update(self, in_pose: bool | None, in_form: bool, t_s: float) -> None:
        """`in_pose` None: nobody measurable this frame (treated as out of the pose)."""
        dt = 0.0 if self._last_s is None else t_s - self._last_s
        self._last_s = t_s
        was_holding = self.holding  # time counts from the moment the hold began
        wants = bool(in_pose)
        if wants != self.holding:
            if self._since_s is None:
                self._since_s = t_s
            delay = self.spec.enter_s if wants else self.spec.exit_s
            if t_s - self._since_s >= delay:
                self.holding, self._since_s = wants, None
                if wants:
                    self.holds += 1
                    self.current_s = 0.0
        else:
            self._since_s = None
        # The exit delay keeps a hold alive through a wobble, but time out of the pose or out of
        # form does not count.
        if was_holding and self.holding and wants and in_form:
            self.current_s += dt
            self.total_s += dt
            self.best_s = max(self.best_s, self.current_s)
