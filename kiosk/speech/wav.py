"""PCM audio as values: read and write WAV bytes, silence, joining. Stdlib only.

Every voice hands back WAV bytes; a call is assembled by joining PCM of one format, so
the format is checked at each join instead of producing noise at a wrong rate.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

from kiosk.speech.errors import SpeechError


@dataclass(frozen=True)
class Pcm:
    """Raw little-endian PCM and its format."""

    rate: int
    channels: int
    width: int  # bytes per sample: 2 = 16-bit
    frames: bytes

    @property
    def fmt(self) -> tuple[int, int, int]:
        return (self.rate, self.channels, self.width)

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.rate * self.channels * self.width)

    def silence(self, seconds: float) -> Pcm:
        """Silence of this format."""
        n = round(seconds * self.rate) * self.channels * self.width
        return Pcm(self.rate, self.channels, self.width, bytes(n))


def read_wav(data: bytes, what: str = "audio") -> Pcm:
    """Parse WAV bytes.

    Raises:
        SpeechError: not a PCM WAV (key ``speech.bad_audio``, ``what`` names the source).
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise SpeechError("speech.bad_audio", source=what, reason=str(exc) or type(exc).__name__) from None
    # A truncated file: keep whole frames only, so a join never shifts the samples.
    frames = frames[: len(frames) - len(frames) % (channels * width)]
    return Pcm(rate, channels, width, frames)


def to_wav(pcm: Pcm) -> bytes:
    """``pcm`` as WAV bytes with a correct header."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(pcm.channels)
        w.setsampwidth(pcm.width)
        w.setframerate(pcm.rate)
        w.writeframes(pcm.frames)
    return out.getvalue()


def join(parts: list[Pcm]) -> Pcm:
    """One PCM of all ``parts`` in order.

    Raises:
        SpeechError: the parts differ in rate, channels or sample width
            (key ``speech.format_mismatch``).
    """
    if not parts:
        raise SpeechError("speech.format_mismatch", expected="any", got="nothing")
    first = parts[0]
    for p in parts[1:]:
        if p.fmt != first.fmt:
            raise SpeechError("speech.format_mismatch", expected=describe(first), got=describe(p))
    return Pcm(first.rate, first.channels, first.width, b"".join(p.frames for p in parts))


def describe(pcm: Pcm) -> str:
    """``22050 Hz mono 16-bit``."""
    ch = {1: "mono", 2: "stereo"}.get(pcm.channels, f"{pcm.channels} channels")
    return f"{pcm.rate} Hz {ch} {pcm.width * 8}-bit"
