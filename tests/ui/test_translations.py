"""The window in Simplified Chinese and in English: the translations are complete and compiled,
and every window, dialog, menu and panel shows no text of the other language.

The walk builds the real window with the language's translators, opens every menu, dialog and
window, plays a session (recorded landmarks, tests/replay.py), checks a photo, and reads every
text a user sees: titles, labels, buttons, menus, tooltips, tabs, list and table cells, combo
items, plot titles and axes, status messages, message boxes and the file dialogs' captions.
Texts the rules provide (names, check messages, measurement names, the cues the coach gave)
count as rule texts: they are checked once the core gives them in both languages (localized
returns the user's), and skipped while it gives only English.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pyqtgraph as pg
import pytest
from pydantic import BaseModel
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coach.coaching import rule_schema
from coach.coaching.rule_loader import validate_rule
from coach.coaching.rule_store import RuleStore
from coach.i18n import localized
from coach.report import TRENDS
from coach.settings import load_settings, saved_language
from coach.vision.landmarks import LANDMARK_NAMES
from tests.replay import replaying
from ui.body_names import MEASUREMENTS, POINTS, landmark_name, measurement_name
from ui.cues import Cues
from ui.history_window import TREND_TEXTS, DateAxis, ReportDialog
from ui.language import LANGUAGE_NAMES, TRANSLATIONS, use_language
from ui.main_window import MainWindow
from ui.rule_editor import RuleEditorDialog
from ui.rule_fields import CHOICE_LABELS, FIELD_LABELS
from ui.settings_dialogs import CameraDialog, CoachingDialog

BIN = Path(sys.executable).parent
UI = Path(__file__).resolve().parents[2] / "ui"
PHOTO = Path("keypoints/mmpose_testdata/mpii/004645041.jpg")
# Names a Chinese window keeps in Latin letters: products, models, file formats, units.
ALLOWED = {
    "Fitness", "Coach", "MediaPipe", "Kalman", "One", "Euro", "English", "CSV", "JSON", "PNG",
    "csv", "json", "png", "yaml", "yml", "html", "jpg", "jpeg", "bmp", "webp", "tif", "tiff",
    "mp4", "avi", "mov", "mkv", "webm", "m4v", "fps", "ms",
}  # fmt: skip
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{2,}")


# --- the translation files ---


def test_the_committed_qm_files_are_compiled_from_the_ts_files(tmp_path: Path) -> None:
    """A .ts edited without `make translations` leaves a stale .qm: the app would not show it."""
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        fresh = tmp_path / ts.with_suffix(".qm").name
        subprocess.run(
            [BIN / "pyside6-lrelease", ts, "-qm", fresh], check=True, capture_output=True
        )
        committed = ts.with_suffix(".qm")
        assert committed.read_bytes() == fresh.read_bytes(), f"{committed.name} is stale"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_text_of_the_window_is_translated(tmp_path: Path, language: str) -> None:
    """pyside6-lupdate over ui/ finds no text that the .ts lacks or leaves unfinished (English:
    its plural forms)."""
    ts = tmp_path / f"fitness_coach_{language}.ts"
    shutil.copy(TRANSLATIONS / ts.name, ts)
    plural = ["-pluralonly"] if language == "en" else []
    sources = sorted(UI.glob("*.py"))
    command = [BIN / "pyside6-lupdate", "-locations", "none", "-no-obsolete", *plural]
    subprocess.run([*command, *sources, "-ts", ts], check=True, capture_output=True)
    text = ts.read_text(encoding="utf-8")
    unfinished = re.findall(r"<source>(.*?)</source>\s*<translation type=\"unfinished\"", text)
    assert unfinished == [] and 'type="vanished"' not in text
    assert text == (TRANSLATIONS / ts.name).read_text(encoding="utf-8"), "run make translations"
    if language == "en":
        assert text.count("<numerusform>") == 2 * text.count('numerus="yes"')  # one, other


def _schema_words() -> tuple[set[str], set[str]]:
    """Every field name and every choice (Literal value) of the rule schema."""
    fields: set[str] = set()
    choices: set[str] = set()
    seen: set[type] = set()

    def scan(annotation: Any) -> None:
        if get_origin(annotation) is Literal:
            choices.update(str(v) for v in get_args(annotation))
        for inner in get_args(annotation):
            scan(inner)
        model = annotation if isinstance(annotation, type) else None
        if model is not None and issubclass(model, BaseModel) and model not in seen:
            seen.add(model)
            for name, info in model.model_fields.items():
                fields.add(name)
                scan(info.annotation)

    scan(rule_schema.Rule)
    return fields, choices


def test_the_rule_editor_has_words_for_every_field_and_choice_of_the_schema() -> None:
    fields, choices = _schema_words()
    assert {"id", "message", "angle", "medial", "tolerance_deg"} <= fields  # the walk reached
    assert fields - set(FIELD_LABELS) == set()
    assert choices - set(CHOICE_LABELS) - set(POINTS) == set()


def test_every_landmark_and_trend_has_words(qapp: QApplication) -> None:
    assert landmark_name("mouth_right") == "right mouth corner"
    assert landmark_name("left_foot_index") == "left toes"
    assert {text for title, _value, unit in TRENDS for text in (title, unit)} <= set(TREND_TEXTS)
    try:
        use_language(qapp, "zh_CN")
        chinese = {name: landmark_name(name) for name in LANDMARK_NAMES}
    finally:
        use_language(qapp, "en")
    assert chinese["left_knee"] == "左膝"
    assert [name for name, words in chinese.items() if WORD.search(words)] == []


def test_every_measurement_of_the_built_in_rules_has_words(qapp: QApplication) -> None:
    """The angle plot's legend names them: in words, and in Chinese under zh_CN."""
    keys = {key for rule in RuleStore().builtin.values() for key in rule.measurements}
    assert keys <= set(MEASUREMENTS)
    assert measurement_name("trunk_lean") == "trunk lean"
    try:
        use_language(qapp, "zh_CN")
        chinese = {key: measurement_name(key) for key in keys}
    finally:
        use_language(qapp, "en")
    assert chinese["trunk_lean"] == "躯干前倾"
    assert [key for key, words in chinese.items() if WORD.search(words)] == []


# --- the walk ---


def _plain(text: str) -> str:
    """Rich text as read: tags dropped, entities decoded, the mnemonic '&' removed."""
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text).replace("&", "")


def _texts(widget: QWidget) -> Iterator[str]:
    """Every text a user reads in `widget` and its children."""
    for w in [widget, *widget.findChildren(QWidget)]:
        if w.isWindow():
            yield w.windowTitle()
        yield w.toolTip()
        if isinstance(w, QLabel | QAbstractButton):
            yield w.text()
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, QTabWidget):
            yield from (w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QComboBox) and not w.isEditable():  # editable: a rule's own names
            yield from (w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            yield w.placeholderText()  # the text is the user's (a rule's name, its sources)
        elif isinstance(w, QAbstractSpinBox):
            yield w.specialValueText()
            yield getattr(w, "suffix", lambda: "")()
        elif isinstance(w, QTableWidget):
            for column in range(w.columnCount()):
                header = w.horizontalHeaderItem(column)
                yield header.text() if header is not None else ""
                for row in range(w.rowCount()):
                    item = w.item(row, column)
                    yield item.text() if item is not None else ""
        elif isinstance(w, QListWidget):
            yield from (w.item(i).text() for i in range(w.count()))
        elif isinstance(w, QMenu):
            yield w.title()
        elif isinstance(w, pg.GraphicsView):
            for item in w.scene().items():
                if isinstance(item, pg.AxisItem):
                    yield item.labelText
                elif isinstance(item, pg.LabelItem):
                    yield item.text
        for action in w.actions():
            yield action.text()
            yield action.toolTip()
            if action.menu() is not None:
                yield from _texts(action.menu())


class Walk:
    """What a user reads as the walk goes: widgets' texts, status messages, message boxes and
    the captions and labels of the file and input dialogs (patched to answer at once)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: list[str] = []
        self.rule_texts: set[str] = set()  # what rules and the core's cues say, in English yet

        def file_dialog(_parent: object, caption: str = "", _dir: str = "", filters: str = "",
                        *_args: object, **_kwargs: object) -> tuple[str, str]:  # fmt: skip
            self.read += [caption, filters]
            return "", ""

        def folder_dialog(_parent: object, caption: str = "", *_args: object) -> str:
            self.read.append(caption)
            return ""

        def input_dialog(
            _parent: object, title: str, label: str, *_args: object, text: str = ""
        ) -> tuple[str, bool]:
            self.read += [title, label, text]
            return "", False

        def box(answer: QMessageBox.StandardButton) -> Any:
            def shown(_parent: object, title: str, text: str, *_args: object) -> object:
                self.read += [title, text]
                return answer

            return shown

        monkeypatch.setattr(QFileDialog, "getOpenFileName", file_dialog)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", file_dialog)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder_dialog)
        monkeypatch.setattr(QInputDialog, "getText", input_dialog)
        monkeypatch.setattr(QMessageBox, "question", box(QMessageBox.StandardButton.No))
        monkeypatch.setattr(QMessageBox, "warning", box(QMessageBox.StandardButton.Close))
        monkeypatch.setattr(QMessageBox, "information", box(QMessageBox.StandardButton.Ok))

    def widget(self, widget: QWidget) -> None:
        self.read += list(_texts(widget))

    def rules(self, window: MainWindow) -> None:
        """The rules' own texts, to be skipped while the core gives them only in English."""
        for rule in window.rules.values():
            self.rule_texts.add(localized(rule.name))
            self.rule_texts.update(localized(c.message) for c in rule.checks)
            self.rule_texts.update(rule.measurements)
            self.rule_texts.update(name.replace("_", " ") for name in rule.measurements)

    def offending(self, language: str) -> list[str]:
        """The texts read that have words of the other language."""
        found = []
        english_rule_texts = sorted((t for t in self.rule_texts if WORD.search(t)), key=len)
        for raw in set(self.read):
            text = _plain(raw)
            if language == "zh_CN":
                for rule_text in reversed(english_rule_texts):  # longest first
                    text = text.replace(rule_text, " ")
                text = re.sub(r"\S*[/\\]\S*|\S+\.\w{2,4}\b", " ", text)  # paths and file names
                if set(WORD.findall(text)) - ALLOWED:
                    found.append(raw)
            elif CJK.search(text.replace(LANGUAGE_NAMES["zh_CN"], "")):
                found.append(raw)
        return sorted(found)


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    use_language(qapp, request.param)
    yield request.param
    use_language(qapp, "en")  # the other tests' language


@pytest.mark.media
def test_every_window_dialog_menu_and_panel_is_in_the_language(
    language: str,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    media: Path,
    videos: Path,
    tmp_path: Path,
) -> None:
    walk = Walk(monkeypatch)
    window = MainWindow(make_estimator=replaying())
    qtbot.addWidget(window)
    window.show()
    walk.rules(window)
    title = window.windowTitle()
    assert ("健身教练" in title) == (language == "zh_CN")

    # The empty window, its menus (the cameras' listed as they open), a capture with no session.
    window.camera_menu.aboutToShow.emit()
    walk.widget(window)
    window.templates._on_capture_triggered()
    window._on_export_triggered()
    for menu in window.menuBar().actions()[:2]:  # File and Poses: their file dialogs
        for item in menu.menu().actions():
            if item.text().endswith("\u2026") and item.menu() is None:
                item.trigger()
    languages = window.language_menu.actions()
    next(a for a in languages if a.data() == language).trigger()  # said in the language chosen
    walk.widget(window.findChildren(QMessageBox)[-1])

    # Qt's own buttons (qtbase's translation).
    buttons = QMessageBox()
    buttons.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Retry
    )  # fmt: skip
    walk.widget(buttons)

    # A photo checked: the pose, the landmarks, the angles; its exports' dialogs.
    with qtbot.waitSignal(window.photo_shown, timeout=60_000):
        window.open_photo(str(media / PHOTO))
    walk.widget(window)
    window.photo_panel.png_button.click()
    window.photo_panel.json_button.click()

    # A session with faults (its panel while it plays, its summary), then a hold.
    window.frame_shown.connect(lambda _r: walk.widget(window.panel))
    window.frame_shown.connect(lambda _r: walk.read.append(window.statusBar().currentMessage()))
    for exercise, video in (
        ("bicep_curl", "curl_side_dumbbell_3bad_then_1good.mp4"),
        ("plank", "plank_side_hold_10s_moving_camera.mp4"),
    ):
        window.select_exercise(exercise)
        with qtbot.waitSignal(window.session_finished, timeout=120_000):
            window.start_session(str(videos / video), realtime=False)
        walk.widget(window)
        walk.read.append(window.statusBar().currentMessage())
        assert window.last_summary is not None
        for cue in window.last_summary["cues"]:  # type: ignore[attr-defined]
            walk.rule_texts.add(localized(cue["message"]))  # made by the core's rules
    window.frame_shown.disconnect()

    # The settings dialogs, the rule editor on each of its rules, a template's own rule.
    walk.widget(CameraDialog(window.preferences.app_settings.camera, [0], window))
    walk.widget(CoachingDialog(window.preferences.app_settings.coaching, window))
    editor = window.preferences.open_rule_editor()
    for row in range(editor.rule_list.count()):
        editor.rule_list.setCurrentRow(row)
        walk.widget(editor)
    editor._on_duplicate_button_clicked()
    editor._on_import_button_clicked()
    editor._on_export_button_clicked()
    editor.close()

    # The training log: the sessions just played, a session's reps and cues, the report.
    window.show_history()
    history = window.history_window
    assert history is not None
    qtbot.waitUntil(lambda: history.table.rowCount() == 2)
    for row in range(history.table.rowCount()):
        history.table.selectRow(row)
        walk.widget(history)
    now = history.sessions[-1].started_at.timestamp()  # the trends' time axis at each zoom
    for spacing in (400 * 86400, 30 * 86400, 86400, 3600, 1):
        walk.read += DateAxis(orientation="bottom").tickStrings([now], 1.0, spacing)
    history._on_delete_button_clicked()
    history._on_forget_button_clicked()
    walk.widget(ReportDialog(history))
    assert history.save_report(tmp_path / "report.html", ReportDialog().period())  # says so
    walk.read.append(history.statusBar().currentMessage())

    assert walk.read and len(walk.read) > 500  # the walk did read the window
    assert walk.offending(language) == []
    window.close()


def test_the_app_chooses_the_language_of_its_setting(qapp: QApplication) -> None:
    """The setting decides over the system's locale; Qt's locale (dates) follows."""
    try:
        assert use_language(qapp, "zh_CN") == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "Fitness Coach") == "健身教练 Fitness Coach"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert use_language(qapp, "en") == "en"
        assert QCoreApplication.translate("MainWindow", "Fitness Coach") == "Fitness Coach"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        days = QCoreApplication.translate("HistoryWindow", "<b>Streak: %n day(s)</b>", "", 2)
        assert days == "<b>Streak: 2 days</b>"  # English plural forms
    finally:
        use_language(qapp, "en")


def test_a_language_chosen_in_the_menu_is_kept_and_said_in_that_language(
    window: MainWindow, qtbot: QtBot
) -> None:
    chinese = next(a for a in window.language_menu.actions() if a.data() == "zh_CN")
    chinese.trigger()
    box = window.findChildren(QMessageBox)[-1]
    assert "下次启动" in box.text()
    assert QCoreApplication.translate("MainWindow", "Fitness Coach") == "Fitness Coach"  # still
    window.close()
    assert load_settings()[0].language == "zh_CN" and saved_language() == "zh_CN"


def test_cues_are_spoken_by_a_voice_of_the_language_or_given_as_the_tone(
    qapp: QApplication,
) -> None:
    """Qt's mock speech engine has English voices and no Chinese one."""
    english = Cues(engine="mock", language="en")
    assert english.voice_locale is not None and english.voice_locale.startswith("en_")
    chinese = Cues(engine="mock", language="zh_CN")
    assert chinese.voice_locale is None  # no Chinese voice: not an English one reading Chinese
    assert chinese.say("膝盖不要内扣") and chinese.spoken == ["膝盖不要内扣"]  # the tone instead


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # popups
def test_the_rule_editor_in_chinese_keeps_every_rule_as_its_file_says(
    qapp: QApplication, qtbot: QtBot
) -> None:
    """The form shows choices and body points in words; the values it gives back are the rule
    file's (a translated word never leaks into a rule)."""
    values: dict[str, dict[str, Any]] = {}
    for language in ("en", "zh_CN"):
        use_language(qapp, language)
        editor = RuleEditorDialog(RuleStore())
        qtbot.addWidget(editor)
        for rule_id in sorted(editor.store.rules):
            editor.select(rule_id)
            assert editor.form is not None
            for picker in editor.form.widget.findChildren(QComboBox):
                if picker.isEditable() and rule_id == "squat":  # measurements: refilled on open
                    picker.showPopup()
                    picker.hidePopup()
            value = editor.form.value()
            assert validate_rule(value)[1] == [], rule_id
            assert values.setdefault(rule_id, value) == value, f"{rule_id} under {language}"
    use_language(qapp, "en")
    assert len(values) >= 16
