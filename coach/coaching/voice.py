"""One voice, by priority: which of a session's messages are spoken, and which only shown.

A trainer says one thing at a time and the most important first. Each frame may bring several
messages (a form fault at the turn-around, a rep count and a fault of the whole rep at the rep's
end, a tip about the camera); all of them are shown and logged, and few are spoken:

1. Priority: danger (an injury risk), then warning (a form fault), then tips (severity info).
   Of one frame's faults and tips only the first speakable one is spoken; the others lose their
   turn on purpose and are logged as shown, not spoken.
2. Counts: a rep count is one short word the user relies on: it is spoken with the frame's fault
   (the window says it first, unless the fault is a danger, which is said at once) and never
   waits for the spacing.
3. Spacing: after a fault or a tip is spoken, another fault or tip waits `min_gap_s` unless it
   outranks it (a danger right after a warning is said at once).
4. Repeats: the same message is not spoken twice within `min_gap_s`.
5. What is spoken at all: the severities the user chose, counts if counting aloud is on, the
   camera-view prompt always, nothing when muted.

Decided on the session's clock, in the core, so the log of what was said is the same in the
window, in tests and in a replay; the window only plays what is marked spoken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from coach.coaching.rule_schema import Severity

PRIORITY = {"danger": 0, "warning": 1, "count": 2, "info": 3}


@dataclass(frozen=True)
class VoicePolicy:
    """What the user wants said (the coaching preferences)."""

    speak_severities: tuple[Severity, ...] = ("warning", "danger")
    count_reps_aloud: bool = True
    min_gap_s: float = 1.5
    muted: bool = False


@dataclass(frozen=True)
class Message:
    """A message to show, and perhaps to speak."""

    check: str
    severity: Severity
    text: str
    kind: Literal["fault", "count", "view"] = "fault"  # view: "Turn sideways" and the like

    @property
    def rank(self) -> int:
        return PRIORITY["count" if self.kind == "count" else self.severity]


@dataclass
class Voice:
    """Decides, frame by frame, which message is spoken (see the module's rules)."""

    policy: VoicePolicy = field(default_factory=VoicePolicy)
    _last_rank: int = len(PRIORITY)  # of the last fault or tip spoken
    _last_s: float = float("-inf")  # when it was spoken
    _said_at: dict[str, float] = field(default_factory=dict)  # message text -> last time said

    def decide(self, messages: list[Message], t_s: float) -> list[tuple[Message, bool]]:
        """Each message with whether it is spoken now: the counts, and at most one other."""
        chosen = [m for m in messages if m.kind == "count" and self._speakable(m, t_s)]
        others = sorted((m for m in messages if m.kind != "count"), key=lambda m: m.rank)
        best = next((m for m in others if self._speakable(m, t_s)), None)
        if best is not None:
            chosen.append(best)
            self._last_rank, self._last_s = best.rank, t_s
        for message in chosen:
            self._said_at[message.text] = t_s
        return [(m, any(m is c for c in chosen)) for m in messages]

    def _speakable(self, message: Message, t_s: float) -> bool:
        policy = self.policy
        if policy.muted:
            return False
        if message.kind == "count":
            wanted = policy.count_reps_aloud
        else:  # the camera view is always said: nothing else can be judged until it is right
            wanted = message.kind == "view" or message.severity in policy.speak_severities
        if not wanted or t_s - self._said_at.get(message.text, float("-inf")) < policy.min_gap_s:
            return False
        if message.kind == "count":
            return True
        in_gap = t_s - self._last_s < policy.min_gap_s
        return not in_gap or message.rank < self._last_rank
