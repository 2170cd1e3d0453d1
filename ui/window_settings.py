"""The window's settings: restored and saved, the settings dialogs, and their changes applied.

A part of MainWindow (a mixin), kept apart so that the window module holds the sources and the
session, this one the user's preferences: settings.json and window.ini in the config folder,
start-up notices about damaged files, the rule editor, the camera and coaching dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtWidgets import QMessageBox

from coach.coaching.engine import is_edit_of
from coach.coaching.rule_schema import Rule
from coach.settings import CoachingSettings, save_settings
from coach.vision.sources import list_cameras
from ui.rule_editor import RuleEditorDialog
from ui.settings_dialogs import CameraDialog, CoachingDialog


class SettingsMixin:
    """Settings behaviour of MainWindow: it uses the window's actions, exercise picker, session,
    panel, plot and cues (a mixin, not checked by mypy, which checks coach/ only)."""

    def _restore_settings(self) -> None:
        geometry = self.geometry_settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        settings = self.app_settings
        if self.exercise_box.findData(settings.exercise) >= 0:
            self.select_exercise(settings.exercise)
        self.mirror_action.setChecked(settings.camera.mirror)
        self.privacy_action.setChecked(settings.privacy)
        self.mute_action.setChecked(settings.muted)

    def save_settings(self) -> None:
        """Keep the window's choices; a folder that cannot be written is said once, in the
        status bar, and the app goes on with the settings in memory."""
        settings = self.app_settings
        settings.exercise = self.exercise_box.currentData() or ""
        settings.camera.mirror = self.mirror_action.isChecked()
        settings.privacy = self.privacy_action.isChecked()
        settings.muted = self.mute_action.isChecked()
        settings.loop_video = self.loop_action.isChecked()
        try:
            save_settings(settings)
        except OSError as exc:
            if not self._settings_warned:
                self.statusBar().showMessage(f"Settings could not be saved ({exc})", 10_000)
            self._settings_warned = True
        self.geometry_settings.setValue("geometry", self.saveGeometry())
        self.geometry_settings.sync()

    @Slot()
    def _show_notices(self) -> None:
        """Start-up problems (damaged files set aside), in one box that does not block."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.windowTitle(), "\n\n".join(self.notices), parent=self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- settings dialogs ---

    def open_rule_editor(self) -> RuleEditorDialog:
        """The rule editor (one, kept): non-modal, so its preview follows the session."""
        if self.rule_editor is None:
            self.rule_editor = RuleEditorDialog(self.store, self)
            self.rule_editor.rule_saved.connect(self._on_rule_editor_rule_saved)
            self.rule_editor.rule_removed.connect(self._on_rule_editor_rule_removed)
            self.frame_shown.connect(self.rule_editor.preview_frame)
            rule = self.selected_rule()
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
        self._fill_exercises()
        if self._session_rule is not None and self._session_rule.id == rule.id:
            self._use_rule(rule)
        self.statusBar().showMessage(f"Saved '{rule.name}'", 5000)

    @Slot(str)
    def _on_rule_editor_rule_removed(self, rule_id: str) -> None:
        self._fill_exercises()
        if self._session_rule is not None and self._session_rule.id == rule_id:
            self._use_rule(self.rules.get(rule_id))

    def _use_rule(self, rule: Rule | None) -> None:
        """The running session judges with `rule` from its next frame."""
        if self._session_worker is None:
            return
        self._session_worker.session.use_rule(rule)
        previous = self._session_rule
        if rule is None or previous is None or not is_edit_of(rule, previous):
            self.panel.start(rule)  # another exercise: its counts start afresh
        self._session_rule = rule
        self.plot.start(rule)
        self.plot.setVisible(rule is not None)

    @Slot()
    def _on_camera_settings_triggered(self) -> None:
        dialog = CameraDialog(self.app_settings.camera, list_cameras(), self)
        if dialog.exec() == CameraDialog.DialogCode.Accepted:
            self.app_settings.camera = dialog.settings()
            self.mirror_action.setChecked(self.app_settings.camera.mirror)
            self.save_settings()

    @Slot()
    def _on_coaching_settings_triggered(self) -> None:
        dialog = CoachingDialog(self.app_settings.coaching, self)
        if dialog.exec() == CoachingDialog.DialogCode.Accepted:
            self.apply_coaching(dialog.settings())

    def apply_coaching(self, coaching: CoachingSettings) -> None:
        """New coaching preferences: saved, given to the cues and to the running session."""
        self.app_settings.coaching = coaching
        self.cues.configure(coaching)
        if self._session_worker is not None:
            self._session_worker.session.use_smoothing(
                coaching.smoothing, coaching.smoothing_strength
            )
        self.save_settings()
