"""Hostile rule files: fuzzed text and mutated real rules give only RuleError with file:line; a
rule file is data only (no object built from YAML tags, no expression evaluated)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.coaching.rule_loader import BUILTIN_RULES, RuleError, parse_rule
from coach.coaching.rule_schema import Rule

NAME = "rules/fuzz.yaml"
WHERE = re.compile(rf"^{re.escape(NAME)}:\d+[ :]")
RULE_TEXTS = {p.name: p.read_text() for p in sorted(BUILTIN_RULES.glob("*.yaml"))}
FUZZ = settings(max_examples=50, deadline=None)


def parse_or_problems(text: str) -> list[str]:
    """[] when `text` is a valid rule, else its problems, each checked to name file and line."""
    try:
        assert isinstance(parse_rule(text, NAME), Rule)
    except RuleError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert WHERE.match(problem), problem
            assert "\n" not in problem
        return exc.problems
    return []


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    parse_or_problems(text)


YAML_BITS = st.sampled_from([
    "id: squat", "name: Squat", "measurements:", "  knee: {angle: [hip, knee, ankle]}",
    "reps:", "  measurement: knee", "  start_above_deg: 160", "checks:", "  - id: x",
    "    when: bottom", "- a", "  - b", "? complex", ": value", "&anchor {a: 1}", "*anchor",
    "!!binary aGVsbG8=", "!!python/none ''", "{", "[", "'", '"', "\t", "---", "...", "%YAML 1.1",
    "key: !!float nan", "key: .inf", "key: 1e999", "key: 0x1F", "key: ~", "<<: {a: 1}",
])  # fmt: skip


@FUZZ
@given(st.lists(st.one_of(YAML_BITS, st.text(max_size=20)), max_size=25))
def test_yaml_like_text(lines: list[str]) -> None:
    parse_or_problems("\n".join(lines))


@st.composite
def mutated_rules(draw: st.DrawFn) -> str:
    """A built-in rule file with lines deleted, repeated, swapped, re-indented or altered."""
    lines = RULE_TEXTS[draw(st.sampled_from(sorted(RULE_TEXTS)))].splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "repeat", "swap", "indent", "value", "insert"]))
        if kind == "delete":
            del lines[i]
        elif kind == "repeat":
            lines.insert(j, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(0, 6)) + lines[i].lstrip()
        elif kind == "value":
            key = lines[i].split(":", 1)[0]
            value = draw(st.one_of(st.integers(-(10**20), 10**20).map(str), st.text(max_size=12)))
            lines[i] = f"{key}: {value}"
        else:
            lines.insert(i, draw(st.text(max_size=30)))
        if not lines:
            break
    return "\n".join(lines)


@FUZZ
@given(mutated_rules())
def test_mutated_builtin_rules(text: str) -> None:
    parse_or_problems(text)


GOOD = RULE_TEXTS["squat.yaml"]


def test_control_character() -> None:
    with pytest.raises(RuleError) as error:
        parse_rule(GOOD.replace("en: Squat", "en: Squ\x1fat"), NAME)
    assert error.value.problems == [
        f"{NAME}:5: not valid YAML (unacceptable character #x001f: special characters are not "
        "allowed)"
    ]


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:pathlib.Path.touch [{marker}]",
        "!!python/object/new:pathlib.Path [{marker}]",
        "!!python/object:pathlib.PurePath {{}}",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_python_tags_build_nothing(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "constructed"
    text = GOOD.replace("en: Squat", "en: " + tag.format(marker=str(marker)), 1)
    assert text != GOOD
    problems = parse_or_problems(text)
    assert problems and "not valid YAML" in problems[0]
    assert not marker.exists()


def test_expressions_are_text_not_code(tmp_path: Path) -> None:
    marker = tmp_path / "evaluated"
    code = f"__import__('pathlib').Path('{marker}').touch()"
    rule = parse_rule(GOOD.replace("en: Squat", f'en: "{code}"', 1), NAME)
    assert rule.name == {"en": code, "zh_CN": "深蹲"}
    assert not marker.exists()


def test_alias_bomb_is_refused_without_expanding() -> None:
    # Seven levels of ten aliases: ten million strings if expanded; YAML shares them instead.
    levels = ["bomb0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 7):
        levels.append(f"bomb{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    for target in ("checks", "measurements", "name"):
        text = "\n".join([*levels, *GOOD.splitlines()]).replace(f"\n{target}:", "\nold_key:", 1)
        problems = parse_or_problems(text + f"\n{target}: *l6\n")
        assert 0 < len(problems) < 100


def test_core_never_evaluates_or_loads_unsafely() -> None:
    """No eval, exec, compile or __import__ and no YAML loader that builds objects in coach/."""
    forbidden_names = {"eval", "exec", "compile", "__import__"}
    forbidden_yaml = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load"}
    found = []
    for path in sorted((BUILTIN_RULES.parent / "coach").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in forbidden_names:
                found.append(f"{path.name}:{node.lineno} {func.id}")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "yaml"
                and func.attr in forbidden_yaml
            ):
                found.append(f"{path.name}:{node.lineno} yaml.{func.attr}")
    assert found == []
