"""A read-only folder for tests, made read-only in a way that also holds for root.

Permissions (chmod) do not stop root, as the tests run in containers; there the folder is made
immutable (`chattr +i`: no file can be created, renamed or removed in it, whoever asks).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

PREVIOUS = '{"previous": "export"}\n'


def _can_create_in(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding `summary.json` (PREVIOUS) where nothing can be written."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "summary.json").write_text(PREVIOUS)
    folder.chmod(0o555)
    immutable = False
    if _can_create_in(folder):  # root: permissions are not enough
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(folder)]).returncode != 0:
            folder.chmod(0o755)
            pytest.skip("cannot make a read-only folder here (running as root, without chattr)")
        immutable = True
    assert not _can_create_in(folder)
    yield folder
    if immutable:
        subprocess.run([str(chattr), "-i", str(folder)], check=True)
    folder.chmod(0o755)
