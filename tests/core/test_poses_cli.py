"""`fitness-coach poses add`: a template from a real photo, and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from coach.cli import main
from coach.coaching.rule_loader import load_rule

WARRIOR = "yoga/manoj_yoga_poses/warrior2_virabhadrasana/warrior2_virabhadrasana_000.jpeg"
GROUP = "yoga/manoj_yoga_poses/tree_vrksasana/tree_vrksasana_006.jpg"  # two people, apart


def poses_add(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = main(["poses", "add", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.media
def test_a_template_from_a_photo_names_that_pose_with_analyze_auto(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    status, out, err = poses_add(
        capsys, media / WARRIOR, "--id", "my_warrior", "--name", "My warrior", "--rules", rules
    )
    assert status == 0, err
    assert "my_warrior.yaml" in out and "either side" in out
    rule = load_rule(rules / "my_warrior.yaml")
    assert rule.hold is not None and rule.hold.mirror and rule.hold.reference
    assert rule.sources == [
        f"A pose template made from the photo {Path(WARRIOR).name} (docs/rules.md)"
    ]
    # analyze --exercise auto with the template beside the built-in rules
    status = main(["analyze", "--no-progress", str(media / WARRIOR), "--exercise", "auto",
                   "--rules", str(rules), "--out", str(tmp_path)])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    report = json.loads((tmp_path / (Path(WARRIOR).stem + ".json")).read_text())
    scores = {c["id"]: c["score"] for c in report["pose"]["candidates"]}
    assert scores["my_warrior"] == 1.0 and report["pose"]["id"] in ("my_warrior", "warrior_ii")
    # Adding again replaces it and keeps a backup.
    status, out, _ = poses_add(
        capsys, media / WARRIOR, "--id", "my_warrior", "--name", "Again", "--rules", rules
    )
    assert status == 0 and "replaced" in out and (rules / "my_warrior.yaml.bak").is_file()


@pytest.mark.media
def test_refusals_are_one_clear_line(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "empty_room.png"
    Image.fromarray(np.full((480, 640, 3), 200, np.uint8)).save(blank)
    rules = tmp_path / "rules"
    cases = [
        ((blank, "--id", "a", "--name", "A"), "nobody found"),
        ((media / GROUP, "--id", "a", "--name", "A"), "more than one person"),
        ((media / WARRIOR, "--id", "warrior_ii", "--name", "A"), "built-in rule"),
        ((media / WARRIOR, "--id", "My Pose", "--name", "A"), "id"),
        ((tmp_path / "missing.jpg", "--id", "a", "--name", "A"), "no such file"),
        ((tmp_path, "--id", "a", "--name", "A"), "a folder; give one photo"),
    ]
    for args, words in cases:
        status, out, err = poses_add(capsys, *args, "--rules", rules)
        lines = [line for line in err.splitlines() if line.strip()]
        assert status == 2 and len(lines) == 1 and words in lines[0], (args, err)
        assert "Traceback" not in err and not out
    assert not rules.exists() or not list(rules.glob("*.yaml"))  # nothing written
