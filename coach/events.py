"""What happens in a session, in order: the events the window, the voice and the history follow.

A session produces two kinds of output. Frames (`coach.session.FrameResult`: pixels, landmarks,
plot points) are lossy: when the screen is behind, the newest wins. Events are lossless and
ordered: every rep, every message and the session's end reach whoever listens, exactly once.

`time_s` is on the session's clock: the video's own time for a file, seconds since the camera
opened for a camera.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from coach.coaching.reps import RepEvent

SourceKind = Literal["camera", "video", "photos"]
# The check id of a spoken rep count (a cue that is not a form check).
COUNT_CHECK = "rep_count"


@dataclass(frozen=True)
class SessionStarted:
    time_s: float
    source: str
    source_kind: SourceKind
    exercise: str | None  # the rule's id, None when only watching
    started_at: str  # wall-clock start, ISO 8601 with the local offset


@dataclass(frozen=True)
class RepEnded:
    time_s: float
    rep: RepEvent  # its faults are every check it failed, judged during the rep
    reps: int  # reps so far, this one included
    faulty_reps: int


@dataclass(frozen=True)
class CueGiven:
    """A message shown to the user (a form fault, a tip, the camera view, a rep count), and
    whether it was also spoken (the voice takes one cue at a time, by priority)."""

    time_s: float
    check: str  # the rule's check id, "camera_view", or COUNT_CHECK
    severity: Literal["info", "warning", "danger"]
    message: str
    spoken: bool

    def record(self) -> dict[str, Any]:
        """The cue as it appears in a summary's "cues" list."""
        return {
            "time_s": round(self.time_s, 3),
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "spoken": self.spoken,
        }


@dataclass(frozen=True)
class HoldStarted:
    # When the hold was confirmed: the rule's enter delay after the pose began, from when its
    # time is counted (HoldEnded.held_s includes that delay).
    time_s: float


@dataclass(frozen=True)
class HoldEnded:
    time_s: float
    held_s: float


@dataclass(frozen=True)
class SessionFailed:
    """Something stopped the session early: a source that failed, or an internal error."""

    time_s: float
    message: str  # for the user: what went wrong and, where possible, what to do
    details: str  # the technical details (a traceback for an internal error), may be ""


@dataclass(frozen=True)
class SessionFinished:
    """Always the last event of a session, after a failure or a stop too."""

    time_s: float
    summary: dict[str, Any]


SessionEvent = (
    SessionStarted | RepEnded | CueGiven | HoldStarted | HoldEnded | SessionFailed | SessionFinished
)
