"""Files on disk: the config folder, and output written atomically (a temporary file, then renamed).

A crash or a full disk therefore never leaves a half-written JSON, CSV or video under the
target's name, and a previous good file is replaced only by a complete one.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs

# The environment variable naming the config folder (tests, portable installs).
CONFIG_ENV = "FITNESS_COACH_CONFIG"


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` (same suffix) that replaces `target` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.tmp{target.suffix}")
    # Created with 0o666 minus the umask, as the target would be (mkstemp would give 0o600).
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_json(target: Path, data: Any) -> None:
    """`data` as indented UTF-8 JSON at `target`, atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def write_bytes(target: Path, data: bytes) -> None:
    """`data` at `target`, atomically."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def write_csv(target: Path, rows: list[dict[str, Any]]) -> None:
    """`rows` (dicts with the same keys) as CSV with a header, atomically."""
    with atomic_path(target) as temporary, temporary.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["rep"])
        writer.writeheader()
        writer.writerows(rows)


def config_dir() -> Path:
    """The folder holding the user's settings and rules (FITNESS_COACH_CONFIG overrides it)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("fitness-coach", appauthor=False))


def user_rules_dir() -> Path:
    return config_dir() / "rules"


def set_aside(path: Path) -> Path:
    """Rename a file that cannot be used to `<name>.broken-<time>` beside it; the new path."""
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(aside)
    return aside
