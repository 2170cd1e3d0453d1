"""The user's settings and config folder: camera, coaching preferences, last choices.

Everything lives in one folder: `settings.json` (this model), `window.ini` (the window's
geometry, kept by Qt) and `rules/` (the user's own rule files). The folder is the platform's
config folder (platformdirs: ~/.config/fitness-coach on Linux, %APPDATA%\\fitness-coach on
Windows, ~/Library/Application Support/fitness-coach on macOS), or the folder named by the
FITNESS_COACH_CONFIG environment variable (tests, portable installs).

A settings file that cannot be read or is not valid is never fatal: it is renamed aside (so
nothing the user had is lost), the app starts with defaults, and the caller gets a message to
show. Saving is atomic and keeps the previous file as `settings.json.bak`.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.coaching.rule_schema import Severity
from coach.i18n import gettext as _
from coach.storage import config_dir, set_aside, write_json
from coach.vision.smoothing import DEFAULT_SMOOTHING, SmoothingMethod

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class CameraSettings(Settings):
    """How the camera is opened. Resolution and frame rate are requests: a camera that cannot
    give them gives its nearest mode."""

    device: int = Field(default=0, ge=0, le=63)
    width_px: int = Field(default=1280, ge=160, le=3840)
    height_px: int = Field(default=720, ge=120, le=2160)
    fps: int = Field(default=30, ge=5, le=120)
    mirror: bool = False  # selfie view: the live image is shown as in a mirror
    rotation_deg: Literal[0, 90, 180, 270] = 0  # clockwise, for a camera mounted on its side


class CoachingSettings(Settings):
    """What the coach says and how landmarks are smoothed."""

    smoothing: SmoothingMethod = DEFAULT_SMOOTHING
    # 1 is the measured default (docs/smoothing.md); 2 smooths twice as hard (steadier, more lag),
    # 0.5 half as hard. Applies to the kalman and one-euro methods.
    smoothing_strength: float = Field(default=1.0, ge=0.25, le=4.0)
    voice: bool = True  # speak messages and rep counts (where the platform has a voice)
    sound: bool = True  # a tone when no voice is available
    volume: float = Field(default=0.8, ge=0.0, le=1.0)
    speak_severities: list[Severity] = ["warning", "danger"]
    count_reps_aloud: bool = True
    cue_cooldown_s: float = Field(default=1.5, ge=0.5, le=30.0)  # least time between two cues
    record_history: bool = True  # keep each session in the training log (coach.history)


class AppSettings(Settings):
    """All of the user's settings (settings.json)."""

    camera: CameraSettings = CameraSettings()
    coaching: CoachingSettings = CoachingSettings()
    exercise: str = ""  # the last exercise chosen ("" for none)
    privacy: bool = False  # skeleton only: the camera image is never shown
    muted: bool = False
    loop_video: bool = False
    # The window's language: "system" follows the system locale (coach.i18n); a change takes
    # effect when the app next starts.
    language: Literal["system", "en", "zh_CN"] = "system"


def load_settings(folder: Path | None = None) -> tuple[AppSettings, str | None]:
    """The saved settings, or defaults and a message for the user when the file was unusable."""
    path = (folder or config_dir()) / SETTINGS_FILE
    try:
        return AppSettings.model_validate(json.loads(path.read_text(encoding="utf-8"))), None
    except FileNotFoundError:
        return AppSettings(), None
    except OSError as exc:  # a folder by that name, no permission: nothing to move aside
        return AppSettings(), f"{path}: cannot read the settings ({exc}); using the defaults"
    except (ValueError, ValidationError) as exc:  # json's and UTF-8's errors are ValueErrors
        reason = str(exc).splitlines()[0]
    try:
        aside = set_aside(path)
    except OSError as exc:
        return AppSettings(), _(
            "{path}: the settings are damaged ({reason}) and could not be moved aside "
            "({error}); using the defaults"
        ).format(path=path, reason=reason, error=exc)
    return AppSettings(), _(
        "{path}: the settings were damaged ({reason}). They were kept as {aside} and the "
        "defaults are used."
    ).format(path=path, reason=reason, aside=aside.name)


def saved_language(folder: Path | None = None) -> str:
    """The language setting in settings.json, read before anything else is built; "system"
    when the file is missing or unusable (load_settings, called later, reports and sets it
    aside)."""
    path = (folder or config_dir()) / SETTINGS_FILE
    try:
        language = json.loads(path.read_text(encoding="utf-8")).get("language", "system")
        return AppSettings(language=language).language
    except (OSError, ValueError, AttributeError, ValidationError):
        return "system"


def save_settings(settings: AppSettings, folder: Path | None = None) -> None:
    """Write settings.json atomically, keeping the previous one as settings.json.bak; OSError
    if the folder cannot be written (read-only, full)."""
    path = (folder or config_dir()) / SETTINGS_FILE
    if path.is_file():
        shutil.copy2(path, path.with_name(SETTINGS_FILE + ".bak"))
    write_json(path, settings.model_dump(mode="json"))
