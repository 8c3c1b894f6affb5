"""The two-tone chime before a call (叮咚), generated: no audio asset to ship or lose.

A falling major third, E5 then C5, the interval most hall and station chimes use; each
tone has a short attack (no click) and an exponential decay like a struck bell.
"""

from __future__ import annotations

import math
import sys
from array import array

from kiosk.speech.wav import Pcm

HIGH_HZ = 659.25  # E5
LOW_HZ = 523.25  # C5
TONE_S = (0.28, 0.42)  # the second tone rings longer
ATTACK_S = 0.008
LEVEL = 0.45  # of full scale: loud enough over a hall, with headroom for the overtone


def chime(rate: int = 22050, channels: int = 1) -> Pcm:
    """The chime as 16-bit PCM at ``rate`` (about 0.7 s)."""
    samples = array("h")
    for freq, seconds in zip((HIGH_HZ, LOW_HZ), TONE_S):
        n = round(seconds * rate)
        for i in range(n):
            t = i / rate
            env = min(1.0, t / ATTACK_S) * math.exp(-4.0 * t / seconds)
            wave = math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(4 * math.pi * freq * t)
            value = int(32767 * LEVEL * env * wave / 1.25)
            samples.extend([value] * channels)
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return Pcm(rate, channels, 2, samples.tobytes())


def chime_wav(rate: int = 22050) -> bytes:
    """The chime as WAV bytes."""
    from kiosk.speech.wav import to_wav

    return to_wav(chime(rate))
