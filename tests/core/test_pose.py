"""The real MediaPipe model on real annotated photos: landmarks land on the annotated joints.

PCK@0.2 (a landmark within 0.2 torso sizes of the hand-made annotation) over the COCO and MPII
single-person images in ../shared/media/keypoints, on the people MediaPipe detects, also after
the photo is resized or stored rotated with an EXIF orientation tag.
"""

from __future__ import annotations

import gc
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from coach.analysis import analyze_photo
from coach.vision.landmarks import INDEX, MIN_VISIBILITY
from coach.vision.pose import MediaPipeEstimator, PoseModelError
from coach.vision.sources import Frame, load_photo
from tests.keypoint_truth import AnnotatedPerson, coco_people, distances, match, mpii_people

PCK_THRESHOLD = 0.2  # torso sizes
PCK_REQUIRED = 0.8


@pytest.fixture(scope="module")
def estimator() -> Iterator[MediaPipeEstimator]:
    with MediaPipeEstimator("photo") as photo_estimator:
        yield photo_estimator


def single_person_annotations(root: Path) -> list[AnnotatedPerson]:
    """COCO images with exactly one annotated person, and MPII (one annotation per image)."""
    coco = coco_people(root)
    counts = {p.image: sum(q.image == p.image for q in coco) for p in coco}
    return [p for p in coco if counts[p.image] == 1] + mpii_people(root)


def score(
    people: list[AnnotatedPerson], estimator: MediaPipeEstimator, prepare=None
) -> tuple[float, int, int]:
    """(PCK, joints scored, people matched) over the people MediaPipe detects."""
    hits = total = matched = 0
    for person in people:
        path, truth = (person.image, person) if prepare is None else prepare(person)
        pose = analyze_photo(path, estimator).pose
        if pose is None or match([truth], pose) is None:
            continue  # MediaPipe found nobody, or someone else in the photo
        matched += 1
        d = distances(truth, pose)
        hits += sum(v <= PCK_THRESHOLD for v in d.values())
        total += len(d)
    return hits / total, total, matched


def test_landmarks_land_on_annotated_joints(keypoints: Path, estimator: MediaPipeEstimator) -> None:
    people = single_person_annotations(keypoints)
    pck, joints, matched = score(people, estimator)
    print(f"PCK@0.2 = {pck:.3f} over {joints} joints of {matched} of {len(people)} people")
    assert matched >= 4 and joints >= 40
    assert pck >= PCK_REQUIRED


def test_left_and_right_are_not_swapped(keypoints: Path, estimator: MediaPipeEstimator) -> None:
    checked = 0
    for person in single_person_annotations(keypoints):
        pose = analyze_photo(person.image, estimator).pose
        if pose is None or match([person], pose) is None:
            continue
        pixels = pose.pixels
        for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
            left, right = person.joints.get(f"left_{joint}"), person.joints.get(f"right_{joint}")
            if (
                left is None
                or right is None
                or np.hypot(*np.subtract(left, right)) < 0.3 * person.torso_px
            ):
                continue  # too close together to tell the sides apart
            if pose.visibility[INDEX[f"left_{joint}"]] < MIN_VISIBILITY:
                continue  # MediaPipe's guess at a hidden joint (legs under a table) claims no side
            found = pixels[INDEX[f"left_{joint}"]]
            assert np.hypot(*(found - left)) < np.hypot(*(found - right)), (
                person.image.name,
                joint,
            )
            checked += 1
    assert checked >= 15


def test_resized_photos_keep_their_landmarks(
    keypoints: Path, estimator: MediaPipeEstimator, tmp_path: Path
) -> None:
    def half_size(person: AnnotatedPerson) -> tuple[Path, AnnotatedPerson]:
        path = tmp_path / f"{person.image.stem}_half.png"
        with Image.open(person.image) as image:
            image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS).save(path)
        joints = {n: (x / 2, y / 2) for n, (x, y) in person.joints.items()}
        return path, AnnotatedPerson(path, joints)

    pck, _, matched = score(single_person_annotations(keypoints), estimator, half_size)
    print(f"PCK@0.2 at half size = {pck:.3f} ({matched} people)")
    assert matched >= 4
    assert pck >= PCK_REQUIRED


def test_exif_rotated_photos_keep_their_landmarks(
    keypoints: Path, estimator: MediaPipeEstimator, tmp_path: Path
) -> None:
    # Stored turned 90 degrees counter-clockwise with EXIF orientation 6 ("turn clockwise to
    # view"), as phones save portrait shots: upright, it is the annotated photo again.
    def stored_rotated(person: AnnotatedPerson) -> tuple[Path, AnnotatedPerson]:
        path = tmp_path / f"{person.image.stem}_exif6.jpg"
        exif = Image.Exif()
        exif[0x0112] = 6
        with Image.open(person.image) as image:
            image.transpose(Image.Transpose.ROTATE_90).save(path, exif=exif.tobytes(), quality=95)
        return path, person

    pck, _, matched = score(single_person_annotations(keypoints), estimator, stored_rotated)
    print(f"PCK@0.2 with EXIF rotation = {pck:.3f} ({matched} people)")
    assert matched >= 4
    assert pck >= PCK_REQUIRED


def test_photo_without_a_person(estimator: MediaPipeEstimator) -> None:
    rng = np.random.default_rng(7)
    sky = np.linspace(60, 200, 480, dtype=np.uint8)[:, None, None].repeat(640, 1).repeat(3, 2)
    noisy = np.clip(sky + rng.normal(0, 4, sky.shape), 0, 255).astype(np.uint8)
    assert estimator.estimate(Frame(noisy, 0, 0.0)) is None


def wheel_models_as_task(path: Path) -> Path:
    """A Tasks API .task bundle built from the two models inside the mediapipe wheel.

    The wheel's .tflite files lack the input-normalisation metadata the Tasks API reads, so it
    is added here: the detector takes [-1, 1] input, the landmark model [0, 1].
    """
    import mediapipe
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    modules = Path(mediapipe.__file__).parent / "modules"

    def with_metadata(model: Path, mean: float, std: float) -> bytes:
        writer = metadata_writer.MetadataWriter.create(bytearray(model.read_bytes()))
        content, _ = (
            writer.add_general_info("pose")
            .add_image_input(norm_mean=[mean], norm_std=[std])
            .populate()
        )
        return bytes(content)

    # mediapipe's metadata writer leaves files open; its ResourceWarnings are not ours to fix.
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as bundle:
        warnings.simplefilter("ignore", ResourceWarning)
        bundle.writestr(
            "pose_detector.tflite",
            with_metadata(modules / "pose_detection" / "pose_detection.tflite", 127.5, 127.5),
        )
        bundle.writestr(
            "pose_landmarks_detector.tflite",
            with_metadata(modules / "pose_landmark" / "pose_landmark_full.tflite", 0.0, 255.0),
        )
        gc.collect()  # the writers' open files are finalised here, while warnings are ignored
    return path


def test_user_task_model_gives_the_bundled_models_answer(
    keypoints: Path, estimator: MediaPipeEstimator, tmp_path: Path
) -> None:
    task = wheel_models_as_task(tmp_path / "pose_full.task")
    photo = load_photo(keypoints / "mpii" / "004645041.jpg")
    frame = Frame(photo.rgb, 0, 0.0)
    bundled = estimator.estimate(frame)
    with MediaPipeEstimator("photo", model_path=task) as tasks_estimator:
        via_tasks = tasks_estimator.estimate(frame)
    assert bundled is not None and via_tasks is not None
    assert np.abs(bundled.pixels - via_tasks.pixels).max() < 2.0  # pixels
    assert via_tasks.world is not None


def test_user_task_model_in_stream_mode(videos: Path, tmp_path: Path) -> None:
    from coach.vision.sources import VideoFileSource

    task = wheel_models_as_task(tmp_path / "pose_full.task")
    with (
        MediaPipeEstimator("stream", model_path=task) as tracker,
        VideoFileSource(videos / "squat_side_1rep_slow.mp4") as source,
    ):
        found = [
            tracker.estimate(frame) is not None for frame, _ in zip(source, range(30), strict=False)
        ]
    assert all(found)


@pytest.mark.parametrize("name", ["missing.task", "model.tflite"])
def test_unusable_model_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".tflite"):
        path.write_bytes(b"not a model")
    with pytest.raises(PoseModelError, match=name):
        MediaPipeEstimator("photo", model_path=path)


def test_corrupt_task_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.task"
    path.write_bytes(b"PK\x03\x04 this is not a model bundle")
    with pytest.raises(PoseModelError, match="not a usable pose model"):
        MediaPipeEstimator("photo", model_path=path)


def test_tracking_mode_follows_a_real_video(videos: Path) -> None:
    from coach.vision.sources import VideoFileSource

    with (
        MediaPipeEstimator("stream") as tracker,
        VideoFileSource(videos / "squat_side_1rep_slow.mp4") as source,
    ):
        poses = [tracker.estimate(frame) for frame in source]
    assert len(poses) == 341
    assert sum(p is not None for p in poses) >= 330
    # Standing still at the end (frames 200+): the hip should barely move between frames.
    hips = np.array([p.pixels[INDEX["left_hip"]] for p in poses[200:] if p is not None])
    assert np.median(np.abs(np.diff(hips, axis=0))) < 3.0


def test_an_empty_room_does_not_keep_stderr_redirected(monkeypatch: pytest.MonkeyPatch) -> None:
    # Quieting MediaPipe's start-up lines points the whole process's fd 2 elsewhere: only for
    # the first second of frames while nobody is found, never for as long as the room is empty.
    import contextlib

    import coach.vision.pose as pose_module

    quieted = []

    @contextlib.contextmanager
    def counting() -> Iterator[None]:
        quieted.append(1)
        yield

    with MediaPipeEstimator("stream") as stream:
        monkeypatch.setattr(pose_module, "quiet_native_startup", counting)
        blank = np.zeros((240, 320, 3), np.uint8)
        for i in range(100):
            assert stream.estimate(Frame(blank, i, i / 30)) is None
    assert len(quieted) == pose_module.QUIET_FRAMES


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)")
def test_the_bundled_model_runs_on_the_inference_threads_asked(videos: Path) -> None:
    # The option reaches the graph: each of its two inference calculators (detection, landmarks)
    # starts a pool of threads - 1 threads of its own. The landmarks are the same to the bit.
    import mediapipe as mp

    from coach.vision.pose import bundled_pose
    from coach.vision.sources import VideoFileSource

    with VideoFileSource(videos / "squat_side_1rep_slow.mp4") as source:
        frames = [np.ascontiguousarray(f.rgb) for f, _ in zip(source, range(60), strict=False)]
    started, landmarks = {}, {}
    for threads in (1, 3):
        before = len(list(Path("/proc/self/task").iterdir()))
        pose = bundled_pose(mp, threads, model_complexity=1, smooth_landmarks=False)
        try:
            results = [pose.process(rgb).pose_landmarks for rgb in frames]
            started[threads] = len(list(Path("/proc/self/task").iterdir())) - before
        finally:
            pose.close()
        landmarks[threads] = np.array(
            [[(p.x, p.y, p.z) for p in r.landmark] for r in results if r is not None]
        )
    assert started[3] - started[1] == 2 * (3 - 1)
    assert len(landmarks[1]) >= 55
    assert np.array_equal(landmarks[1], landmarks[3])
