"""Helpers for the spoken-call tests: read samples, find a tone's frequency, and build a
voice pack whose every clip is a tone of its own, so that the order of the clips in a
joined sentence can be read back from the audio itself."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

from kiosk.speech.voice_pack import MANIFEST, REQUIRED_CLIPS
from kiosk.speech.wav import Pcm, to_wav

TONE_S = 0.1
# One frequency per clip, 25 Hz apart (a 0.1 s window resolves 10 Hz), all inside
# telephone band so a resampling bug would show.
TONE_HZ = {token: 400.0 + 25.0 * i for i, token in enumerate(REQUIRED_CLIPS)}


def samples(pcm: Pcm) -> array:
    """The 16-bit samples of mono ``pcm``."""
    assert pcm.width == 2 and pcm.channels == 1
    return array("h", pcm.frames)


def tone(freq: float, seconds: float, rate: int, level: float = 0.5) -> Pcm:
    n = round(seconds * rate)
    data = array("h", (int(32767 * level * math.sin(2 * math.pi * freq * i / rate)) for i in range(n)))
    return Pcm(rate, 1, 2, data.tobytes())


def power_at(values, rate: int, freq: float) -> float:
    """Goertzel: the power of ``values`` at ``freq``."""
    k = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for v in values:
        s1, s2 = v + k * s1 - s2, s1
    return s1 * s1 + s2 * s2 - k * s1 * s2


def dominant(values, rate: int, candidates) -> float:
    """The candidate frequency with the most power in ``values``."""
    return max(candidates, key=lambda f: power_at(values, rate, f))


def rms(values) -> float:
    return math.sqrt(sum(v * v for v in values) / max(1, len(values)))


def make_tone_pack(
    folder: Path, rate: int = 8000, gap_ms: int = 0, *, skip: str = "", manifest: str | None = None
) -> Path:
    """A complete pack in ``folder`` (less ``skip``): clip X is a 0.1 s tone at TONE_HZ[X]."""
    folder.mkdir(parents=True, exist_ok=True)
    for token, freq in TONE_HZ.items():
        if token != skip:
            (folder / f"{token}.wav").write_bytes(to_wav(tone(freq, TONE_S, rate)))
    text = (
        manifest
        if manifest is not None
        else (
            f'format = 1\nname = "tones"\nlanguage = "zh_CN"\nsample_rate = {rate}\nchannels = 1\ngap_ms = {gap_ms}\n'
        )
    )
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    return folder
