"""`fitness-coach history`, `report` and `analyze --record`: listings, JSON, the HTML report,
and one-line errors with status 2 for bad dates and files."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from coach.cli import main
from coach.history_recorder import SessionRecorder
from tests.session_events import track_events

CURL = "curl_side_dumbbell_3bad_then_1good"
SQUAT = "squat_front_20reps_oncounter"


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FITNESS_COACH_CONFIG", str(tmp_path / "config"))
    return tmp_path / "config"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def record(stem: str, started_at: str) -> None:
    recorder = SessionRecorder()
    for event in track_events(stem, started_at):
        recorder.handle(event)
    assert recorder.problem is None


@pytest.fixture
def two_weeks() -> None:
    """A curl session in the previous week, a curl and a squat session in this one."""
    record(CURL, "2026-11-18T18:00:00+01:00")
    record(CURL, "2026-11-26T18:00:00+01:00")
    record(SQUAT, "2026-11-27T07:30:00+01:00")


def test_an_empty_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "history") == (0, "No sessions recorded yet.\n", "")
    assert run(capsys, "history", "--json") == (0, "[]\n", "")


@pytest.mark.usefixtures("two_weeks")
def test_one_line_per_session(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "history")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 3
    assert "2026-11-18 18:00" in lines[0] and "Biceps curl" in lines[0]
    assert "4 reps (3 with faults)" in lines[1]
    assert "Squat" in lines[2] and "20 reps (0 with faults)" in lines[2]
    status, out, _ = run(capsys, "history", "--exercise", "squat")
    assert len(out.splitlines()) == 1 and "Squat" in out
    status, out, _ = run(capsys, "history", "--since", "2026-11-20", "--until", "2026-11-26")
    assert len(out.splitlines()) == 1 and "2026-11-26" in out
    status, out, _ = run(capsys, "history", "--exercise", "plank")
    assert out == "No sessions recorded for these choices.\n"


@pytest.mark.usefixtures("two_weeks")
def test_json_with_the_reps(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "--json", "--since", "2026-11-26")
    assert status == 0
    sessions = json.loads(out)
    assert [s["exercise"] for s in sessions] == ["bicep_curl", "squat"]
    assert sessions[0]["reps"] == {"total": 4, "good": 1, "faulty": 3}
    assert [r["faults"] for r in sessions[0]["rep_events"]] == [["upper_arm_swing"]] * 3 + [[]]
    assert sessions[1]["reps"]["total"] == len(sessions[1]["rep_events"]) == 20
    assert sessions[0]["started_at"] == "2026-11-26T18:00:00+01:00"
    assert sessions[0]["finished"] is True
    assert sessions[0]["cues"][0]["message"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["history", "--since", "2026-13-01"], ["--since", "2026-13-01", "not a date"]),
        (["history", "--since", "yesterday"], ["not a date", "YYYY-MM-DD"]),
        (["report", "--until", "30.11.2026", "--out", "r.html"], ["--until", "not a date"]),
        (["history", "--since", "2026-11-30", "--until", "2026-11-01"], ["is after --until"]),
        (["report", "--since", "2026-11-30", "--until", "2026-11-01", "--out", "r.html"],
         ["is after"]),
        (["report", "--out", "report.pdf"], ["report.pdf", "HTML"]),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: list[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        status = main(args)
        raise SystemExit(status)
    _, err = capsys.readouterr()
    assert exited.value.code == 2
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]  # argparse puts its usage line above
    for word in words:
        assert word in last, err


def test_a_damaged_log_is_reported_and_set_aside(
    capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    config.mkdir()
    (config / "history.sqlite3").write_bytes(b"\x00garbage" * 500)
    status, out, err = run(capsys, "history")
    assert status == 0 and out == "No sessions recorded yet.\n"
    assert "training log was damaged" in err and "broken-" in err and len(err.splitlines()) == 1
    assert len(list(config.glob("history.sqlite3.broken-*"))) == 1


def test_a_report_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    status, _, err = run(capsys, "report", "--out", str(blocker / "r.html"))
    assert status == 2 and "cannot write it" in err and len(err.splitlines()) == 1


@pytest.mark.usefixtures("two_weeks")
def test_the_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "report.html"
    status, out, err = run(
        capsys, "report", "--since", "2026-11-24", "--until", "2026-11-30", "--out", str(out_file)
    )
    assert status == 0, err
    assert "2 sessions from 2026-11-24 to 2026-11-30" in out
    page = out_file.read_text(encoding="utf-8")
    images = re.findall(r"src='data:image/png;base64,([^']+)'", page)
    assert len(images) == 2  # one per exercise of the period
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "http://" not in page and "https://" not in page  # opens offline, loads nothing
    # Progress against the previous week (one curl session, 4 reps) and this one (24 reps).
    assert "17 Nov 2026 \u2013 23 Nov 2026" in page
    assert re.search(r"<td>Reps</td><td>24</td><td>4</td><td><span class=\"up\">\+20", page)
    # The curl's swing recurs (3 reps) with the message that fixes it.
    assert "upper arm swing" in page
    fault_row = page[page.index("Faults that recur") :]
    assert "<td>3</td><td>1</td>" in fault_row
    assert "upper arm" in fault_row.lower()
    assert (
        page.count("<tr><td class='when'>Thu 26 Nov 2026 18:00")
        + page.count("Fri 27 Nov 2026 07:30")
        == 2
    )


@pytest.mark.usefixtures("two_weeks")
def test_the_history_and_the_report_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "--lang", "zh_CN", "history")
    assert status == 0, err
    assert "二头肌弯举" in out.splitlines()[0] and "4 次（3 次有错误）" in out.splitlines()[0]
    out_file = tmp_path / "报告.html"
    status, out, err = run(
        capsys, "--lang", "zh_CN", "report", "--since", "2026-11-24", "--until", "2026-11-30",
        "--out", str(out_file),
    )  # fmt: skip
    assert status == 0, err
    assert out == f"{out_file}：2026-11-24 至 2026-11-30 共 2 次训练\n"
    page = out_file.read_text(encoding="utf-8")
    assert "<html lang='zh-CN'>" in page and "<h1>训练报告</h1>" in page
    assert "2026年11月17日 \u2013 2026年11月23日" in page
    assert re.search(r"<td>次数</td><td>24</td><td>4</td>", page)
    assert "<h2>二头肌弯举</h2>" in page and "<h2>反复出现的错误</h2>" in page
    assert "2026年11月26日 18:00" in page
    for english in ("Training report", "This period", "Faults that recur", "Best hold"):
        assert english not in page


def test_record_needs_an_exercise(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"")
    status, _, err = run(capsys, "analyze", "--record", str(video))
    assert status == 2 and "--record goes with --exercise" in err


@pytest.mark.media
def test_analyze_record_keeps_a_real_video(
    capsys: pytest.CaptureFixture[str], videos: Path, tmp_path: Path
) -> None:
    video = videos / "pushup_side_4reps.mp4"
    status, _, err = run(
        capsys, "analyze", "--no-progress", "--record", "--exercise", "push_up", str(video),
        "--out", str(tmp_path),
    )  # fmt: skip
    assert status == 0, err
    status, out, _ = run(capsys, "history", "--json")
    (session,) = json.loads(out)
    assert session["exercise"] == "push_up" and session["source"] == str(video)
    assert session["reps"]["total"] == 4 and len(session["rep_events"]) == 4
    analysis = json.loads((tmp_path / "pushup_side_4reps.json").read_text())
    # The log keeps the live events' times; the analysis's JSON rounds them to 1 ms.
    assert [r["end_s"] for r in session["rep_events"]] == pytest.approx(
        [r["end_s"] for r in analysis["rep_events"]], abs=0.001
    )
    assert len(session["cues"]) == len(analysis["cues"])  # as spoken or shown, not re-derived
