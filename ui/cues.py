"""The voice: speaks the cues the session marked spoken (coach.coaching.voice decides which).

Qt's text-to-speech speaks where the platform has an engine (speech-dispatcher on Linux, the
system voices on Windows and macOS); otherwise a short tone plays. An urgent cue (an injury risk)
interrupts whatever is being said; others are queued behind it, which the session's spacing keeps
short.
"""

from __future__ import annotations

import ctypes.util
from pathlib import Path

from PySide6.QtCore import QLoggingCategory, QObject, QUrl

from coach.settings import CoachingSettings

# Set before Qt Multimedia loads: on import it reports every optional library it does not find
# (VA-API, PipeWire) and its FFmpeg version, none of which a beep needs. Its warnings that
# matter (no sound server, a file that does not play) stay.
QLoggingCategory.setFilterRules(
    "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.symbolsresolver.info=false\n"
    "qt.multimedia.ffmpeg.info=false"
)

from PySide6.QtMultimedia import QMediaDevices, QSoundEffect  # noqa: E402
from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: E402

BEEP = Path(__file__).resolve().parents[1] / "assets" / "beep.wav"


def _usable(engine: str) -> bool:
    """Linux's speechd plug-in needs libspeechd; without it Qt only logs a critical error."""
    return engine != "speechd" or ctypes.util.find_library("speechd") is not None


class Cues(QObject):
    """Says what the coach wants said. `spoken` keeps every cue given (tests read it)."""

    def __init__(self, engine: str | None = None) -> None:
        super().__init__()
        self.muted = False
        self.voice = True  # speak, where an engine works; else (or if off) the tone
        self.sound = True  # the tone
        self.spoken: list[str] = []
        engines = [e for e in QTextToSpeech.availableEngines() if e != "mock" and _usable(e)]
        name = engine or next(iter(engines), None)
        self._speech = QTextToSpeech(name, self) if name else None
        if self._speech is not None and self._speech.state() == QTextToSpeech.State.Error:
            self._speech = None  # an engine listed but not working (no speech daemon)
        self._beep: QSoundEffect | None = None
        if QMediaDevices.audioOutputs():  # no speakers (a server, CI): cues are only recorded
            self._beep = QSoundEffect(self)
            self._beep.setSource(QUrl.fromLocalFile(str(BEEP)))

    def configure(self, settings: CoachingSettings) -> None:
        """Voice, tone and volume from the coaching preferences."""
        self.voice, self.sound = settings.voice, settings.sound
        if self._speech is not None:
            self._speech.setVolume(settings.volume)
        if self._beep is not None:
            self._beep.setVolume(settings.volume)

    def say(self, text: str, urgent: bool = False) -> bool:
        """Speak `text` (or beep) unless muted; `urgent` interrupts what is being said. True if
        given."""
        if self.muted or (not self.voice and not self.sound):
            return False
        self.spoken.append(text)
        if self._speech is not None and self.voice:
            if urgent:
                self._speech.say(text)  # stops the current utterance and the queue
            else:
                self._speech.enqueue(text)
        elif self._beep is not None and self.sound:
            self._beep.play()
        return True
