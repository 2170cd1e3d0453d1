"""The voice: speaks the cues the session marked spoken (coach.coaching.voice decides which).

Qt's text-to-speech speaks where the platform has an engine (speech-dispatcher on Linux, the
system voices on Windows and macOS) in the user's language; where the engine has no voice for that
language a short tone plays instead (English words in a Chinese voice, or the reverse, help
nobody), as it does where there is no engine at all. An urgent cue (an injury risk)
interrupts whatever is being said; others are queued behind it, which the session's spacing keeps
short.
"""

from __future__ import annotations

import ctypes.util
from pathlib import Path

from PySide6.QtCore import QLocale, QLoggingCategory, QObject, QUrl

from coach import i18n
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

    def __init__(self, engine: str | None = None, language: i18n.Language | None = None) -> None:
        """`engine`: Qt's speech engine by name (default: the platform's); `language`: what the
        cues are spoken in (default: the app's)."""
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
        # The locale the voice speaks ("zh_CN", "en_US"), None when cues are a tone.
        self.voice_locale: str | None = None
        if self._speech is not None:
            self.voice_locale = self._choose_locale(language or i18n.language())
            if self.voice_locale is None:
                self._speech = None  # no voice for the language: the tone instead
        self._beep: QSoundEffect | None = None
        if QMediaDevices.audioOutputs():  # no speakers (a server, CI): cues are only recorded
            self._beep = QSoundEffect(self)
            self._beep.setSource(QUrl.fromLocalFile(str(BEEP)))

    def _choose_locale(self, language: i18n.Language) -> str | None:
        """Set the engine's locale to one of `language` (the system's own if it is one, else
        the first the engine has); its name, or None when the engine has none."""
        assert self._speech is not None
        mine = [
            loc for loc in self._speech.availableLocales() if i18n.normalize(loc.name()) == language
        ]
        if not mine:
            return None
        system = QLocale.system().name()
        chosen = next((loc for loc in mine if loc.name() == system), mine[0])
        self._speech.setLocale(chosen)  # and the engine's default voice for it
        return chosen.name()

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
