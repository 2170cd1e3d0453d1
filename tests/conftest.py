"""Shared test fixtures: where the real media live, and a skip or failure when they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach import i18n

REPO = Path(__file__).resolve().parents[1]
MEDIA = REPO.parent / "shared" / "media"


@pytest.fixture(scope="session")
def media() -> Path:
    """../shared/media: skipped with a reason when absent, but a failure under CI=true."""
    if not MEDIA.is_dir():
        message = f"real media not found at {MEDIA} (the project's ../shared/media)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the tests that need it")
        pytest.skip(message)
    return MEDIA


@pytest.fixture(scope="session")
def videos(media: Path) -> Path:
    return media / "videos"


@pytest.fixture(scope="session")
def keypoints(media: Path) -> Path:
    return media / "keypoints" / "mmpose_testdata"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run in English whatever the machine's locale; a test of Chinese asks for it."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language("en")
