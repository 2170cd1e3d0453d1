"""The editors of single fields of a rule: numbers with units, choices, texts, body points.

Each is an `Editor`: a widget, `value()` and `set_value()` in the shape a rule file holds, and
`changed` when the user edits it. Forms of whole models are built from them in ui/rule_form.py.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from coach.coaching.rule_loader import KeyPath
from coach.i18n import LANGUAGES
from ui.body_names import POINTS, point_name
from ui.language import QT_TRANSLATE_NOOP

BOUNDS = ("min_deg", "max_deg", "min_ratio", "max_ratio")
_CJK = re.compile(r"[\u3400-\u9fff]")  # Chinese characters
# Each field's label in the form (the unit is shown in the widget instead); a test checks that
# every field of the rule schema has one.
FIELD_LABELS = {
    "id": QT_TRANSLATE_NOOP("RuleField", "Id"),
    "name": QT_TRANSLATE_NOOP("RuleField", "Name"),
    "view": QT_TRANSLATE_NOOP("RuleField", "Camera view"),
    "sources": QT_TRANSLATE_NOOP("RuleField", "Sources"),
    "measurements": QT_TRANSLATE_NOOP("RuleField", "Measurements"),
    "reps": QT_TRANSLATE_NOOP("RuleField", "Reps"),
    "hold": QT_TRANSLATE_NOOP("RuleField", "Hold"),
    "checks": QT_TRANSLATE_NOOP("RuleField", "Checks"),
    "angle": QT_TRANSLATE_NOOP("RuleField", "Angle"),
    "side": QT_TRANSLATE_NOOP("RuleField", "Side"),
    "space": QT_TRANSLATE_NOOP("RuleField", "Space"),
    "min_visibility": QT_TRANSLATE_NOOP("RuleField", "Min visibility"),
    "segment": QT_TRANSLATE_NOOP("RuleField", "Segment"),
    "reference": QT_TRANSLATE_NOOP("RuleField", "Reference"),
    "tilt": QT_TRANSLATE_NOOP("RuleField", "Tilt"),
    "width": QT_TRANSLATE_NOOP("RuleField", "Width"),
    "per_width": QT_TRANSLATE_NOOP("RuleField", "Per width"),
    "ahead": QT_TRANSLATE_NOOP("RuleField", "Ahead"),
    "per": QT_TRANSLATE_NOOP("RuleField", "Per"),
    "medial": QT_TRANSLATE_NOOP("RuleField", "Medial"),
    "min_deg": QT_TRANSLATE_NOOP("RuleField", "Lowest allowed (degrees)"),
    "max_deg": QT_TRANSLATE_NOOP("RuleField", "Highest allowed (degrees)"),
    "min_ratio": QT_TRANSLATE_NOOP("RuleField", "Lowest allowed (ratio)"),
    "max_ratio": QT_TRANSLATE_NOOP("RuleField", "Highest allowed (ratio)"),
    "measurement": QT_TRANSLATE_NOOP("RuleField", "Measurement"),
    "direction": QT_TRANSLATE_NOOP("RuleField", "Direction"),
    "min_excursion_deg": QT_TRANSLATE_NOOP("RuleField", "Min excursion"),
    "min_excursion_ratio": QT_TRANSLATE_NOOP("RuleField", "Min excursion"),
    "front_measurement": QT_TRANSLATE_NOOP("RuleField", "Front measurement"),
    "position": QT_TRANSLATE_NOOP("RuleField", "Position"),
    "start_above_deg": QT_TRANSLATE_NOOP("RuleField", "Start above"),
    "bottom_below_deg": QT_TRANSLATE_NOOP("RuleField", "Bottom below"),
    "min_duration_s": QT_TRANSLATE_NOOP("RuleField", "Min duration"),
    "max_duration_s": QT_TRANSLATE_NOOP("RuleField", "Max duration"),
    "targets": QT_TRANSLATE_NOOP("RuleField", "Targets"),
    "enter_s": QT_TRANSLATE_NOOP("RuleField", "Enter"),
    "exit_s": QT_TRANSLATE_NOOP("RuleField", "Exit"),
    "tolerance_deg": QT_TRANSLATE_NOOP("RuleField", "Tolerance"),
    "tolerance_ratio": QT_TRANSLATE_NOOP("RuleField", "Tolerance"),
    "mirror": QT_TRANSLATE_NOOP("RuleField", "Mirror"),
    "when": QT_TRANSLATE_NOOP("RuleField", "When"),
    "severity": QT_TRANSLATE_NOOP("RuleField", "Severity"),
    "message": QT_TRANSLATE_NOOP("RuleField", "Message"),
    "source": QT_TRANSLATE_NOOP("RuleField", "Source"),
    "debounce_s": QT_TRANSLATE_NOOP("RuleField", "Debounce"),
    "cooldown_s": QT_TRANSLATE_NOOP("RuleField", "Cooldown"),
    "language": QT_TRANSLATE_NOOP("RuleField", "Language"),
}
# The words of the schema's choices (its Literal values; body points are in ui.body_names). The
# rule file keeps the value; the form shows the word.
CHOICE_LABELS = {
    "always": QT_TRANSLATE_NOOP("RuleChoice", "always"),
    "any": QT_TRANSLATE_NOOP("RuleChoice", "any"),
    "bottom": QT_TRANSLATE_NOOP("RuleChoice", "bottom"),
    "danger": QT_TRANSLATE_NOOP("RuleChoice", "danger"),
    "difference": QT_TRANSLATE_NOOP("RuleChoice", "difference"),
    "down": QT_TRANSLATE_NOOP("RuleChoice", "down"),
    "extension": QT_TRANSLATE_NOOP("RuleChoice", "extension"),
    "flexion": QT_TRANSLATE_NOOP("RuleChoice", "flexion"),
    "front": QT_TRANSLATE_NOOP("RuleChoice", "front"),
    "hold": QT_TRANSLATE_NOOP("RuleChoice", "hold"),
    "horizontal": QT_TRANSLATE_NOOP("RuleChoice", "horizontal"),
    "info": QT_TRANSLATE_NOOP("RuleChoice", "info"),
    "larger": QT_TRANSLATE_NOOP("RuleChoice", "larger"),
    "left": QT_TRANSLATE_NOOP("RuleChoice", "left"),
    "pixel": QT_TRANSLATE_NOOP("RuleChoice", "pixel"),
    "rep": QT_TRANSLATE_NOOP("RuleChoice", "rep"),
    "right": QT_TRANSLATE_NOOP("RuleChoice", "right"),
    "side": QT_TRANSLATE_NOOP("RuleChoice", "side"),
    "smaller": QT_TRANSLATE_NOOP("RuleChoice", "smaller"),
    "top": QT_TRANSLATE_NOOP("RuleChoice", "top"),
    "vertical": QT_TRANSLATE_NOOP("RuleChoice", "vertical"),
    "visible": QT_TRANSLATE_NOOP("RuleChoice", "visible"),
    "warning": QT_TRANSLATE_NOOP("RuleChoice", "warning"),
    "world": QT_TRANSLATE_NOOP("RuleChoice", "world"),
    # The language of a rule's one-language texts, each named in its own language.
    "en": QT_TRANSLATE_NOOP("RuleChoice", "English"),
    "zh_CN": QT_TRANSLATE_NOOP("RuleChoice", "简体中文"),
}


def label_of(name: str) -> str:
    """`start_above_deg` -> "Start above" (or its translation); a name the table lacks (a
    measurement's, in a key path) in words."""
    if name in FIELD_LABELS:
        return QCoreApplication.translate("RuleField", FIELD_LABELS[name])
    return name.replace("_", " ").capitalize()


def choice_label(value: object) -> str:
    """A choice as the form shows it: `flexion` -> "flexion" (or its translation), `knee` ->
    "knee"; anything else (a measurement's name, a number) as it is."""
    if value in CHOICE_LABELS:
        return QCoreApplication.translate("RuleChoice", CHOICE_LABELS[str(value)])
    if value in POINTS:
        return point_name(str(value))
    return str(value)


def field_order(model: type[BaseModel]) -> list[str]:
    """The model's fields, with a range's bounds right after the measurement they limit."""
    names = [n for n in model.model_fields if n not in BOUNDS]
    if "measurement" in names and BOUNDS[0] in model.model_fields:
        at = names.index("measurement") + 1
        names[at:at] = BOUNDS
    return names


def unit_of(name: str) -> str:
    return {"_deg": " \u00b0", "_s": " s"}.get("_" + name.rsplit("_", 1)[-1], "")


def _limits(info: FieldInfo, name: str) -> tuple[float, float]:
    """The spin box's range: the schema's bounds (pydantic's Field(ge=..., le=...)), else one
    that fits the unit."""
    low, high = {" \u00b0": (-180.0, 180.0), " s": (0.0, 600.0)}.get(unit_of(name), (-10.0, 10.0))
    for item in info.metadata:  # annotated-types constraints: Ge, Gt, Le, Lt
        for key in ("ge", "gt"):
            low = float(getattr(item, key, low))
        for key in ("le", "lt"):
            high = float(getattr(item, key, high))
    return low, high


def optional_type(annotation: Any) -> Any | None:
    """T for `T | None`, else None."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(get_args(annotation)) == 2:
            return args[0]
    return None


class Editor(QObject):
    """One field's widget: `value()`, `set_value()`, `changed` when the user edits it."""

    changed = Signal()  # no payload: read value()

    widget: QWidget

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def show_errors(self, errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
        """Show the errors this editor can place (paths relative to it); the rest go back."""
        return errors


class SpinEditor(Editor):
    def __init__(self, name: str, info: FieldInfo, optional: bool) -> None:
        super().__init__()
        self.spin = QDoubleSpinBox()
        self.spin.setRange(*_limits(info, name))
        self.spin.setDecimals(2 if unit_of(name) == "" else 1)
        self.spin.setSingleStep(
            0.05 if unit_of(name) == "" else (0.1 if name.endswith("_s") else 1)
        )
        self.spin.setSuffix(unit_of(name))
        self.spin.valueChanged.connect(self.changed)
        self.enabled: QCheckBox | None = None
        self.widget = self.spin
        if optional:  # a bound that may be left out: a tick box says whether it is set
            self.enabled = QCheckBox()
            self.enabled.setToolTip(self.tr("Tick to set this limit"))
            self.enabled.toggled.connect(self.spin.setEnabled)
            self.enabled.toggled.connect(self.changed)
            self.widget = QWidget()
            row = QHBoxLayout(self.widget)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.enabled)
            row.addWidget(self.spin, stretch=1)

    def value(self) -> Any:
        if self.enabled is not None and not self.enabled.isChecked():
            return None
        return round(self.spin.value(), self.spin.decimals())

    def set_value(self, value: Any) -> None:
        if self.enabled is not None:
            self.enabled.setChecked(value is not None)
            self.spin.setEnabled(value is not None)
        if value is not None:
            self.spin.setValue(float(value))


class _RefreshingCombo(QComboBox):
    """A combo box that asks for its choices again each time it opens (measurement names
    change as the user edits the rule's measurements)."""

    def __init__(self, choices: Callable[[], tuple[Any, ...]] | None) -> None:
        super().__init__()
        self.choices = choices

    def showPopup(self) -> None:
        if self.choices is not None:
            current = self.currentText()
            self.blockSignals(True)
            self.clear()
            for choice in self.choices():  # with its data, which ChoiceEditor.value() reads
                self.addItem(str(choice), choice)
            self.setCurrentText(current)
            self.blockSignals(False)
        super().showPopup()


class ChoiceEditor(Editor):
    """A pick from the schema's choices, shown in words (`choice_label`); or, `editable`, a
    name the user may type (a measurement's, shown as it is written in the rule)."""

    def __init__(
        self,
        choices: tuple[Any, ...],
        editable: bool = False,
        refresh: Callable[[], tuple[Any, ...]] | None = None,
    ) -> None:
        super().__init__()
        self.label: Callable[[Any], str] = str if editable else choice_label
        self.combo = _RefreshingCombo(refresh)
        self.combo.setEditable(editable)
        self.set_choices(choices)
        self.combo.currentTextChanged.connect(self.changed)
        self.widget = self.combo

    def set_choices(self, choices: tuple[Any, ...]) -> None:
        current = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        for choice in choices:
            self.combo.addItem(self.label(choice), choice)
        self.combo.setCurrentText(current)
        self.combo.blockSignals(False)

    def value(self) -> Any:
        index = self.combo.findText(self.combo.currentText())
        return self.combo.itemData(index) if index >= 0 else self.combo.currentText()

    def set_value(self, value: Any) -> None:
        if self.combo.findText(self.label(value)) < 0:
            self.combo.addItem(self.label(value), value)
        self.combo.setCurrentText(self.label(value))


class TextEditor(Editor):
    def __init__(self, optional: bool) -> None:
        super().__init__()
        self.optional = optional
        self.line = QLineEdit()
        self.line.textChanged.connect(self.changed)
        self.widget = self.line

    def value(self) -> Any:
        text = self.line.text().strip()
        return None if self.optional and not text else text

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class CheckEditor(Editor):
    def __init__(self) -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.toggled.connect(self.changed)
        self.widget = self.box

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class PointsEditor(Editor):
    """A fixed number of body points, each picked from the schema's list."""

    def __init__(self, points: tuple[str, ...], count: int) -> None:
        super().__init__()
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.pickers = [ChoiceEditor(points) for _ in range(count)]
        for picker in self.pickers:
            picker.changed.connect(self.changed)
            row.addWidget(picker.widget)

    def value(self) -> Any:
        return [p.value() for p in self.pickers]

    def set_value(self, value: Any) -> None:
        for picker, point in zip(self.pickers, value or [], strict=False):
            picker.set_value(point)


class KeptEditor(Editor):
    """A value the form shows but does not edit (a pose template's reference pose, made from a
    photo): kept as loaded, so that saving the rule keeps it."""

    def __init__(self, shown: Callable[[Any], str]) -> None:
        super().__init__()
        self._value: Any = None
        self._shown = shown
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.widget = self.label

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self.label.setText(self._shown(value))


class LinesEditor(Editor):
    """A list of texts, one per line (the rule's sources)."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("One per line"))
        self.text.setFixedHeight(80)
        self.text.textChanged.connect(self.changed)
        self.widget = self.text

    def value(self) -> Any:
        return [line.strip() for line in self.text.toPlainText().splitlines() if line.strip()]

    def set_value(self, value: Any) -> None:
        self.text.setPlainText("\n".join(value or []))


class LocalizedTextEditor(Editor):
    """A text the user reads or hears, in English and in Chinese side by side. A plain text
    the user has not changed is given back as written; otherwise the texts filled in, named by
    language ({en: ...}, {zh_CN: ...} or both): a plain text would be read in the rule's
    language, which this field cannot see."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, QLineEdit] = {code: QLineEdit() for code in LANGUAGES}
        self._written: Any = None  # the value as the rule file had it
        self._shown: dict[str, str] = {}  # and as the fields showed it
        self.widget = QWidget()
        # One line high, as the other text fields (the form would share its spare height out).
        self.widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        for code, label in (("en", self.tr("English")), ("zh_CN", self.tr("Chinese"))):
            self.lines[code].textChanged.connect(self.changed)
            row.addWidget(QLabel(label))
            row.addWidget(self.lines[code], 1)

    def _texts(self) -> dict[str, str]:
        return {code: line.text().strip() for code, line in self.lines.items()}

    def value(self) -> Any:
        texts = self._texts()
        if isinstance(self._written, str) and texts == self._shown:
            return self._written
        filled = {code: text for code, text in texts.items() if text}
        return filled or ""  # nothing: the rule's check says a text is needed

    def set_value(self, value: Any) -> None:
        self._written = value
        if isinstance(value, dict):
            texts: dict[str, str] = {code: str(value.get(code) or "") for code in LANGUAGES}
        else:  # a plain text: shown where its script says (a rule written in Chinese only)
            text = "" if value is None else str(value)
            code = "zh_CN" if _CJK.search(text) else "en"
            texts = {c: text if c == code else "" for c in LANGUAGES}
        for code, line in self.lines.items():
            line.setText(texts[code])
        self._shown = self._texts()
