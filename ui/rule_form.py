"""Form widgets for a rule, built from the rule schema's pydantic models (rule_schema).

Every field of the schema gets a proper widget (ui/rule_fields.py: a spin box with its unit and
the schema's range for numbers, a picker for choices, a text field for messages), and lists get
add and remove buttons (checks, hold targets, measurements). A form's `value()` is the
mapping a rule file would hold: keys the file had or that differ from their default, so that a
saved file stays as short as a hand-written one. `show_errors` puts each validation message
under the field its key path names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coach.coaching.rule_loader import KeyPath
from coach.coaching.rule_schema import (
    Check,
    ForwardOffset,
    Hold,
    JointAngle,
    MedialAngle,
    Reps,
    SegmentAngle,
    Target,
    Tilt,
    Width,
)
from ui.language import QT_TRANSLATE_NOOP
from ui.rule_fields import (
    CheckEditor,
    ChoiceEditor,
    Editor,
    KeptEditor,
    LinesEditor,
    LocalizedTextEditor,
    PointsEditor,
    SpinEditor,
    TextEditor,
    field_order,
    label_of,
    optional_type,
)

ERROR_STYLE = "color: #c62828; font-weight: bold;"
# What each measurement kind is called in the form (translated when shown), and its model (the
# key that tells the kind in a rule file is the model's first field).
KIND_NAMES = (
    QT_TRANSLATE_NOOP("RuleField", "Angle at a joint"),
    QT_TRANSLATE_NOOP("RuleField", "Slope of a body segment"),
    QT_TRANSLATE_NOOP("RuleField", "Tilt between left and right"),
    QT_TRANSLATE_NOOP("RuleField", "Width ratio"),
    QT_TRANSLATE_NOOP("RuleField", "Forward offset"),
    QT_TRANSLATE_NOOP("RuleField", "Knee valgus angle (front view)"),
)
KINDS: dict[str, type[BaseModel]] = {
    "Angle at a joint": JointAngle,
    "Slope of a body segment": SegmentAngle,
    "Tilt between left and right": Tilt,
    "Width ratio": Width,
    "Forward offset": ForwardOffset,
    "Knee valgus angle (front view)": MedialAngle,
}
# One line of help for the fields whose name does not say it all (shown as tooltips).
HELP = {
    "start_above_deg": QT_TRANSLATE_NOOP(
        "RuleField",
        "A rep starts when the angle drops below this (standing: about 160-180)",
    ),
    "bottom_below_deg": QT_TRANSLATE_NOOP(
        "RuleField",
        "The angle must go below this for the rep to count",
    ),
    "direction": QT_TRANSLATE_NOOP(
        "RuleField",
        "flexion: the value drops during a rep (a squat's knee); extension: it rises",
    ),
    "min_excursion_deg": QT_TRANSLATE_NOOP(
        "RuleField",
        "The least a rep moves away from rest and back (degrees)",
    ),
    "min_excursion_ratio": QT_TRANSLATE_NOOP(
        "RuleField",
        "The least a rep moves away from rest and back (ratio)",
    ),
    "front_measurement": QT_TRANSLATE_NOOP(
        "RuleField",
        "Counted instead while the camera sees you from the front",
    ),
    "debounce_s": QT_TRANSLATE_NOOP(
        "RuleField",
        "How long a fault must last before it is said",
    ),
    "cooldown_s": QT_TRANSLATE_NOOP(
        "RuleField",
        "The least time before the same message is said again",
    ),
    "enter_s": QT_TRANSLATE_NOOP(
        "RuleField",
        "How long in the pose before it counts as held (that time is counted too)",
    ),
    "exit_s": QT_TRANSLATE_NOOP(
        "RuleField",
        "How long out of the pose before the timer stops (so a wobble does not)",
    ),
    "min_visibility": QT_TRANSLATE_NOOP(
        "RuleField",
        "How sure the pose model must be that a point is seen (0 to 1)",
    ),
    "when": QT_TRANSLATE_NOOP(
        "RuleField",
        "always: every moment; hold: while holding; bottom / top: at that point of each "
        "rep; rep: the worst value over the rep",
    ),
    "view": QT_TRANSLATE_NOOP(
        "RuleField",
        "Judged only when the camera sees the person from this side",
    ),
    "source": QT_TRANSLATE_NOOP(
        "RuleField",
        "Where the threshold comes from (required for danger)",
    ),
    "tolerance_deg": QT_TRANSLATE_NOOP(
        "RuleField",
        "For recognising the pose in photos: how far outside a range still scores partly",
    ),
    "tolerance_ratio": QT_TRANSLATE_NOOP(
        "RuleField",
        "The same for ratio targets",
    ),
    "mirror": QT_TRANSLATE_NOOP(
        "RuleField",
        "The pose done on the other side counts too (left and right swapped)",
    ),
    "reference": QT_TRANSLATE_NOOP(
        "RuleField",
        "A pose template's pose, from its photo: shown as a ghost over you",
    ),
    "language": QT_TRANSLATE_NOOP(
        "RuleField", "The language of the texts given in one language only"
    ),
}


# A list's texts by the noun of its items: its Add button, an item's title, its Remove button.
NOUNS = {
    "check": (
        QT_TRANSLATE_NOOP("RuleField", "Add check"),
        QT_TRANSLATE_NOOP("RuleField", "Check {number}"),
        QT_TRANSLATE_NOOP("RuleField", "Remove this check"),
    ),
    "target": (
        QT_TRANSLATE_NOOP("RuleField", "Add target"),
        QT_TRANSLATE_NOOP("RuleField", "Target {number}"),
        QT_TRANSLATE_NOOP("RuleField", "Remove this target"),
    ),
    "measurement": (
        QT_TRANSLATE_NOOP("RuleField", "Add measurement"),
        QT_TRANSLATE_NOOP("RuleField", "Measurement {number}"),
        QT_TRANSLATE_NOOP("RuleField", "Remove this measurement"),
    ),
}


class ModelForm(Editor):
    """A form for one pydantic model: a row per field, each with its error line under it."""

    def __init__(
        self,
        model: type[BaseModel],
        measurement_names: Callable[[], tuple[str, ...]],
        pages: tuple[tuple[str, tuple[str, ...]], ...] = (),
    ) -> None:
        """`pages`: (title, field names) for a form on tabs, one scrolling page each."""
        super().__init__()
        self.model = model
        self.tabs: QTabWidget | None = None
        self.page_titles: dict[str, tuple[int, str]] = {}  # field -> (tab index, title)
        self.layouts: dict[str, QFormLayout] = {}
        if pages:
            self.tabs = QTabWidget()
            for index, (title, names) in enumerate(pages):
                page = QWidget()
                layout = QFormLayout(page)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(page)
                self.tabs.addTab(scroll, title)
                for name in names:
                    self.layouts[name], self.page_titles[name] = layout, (index, title)
            self.widget: QWidget = self.tabs
        else:
            self.widget = QWidget()
            layout = QFormLayout(self.widget)
            self.layouts = dict.fromkeys(model.model_fields, layout)
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self._present: set[str] = set()  # keys the loaded mapping had
        for name in field_order(model):
            info = model.model_fields[name]
            editor = make_editor(name, info, measurement_names)
            editor.changed.connect(self.changed)
            editor.widget.setToolTip(QCoreApplication.translate("RuleField", HELP.get(name, "")))
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.layouts[name].addRow(label_of(name), editor.widget)
            self.layouts[name].addRow("", error)
            self.editors[name], self.errors[name] = editor, error

    def value(self) -> Any:
        out = {}
        for name, editor in self.editors.items():
            info = self.model.model_fields[name]
            value = editor.value()
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            # a key the file had stays; a default the file left out stays out; None is "unset"
            keep = name in self._present or info.is_required() or value != default
            if keep and value is not None:
                out[name] = value
        return out

    def set_value(self, value: Any) -> None:
        data = dict(value or {})
        self._present = set(data)
        for name, editor in self.editors.items():
            info = self.model.model_fields[name]
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            editor.set_value(data.get(name, default))

    def show_errors(self, errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
        rest = []
        shown: dict[str, list[str]] = {}
        for path, message in errors:
            name = path[0] if path else None
            editor = self.editors.get(name) if isinstance(name, str) else None
            if editor is None or not isinstance(name, str):
                rest.append((path, message))
                continue
            for inner_path, inner in editor.show_errors([(path[1:], message)]):
                where = " ".join(str(p) for p in inner_path)
                shown.setdefault(name, []).append(f"{where}: {inner}" if where else inner)
        for name, label in self.errors.items():
            label.setText("\n".join(shown.get(name, [])))
            label.setVisible(name in shown)
        if self.tabs is not None:  # a tab with a problem says so in its title
            failing = {self.page_titles[name][0] for name in shown}
            for index, title in set(self.page_titles.values()):
                self.tabs.setTabText(index, f"\u26a0 {title}" if index in failing else title)
        return rest


class OptionalForm(Editor):
    """A nested model that may be absent (a rule's reps or hold): a group box with a tick."""

    def __init__(self, title: str, form: ModelForm) -> None:
        super().__init__()
        self.form = form
        self.box = QGroupBox(title)
        self.box.setCheckable(True)
        QVBoxLayout(self.box).addWidget(form.widget)
        self.box.toggled.connect(self.changed)
        self.box.toggled.connect(form.widget.setVisible)  # unticked: only its title shows
        form.changed.connect(self.changed)
        self.widget = self.box

    def value(self) -> Any:
        return self.form.value() if self.box.isChecked() else None

    def set_value(self, value: Any) -> None:
        self.box.setChecked(value is not None)
        self.form.widget.setVisible(value is not None)
        self.form.set_value(value)

    def show_errors(self, errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
        return self.form.show_errors(errors)


class ListEditor(Editor):
    """A list of forms (checks, hold targets) with Add and Remove buttons."""

    def __init__(self, noun: str, make_item: Callable[[], Editor], new_item: dict[str, Any]):
        super().__init__()
        self.noun, self.make_item, self.new_item = noun, make_item, new_item
        self.items: list[tuple[QGroupBox, Editor]] = []
        self.widget = QWidget()
        self.column = QVBoxLayout(self.widget)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self._text(0))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.column.addWidget(self.add_button)

    def _text(self, which: int) -> str:
        """NOUNS' texts of this list (0: add, 1: an item's title, 2: remove), translated."""
        return QCoreApplication.translate("RuleField", NOUNS[self.noun][which])

    def _add(self, value: Any) -> Editor:
        editor = self.make_item()
        box = QGroupBox(self._text(1).format(number=len(self.items) + 1))
        inner = QVBoxLayout(box)
        inner.addWidget(editor.widget)
        remove = QPushButton(self._text(2))
        remove.clicked.connect(lambda: self._remove(box))
        inner.addWidget(remove)
        self.column.insertWidget(self.column.count() - 1, box)
        self.items.append((box, editor))
        editor.set_value(value)
        editor.changed.connect(self.changed)
        return editor

    def _remove(self, box: QGroupBox) -> None:
        self.items = [(b, e) for b, e in self.items if b is not box]
        box.deleteLater()
        for index, (other, _) in enumerate(self.items):
            other.setTitle(self._text(1).format(number=index + 1))
        self.changed.emit()

    def _on_add_button_clicked(self) -> None:
        self._add(dict(self.new_item))
        self.changed.emit()

    def value(self) -> Any:
        return [editor.value() for _, editor in self.items]

    def set_value(self, value: Any) -> None:
        for box, _ in self.items:
            box.deleteLater()
        self.items = []
        for item in value or []:
            self._add(item)

    def show_errors(self, errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
        rest = []
        by_item: dict[int, list[tuple[KeyPath, str]]] = {}
        for path, message in errors:
            if path and isinstance(path[0], int) and path[0] < len(self.items):
                by_item.setdefault(path[0], []).append((path[1:], message))
            else:
                rest.append((path, message))
        for index, (_, editor) in enumerate(self.items):
            rest += [((index, *p), m) for p, m in editor.show_errors(by_item.get(index, []))]
        return rest


class MeasurementEditor(Editor):
    """One named measurement: its name, its kind, and the kind's fields."""

    def __init__(self, measurement_names: Callable[[], tuple[str, ...]]) -> None:
        super().__init__()
        self.names = measurement_names
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        top = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("a short name, e.g. knee"))
        self.name.textChanged.connect(self.changed)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(QCoreApplication.translate("RuleField", kind), kind)
        top.addRow(self.tr("Name"), self.name)
        top.addRow(self.tr("Kind"), self.kind)
        layout.addLayout(top)
        self.forms = {kind: ModelForm(model, measurement_names) for kind, model in KINDS.items()}
        for form in self.forms.values():
            layout.addWidget(form.widget)
            form.changed.connect(self.changed)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed()

    def _on_kind_current_index_changed(self) -> None:
        for name, form in self.forms.items():
            form.widget.setVisible(name == self.kind.currentData())
        self.changed.emit()

    def value(self) -> Any:
        return (self.name.text().strip(), self.forms[self.kind.currentData()].value())

    def set_value(self, value: Any) -> None:
        name, data = value
        self.name.setText(name)
        first_keys = {next(iter(m.model_fields)): kind for kind, m in KINDS.items()}
        kind = next((first_keys[k] for k in data if k in first_keys), next(iter(KINDS)))
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.forms[kind].set_value(data)

    def show_errors(self, errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
        return self.forms[self.kind.currentData()].show_errors(errors)


class MeasurementsEditor(ListEditor):
    """The rule's named measurements (a mapping in the file)."""

    def __init__(self, measurement_names: Callable[[], tuple[str, ...]]) -> None:
        super().__init__(
            "measurement",
            lambda: MeasurementEditor(measurement_names),
            {"angle": ["hip", "knee", "ankle"]},
        )

    def _on_add_button_clicked(self) -> None:
        self._add((f"measurement_{len(self.items) + 1}", {"angle": ["hip", "knee", "ankle"]}))
        self.changed.emit()

    def value(self) -> Any:
        return dict(editor.value() for _, editor in self.items)

    def set_value(self, value: Any) -> None:
        super().set_value(list((value or {}).items()))

    def show_errors(self, errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
        names = [editor.value()[0] for _, editor in self.items]
        indexed = [
            ((names.index(p[0]), *p[1:]), m) if p and p[0] in names else (p, m) for p, m in errors
        ]
        return super().show_errors(indexed)


def _reference_text(reference: dict[str, Any] | None) -> str:
    """A pose template's reference pose, in words."""
    if not reference:
        return QCoreApplication.translate("RuleField", "none")
    text = QCoreApplication.translate(
        "RuleField", "the pose of the photo, drawn over you ({joints} joints)"
    )
    return text.format(joints=len(reference))


def make_editor(
    name: str, info: FieldInfo, measurement_names: Callable[[], tuple[str, ...]]
) -> Editor:
    """The widget for one field of a rule model, chosen by its type."""
    annotation = info.annotation
    inner = optional_type(annotation)
    target = inner if inner is not None else annotation
    if name == "measurement":
        return ChoiceEditor(measurement_names(), editable=True, refresh=measurement_names)
    if name == "measurements":
        return MeasurementsEditor(measurement_names)
    if name == "sources":
        return LinesEditor()
    if name == "reference":  # a template's pose, from its photo: kept, drawn as the ghost
        return KeptEditor(_reference_text)
    if name == "checks":
        new_check = {"id": "new_check", "measurement": "", "max_deg": 90, "message": ""}
        return ListEditor("check", lambda: ModelForm(Check, measurement_names), new_check)
    if name in ("targets", "position"):  # a hold's targets, a rep's position
        new_target = {"measurement": "", "min_deg": 0, "max_deg": 180}
        return ListEditor("target", lambda: ModelForm(Target, measurement_names), new_target)
    if target in (Reps, Hold):
        title = (
            QCoreApplication.translate("RuleField", "Counts reps")
            if target is Reps
            else QCoreApplication.translate("RuleField", "Times a hold")
        )
        return OptionalForm(title, ModelForm(target, measurement_names))
    if target is bool:
        return CheckEditor()
    if target in (int, float):
        return SpinEditor(name, info, optional=inner is not None)
    if get_origin(target) is Literal:
        return ChoiceEditor(get_args(target))
    if get_origin(target) is tuple:
        points = get_args(get_args(target)[0])
        return PointsEditor(points, len(get_args(target)))
    if target == str | dict[str, str]:  # a name or message, in one language or two
        return LocalizedTextEditor()
    if target is str:
        return TextEditor(optional=inner is not None)
    raise TypeError(f"no editor for {name}: {annotation}")
