"""Reads the golden landmark tracks of tests/data/tracks back as poses, with their truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from coach.vision.landmarks import INDEX, NUM_LANDMARKS, PoseLandmarks

TRACKS = Path(__file__).resolve().parent / "tracks"


def truth() -> dict[str, Any]:
    """truth.json: {"joints": [names in the tracks' order], "videos": {stem: truth}}."""
    data: dict[str, Any] = json.loads((TRACKS / "truth.json").read_text())
    return data


def poses(stem: str) -> list[tuple[PoseLandmarks | None, float]]:
    """Each frame's pose (None where nobody was found) and time, as recorded. Landmarks not
    recorded are unseen (visibility 0); depth z is 0."""
    data = np.load(TRACKS / f"{stem}.npz")
    width, height = (int(v) for v in data["size"])
    idx = [INDEX[j] for j in truth()["joints"]]
    out: list[tuple[PoseLandmarks | None, float]] = []
    for joints, t_s in zip(data["joints"], data["times_s"], strict=True):
        if np.isnan(joints[0, 0]):
            out.append((None, float(t_s)))
            continue
        normalized = np.zeros((NUM_LANDMARKS, 4))
        normalized[idx, 0] = joints[:, 0] / width
        normalized[idx, 1] = joints[:, 1] / height
        normalized[idx, 3] = joints[:, 2]
        out.append((PoseLandmarks(normalized, None, width, height), float(t_s)))
    return out
