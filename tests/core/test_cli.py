"""`fitness-coach analyze` end to end on real photos and videos, and on hostile inputs."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from coach.analysis import CSV_COLUMNS
from coach.cli import main
from coach.vision.angles import KEY_ANGLES
from coach.vision.landmarks import LANDMARK_NAMES

PHOTO = Path("keypoints/mmpose_testdata/mpii/004645041.jpg")  # one man beside a truck, 1280 x 720
VIDEO = Path("videos/squat_side_1rep_slow.mp4")  # 341 frames, 324 x 422


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = main(["analyze", "--no-progress", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], err


def test_photo_json_and_annotated_png(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, media / PHOTO, "--out", tmp_path)
    assert status == 0, err
    assert "person found" in out
    report = json.loads((tmp_path / "004645041.json").read_text())
    assert report["source"] == str(media / PHOTO)
    assert (report["kind"], report["width"], report["height"], report["detected"]) == (
        "photo",
        1280,
        720,
        True,
    )
    assert [lm["name"] for lm in report["landmarks"]] == list(LANDMARK_NAMES)
    assert [lm["index"] for lm in report["landmarks"]] == list(range(33))
    for lm in report["landmarks"]:
        assert set(lm) == {"index", "name", "x", "y", "z", "visibility", "x_px", "y_px"}
        assert lm["x_px"] == pytest.approx(lm["x"] * 1280, abs=0.01)
        assert lm["y_px"] == pytest.approx(lm["y"] * 720, abs=0.01)
        assert 0.0 <= lm["visibility"] <= 1.0
    assert [w["name"] for w in report["world_landmarks"]] == list(LANDMARK_NAMES)
    assert set(report["world_landmarks"][0]) == {"index", "name", "x_m", "y_m", "z_m"}
    # He stands upright with his right arm raised to the engine: a straight visible left arm.
    assert set(report["angles"]) == set(KEY_ANGLES)
    assert report["angles"]["left_elbow"] > 150
    annotated = cv2.imread(str(tmp_path / "004645041.annotated.png"))
    assert annotated.shape == (720, 1280, 3)


def test_photo_without_anyone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wall = tmp_path / "wall.png"
    Image.new("RGB", (640, 480), (180, 170, 160)).save(wall)
    status, out, err = run(capsys, wall)
    assert status == 0, err
    assert "no person found" in out
    report = json.loads((tmp_path / "wall.json").read_text())
    assert report["detected"] is False
    assert report["landmarks"] is None and report["world_landmarks"] is None
    assert all(value is None for value in report["angles"].values())
    assert (tmp_path / "wall.annotated.png").is_file()


def decoded_frames(path: Path) -> int:
    capture = cv2.VideoCapture(str(path))
    count = 0
    while capture.read()[0]:
        count += 1
    capture.release()
    return count


def test_video_csv_summary_and_annotated_mp4(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotated = tmp_path / "squat annotated.mp4"
    status, _, err = run(capsys, media / VIDEO, "--out", tmp_path, "--annotated", annotated)
    assert status == 0, err
    frames = decoded_frames(media / VIDEO)
    with (tmp_path / "squat_side_1rep_slow.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == frames == 341
    assert [int(r["frame"]) for r in rows] == list(range(frames))
    summary = json.loads((tmp_path / "squat_side_1rep_slow.json").read_text())
    assert summary["kind"] == "video" and summary["source"] == str(media / VIDEO)
    assert summary["frames"] == frames
    assert summary["detected_frames"] == sum(r["detected"] == "1" for r in rows) >= 330
    assert summary["fps"] == pytest.approx(30.0)
    assert summary["duration_s"] == pytest.approx(frames / 30.0, abs=0.05)
    assert summary["processing_fps"] > 0
    detected = next(r for r in rows if r["detected"] == "1")
    assert (
        0 <= float(detected["left_hip_x_px"]) <= 324
        and 0 <= float(detected["left_hip_y_px"]) <= 422
    )
    # The annotated video plays: as many frames as the input, enlarged to 720 px (drawing_canvas).
    assert decoded_frames(annotated) == frames
    capture = cv2.VideoCapture(str(annotated))
    assert capture.get(cv2.CAP_PROP_FRAME_HEIGHT) == 720
    assert capture.get(cv2.CAP_PROP_FRAME_WIDTH) == pytest.approx(720 * 324 / 422, abs=1.5)
    capture.release()
    import imageio_ffmpeg

    check = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(annotated), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and check.stderr == ""


def test_folder_into_out(media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(media / PHOTO, folder / "man.jpg")
    Image.new("RGB", (320, 240), (20, 40, 60)).save(folder / "man.png")  # same stem as man.jpg
    (folder / "readme.txt").write_text("not media")
    out_dir = tmp_path / "out"
    status, out, err = run(capsys, folder, "--out", out_dir)
    assert status == 0, err
    assert sorted(p.name for p in out_dir.glob("*.json")) == ["man_jpg.json", "man_png.json"]
    assert json.loads((out_dir / "man_jpg.json").read_text())["detected"] is True
    assert len(out.splitlines()) == 2


def test_path_with_spaces_and_non_ascii(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mes photos d'entraînement"
    folder.mkdir()
    photo = folder / "Übung 1 · 日本.jpg"
    shutil.copy(media / PHOTO, photo)
    status, _, err = run(capsys, photo)
    assert status == 0, err
    assert json.loads((folder / "Übung 1 · 日本.json").read_text())["detected"] is True
    assert cv2.imdecode(
        np.frombuffer((folder / "Übung 1 · 日本.annotated.png").read_bytes(), "uint8"),
        cv2.IMREAD_COLOR,
    ).shape == (720, 1280, 3)


def test_zero_byte_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    status, _, err = run(capsys, path)
    assert status == 2
    assert_one_line_error(err, "empty.jpg", "not an image")
    assert not (tmp_path / "empty.json").exists()


def test_text_file_named_jpg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("shopping list: eggs, oats\n")
    status, _, err = run(capsys, path)
    assert status == 2
    assert_one_line_error(err, "notes.jpg", "not an image")


def test_truncated_jpeg(media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = (media / PHOTO).read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])
    status, _, err = run(capsys, path)
    assert status == 2
    assert_one_line_error(err, "cut.jpg", "cannot decode")


def test_truncated_mp4_without_index(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The index (moov atom) of these files is at the end: cut, nothing can be decoded.
    data = (media / "videos" / "pushup_side_4reps.mp4").read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) * 2 // 3])
    status, _, err = run(capsys, path)
    assert status == 2
    assert_one_line_error(err, "cut.mp4", "cannot read this video")


def test_truncated_mp4_with_index_first(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With the index first (as streaming tools write it), the frames before the cut still count.
    import imageio_ffmpeg

    whole = tmp_path / "faststart.mp4"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(media / VIDEO),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            str(whole),
        ],
        check=True,
    )
    cut = tmp_path / "half.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    status, _, err = run(capsys, cut, "--out", tmp_path / "out")
    assert status == 0, err
    assert "Traceback" not in err
    assert "half.mp4: decoding stopped after" in err
    frames = decoded_frames(cut)
    assert 0 < frames < 341
    with (tmp_path / "out" / "half.csv").open() as f:
        assert sum(1 for _ in f) == frames + 1  # header + one row per decoded frame
    assert json.loads((tmp_path / "out" / "half.json").read_text())["frames"] == frames


def test_folder_without_media(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("nothing to see")
    status, _, err = run(capsys, tmp_path)
    assert status == 2
    assert_one_line_error(err, str(tmp_path), "no photos or videos")


def test_unsupported_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clip.gif"
    path.write_bytes(b"GIF89a")
    status, _, err = run(capsys, path)
    assert status == 2
    assert_one_line_error(err, "clip.gif", "unsupported file type '.gif'")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, tmp_path / "nope.jpg")
    assert status == 2
    assert_one_line_error(err, "nope.jpg", "no such file")


def test_one_bad_file_among_good_ones(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG broken")
    status, _, err = run(capsys, bad, media / PHOTO, "--out", tmp_path)
    assert status == 2  # reported, but the good photo is still analysed
    assert_one_line_error(err, "bad.png")
    assert (tmp_path / "004645041.json").is_file()


def test_output_file_options_need_one_input(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, media / PHOTO, media / VIDEO, "--json", tmp_path / "x.json")
    assert status == 2
    assert_one_line_error(err, "one file")
    status, _, err = run(capsys, media / PHOTO, "--csv", tmp_path / "x.csv")
    assert status == 2
    assert_one_line_error(err, "--csv is for videos")


def test_explicit_output_files(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys,
        media / PHOTO,
        "--json",
        tmp_path / "a" / "r.json",
        "--annotated",
        tmp_path / "b" / "r.png",
    )
    assert status == 0, err
    assert (tmp_path / "a" / "r.json").is_file() and (tmp_path / "b" / "r.png").is_file()
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "a",
        "b",
        "r.json",
        "r.png",
    ]  # no leftovers


def test_unwritable_output(media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    status, _, err = run(capsys, media / PHOTO, "--out", blocker / "sub")
    assert status == 2
    assert_one_line_error(err, "cannot write the results")


def test_bad_model_is_a_bad_argument(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, media / PHOTO, "--model", tmp_path / "none.task")
    assert status == 2
    assert_one_line_error(err, "none.task")


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze"])
    assert exit_info.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_huge_image_without_memory_blow_up(tmp_path: Path) -> None:
    # A 12000 x 8000 photo is 288 MB as RGB, and decoding it whole took 1.3 GB of RSS; reduced
    # while decoding, the whole command stays under the app's 600 MB memory budget.
    huge = tmp_path / "huge.jpg"
    Image.new("RGB", (12000, 8000), (200, 190, 180)).save(huge, quality=70)
    # VmHWM is the child's own peak RSS (getrusage's ru_maxrss would include the forked parent's).
    probe = (
        "import re, sys\n"
        "from coach.cli import main\n"
        "status = main(['analyze', '--no-progress', sys.argv[1]])\n"
        "status_text = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', status_text).group(1)) // 1024)\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(huge)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.splitlines()[-1])
    print(f"peak RSS analysing a 12000 x 8000 JPEG: {peak_mb} MB")
    assert peak_mb < 600
    report = json.loads((tmp_path / "huge.json").read_text())
    assert (report["width"], report["height"]) == (12000, 8000)


def test_console_script_and_module_entry(media: Path, tmp_path: Path) -> None:
    """The installed `fitness-coach` and `python -m coach` run, quietly: no MediaPipe chatter."""
    script = Path(sys.executable).with_name("fitness-coach")
    for command in ([str(script)], [sys.executable, "-m", "coach"]):
        result = subprocess.run(
            [*command, "analyze", "--no-progress", str(media / PHOTO), "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
        assert result.returncode == 0, result.stderr
        assert "person found" in result.stdout
        assert result.stderr == ""  # MediaPipe's start-up lines are hidden


def test_smoothing_choice(media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tracks = {}
    for method in ("kalman", "none"):
        out_dir = tmp_path / method
        status, _, err = run(capsys, media / VIDEO, "--out", out_dir, "--smoothing", method)
        assert status == 0, err
        summary = json.loads((out_dir / "squat_side_1rep_slow.json").read_text())
        assert summary["smoothing"] == method
        with (out_dir / "squat_side_1rep_slow.csv").open(newline="") as f:
            tracks[method] = [float(r["left_knee_x_px"] or "nan") for r in csv.DictReader(f)]
    steps = {m: float(np.nanmean(np.abs(np.diff(np.diff(v))))) for m, v in tracks.items()}
    assert steps["kalman"] < 0.6 * steps["none"]  # the knee jitters less frame to frame
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", str(media / VIDEO), "--smoothing", "gaussian"])
    assert exit_info.value.code == 2


def test_exercise_reps_and_faults_on_a_real_video(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curl = media / "videos" / "curl_side_dumbbell_3bad_then_1good.mp4"
    status, out, err = run(capsys, curl, "--exercise", "bicep_curl", "--out", tmp_path)
    assert status == 0, err
    assert "4 Biceps curl reps (3 with faults)" in out
    summary = json.loads((tmp_path / f"{curl.stem}.json").read_text())
    assert summary["exercise"] == "bicep_curl"
    assert summary["reps"] == {"total": 4, "good": 1, "faulty": 3}
    assert [e["faults"] for e in summary["rep_events"]] == [["upper_arm_swing"]] * 3 + [[]]
    first = summary["rep_events"][0]
    assert first["start_s"] < first["bottom_s"] < first["end_s"]
    assert {f["check"] for f in summary["feedback"]} == {"upper_arm_swing"}


def test_unknown_exercise_lists_the_known_ones(
    media: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, media / VIDEO, "--exercise", "jumping_jacks")
    assert status == 2
    assert_one_line_error(err, "unknown exercise 'jumping_jacks'", "squat", "push_up")


def test_photo_with_an_exercise_lists_failed_checks(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A squat's checks are of the rep's bottom: none applies to one standing photo.
    status, _, err = run(capsys, media / PHOTO, "--exercise", "squat", "--out", tmp_path)
    assert status == 0, err
    report = json.loads((tmp_path / "004645041.json").read_text())
    assert report["exercise"] == "squat"
    assert report["checks"] == []


def test_user_rules_folder(media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    builtin = Path(__file__).resolve().parents[2] / "rules" / "squat.yaml"
    (rules / "squat.yaml").write_text(
        builtin.read_text().replace("min_excursion_deg: 30", "min_excursion_deg: 120")
    )
    status, _, err = run(
        capsys, media / VIDEO, "--exercise", "squat", "--rules", rules, "--out", tmp_path
    )
    assert status == 0, err
    # The slow squat bends the knee about 95 degrees (175 to 80): the user's rule asks for 120.
    summary = json.loads((tmp_path / "squat_side_1rep_slow.json").read_text())
    assert summary["reps"]["total"] == 0


def test_rules_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    out = capsys.readouterr().out
    assert "squat.yaml: ok" in out and "bicep_curl.yaml: ok" in out
    broken = tmp_path / "squat.yaml"
    broken.write_text("id: squat\nname: Squat\nmeasurements: {}\nreps:\n  measurement: knee\n")
    assert main(["rules", "check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:5 reps: give min_excursion_deg" in err


def test_photo_pose_identification(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = media / "yoga" / "manoj_yoga_poses" / "warrior2_virabhadrasana"
    photo = folder / "warrior2_virabhadrasana_004.jpeg"
    status, out, err = run(capsys, photo, "--exercise", "auto", "--out", tmp_path)
    assert status == 0, err
    assert "pose: Warrior II" in out
    report = json.loads((tmp_path / f"{photo.stem}.json").read_text())
    assert report["pose"]["id"] == report["exercise"] == "warrior_ii"
    assert report["pose"]["candidates"][0] == {"id": "warrior_ii", "score": report["pose"]["score"]}
    assert {c["id"] for c in report["pose"]["candidates"]} >= {"tree_pose", "plank", "goddess"}
    status, _, err = run(capsys, media / VIDEO, "--exercise", "auto")
    assert status == 2
    assert_one_line_error(err, "auto identifies poses in photos")
