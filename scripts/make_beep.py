"""Writes assets/beep.wav: the short tone the app plays when no speech engine is available.

python scripts/make_beep.py
"""

import math
import struct
import wave
from pathlib import Path

RATE = 22050
SECONDS = 0.15
FREQUENCY_HZ = 880.0

samples = []
for i in range(int(RATE * SECONDS)):
    t = i / RATE
    fade = min(1.0, t / 0.01, (SECONDS - t) / 0.03)  # soft start and end: no clicks
    samples.append(int(0.4 * 32767 * fade * math.sin(2 * math.pi * FREQUENCY_HZ * t)))
path = Path(__file__).resolve().parents[1] / "assets" / "beep.wav"
with wave.open(str(path), "wb") as out:
    out.setnchannels(1)
    out.setsampwidth(2)
    out.setframerate(RATE)
    out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
print(path)
