"""The user's language: Simplified Chinese or English, from a setting or the system locale.

One process-wide choice, made once at start-up (`set_language`) by the window or the command
line and read everywhere else (`language`). Texts that come in both languages, such as a rule's
name or a check's message, are given as a mapping from language code to text; `localized` picks
the user's language and falls back to English, then to whatever the text has.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from typing import Literal, get_args

Language = Literal["en", "zh_CN"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "en"

_current: Language | None = None


def normalize(code: str | None) -> Language | None:
    """ "zh_CN.UTF-8", "zh-Hans", "zh" -> "zh_CN"; "en_GB", "C", "POSIX" -> "en"; else None."""
    if not code:
        return None
    code = code.strip().replace("-", "_").split(".")[0].split("@")[0].lower()
    if code.startswith("zh"):
        return "zh_CN"
    if code.startswith("en") or code in ("c", "posix"):
        return "en"
    return None


def system_language() -> Language:
    """The language of the system locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE, then the C
    library's), English when it is neither Chinese nor English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value:
            return normalize(value.split(":")[0]) or DEFAULT_LANGUAGE
    try:
        code = locale.getlocale(locale.LC_MESSAGES)[0]
    except (AttributeError, ValueError):  # no LC_MESSAGES on Windows
        code = locale.getlocale()[0]
    return normalize(code) or DEFAULT_LANGUAGE


def set_language(code: str | None) -> Language:
    """Use `code` ("en", "zh_CN" or a locale name); None or "" or "system" follows the system
    locale. Returns the language now used."""
    global _current
    chosen = None if code in (None, "", "system") else normalize(code)
    _current = chosen or system_language()
    return _current


def language() -> Language:
    """The language in use: the one set, else the system's."""
    return _current or system_language()


def localized(text: str | Mapping[str, str], lang: str | None = None) -> str:
    """`text` in `lang` (default: the language in use). A plain string is returned as it is; a
    mapping falls back to English, then to its first entry."""
    if isinstance(text, str):
        return text
    wanted = normalize(lang) or language()
    for code in (wanted, DEFAULT_LANGUAGE):
        if text.get(code):
            return text[code]
    return next((value for value in text.values() if value), "")
