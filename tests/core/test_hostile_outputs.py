"""Writing results where it fails: a read-only folder, a file size limit, a full disk. Each gives
one clear line, keeps the previous files whole and leaves no temporary file behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.storage import write_bytes, write_csv, write_json
from tests.core.test_cli import PHOTO, VIDEO, assert_one_line_error, run
from tests.read_only import PREVIOUS, read_only_folder

__all__ = ["read_only_folder"]  # a fixture

WRITERS: dict[str, Callable[[Path], None]] = {
    "json": lambda path: write_json(path, {"reps": 3}),
    "csv": lambda path: write_csv(path, [{"rep": 1, "faults": ""}]),
    "bytes": lambda path: write_bytes(path, b"\x89PNG..."),
}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_storage_into_a_read_only_folder(read_only_folder: Path, writer: str) -> None:
    with pytest.raises(PermissionError):
        WRITERS[writer](read_only_folder / "summary.json")
    assert (read_only_folder / "summary.json").read_text() == PREVIOUS
    assert leftovers(read_only_folder) == []


def test_analyze_into_a_read_only_folder(
    media: Path, read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, media / PHOTO, "--out", read_only_folder)
    assert status == 2
    assert_one_line_error(err, str(read_only_folder), "cannot write the results")
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["summary.json"]


# Runs `fitness-coach analyze` with a file size limit: the kernel fails the write that passes it
# (EFBIG; SIGXFSZ, which would kill the process, is ignored as a careful program does).
SIZE_LIMITED = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
    from coach.cli import main
    sys.exit(main(["analyze", "--no-progress", *sys.argv[1:]]))
""")


def test_a_write_failing_midway_keeps_the_previous_file(media: Path, tmp_path: Path) -> None:
    # The photo's report (40 KB) fits; its annotated PNG (about 1 MB) fails halfway.
    png = tmp_path / "004645041.annotated.png"
    png.write_bytes(b"previous PNG")
    result = subprocess.run(
        [sys.executable, "-c", SIZE_LIMITED, str(media / PHOTO), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2, result.stderr
    assert_one_line_error(result.stderr, "cannot write the results", "File too large")
    assert png.read_bytes() == b"previous PNG"
    assert (tmp_path / "004645041.json").is_file()  # written whole before the PNG failed
    assert leftovers(tmp_path) == []


# In a mount namespace of its own, a 256 KB file system, really full once the CSV (350 KB) grows.
FULL_DISK = textwrap.dedent("""
    set -e
    mount -t tmpfs -o size=256k tmpfs "$1"
    printf 'previous CSV\\n' > "$1/squat_side_1rep_slow.csv"
    set +e
    "$2" -m coach analyze --no-progress "$3" --out "$1"
    echo "exit status $?"
    ls -a "$1"
    cat "$1/squat_side_1rep_slow.csv"
""")


def _private_mounts() -> bool:
    unshare = shutil.which("unshare")
    return (
        unshare is not None
        and os.geteuid() == 0
        and subprocess.run([unshare, "-m", "true"], capture_output=True).returncode == 0
    )


@pytest.mark.skipif(not _private_mounts(), reason="needs root and `unshare -m` for a tmpfs")
def test_a_full_disk_keeps_the_previous_results(media: Path, tmp_path: Path) -> None:
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", FULL_DISK, "sh", str(mount_point), sys.executable,
         str(media / VIDEO)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert "exit status 2" in result.stdout, result.stdout + result.stderr
    assert_one_line_error(result.stderr, "cannot write the results", "No space left on device")
    listing = result.stdout.split("exit status 2\n", 1)[1].splitlines()
    assert listing == [".", "..", "squat_side_1rep_slow.csv", "previous CSV"]  # no temp file
