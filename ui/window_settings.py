"""The window's settings: restored and saved, the settings dialogs, and their changes applied.

An object the window owns (`MainWindow.preferences`), kept apart so that the window module holds
the sources and the sessions, this one the user's preferences: settings.json and window.ini in the
config folder, start-up notices about damaged files, the rule editor, the camera and coaching
dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from coach import i18n
from coach.coaching.rule_schema import Rule
from coach.settings import CoachingSettings, load_settings, save_settings
from coach.storage import config_dir
from coach.vision.sources import list_cameras
from ui.language import QT_TRANSLATE_NOOP, translated
from ui.rule_editor import RuleEditorDialog
from ui.settings_dialogs import CameraDialog, CoachingDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WindowPreferences(QObject):
    """The preferences of one window: it reads and sets the window's actions, exercise picker,
    panel, plot, cues and sessions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.app_settings, notice = load_settings()
        # Problems found at start-up (a damaged settings or rule file), shown once the window is up.
        self.notices: list[str] = [notice] if notice else []
        self.geometry_settings = QSettings(
            str(config_dir() / "window.ini"), QSettings.Format.IniFormat
        )
        self.rule_editor: RuleEditorDialog | None = None
        self._warned = False  # a settings folder that cannot be written is said once

    def restore(self) -> None:
        geometry = self.geometry_settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        settings = self.app_settings
        if self.window.exercise_box.findData(settings.exercise) >= 0:
            self.window.select_exercise(settings.exercise)
        self.window.mirror_action.setChecked(settings.camera.mirror)
        self.window.privacy_action.setChecked(settings.privacy)
        self.window.mute_action.setChecked(settings.muted)

    def save(self) -> None:
        """Keep the window's choices; a folder that cannot be written is said once, in the
        status bar, and the app goes on with the settings in memory."""
        settings = self.app_settings
        settings.exercise = self.window.exercise_box.currentData() or ""
        settings.camera.mirror = self.window.mirror_action.isChecked()
        settings.privacy = self.window.privacy_action.isChecked()
        settings.muted = self.window.mute_action.isChecked()
        settings.loop_video = self.window.loop_action.isChecked()
        try:
            save_settings(settings)
        except OSError as exc:
            if not self._warned:
                message = self.tr("Settings could not be saved ({reason})").format(reason=exc)
                self.window.statusBar().showMessage(message, 10_000)
            self._warned = True
        self.geometry_settings.setValue("geometry", self.window.saveGeometry())
        self.geometry_settings.sync()

    @Slot()
    def show_notices(self) -> None:
        """Start-up problems (damaged files set aside), in one box that does not block."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.window.windowTitle(),
            "\n\n".join(self.notices),
            parent=self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- settings dialogs ---

    def open_rule_editor(self) -> RuleEditorDialog:
        """The rule editor (one, kept): non-modal, so its preview follows the session."""
        if self.rule_editor is None:
            self.rule_editor = RuleEditorDialog(self.window.store, self.window)
            self.rule_editor.rule_saved.connect(self._on_rule_editor_rule_saved)
            self.rule_editor.rule_removed.connect(self._on_rule_editor_rule_removed)
            self.window.frame_shown.connect(self.rule_editor.preview_frame)
            rule = self.window.selected_rule()
            if rule is not None:
                self.rule_editor.select(rule.id)
        self.rule_editor.show()
        self.rule_editor.raise_()
        return self.rule_editor

    @Slot()
    def _on_rules_triggered(self) -> None:
        self.open_rule_editor()

    @Slot(object)
    def _on_rule_editor_rule_saved(self, rule: Rule) -> None:
        self.window.fill_exercises()
        if self.window.session_rule is not None and self.window.session_rule.id == rule.id:
            self.window.use_rule(rule)
        message = self.tr("Saved '{name}'").format(name=i18n.localized(rule.name))
        self.window.statusBar().showMessage(message, 5000)

    @Slot(str)
    def _on_rule_editor_rule_removed(self, rule_id: str) -> None:
        self.window.fill_exercises()
        if self.window.session_rule is not None and self.window.session_rule.id == rule_id:
            self.window.use_rule(self.window.rules.get(rule_id))

    @Slot(QAction)
    def _on_languages_triggered(self, action: QAction) -> None:
        """Settings, Language: kept for the next start (the window's texts are made once), which
        a message says in the language chosen."""
        code = action.data()
        if code == self.app_settings.language:
            return
        self.app_settings.language = code
        self.save()
        chosen = i18n.normalize(code) or i18n.system_language()  # "system": the system's
        note = QT_TRANSLATE_NOOP(
            "WindowPreferences", "The new language is used when Fitness Coach next starts."
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translated(chosen, "MainWindow", "Fitness Coach"),
            translated(chosen, "WindowPreferences", note),
            parent=self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot()
    def _on_camera_settings_triggered(self) -> None:
        dialog = CameraDialog(self.app_settings.camera, list_cameras(), self.window)
        if dialog.exec() == CameraDialog.DialogCode.Accepted:
            self.app_settings.camera = dialog.settings()
            self.window.mirror_action.setChecked(self.app_settings.camera.mirror)
            self.save()

    @Slot()
    def _on_coaching_settings_triggered(self) -> None:
        dialog = CoachingDialog(self.app_settings.coaching, self.window)
        if dialog.exec() == CoachingDialog.DialogCode.Accepted:
            self.apply_coaching(dialog.settings())

    def apply_coaching(self, coaching: CoachingSettings) -> None:
        """New coaching preferences: saved, given to the cues and to the running session."""
        self.app_settings.coaching = coaching
        self.window.cues.configure(coaching)
        self.window.controller.use_smoothing(coaching.smoothing, coaching.smoothing_strength)
        self.window.controller.use_voice(self.window.voice_policy())
        self.save()
