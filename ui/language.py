"""The window's language: Qt's translators for the app's texts and for Qt's own dialogs.

The language is chosen once, before the window and the rules are built (`use_language`): the
setting in settings.json, or the system locale when it says "system". The app's texts are
translated by ui/translations/fitness_coach_zh_CN.qm (compiled from the .ts next to it by
`make translations`, and committed), Qt's own buttons and dialogs by the qtbase catalogue that
ships in the PySide6 wheel. English is the language of the source: its catalogue holds only the
plural forms ("1 day", "2 days"), and Qt speaks English without one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from coach import i18n
from coach.i18n import Language

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
CATALOGUE = "fitness_coach"  # fitness_coach_<language>.qm
# The languages of the Settings menu, each named in its own (so that a user who cannot read the
# current one still finds theirs).
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
_INSTALLED = "fitness-coach-translator"  # objectName of the translators installed here


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for pyside6-lupdate (which finds it by this name) in `context`, to be
    translated where it is shown; typed, unlike PySide6's (which returns object)."""
    return text


def translators(language: Language) -> list[QTranslator]:
    """The app's and Qt's translators for `language`, loaded."""
    catalogues = [(f"{CATALOGUE}_{language}", str(TRANSLATIONS))]
    if language != "en":
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        catalogues.append((f"qtbase_{language}", qt_folder))
    found = []
    for name, folder in catalogues:
        translator = QTranslator()
        if not translator.load(name, folder):
            raise FileNotFoundError(f"{folder}/{name}.qm: the translation is missing")
        found.append(translator)
    return found


def use_language(app: QCoreApplication, setting: str | None) -> Language:
    """Choose the language (`setting`: "system", "en" or "zh_CN") for the core's texts, Qt's
    locale (dates, numbers) and the window's texts; returns it. Call before building windows:
    texts already shown stay as they were. Calling it again replaces the translators."""
    language = i18n.set_language(setting)
    for old in app.findChildren(QTranslator, _INSTALLED):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    for translator in translators(language):
        translator.setParent(app)  # kept alive as long as the app
        translator.setObjectName(_INSTALLED)
        QCoreApplication.installTranslator(translator)
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    return language


def translated(language: Language, context: str, text: str) -> str:
    """`text` in `language`, whatever language the app now uses (a message about changing the
    language is said in the new one)."""
    for translator in translators(language):
        if found := translator.translate(context, text):
            return found
    return text
