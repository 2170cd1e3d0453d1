"""The rule editor dialog: list, customise, duplicate, edit, import, export and delete rules.

Built-in rules are read-only; "Customise" edits a copy of the user's own that replaces the
built-in one (and "Reset to built-in" deletes it again), "Duplicate" starts a new exercise from
any rule. The form validates as the user types, shows each error beside its field, and Save
stays disabled while anything is invalid. A live preview measures the edited rule on the frames
of the running session and plots its angles against the thresholds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from ruamel.yaml.error import YAMLError

from coach.coaching.engine import Evaluator
from coach.coaching.rule_loader import RuleError, read_yaml, validate_rule
from coach.coaching.rule_schema import Rule
from coach.coaching.rule_store import RuleStore
from coach.i18n import localized
from coach.session import FrameResult
from ui.angle_plot import AnglePlot
from ui.language import QT_TRANSLATE_NOOP
from ui.rule_fields import label_of
from ui.rule_form import ERROR_STYLE, ModelForm

BUILTIN_NOTE = QT_TRANSLATE_NOOP(
    "RuleEditorDialog",
    "This is a built-in rule: it cannot be changed. <b>Customise</b> makes your own copy, "
    "which replaces it; <b>Duplicate</b> starts a new exercise from it.",
)
# The rule's fields on tabs: what a coach changes most comes first after the names.
PAGES = (
    (QT_TRANSLATE_NOOP("RuleEditorDialog", "About"), ("id", "name", "language", "view", "sources")),
    (QT_TRANSLATE_NOOP("RuleEditorDialog", "Reps or hold"), ("reps", "hold")),
    (QT_TRANSLATE_NOOP("RuleEditorDialog", "Form checks"), ("checks",)),
    (QT_TRANSLATE_NOOP("RuleEditorDialog", "Measurements"), ("measurements",)),
)
PREVIEW_IDLE = QT_TRANSLATE_NOOP(
    "RuleEditorDialog", "Play a video or start the camera to see this rule measured live."
)


def where(path: tuple[int | str, ...]) -> str:
    """A key path in words: ("checks", 0, "max_deg") -> "Checks 1 \u203a Max"."""
    text = ""
    for part in path:
        text += f" {part + 1}" if isinstance(part, int) else f" \u203a {label_of(part)}"
    return text.removeprefix(" \u203a ") or QCoreApplication.translate("RuleEditorDialog", "Rule")


def rule_id_for(name: str, taken: set[str]) -> str:
    """A file-safe id from a display name: `Squat (knee-friendly)` -> `squat_knee_friendly`."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "rule"
    base = base if base[0].isalpha() else f"rule_{base}"
    rule_id, n = base, 2
    while rule_id in taken:
        rule_id, n = f"{base}_{n}", n + 1
    return rule_id


class RuleEditorDialog(QDialog):
    """Edits the rules of a RuleStore; tells the window when a rule changed."""

    rule_saved = Signal(object)  # Rule: a user rule just written (the session takes it at once)
    rule_removed = Signal(str)  # id of a user rule deleted (the built-in one, if any, returns)

    def __init__(self, store: RuleStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exercise rules"))
        self.resize(1100, 760)
        self.store = store
        self.form: ModelForm | None = None
        self.rule_id: str | None = None  # the rule shown
        self.editable = False
        self.valid_rule: Rule | None = None
        self._loaded: Any = None  # the form's value as last loaded or saved
        self._preview_rule: Rule | None = None
        self._evaluator: Evaluator | None = None

        self.rule_list = QListWidget()
        self.rule_list.currentItemChanged.connect(self._on_rule_list_current_item_changed)
        self.customise_button = QPushButton(self.tr("Customise"))
        self.duplicate_button = QPushButton(self.tr("Duplicate\u2026"))
        self.import_button = QPushButton(self.tr("Import\u2026"))
        self.export_button = QPushButton(self.tr("Export\u2026"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.customise_button.clicked.connect(self._on_customise_button_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        left = QVBoxLayout()
        left.addWidget(self.rule_list, stretch=1)
        for button in (self.customise_button, self.duplicate_button, self.import_button,
                       self.export_button, self.delete_button):  # fmt: skip
            left.addWidget(button)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: #fff8e1; padding: 6px;")
        self.problems = QLabel()  # errors that belong to no single field
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setWordWrap(True)
        self.form_area = QWidget()  # holds the form of the rule shown
        QVBoxLayout(self.form_area).setContentsMargins(0, 0, 0, 0)
        self.preview = AnglePlot()
        self.preview.setMinimumHeight(160)
        self.preview_values = QLabel(self.tr(PREVIEW_IDLE))
        self.preview_values.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(QLabel(self.tr("<b>Live preview</b>")))
        preview_layout.addWidget(self.preview_values)
        preview_layout.addWidget(self.preview, stretch=1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.form_area)
        split.addWidget(preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        right = QVBoxLayout()
        right.addWidget(self.note)
        right.addWidget(split, stretch=1)
        right.addWidget(self.problems)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, stretch=1)
        layout.addLayout(right, stretch=3)
        self._fill_list()

    # --- the list ---

    def _fill_list(self, select: str | None = None) -> None:
        self.rule_list.blockSignals(True)
        self.rule_list.clear()
        names = {rule_id: localized(rule.name) for rule_id, rule in self.store.rules.items()}
        for rule_id in sorted(names, key=lambda i: names[i].lower()):
            if rule_id not in self.store.user:
                text = self.tr("{name}  (built-in)")
            elif self.store.is_builtin(rule_id):
                text = self.tr("{name}  (yours, replaces the built-in)")
            else:
                text = self.tr("{name}  (yours)")
            item = QListWidgetItem(text.format(name=names[rule_id]))
            item.setData(Qt.ItemDataRole.UserRole, rule_id)
            self.rule_list.addItem(item)
        self.rule_list.blockSignals(False)
        self.select(select or self.rule_id or next(iter(sorted(self.store.rules))))

    def select(self, rule_id: str) -> None:
        for row in range(self.rule_list.count()):
            if self.rule_list.item(row).data(Qt.ItemDataRole.UserRole) == rule_id:
                self.rule_list.setCurrentRow(row)  # asks about unsaved edits first
                if self.rule_list.currentRow() == row:
                    self._show_rule(rule_id)
                return
        raise KeyError(rule_id)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_rule_list_current_item_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        if not self._may_leave():  # stay on the rule being edited
            assert previous is not None  # leaving a rule means one was shown
            self.rule_list.blockSignals(True)
            self.rule_list.setCurrentItem(previous)
            self.rule_list.blockSignals(False)
            return
        self._show_rule(current.data(Qt.ItemDataRole.UserRole))

    @property
    def unsaved(self) -> bool:
        return self.editable and self.form is not None and self.form.value() != self._loaded

    def _may_leave(self) -> bool:
        """True unless the user has unsaved edits and chooses to stay with them."""
        if not self.unsaved:
            return True
        buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        if self.save_button.isEnabled():
            buttons |= QMessageBox.StandardButton.Save
        answer = QMessageBox.question(
            self, self.windowTitle(), self.tr("This rule has changes that are not saved."), buttons
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Close (or Esc): asks first about unsaved changes."""
        if self._may_leave():
            if self.form is not None:
                self.form.set_value(self._loaded)  # discarded: shown as saved if reopened
            super().reject()

    def _show_rule(self, rule_id: str) -> None:
        if self.rule_id == rule_id and self.form is not None:
            return
        self.rule_id = rule_id
        mine = rule_id in self.store.user
        self._build_form(self.store.rules[rule_id], editable=mine)
        self.note.setText(self.tr(BUILTIN_NOTE))
        self.note.setVisible(not mine)
        self.customise_button.setEnabled(not mine)
        self.delete_button.setEnabled(mine)
        self.delete_button.setText(
            self.tr("Reset to built-in") if self.store.is_builtin(rule_id) else self.tr("Delete")
        )

    def _build_form(self, rule: Rule, editable: bool) -> None:
        pages = tuple((self.tr(title), names) for title, names in PAGES)
        form = ModelForm(Rule, self._measurement_names, pages)
        self.form = form
        form.set_value(_file_data(self.store, rule))
        self._loaded = form.value()  # as saved: edits differ from it
        form.editors["id"].widget.setEnabled(False)  # the file's name; Duplicate gives a new one
        form.widget.setEnabled(editable)
        form.changed.connect(self._validate)
        self.editable = editable
        area = self.form_area.layout()
        assert area is not None  # made with the dialog
        while (item := area.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        area.addWidget(form.widget)
        self._validate()

    def _measurement_names(self) -> tuple[str, ...]:
        if self.form is None or "measurements" not in self.form.editors:
            return ()
        return tuple(self.form.editors["measurements"].value())

    # --- validation and saving ---

    @Slot()
    def _validate(self) -> None:
        if self.form is None:
            return
        rule, problems = validate_rule(self.form.value())
        self.form.show_errors(problems)
        # Every problem again under the form, so none is missed on a tab out of sight.
        self.problems.setText(
            "\n".join(f"\u26a0 {where(path)}: {message}" for path, message in problems)
        )
        self.valid_rule = rule
        saved = self.store.rules.get(self.rule_id or "")
        self.save_button.setEnabled(self.editable and rule is not None and rule != saved)

    @Slot()
    def save(self) -> bool:
        """Write the form's rule to the user's folder; True if written."""
        if self.form is None or not self.save_button.isEnabled():
            return False
        try:
            rule = self.store.save(self.form.value())
        except RuleError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("Could not save the rule in {folder} ({reason})").format(
                    folder=self.store.folder, reason=exc
                ),
            )
            return False
        self._loaded = self.form.value()
        self.rule_saved.emit(rule)
        self._validate()
        return True

    # --- buttons ---

    @Slot()
    def _on_customise_button_clicked(self) -> None:
        if self.rule_id is None:
            return
        self._write_copy(self.store.rules[self.rule_id], self.rule_id)

    @Slot()
    def _on_duplicate_button_clicked(self) -> None:
        if self.rule_id is None:
            return
        rule = self.store.rules[self.rule_id]
        name, ok = QInputDialog.getText(
            self,
            self.tr("Duplicate"),
            self.tr("Name of the new exercise:"),
            text=self.tr("{name} (mine)").format(name=localized(rule.name)),
        )
        if ok and name.strip():
            self.duplicate(name.strip())

    def duplicate(self, name: str) -> str:
        """A new user rule copied from the one shown, under `name`; its id."""
        assert self.rule_id is not None
        rule = self.store.rules[self.rule_id]
        new_id = rule_id_for(name, set(self.store.rules))
        self._write_copy(rule.model_copy(update={"id": new_id, "name": name}), self.rule_id)
        return new_id

    def _write_copy(self, rule: Rule, based_on: str) -> None:
        try:
            saved = self.store.save(rule.model_dump(mode="json"), based_on=based_on)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("Could not save the copy ({reason})").format(reason=exc),
            )
            return
        self.rule_id = None
        self._fill_list(select=saved.id)
        self.rule_saved.emit(saved)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        if self.rule_id is None or self.rule_id not in self.store.user:
            return
        rule_id = self.rule_id
        builtin = self.store.is_builtin(rule_id)
        if builtin:
            question = self.tr(
                "Go back to the built-in '{name}'? Your changes are kept as {file}."
            ).format(name=localized(self.store.builtin[rule_id].name), file=f"{rule_id}.yaml.bak")
        else:
            question = self.tr("Delete '{name}'? It is kept as {file}.").format(
                name=localized(self.store.rules[rule_id].name), file=f"{rule_id}.yaml.bak"
            )
        answer = QMessageBox.question(self, self.windowTitle(), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(rule_id)

    def remove(self, rule_id: str) -> None:
        self.store.delete(rule_id)
        self.rule_id = None
        self._fill_list(select=rule_id if rule_id in self.store.rules else None)
        self.rule_removed.emit(rule_id)

    @Slot()
    def _on_import_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a rule"), "", self.tr("Rule files (*.yaml *.yml)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> Rule | None:
        """Add a rule file to the user's rules; a broken one is refused with its problems."""
        try:
            rule = self.store.import_file(path)
        except RuleError as exc:
            QMessageBox.warning(
                self,
                self.tr("Import refused"),
                self.tr("This rule file cannot be used:\n\n{problems}").format(problems=exc),
            )
            return None
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Import failed"),
                self.tr("Could not copy it ({reason})").format(reason=exc),
            )
            return None
        self.rule_id = None
        self._fill_list(select=rule.id)
        self.rule_saved.emit(rule)
        return rule

    @Slot()
    def _on_export_button_clicked(self) -> None:
        if self.rule_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the rule"), f"{self.rule_id}.yaml", self.tr("Rule files (*.yaml)")
        )
        if path:
            try:
                self.store.export_file(self.rule_id, Path(path))
            except OSError as exc:
                QMessageBox.warning(
                    self,
                    self.windowTitle(),
                    self.tr("{path}: cannot write it ({reason})").format(path=path, reason=exc),
                )

    # --- live preview ---

    @Slot(object)
    def preview_frame(self, result: FrameResult) -> None:
        """Measure the edited rule on a frame of the running session (the window's frames)."""
        rule = self.valid_rule
        if rule is None or not self.isVisible() or not result.fresh:
            return
        if rule != self._preview_rule:
            self._preview_rule, self._evaluator = rule, Evaluator(rule)
            self.preview.start(rule)
        assert self._evaluator is not None
        evaluation = self._evaluator.update(result.pose, result.pose_s)
        self.preview.add(replace(result, evaluation=evaluation))
        unit = {"deg": "\u00b0", "ratio": ""}
        parts = [
            f"{name} {value:.0f}{unit[rule.measurements[name].unit]}"
            if rule.measurements[name].unit == "deg"
            else f"{name} {value:.2f}"
            for name, value in evaluation.values.items()
            if value is not None
        ]
        faults = [localized(f.message) for f in evaluation.feedback]
        self.preview_values.setText(
            "   ".join(parts) + (f"\n\u26a0 {faults[-1]}" if faults else "")
            if parts
            else self.tr("Nobody measurable in view.")
        )


def _file_data(store: RuleStore, rule: Rule) -> dict[str, Any]:
    """What the rule's file says (its explicit keys), for the form to show and keep."""
    try:
        data = read_yaml(store.path_of(rule.id).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError):
        data = None
    if isinstance(data, dict) and data.get("id") == rule.id:
        return data
    return rule.model_dump(mode="json", exclude_defaults=True)
