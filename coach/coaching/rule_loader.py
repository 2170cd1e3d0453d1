"""Loads rule files: YAML into Rule models, with errors that name file and line.

Read with ruamel.yaml's safe loader (YAML 1.2: plain data, no Python objects), the library the
rule editor writes with, so what it saves reads back the same: in YAML 1.2 `name: Off` is the
text "Off", not false as in PyYAML's YAML 1.1.

An error reads like `rules/squat.yaml:14 checks[1].max_deg: Input should be a valid number`:
file, line, the key path in the file, and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.reader import ReaderError

from coach.coaching.rule_schema import MEASUREMENT_KIND_MESSAGE, MEASUREMENT_KINDS, Rule
from coach.i18n import N_, ngettext
from coach.i18n import gettext as _

BUILTIN_RULES = Path(__file__).resolve().parents[2] / "rules"


class RuleError(Exception):
    """A rule file that cannot be used; `problems` are one line each (file:line key: message)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(root: Node | None, loc: tuple[int | str, ...]) -> tuple[int, tuple[int | str, ...]]:
    """The 1-based line of the deepest node found along `loc`, and `loc` without pydantic's own
    parts (union tags) that are not keys of the file."""
    node, line, path = root, 1, []
    for part in loc:
        if isinstance(node, MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                path.append(part)  # a missing key: the line of its parent
                continue
            node = match
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            path.append(part)
            continue
        path.append(part)
        line = node.start_mark.line + 1
    return line, tuple(path)


_KEY_PATH_MESSAGE = re.compile(
    r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): (.*)$", re.DOTALL
)


# Pydantic's messages of the common error types, in the language in use: its English wording
# (the message ids: the English output is pydantic's own), with the error's context as
# placeholders. Any other type keeps pydantic's English text.
_PYDANTIC_MESSAGES = {
    "missing": N_("required key is missing"),
    "extra_forbidden": N_("unknown key (a typo?)"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "float_type": N_("Input should be a valid number"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("Input should be a valid boolean"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "list_type": N_("Input should be a valid list"),
    "tuple_type": N_("Input should be a valid tuple"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "finite_number": N_("Input should be a finite number"),
}
# The kind of a list (or text) in pydantic's too_short / too_long messages.
_FIELD_TYPES = {"List": N_("List"), "Tuple": N_("Tuple"), "Dictionary": N_("Dictionary")}


def _message(error: Any) -> str:
    """The message of a pydantic error, in the language in use where its type is a common one;
    messages raised by the schema's validators are in that language already."""
    kind = error["type"]
    # numbers as pydantic writes them: a bound of 0 (a float here) reads "0", not "0.0"
    ctx = {
        k: int(v) if isinstance(v, float) and v.is_integer() else v
        for k, v in error.get("ctx", {}).items()
    }
    if kind in _PYDANTIC_MESSAGES:
        return _(_PYDANTIC_MESSAGES[kind]).format(**ctx)
    if kind == "measurement_kind":
        return _(MEASUREMENT_KIND_MESSAGE)
    if kind == "literal_error":  # expected: "'a', 'b' or 'c'" (values as the file writes them)
        choices, _or, last = str(ctx["expected"]).rpartition(" or ")
        expected = _("{choices} or {last}").format(choices=choices, last=last) if _or else last
        return _("Input should be {expected}").format(expected=expected)
    if kind in ("too_short", "too_long") and ctx.get("field_type") in _FIELD_TYPES:
        field_type = _(_FIELD_TYPES[str(ctx["field_type"])])
        if kind == "too_short":
            return ngettext(
                "{field_type} should have at least {min_length} item after validation, "
                "not {actual_length}",
                "{field_type} should have at least {min_length} items after validation, "
                "not {actual_length}",
                ctx["min_length"],
            ).format(**(ctx | {"field_type": field_type}))
        return ngettext(
            "{field_type} should have at most {max_length} item after validation, "
            "not {actual_length}",
            "{field_type} should have at most {max_length} items after validation, "
            "not {actual_length}",
            ctx["max_length"],
        ).format(**(ctx | {"field_type": field_type}))
    return str(error["msg"]).removeprefix("Value error, ")


KeyPath = tuple[int | str, ...]


def validate_rule(data: object) -> tuple[Rule | None, list[tuple[KeyPath, str]]]:
    """The Rule in `data` (a rule file's mapping), or None and each problem as (key path in the
    file, message); the rule editor puts each message beside the field its key path names."""
    if not isinstance(data, dict):
        return None, [((), _("a rule file is a mapping of keys (id, name, measurements, ...)"))]
    try:
        return Rule.model_validate(data), []
    except ValidationError as exc:
        problems: list[tuple[KeyPath, str]] = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            message = _message(error)
            if not loc and (inner := _KEY_PATH_MESSAGE.match(message)):
                # a check across keys (Rule's validator) names its key path in the message
                loc = tuple(int(p) if p.isdigit() else p for p in re.findall(r"\w+", inner[1]))
                message = inner[2]
            if len(loc) > 2 and loc[0] == "measurements" and loc[2] in MEASUREMENT_KINDS:
                loc = loc[:2] + loc[3:]  # drop pydantic's union tag: it is not a key path
            problems.append((loc, message))
        return None, problems


def read_yaml(text: str) -> Any:
    """The plain data (dicts, lists, numbers, text) of a YAML document; YAMLError if it is not
    valid YAML."""
    return YAML(typ="safe", pure=True).load(text)


def parse_rule(text: str, name: str) -> Rule:
    """A Rule from YAML text; RuleError naming `name`, line and key path otherwise."""
    try:
        root = YAML(typ="safe", pure=True).compose(text)
        data = read_yaml(text)
    except ReaderError as exc:  # a character YAML does not allow, at a position
        line = text.count("\n", 0, exc.position) + 1
        reason = _("unacceptable character #x{code}: {reason}").format(
            code=f"{exc.character:04x}",
            reason=exc.reason,  # a code point
        )
        raise RuleError([f"{name}:{line}: " + _not_yaml(reason)]) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise RuleError([f"{name}:{line}: " + _not_yaml(reason)]) from None
    rule, problems = validate_rule(data)
    if rule is not None:
        return rule
    lines = []
    for loc, message in problems:
        line, path = _line_of(root, loc)
        where = f" {key_path(path)}" if path else ""
        lines.append(f"{name}:{line}{where}: {message}")
    raise RuleError(lines)


def _not_yaml(reason: str) -> str:
    return _("not valid YAML ({reason})").format(reason=reason)


def load_rule(path: Path) -> Rule:
    """The rule in the file at `path` (its id must match the file name)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(
            [f"{path}: " + _("cannot read the file ({error})").format(error=exc)]
        ) from None
    rule = parse_rule(text, str(path))
    if rule.id != path.stem:
        message = _("'{id}' should match the file name '{stem}'").format(id=rule.id, stem=path.stem)
        raise RuleError([f"{path}:1 id: " + message])
    return rule


@dataclass(frozen=True)
class RuleSet:
    """All rules by id; `problems` lists the files that could not be loaded."""

    rules: dict[str, Rule]
    problems: list[str]


def load_rules(*folders: Path) -> RuleSet:
    """Rules from each folder in turn (*.yaml); a later folder's rule replaces one with its id."""
    rules: dict[str, Rule] = {}
    problems: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            try:
                rule = load_rule(path)
            except RuleError as exc:
                problems += exc.problems
                continue
            rules[rule.id] = rule
    return RuleSet(rules, problems)
