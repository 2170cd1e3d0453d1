"""The user's language: Simplified Chinese or English, from a setting or the system locale.

One process-wide choice, made once at start-up (`set_language`) by the window or the command
line and read everywhere else (`language`). Texts that come in both languages, such as a rule's
name or a check's message, are given as a mapping from language code to text; `localized` picks
the user's language and falls back to English, then to whatever the text has. The texts of the
code itself (the command line's messages and help, the coach's tips and corrections) are
English message ids translated by `gettext` from the catalog in coach/locale (its `.po` is the
source, the `.mo` is compiled from it by `python -m tools.catalog`).
"""

from __future__ import annotations

import functools
import gettext as _gettext
import locale
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, get_args

Language = Literal["en", "zh_CN"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "en"

_current: Language | None = None

# The gettext catalog of the code's own texts: coach/locale/<language>/LC_MESSAGES/<DOMAIN>.mo
DOMAIN = "fitness-coach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


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
    """The language of the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as GNU gettext
    reads them, then the C library's), English when it is neither Chinese nor English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
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


def catalog(lang: str | None = None) -> _gettext.NullTranslations:
    """The code's translations into `lang` (default: the language in use); English is the
    message ids themselves."""
    return _catalog(normalize(lang) or language())


@functools.cache  # read once per language: the coach asks for words on every frame
def _catalog(code: Language) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def gettext(message: str) -> str:
    """`message` (an English message id) in the language in use."""
    return catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message id for `n`, in the language in use."""
    return catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message id to translate later (where it is shown): returned as it is."""
    return message


@contextmanager
def stdlib_messages(lang: Language) -> Iterator[None]:
    """Within the block, the standard library's own messages (argparse's "usage:", "options"
    and errors) are in `lang`: they go through gettext's default domain, which is pointed at
    this catalog and finds its language in the environment (LANGUAGE, checked first)."""
    previous = (_gettext.textdomain(), os.environ.get("LANGUAGE"))
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        _gettext.textdomain(previous[0])
        if previous[1] is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous[1]
