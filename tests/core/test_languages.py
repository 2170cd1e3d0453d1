"""Chinese and English on the command line and in the coach: the catalog, --lang, the locale,
rules in two languages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach import i18n
from coach.cli import main
from coach.coaching.engine import Evaluator
from coach.coaching.pose_match import correction
from coach.coaching.rule_loader import BUILTIN_RULES, load_rules, validate_rule
from coach.coaching.rule_schema import SegmentAngle
from tests.data.golden import poses
from tools.catalog import MO, PO, all_ids, compile_mo, read_po

BUILTIN = load_rules(BUILTIN_RULES).rules
# The placeholders of a message: str.format fields and %-style (argparse's).
PLACEHOLDER = re.compile(r"\{[a-z_]*(?::[^}]*)?\}|%\([a-z_]+\)[rsd]|%[rsd]")


def command(*args: str, lang: str = "zh_CN.UTF-8") -> subprocess.CompletedProcess[str]:
    """`fitness-coach ARGS` in a fresh process under the locale `lang`."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        env=env | {"LANG": lang},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_mo_is_compiled_from_the_po() -> None:
    """Run `python -m tools.catalog` after editing the .po."""
    assert MO.read_bytes() == compile_mo(read_po(PO.read_text(encoding="utf-8")))


def test_every_message_of_the_code_and_of_argparse_has_its_chinese() -> None:
    entries = {(e.msgid, e.plural): e for e in read_po(PO.read_text(encoding="utf-8"))}
    wanted = all_ids()
    assert len(wanted) > 100
    for key in wanted:
        assert key in entries and entries[key].translated, f"untranslated: {key[0]!r}"
        entry = entries[key]
        for text in entry.msgstr:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(key[0])), key


def test_the_catalog_translates_at_run_time() -> None:
    assert i18n.catalog("zh_CN").gettext("no person found") == "未检测到人"
    assert i18n.catalog("en").gettext("no person found") == "no person found"


def test_rules_list_follows_the_locale_and_lang() -> None:
    chinese = command("rules", "list")
    assert chinese.returncode == 0, chinese.stderr
    assert "squat          深蹲" in chinese.stdout and "warrior_ii     战士二式" in chinese.stdout
    english = command("--lang", "en", "rules", "list")
    assert "squat          Squat" in english.stdout and "深蹲" not in english.stdout


def test_help_is_all_chinese_under_a_chinese_locale() -> None:
    result = command("--help")
    assert result.returncode == 0
    for words in ("用法：", "位置参数", "选项", "显示此帮助信息并退出", "识别照片和视频中的姿势"):
        assert words in result.stdout
    for words in ("usage", "options", "show this help", "find the pose"):
        assert words not in result.stdout
    analyze = command("analyze", "--help")
    assert "按这个练习规则评判视频" in analyze.stdout and "judge" not in analyze.stdout


def test_lang_overrides_the_locale(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "zh_CN", "--help"])
    assert "用法：" in capsys.readouterr().out
    assert i18n.language() == "zh_CN"
    assert "LANGUAGE" not in os.environ  # argparse's language was set for the parse only
    english = command("--lang", "en", "--help")
    assert "usage: fitness-coach" in english.stdout and "用法" not in english.stdout


def test_a_bad_lang_is_an_argparse_error() -> None:
    result = command("--lang", "fr", "rules", "list")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "参数 --lang：无效的选项：'fr'（可选：'en', 'zh_CN'）" in result.stderr


def test_errors_are_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status = main(["--lang", "zh_CN", "analyze", str(tmp_path / "missing.mp4")])
    assert status == 2
    assert (
        capsys.readouterr().err
        == f"fitness-coach: {tmp_path / 'missing.mp4'}：没有这个文件或文件夹\n"
    )


def test_analyze_prints_its_lines_in_chinese(videos: Path, tmp_path: Path) -> None:
    result = command(
        "analyze", str(videos / "squat_side_1rep_slow.mp4"), "--exercise", "squat",
        "--no-progress", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"：共 \d+ 帧，其中 \d+ 帧检测到人，深蹲 1 次（\d 次有错误），每秒处理", result.stdout
    )


def test_rules_check_warns_of_a_text_in_one_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["rules", "check"]) == 0
    assert "warning" not in capsys.readouterr().err  # every built-in text is in both languages
    text = (BUILTIN_RULES / "squat.yaml").read_text(encoding="utf-8")
    text = text.replace("name:\n  en: Squat\n  zh_CN: 深蹲\n", "name: Squat\n")
    text = text.replace('      zh_CN: "挺胸：上身前倾太多了"\n', "")
    (tmp_path / "squat.yaml").write_text(text, encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 0  # a warning is not a failure
    out, err = capsys.readouterr()
    assert "squat.yaml: ok" in out
    assert err.splitlines() == [
        f"{tmp_path / 'squat.yaml'}: warning: name has no zh_CN text",
        f"{tmp_path / 'squat.yaml'}: warning: checks[1].message has no zh_CN text",
    ]
    chinese = text.replace("name: Squat\n", "name: 深蹲\nlanguage: zh_CN\n")
    (tmp_path / "squat.yaml").write_text(chinese, encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'squat.yaml'}: warning: name has no en text",
        f"{tmp_path / 'squat.yaml'}: warning: checks[1].message has no zh_CN text",
    ]


def test_counts_have_plural_forms(capsys: pytest.CaptureFixture[str]) -> None:
    sit_up = str(BUILTIN_RULES / "sit_up.yaml")
    assert main(["rules", "check", sit_up]) == 0
    assert capsys.readouterr().out == f"{sit_up}: ok (sit_up: 1 measurement, 0 checks)\n"
    assert main(["--lang", "zh_CN", "rules", "check", sit_up]) == 0
    assert capsys.readouterr().out == f"{sit_up}：通过（sit_up：1 项测量，0 项检查）\n"


def test_a_rule_is_shown_in_the_users_language_with_a_fallback() -> None:
    squat = BUILTIN["squat"]
    assert i18n.localized(squat.name, "zh_CN") == "深蹲"
    assert i18n.localized(squat.name, "en") == "Squat"
    for rule in BUILTIN.values():  # every built-in text has both languages, and they differ
        for text in rule.texts().values():
            assert isinstance(text, dict) and set(text) == {"en", "zh_CN"}
            assert re.search(r"[\u4e00-\u9fff]", text["zh_CN"]) and text["en"] != text["zh_CN"]
    only_chinese = squat.model_copy(update={"name": "深蹲", "language": "zh_CN"})
    assert i18n.localized(only_chinese.name, "en") == "深蹲"
    assert only_chinese.untranslated()[0] == ("name", "en")


def test_faults_are_told_in_the_language_in_use() -> None:
    """The evaluator decides the words: feedback (and so cues and the summary) carry them."""
    i18n.set_language("zh_CN")
    evaluator = Evaluator(BUILTIN["bicep_curl"])
    for pose, t_s in poses("curl_side_dumbbell_3bad_then_1good"):
        evaluator.update(pose, t_s)
    said = {f["message"] for f in evaluator.summary()["feedback"]}
    assert said == {"手肘贴紧身体两侧：上臂在往前甩"}


def test_corrections_in_chinese() -> None:
    i18n.set_language("zh_CN")
    upper_arm = SegmentAngle(segment=("shoulder", "elbow"), reference="down", side="left")
    assert correction(upper_arm, -30.0) == "抬高左手臂"
    assert correction(upper_arm, 30.0) == "放低左手臂"
    shoulders = SegmentAngle(segment=("hip", "shoulder"), reference="down")
    assert correction(shoulders, 10.0) == "沉肩，放低双肩"


def test_rule_file_problems_are_told_in_the_users_language(tmp_path: Path) -> None:
    """`rules check` names file:line and key path as they are, and says what is wrong in the
    user's language: pydantic's own messages, the schema's and the checks across keys."""
    (tmp_path / "fields.yaml").write_text(
        "id: fields\n"
        "name: Fields\n"
        "measurments: {}\n"  # a typo
        "measurements:\n"
        "  knee:\n"
        "    angle: [hip, knee, ankle]\n"
        "reps:\n"
        "  measurement: knee\n"
        "  min_excursion_deg: 40\n"
        "checks:\n"
        "  - id: deep\n"
        "    measurement: knee\n"
        "    min_deg: 60\n"
        "    message: 5\n"  # a number where text is expected
        "    debounce_s: -1\n",  # below its minimum
        encoding="utf-8",
    )
    (tmp_path / "across.yaml").write_text(
        "id: across\n"
        "name: Across\n"
        "measurements:\n"
        "  knee:\n"
        "    angle: [hip, knee, ankle]\n"
        "reps:\n"
        "  measurement: elbow\n"  # no such measurement
        "  min_excursion_deg: 40\n",
        encoding="utf-8",
    )
    fields, across = tmp_path / "fields.yaml", tmp_path / "across.yaml"
    chinese = command("--lang", "zh_CN", "rules", "check", str(tmp_path), lang="en_US.UTF-8")
    assert chinese.returncode != 0
    assert chinese.stderr.splitlines() == [
        f"{across}:7 reps.measurement: 'elbow' 不在已定义的测量项 ['knee'] 中",
        f"{fields}:14 checks[0].message: 应为文字（或每种语言各一段：{{en: ..., zh_CN: ...}}）",
        f"{fields}:15 checks[0].debounce_s: 应不小于 0",
        f"{fields}:3 measurments: 未知的键（拼写错误？）",
    ]
    english = command("rules", "check", str(tmp_path), lang="en_US.UTF-8")
    assert english.returncode == chinese.returncode
    assert english.stderr.splitlines() == [
        f"{across}:7 reps.measurement: 'elbow' is not one of ['knee']",
        f"{fields}:14 checks[0].message: Input should be a valid string (or one per language: "
        "{en: ..., zh_CN: ...})",
        f"{fields}:15 checks[0].debounce_s: Input should be greater than or equal to 0",
        f"{fields}:3 measurments: unknown key (a typo?)",
    ]


def test_pydantic_messages_in_chinese_keep_their_key_and_values() -> None:
    rule = {
        "id": "Bad",
        "name": "x",
        "measurements": {"knee": {"angle": ["hip", "knee", "ankle"], "side": "up"}},
        "reps": {"measurement": "knee", "min_excursion_deg": "far", "direction": "down"},
    }
    i18n.set_language("zh_CN")
    try:
        _, problems = validate_rule(rule)
        _, empty = validate_rule({**rule, "reps": None, "hold": {"targets": []}})
        _, kind = validate_rule({**rule, "measurements": {"knee": {"angel": []}}})
    finally:
        i18n.set_language("en")
    assert dict(problems) == {
        ("id",): "文字应符合格式 '^[a-z][a-z0-9_]*$'",
        ("measurements", "knee", "side"): (
            "应为 'left', 'right', 'visible', 'larger', 'smaller' 或 'difference'"
        ),
        ("reps", "direction"): "应为 'flexion' 或 'extension'",
        ("reps", "min_excursion_deg"): "应为数字，无法把这段文字解析为数字",
    }
    assert dict(empty)[("hold", "targets")] == "列表至少应有 1 项，实际有 0 项"
    assert dict(kind)[("measurements", "knee")].startswith("测量项需要以下之一：'angle: [a, b, c]'")
