"""The user's own rule files: load them beside the built-in ones, save, import, export, delete.

User rules live in `<config folder>/rules/<id>.yaml`; one with the id of a built-in rule replaces
it (reset to built-in deletes the user's copy). Saving writes YAML through ruamel.yaml's
round-trip mode onto the file it started from (the user's copy, or the built-in rule for a first
save), so the comments that justify each threshold and the key order are kept. Every write is
atomic and keeps the previous version as `<id>.yaml.bak`. A user rule file that cannot be loaded
is set aside (`<id>.yaml.broken-<time>`) with a message, so the app starts with the rest.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from coach.coaching.rule_loader import (
    BUILTIN_RULES,
    RuleError,
    key_path,
    load_rule,
    parse_rule,
    validate_rule,
)
from coach.coaching.rule_schema import Rule
from coach.i18n import gettext as _
from coach.storage import set_aside, user_rules_dir, write_bytes


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, key order and quoting survive a load and a dump
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the built-in files
    yaml.width = 90  # the width the built-in files are wrapped at
    yaml.preserve_quotes = True
    return yaml


class RuleStore:
    """The built-in rules and the user's, by id; the user's folder is created when first saved."""

    def __init__(self, folder: Path | None = None, builtin: Path = BUILTIN_RULES) -> None:
        self.folder = folder or user_rules_dir()
        self.builtin_folder = builtin
        self.builtin: dict[str, Rule] = {}
        self.user: dict[str, Rule] = {}
        self.problems: list[str] = []  # messages about files set aside at the last reload
        self.reload()

    @property
    def rules(self) -> dict[str, Rule]:
        return self.builtin | self.user

    def reload(self) -> None:
        self.builtin = {p.stem: load_rule(p) for p in sorted(self.builtin_folder.glob("*.yaml"))}
        self.user, self.problems = {}, []
        for path in sorted(self.folder.glob("*.yaml")) if self.folder.is_dir() else []:
            try:
                self.user[path.stem] = load_rule(path)
            except RuleError as exc:
                self.problems.append(self._set_aside(path, exc.problems))

    @staticmethod
    def _set_aside(path: Path, problems: list[str]) -> str:
        try:
            aside = set_aside(path)
        except OSError as exc:
            return "\n".join(
                [*problems, _("(it could not be moved aside: {error})").format(error=exc)]
            )
        return "\n".join(
            [*problems, _("The file was kept as {aside}; it is not used.").format(aside=aside.name)]
        )

    def is_builtin(self, rule_id: str) -> bool:
        return rule_id in self.builtin

    def path_of(self, rule_id: str) -> Path:
        """The file a rule comes from: the user's copy if there is one, else the built-in."""
        user = self.folder / f"{rule_id}.yaml"
        return user if rule_id in self.user else self.builtin_folder / f"{rule_id}.yaml"

    def save(self, data: dict[str, Any], based_on: str | None = None) -> Rule:
        """Validate `data` (a rule file's mapping) and write it as the user's rule; the YAML
        starts from the file of `based_on` (or of the rule's own id) to keep its comments.
        RuleError if invalid; OSError if the folder cannot be written."""
        rule, problems = validate_rule(data)
        if rule is None:
            raise RuleError([f"{key_path(loc) or 'rule'}: {message}" for loc, message in problems])
        origin_id = based_on or rule.id
        origin = self.path_of(origin_id) if origin_id in self.rules else None
        text = _merged_yaml(origin, rule)
        target = self.folder / f"{rule.id}.yaml"
        self._backup(target)
        write_bytes(target, text.encode("utf-8"))
        self.user[rule.id] = rule
        return rule

    def delete(self, rule_id: str) -> None:
        """Remove the user's rule (kept as <id>.yaml.bak); a built-in one shows again."""
        target = self.folder / f"{rule_id}.yaml"
        self._backup(target)
        target.unlink(missing_ok=True)
        self.user.pop(rule_id, None)

    def import_file(self, path: Path) -> Rule:
        """Copy a rule file into the user's rules after validating it (RuleError if invalid; the
        file's id need not match its name: it is saved under its id)."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError([f"{path}: cannot read the file ({exc})"]) from None
        rule = parse_rule(text, str(path))
        target = self.folder / f"{rule.id}.yaml"
        self._backup(target)
        write_bytes(target, text.encode("utf-8"))
        self.user[rule.id] = rule
        return rule

    def export_file(self, rule_id: str, path: Path) -> None:
        """The rule's file, as it is, at `path` (atomically)."""
        write_bytes(path, self.path_of(rule_id).read_bytes())

    def _backup(self, target: Path) -> None:
        if target.is_file():
            shutil.copy2(target, target.with_name(target.name + ".bak"))


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _tidy(value: Any) -> Any:
    """JSON-like data with whole floats as ints (95, not 95.0, as a person writes it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _merged_yaml(origin: Path | None, rule: Rule) -> str:
    """The rule as YAML, written onto the document in `origin` so that its comments, key order
    and explicit defaults stay; keys new to the file are written only where not the default."""
    full = _tidy(rule.model_dump(mode="json"))
    minimal = _tidy(rule.model_dump(mode="json", exclude_defaults=True))
    document = _yaml().load(origin.read_text(encoding="utf-8")) if origin else None
    if not isinstance(document, CommentedMap):
        return _dump(minimal)
    _merge_into(document, full, minimal)
    return _dump(document)


def _merge_into(target: CommentedMap | CommentedSeq, full: Any, minimal: Any) -> None:
    """Change `target` in place to mean `full`, touching only what differs: unchanged keys keep
    their comments, changed values are replaced, unset (None) and removed keys go, and new keys
    come last, taken from `minimal` (the same data without default values)."""
    if isinstance(target, CommentedMap):
        for key in [k for k in target if full.get(k) is None]:
            del target[key]
        for key, value in full.items():
            if key in target:
                _merge_value(target, key, value, minimal.get(key, value))
            elif key in minimal:
                target[key] = minimal[key]
    else:
        del target[len(full) :]
        for index, value in enumerate(full):
            if index < len(target):
                _merge_value(target, index, value, minimal[index])
            else:
                target.append(minimal[index])


def _merge_value(target: CommentedMap | CommentedSeq, key: Any, full: Any, minimal: Any) -> None:
    current = target[key]
    if (isinstance(current, CommentedMap) and isinstance(full, dict)) or (
        isinstance(current, CommentedSeq) and isinstance(full, list)
    ):
        _merge_into(current, full, minimal)
    elif current != full:  # an unchanged value keeps the file's own spelling
        target[key] = minimal
