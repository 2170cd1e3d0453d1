"""The language choice: locale names, the system default, and texts in two languages."""

from __future__ import annotations

import pytest

from coach import i18n


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh", "zh_CN"),
        ("en_GB.UTF-8", "en"),
        ("C", "en"),
        ("fr_FR", None),
        ("", None),
    ],
)
def test_normalize(code: str, expected: str | None) -> None:
    assert i18n.normalize(code) == expected


def test_the_system_locale_decides_unless_a_language_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.set_language(None) == "zh_CN"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.set_language("system") == "en"
    assert i18n.set_language("zh_CN") == "zh_CN"
    assert i18n.language() == "zh_CN"
    i18n.set_language("en")


def test_localized_falls_back_to_english_then_to_any() -> None:
    both = {"en": "Squat", "zh_CN": "深蹲"}
    assert i18n.localized(both, "zh_CN") == "深蹲"
    assert i18n.localized(both, "en") == "Squat"
    assert i18n.localized({"en": "Squat"}, "zh_CN") == "Squat"
    assert i18n.localized({"zh_CN": "深蹲"}, "en") == "深蹲"
    assert i18n.localized("Squat", "zh_CN") == "Squat"
