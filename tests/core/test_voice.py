"""One voice by priority: which messages are spoken (coach.coaching.voice)."""

from __future__ import annotations

from coach.coaching.voice import Message, Voice, VoicePolicy

DANGER = Message("knee_valgus", "danger", "Push your knees out")
WARNING = Message("depth", "warning", "Squat deeper")
TIP = Message("stance", "info", "Feet shoulder-width apart")
VIEW = Message("camera_view", "info", "Turn sideways to the camera", "view")


def count(n: int) -> Message:
    return Message("rep_count", "info", str(n), "count")


def spoken(decisions: list[tuple[Message, bool]]) -> list[str]:
    return [m.text for m, said in decisions if said]


def test_one_fault_a_frame_the_most_important_and_the_count() -> None:
    voice = Voice(VoicePolicy(speak_severities=("info", "warning", "danger")))
    decisions = voice.decide([count(1), TIP, WARNING, DANGER], 0.0)
    assert spoken(decisions) == ["1", "Push your knees out"]
    assert [m for m, _ in decisions] == [count(1), TIP, WARNING, DANGER]  # all kept, to show


def test_a_fault_waits_for_the_gap_unless_it_outranks_the_last() -> None:
    voice = Voice(VoicePolicy(min_gap_s=1.5))
    assert spoken(voice.decide([WARNING], 0.0)) == ["Squat deeper"]
    other = Message("trunk_lean", "warning", "Chest up")
    assert spoken(voice.decide([other], 1.0)) == []  # same rank, inside the gap: dropped
    assert spoken(voice.decide([DANGER], 1.2)) == ["Push your knees out"]  # outranks it
    assert spoken(voice.decide([other], 3.0)) == ["Chest up"]


def test_counts_are_never_held_back_by_the_gap() -> None:
    voice = Voice(VoicePolicy(min_gap_s=1.5))
    voice.decide([WARNING], 0.0)
    said = [spoken(voice.decide([count(n)], 0.4 * n)) for n in range(1, 5)]  # fast reps
    assert said == [["1"], ["2"], ["3"], ["4"]]


def test_the_same_message_is_not_repeated_within_the_gap() -> None:
    voice = Voice(VoicePolicy(min_gap_s=2.0))
    assert spoken(voice.decide([DANGER], 0.0)) == ["Push your knees out"]
    assert spoken(voice.decide([DANGER], 1.0)) == []
    assert spoken(voice.decide([DANGER], 2.5)) == ["Push your knees out"]


def test_what_the_user_chose_to_hear() -> None:
    voice = Voice(VoicePolicy(speak_severities=("danger",), count_reps_aloud=False))
    assert spoken(voice.decide([WARNING, TIP, count(1)], 0.0)) == []
    assert spoken(voice.decide([VIEW], 5.0)) == ["Turn sideways to the camera"]  # always
    voice.policy = VoicePolicy(muted=True)
    assert spoken(voice.decide([DANGER, VIEW, count(2)], 10.0)) == []
