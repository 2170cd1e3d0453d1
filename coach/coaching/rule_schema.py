"""The exercise rule language: pydantic models of a rule file (see docs/rules.md).

Every model forbids unknown keys, so a typo in a rule file is an error, never silently ignored.
Angles are in degrees, times in seconds; units are in the key names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    model_validator,
)

from coach.i18n import LANGUAGES, N_, Language, ngettext
from coach.i18n import gettext as _
from coach.vision.landmarks import LANDMARK_NAMES

# left / right: that side; visible: the better seen side; larger / smaller: the larger or smaller
# of the two sides' values (for poses done on either side: "one knee straight, the other bent").
# difference: the left and right values' absolute difference (asymmetry).
Side = Literal["left", "right", "visible", "larger", "smaller", "difference"]
SIDES = ("left", "right")
View = Literal["side", "front", "any"]
Severity = Literal["info", "warning", "danger"]
# Body points named without their side: "knee" means left_knee or right_knee as `side` says
# (every landmark that has a left and a right; tests check this against the landmark table).
Point = Literal[
    "ankle", "ear", "elbow", "eye", "eye_inner", "eye_outer", "foot_index", "heel", "hip",
    "index", "knee", "pinky", "shoulder", "thumb", "wrist",
]  # fmt: skip
# The keys that tell a measurement's kind (pydantic puts them in error locations as union tags).
MEASUREMENT_KINDS = ("angle", "segment", "tilt", "width", "ahead", "medial")
Unit = Literal["deg", "ratio"]


# How a text in two languages is written in a rule file (literal braces: kept out of .format).
EXAMPLE = "{en: ..., zh_CN: ...}"


def _text(min_length: int) -> Callable[[object], str | dict[str, str]]:
    """A validator of a text the user reads or hears: a string in the rule's language, or one
    string per language ({en: ..., zh_CN: ...}), kept as written so a saved rule reads the same."""

    def validate(value: object) -> str | dict[str, str]:
        texts: dict[object, object] = value if isinstance(value, dict) else {"": value}
        if not texts:
            raise ValueError(
                _("give the text, or one text per language: {example}").format(example=EXAMPLE)
            )
        checked: dict[str, str] = {}
        for code, text in texts.items():
            where = f"{code}: " if code else ""
            if code and code not in LANGUAGES:
                raise ValueError(
                    _("'{code}' is not a language: use {languages}").format(
                        code=code, languages=" or ".join(LANGUAGES)
                    )
                )
            if not isinstance(text, str):
                raise ValueError(
                    where
                    + _("Input should be a valid string (or one per language: {example})").format(
                        example=EXAMPLE
                    )
                )
            if len(text) < min_length:
                raise ValueError(
                    where
                    + ngettext(
                        "String should have at least {n} character",
                        "String should have at least {n} characters",
                        min_length,
                    ).format(n=min_length)
                )
            checked[str(code)] = text
        return value if isinstance(value, str) else checked

    return validate


# A name or message: plain (in the rule's `language`) or a mapping language -> text; whoever
# shows or speaks it picks the user's language with coach.i18n.localized.
Text = Annotated[str | dict[str, str], PlainValidator(_text(0))]
Message = Annotated[str | dict[str, str], PlainValidator(_text(3))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JointAngle(Strict):
    """The angle at the middle point, 0 to 180 degrees (180 = straight), in the image (pixel)
    or in MediaPipe's 3-D world landmarks (world: the same whichever way the camera looks)."""

    angle: tuple[Point, Point, Point]
    side: Side = "visible"
    space: Literal["pixel", "world"] = "pixel"
    # MediaPipe's visibility below which a point counts as not seen (0.5 by default); lower it
    # for a point hidden by the pose itself but still placed well, e.g. a foot behind a leg.
    min_visibility: float = Field(default=0.5, ge=0, le=1)
    unit: ClassVar[Unit] = "deg"


class SegmentAngle(Strict):
    """The angle of the segment between two points against the image's vertical or horizontal,
    0 to 90 degrees (0 = along the reference); with `reference: down`, the direction from the
    first point to the second against straight down, 0 to 180 (0 down, 90 sideways, 180 up)."""

    segment: tuple[Point, Point]
    reference: Literal["vertical", "horizontal", "down"] = "vertical"
    side: Side = "visible"
    min_visibility: float = Field(default=0.5, ge=0, le=1)
    unit: ClassVar[Unit] = "deg"


class Tilt(Strict):
    """The line from the left to the right point against the horizontal, 0 to 90 degrees: how
    much higher one shoulder (or hip) is than the other, seen from the front."""

    tilt: Point
    min_visibility: float = Field(default=0.5, ge=0, le=1)
    unit: ClassVar[Unit] = "deg"


class Width(Strict):
    """The distance between the left and right `width` point divided by that between the left
    and right `per_width` point (knees against ankles: below 1, the knees are closer)."""

    width: Point
    per_width: Point
    min_visibility: float = Field(default=0.5, ge=0, le=1)
    unit: ClassVar[Unit] = "ratio"


class ForwardOffset(Strict):
    """How far the second point of `ahead` is in front of the first, in the direction the toes
    point (heel to foot_index, left or right in the image), in lengths of the `per` segment:
    `ahead: [foot_index, knee]`, `per: [knee, ankle]` is the knee's travel past the toes in shin
    lengths (negative: behind them). For side views."""

    ahead: tuple[Point, Point]
    per: tuple[Point, Point]
    side: Side = "visible"
    min_visibility: float = Field(default=0.5, ge=0, le=1)
    unit: ClassVar[Unit] = "ratio"


class MedialAngle(Strict):
    """The frontal-plane projection angle (FPPA) at the middle point of `medial`, seen from the
    front: the angle between the first segment (hip to knee) and the second (knee to ankle),
    in degrees, positive when the middle point lies toward the body's midline of the line
    joining the outer two (knee valgus), negative when it lies outside it (varus), 0 for a
    straight limb. The midline side is where the other side's first point is (the other hip).
    Clinicians' 2-D measure of dynamic knee valgus (Munro, Herrington & Carolan 2012)."""

    medial: tuple[Point, Point, Point]
    side: Side = "visible"
    min_visibility: float = Field(default=0.5, ge=0, le=1)
    unit: ClassVar[Unit] = "deg"


def _measurement_kind(value: object) -> str | None:
    if isinstance(value, dict):
        return next((key for key in MEASUREMENT_KINDS if key in value), None)
    for kind, model in (("angle", JointAngle), ("segment", SegmentAngle), ("tilt", Tilt),
                        ("width", Width), ("ahead", ForwardOffset),
                        ("medial", MedialAngle)):  # fmt: skip
        if isinstance(value, model):
            return kind
    return None


MEASUREMENT_KIND_MESSAGE = N_(
    "a measurement needs one of 'angle: [a, b, c]', 'segment: [a, b]', 'tilt: point', "
    "'width: point', 'ahead: [a, b]' or 'medial: [a, b, c]'"
)

# Which kind a measurement is follows from its key: angle, segment, tilt, width or ahead.
Measurement = Annotated[
    Annotated[JointAngle, Tag("angle")]
    | Annotated[SegmentAngle, Tag("segment")]
    | Annotated[Tilt, Tag("tilt")]
    | Annotated[Width, Tag("width")]
    | Annotated[ForwardOffset, Tag("ahead")]
    | Annotated[MedialAngle, Tag("medial")],
    Discriminator(
        _measurement_kind,
        custom_error_type="measurement_kind",
        # built once, at import: the loader translates it when it reports the error
        custom_error_message=MEASUREMENT_KIND_MESSAGE,
    ),
]


class Bounds(Strict):
    """A range: degrees for angle measurements, a ratio for width and ahead measurements."""

    min_deg: float | None = None
    max_deg: float | None = None
    min_ratio: float | None = None
    max_ratio: float | None = None

    @property
    def unit(self) -> Unit:
        return "ratio" if self.min_ratio is not None or self.max_ratio is not None else "deg"

    @property
    def low(self) -> float | None:
        return self.min_ratio if self.unit == "ratio" else self.min_deg

    @property
    def high(self) -> float | None:
        return self.max_ratio if self.unit == "ratio" else self.max_deg

    @model_validator(mode="after")
    def _one_range(self) -> Self:
        degrees = self.min_deg is not None or self.max_deg is not None
        ratios = self.min_ratio is not None or self.max_ratio is not None
        if degrees and ratios:
            raise ValueError(_("give the range in degrees or as a ratio, not both"))
        if not degrees and not ratios:
            raise ValueError(_("give min_deg, max_deg or both (min_ratio, max_ratio for ratios)"))
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError(
                _("the minimum {low} must be below the maximum {high}").format(
                    low=f"{self.low:g}", high=f"{self.high:g}"
                )
            )
        return self


class Target(Bounds):
    """A range a hold's measurement must be in for the pose to count as held."""

    measurement: str


class Reps(Strict):
    """A rep: an excursion of `measurement` away from the rest position and back (see
    coach/coaching/reps.py). `direction`: `flexion` when the value drops during the rep (a
    squat's knee angle), `extension` when it rises (a press's elbow, a jumping jack's arms).

    The gate is relative to the range the person moves through, inside absolute guards:
    `min_excursion_deg` (or `min_excursion_ratio` for a ratio measurement), the least excursion
    that is a rep, and the rep's least and greatest duration. `front_measurement`, when given,
    is counted instead of `measurement` while the camera sees the person from the front (for a
    movement the front view foreshortens).

    Older rule files give `start_above_deg` and `bottom_below_deg`; they still load, and their
    difference is the minimum excursion (their absolute values no longer gate a rep, as they
    fail on other bodies, cameras and views).
    """

    measurement: str
    direction: Literal["flexion", "extension"] = "flexion"
    min_excursion_deg: float | None = Field(default=None, gt=0, le=180)
    min_excursion_ratio: float | None = Field(default=None, gt=0)
    front_measurement: str | None = None
    # The exercise's position: ranges its measurements must be in at the rep's turn-around for
    # the rep to count (a push-up is done with the trunk far from upright, a press ends with
    # the arms overhead), so that running, stretching or walking counts nothing.
    position: list[Target] = []
    start_above_deg: float | None = Field(default=None, gt=0, le=180)
    bottom_below_deg: float | None = Field(default=None, gt=0, le=180)
    min_duration_s: float = Field(default=0.5, gt=0)
    max_duration_s: float = Field(default=15.0, gt=0)

    @property
    def unit(self) -> Unit:
        return "ratio" if self.min_excursion_ratio is not None else "deg"

    @property
    def min_excursion(self) -> float:
        """The least excursion that is a rep, in the measurement's unit."""
        if self.min_excursion_ratio is not None:
            return self.min_excursion_ratio
        if self.min_excursion_deg is not None:
            return self.min_excursion_deg
        assert self.start_above_deg is not None and self.bottom_below_deg is not None
        return self.start_above_deg - self.bottom_below_deg

    @model_validator(mode="after")
    def _thresholds_apart(self) -> Reps:
        old = (self.start_above_deg, self.bottom_below_deg)
        if self.min_excursion_deg is not None and self.min_excursion_ratio is not None:
            raise ValueError(
                _(
                    "give the minimum excursion in degrees or as a ratio, not both "
                    "(min_excursion_deg or min_excursion_ratio)"
                )
            )
        if self.min_excursion_deg is None and self.min_excursion_ratio is None:
            if old == (None, None):
                raise ValueError(
                    _(
                        "give min_excursion_deg (min_excursion_ratio for a ratio measurement): "
                        "the least a rep moves away from rest and back"
                    )
                )
            if None in old:
                missing = "start_above_deg" if old[0] is None else "bottom_below_deg"
                raise ValueError(
                    _(
                        "{missing} is missing: give start_above_deg and bottom_below_deg "
                        "together, or min_excursion_deg instead"
                    ).format(missing=missing)
                )
        if None not in old:
            assert self.start_above_deg is not None and self.bottom_below_deg is not None
            if self.bottom_below_deg >= self.start_above_deg:
                raise ValueError(
                    _("bottom_below_deg {bottom} must be below start_above_deg {start}").format(
                        bottom=f"{self.bottom_below_deg:g}", start=f"{self.start_above_deg:g}"
                    )
                )
            if self.direction != "flexion":
                raise ValueError(
                    _(
                        "start_above_deg and bottom_below_deg describe a flexion; for direction "
                        "'extension' give min_excursion_deg"
                    )
                )
        if self.min_duration_s >= self.max_duration_s:
            raise ValueError(_("min_duration_s must be below max_duration_s"))
        return self


class Hold(Strict):
    """A held pose: in it once every target has been in range for `enter_s` (that time counts
    too); out of it once any is out for `exit_s` (so a wobble does not stop the timer)."""

    targets: list[Target] = Field(min_length=1)
    enter_s: float = Field(default=0.5, ge=0)
    exit_s: float = Field(default=0.5, ge=0)
    # For pose identification: a target scores 1 inside its range, falling linearly to 0 at
    # tolerance_deg (or tolerance_ratio) outside it; the pose's score is the mean (docs/rules.md).
    tolerance_deg: float = Field(default=20.0, gt=0)
    tolerance_ratio: float = Field(default=0.25, gt=0)  # the same for targets given as ratios
    # The pose done on the other side counts too: every left and right measurement swapped, the
    # better fit of the two is taken (holds and scores; docs/rules.md, "Pose templates").
    mirror: bool = False
    # The pose the targets were taken from, drawn as a ghost over the user: landmark (with its
    # side) -> [x, y] in torso lengths from the hip centre, x right and y down in the image.
    reference: dict[str, tuple[float, float]] | None = None

    @model_validator(mode="after")
    def _reference_names_landmarks(self) -> Self:
        unknown = sorted(set(self.reference or {}) - set(LANDMARK_NAMES))
        if unknown:
            raise ValueError(
                "reference: "
                + _("{names} not landmark names (e.g. left_knee, nose)").format(
                    names=", ".join(unknown)
                )
            )
        return self


class Check(Bounds):
    """A form check: the measurement should stay within [min_deg, max_deg].

    `when`: `always` (every frame, after `debounce_s`, repeated at most every `cooldown_s`),
    `hold` (the same, while a hold pose is held), `bottom` (at the rep's bottom frame), `top` (at
    the top before the rep, where the rep's measurement was highest), `rep` (the worst value over
    the whole rep).
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    measurement: str
    when: Literal["always", "hold", "bottom", "top", "rep"] = "always"
    view: View = "any"  # judged only when the camera sees the person from this side
    severity: Severity = "warning"
    message: Message
    source: str | None = None
    debounce_s: float = Field(default=0.3, ge=0)
    cooldown_s: float = Field(default=5.0, ge=0)

    @model_validator(mode="after")
    def _danger_has_a_source(self) -> Check:
        if self.severity == "danger" and not self.source:
            raise ValueError(_("a danger check needs a source for its threshold"))
        return self


class Rule(Strict):
    """One exercise: its measurements, how reps are counted or a pose is held, its checks."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    # The language of the texts given as plain strings (the others name theirs).
    language: Language = "en"
    view: View = "any"
    sources: list[str] = []
    measurements: dict[str, Measurement]
    reps: Reps | None = None
    hold: Hold | None = None
    checks: list[Check] = []

    @model_validator(mode="after")
    def _names_resolve(self) -> Rule:
        # Messages start with the key path, which the loader turns into a line of the file: it
        # stays out of the translated text.
        known = sorted(self.measurements)
        if (self.reps is None) == (self.hold is None):
            raise ValueError(_("a rule counts reps or times a hold: give one of 'reps' and 'hold'"))
        if self.reps is not None:
            if self.reps.measurement not in known:
                raise ValueError("reps.measurement: " + _not_one_of(self.reps.measurement, known))
            front = self.reps.front_measurement
            if front is not None and front not in known:
                raise ValueError("reps.front_measurement: " + _not_one_of(front, known))
            names = [self.reps.measurement, self.reps.front_measurement]
            for name in (n for n in names if n is not None):
                unit = self.measurements[name].unit
                if unit != self.reps.unit:
                    keys = "min_excursion_deg" if unit == "deg" else "min_excursion_ratio"
                    raise ValueError(
                        "reps: "
                        + _(
                            "'{name}' is measured in {unit}: give its minimum excursion as {keys}"
                        ).format(name=name, unit=unit, keys=keys)
                    )
        for i, target in enumerate(self.reps.position if self.reps is not None else []):
            self._check_reference(f"reps.position[{i}]", target)
        for i, target in enumerate(self.hold.targets if self.hold is not None else []):
            self._check_reference(f"hold.targets[{i}]", target)
        sided = [m for m in self.measurements.values() if getattr(m, "side", "") in SIDES]
        if self.hold is not None and self.hold.mirror and not sided:
            raise ValueError(
                "hold.mirror: "
                + _(
                    "true swaps left and right, but no measurement has side: left or right "
                    "(for a pose done either way, use side: larger / smaller, without mirror)"
                )
            )
        seen: set[str] = set()
        for i, check in enumerate(self.checks):
            self._check_reference(f"checks[{i}]", check)
            if check.when in ("bottom", "top", "rep") and self.reps is None:
                raise ValueError(
                    f"checks[{i}].when: " + _("'{when}' needs reps").format(when=check.when)
                )
            if check.when == "hold" and self.hold is None:
                raise ValueError(f"checks[{i}].when: " + _("'hold' needs a hold"))
            if check.id in seen:
                raise ValueError(
                    f"checks[{i}].id: " + _("'{id}' is used twice").format(id=check.id)
                )
            seen.add(check.id)
        return self

    def texts(self) -> dict[str, str | dict[str, str]]:
        """Every text the user reads or hears, by its key path in the file."""
        messages = {f"checks[{i}].message": check.message for i, check in enumerate(self.checks)}
        return {"name": self.name, **messages}

    def untranslated(self) -> list[tuple[str, Language]]:
        """(key path, language) of each text that is missing a language."""
        missing = []
        for path, text in self.texts().items():
            given = {self.language} if isinstance(text, str) else {k for k, v in text.items() if v}
            missing += [(path, code) for code in LANGUAGES if code not in given]
        return missing

    def _check_reference(self, path: str, bounds: Target | Check) -> None:
        """The measurement a target or check names exists, and its range has the right unit."""
        known = sorted(self.measurements)
        if bounds.measurement not in known:
            raise ValueError(f"{path}.measurement: " + _not_one_of(bounds.measurement, known))
        unit = self.measurements[bounds.measurement].unit
        if bounds.unit != unit:
            keys = "min_deg / max_deg" if unit == "deg" else "min_ratio / max_ratio"
            raise ValueError(
                f"{path}: "
                + _("'{name}' is measured in {unit}: use {keys}").format(
                    name=bounds.measurement, unit=unit, keys=keys
                )
            )


def _not_one_of(name: str, known: list[str]) -> str:
    """A measurement name that the rule does not define, with the names it does."""
    return _("'{name}' is not one of {known}").format(name=name, known=known)
